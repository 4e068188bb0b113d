import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of `.dependency-cruiser.cjs` (checked in CI by `npm run check:boundaries`) hold
 * a module to its layer only if the module is in one: a new module folder left out of `LAYERS`
 * could import anything. This holds the rules to the folders.
 */

interface Rule {
  name: string;
  from: { path?: string; pathNot?: string };
  to: { path?: string; pathNot?: string | string[] };
}

const config = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs') as { forbidden: Rule[] };
const layerRules = config.forbidden.filter((r) => r.name.startsWith('layer-'));
const modules = readdirSync(fileURLToPath(new URL('../src/modules/', import.meta.url)), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const fileOf = (module: string) => `packages/server/src/modules/${module}/some.service.ts`;
const rulesFrom = (module: string) => layerRules.filter((r) => new RegExp(r.from.path ?? '$^').test(fileOf(module)));

describe('module layers', () => {
  it('puts every module folder in exactly one layer', () => {
    expect(modules.filter((m) => rulesFrom(m).length !== 1)).toEqual([]);
  });

  it('forbids a module to import its own layer or one above, and allows the layers below', () => {
    // identity is the bottom layer, web the top: identity may import none of the others, web all.
    const forbids = (from: string, to: string) =>
      rulesFrom(from).some(
        (r) => new RegExp(r.to.path ?? '$^').test(fileOf(to)) && !new RegExp(`^packages/server/src/modules/${from}/`).test(fileOf(to)),
      );
    expect(modules.filter((m) => m !== 'identity' && !forbids('identity', m))).toEqual([]);
    expect(modules.filter((m) => m !== 'web' && forbids('web', m))).toEqual([]);
    expect(forbids('ordering', 'campaign')).toBe(false);
    expect(forbids('campaign', 'ordering')).toBe(true);
    expect(forbids('catalog', 'leader')).toBe(true);
  });

  it('leaves route files to the edge: no layer rule applies to them', () => {
    const routes = 'packages/server/src/modules/leader/leader.routes.ts';
    expect(
      layerRules.filter((r) => new RegExp(r.from.path ?? '$^').test(routes) && !new RegExp(r.from.pathNot ?? '$^').test(routes)),
    ).toEqual([]);
  });
});
