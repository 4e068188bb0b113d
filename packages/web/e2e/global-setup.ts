import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DB_TEMPLATE_ENV, dumpMigratedPglite } from '../../server/test/test-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The web app the journeys' servers serve: a copy of packages/web/dist made for this run. */
    webDir: string;
  }
}

/**
 * Builds the web app when its sources changed, so the journeys run against the current screens,
 * and serves them a copy of the build: a rebuild of packages/web/dist while the journeys run
 * (another terminal, the dev tooling) would otherwise take their lazily loaded chunks away.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const web = join(import.meta.dirname, '..');
  const result = spawnSync(process.execPath, [join(web, 'scripts', 'ensure-built.ts')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the web app failed (exit ${result.status})`);
  // Pictures of failed steps are of this run only.
  rmSync(join(web, 'e2e-output', 'failures'), { recursive: true, force: true });
  const copy = mkdtempSync(join(tmpdir(), 'linli-e2e-web-'));
  cpSync(join(web, 'dist'), copy, { recursive: true });
  project.provide('webDir', copy);
  // Every journey's server starts its database from one PGlite cluster migrated for this run
  // (server.ts reads the file's path from the environment the test workers inherit).
  const template = await dumpMigratedPglite();
  process.env[DB_TEMPLATE_ENV] = template.file;
  return () => {
    rmSync(copy, { recursive: true, force: true });
    template.remove();
  };
}
