import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindOwnPickupPoint } from '../src/modules/identity/index.ts';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { principal } from './ledger-fixtures.ts';

/**
 * Binding resists poaching: a resident's pickup point changes only by the resident's own choice
 * (the shop's `PUT /shop/me/pickup-point`, identity's `bindOwnPickupPoint`) or by a leader
 * transfer (identity's `moveMembersOfPoint`, called by leader-transfer's confirmation only).
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|sql)$/.test(e.name) ? [path] : [];
  });
}
const files = sourceFiles(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** The statements of a file that update `residents`, each up to its end (Kysely's execute, or the SQL's semicolon). */
function residentUpdates(text: string): string[] {
  const out: string[] = [];
  const start = /updateTable\(\s*'residents'\s*\)|\bupdate\s+residents\b/gi;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const rest = text.slice(m.index);
    const end = rest.search(/\.execute|;/);
    out.push(end < 0 ? rest : rest.slice(0, end));
  }
  return out;
}

describe('who changes a resident’s pickup point', () => {
  it('only identity’s two binding functions write residents.pickup_point_id', () => {
    const writers = files.filter((f) => residentUpdates(f.text).some((u) => u.includes('pickup_point_id'))).map((f) => f.file);
    expect(writers).toEqual(['modules/identity/residents.service.ts']);
    const service = files.find((f) => f.file === 'modules/identity/residents.service.ts')!.text;
    const functions = [...service.matchAll(/export async function (\w+)[\s\S]*?\n}/g)]
      .filter((m) => residentUpdates(m[0]).some((u) => u.includes('pickup_point_id')))
      .map((m) => m[1]);
    expect(functions).toEqual(['bindOwnPickupPoint', 'moveMembersOfPoint']);
  });

  it('the resident’s own choice is the shop’s; a member move is leader-transfer’s confirmation', () => {
    const callers = (name: string) =>
      files
        .filter((f) => !f.file.startsWith('modules/identity/') && new RegExp(`\\b${name}\\(`).test(f.text))
        .map((f) => f.file)
        .sort();
    expect(callers('bindOwnPickupPoint')).toEqual(['demo/invites.ts', 'modules/shop/shop.service.ts']);
    expect(callers('moveMembersOfPoint')).toEqual(['modules/leader-transfer/leader-transfer.service.ts']);
  });
});

describe('no one rebinds someone else’s member', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp();
    world = await createWorld(t.ctx, { leaders: 2, residents: 2 });
  });
  afterAll(() => t.close());

  const pointOf = async (residentId: string) =>
    (await t.ctx.db.selectFrom('residents').select('pickup_point_id').where('id', '=', residentId).executeTakeFirstOrThrow())
      .pickup_point_id;

  it('a leader or staff cannot use the resident’s own route, and nothing else moves a member', async () => {
    const other = world.leaders[1]!.pickupPointId;
    const leader = await t.login('leader', world.leaders[1]!.phone);
    const staff = await t.login('staff', world.adminPhone);
    for (const token of [leader, staff]) {
      const res = await t.request('PUT', '/api/v1/shop/me/pickup-point', { token, body: { pickupPointId: other } });
      expect(res.status).toBe(403);
    }
    await expect(bindOwnPickupPoint(t.ctx.db, principal(world, 'leader', world.residents[0]!.id), other)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A proposed transfer moves no one; only its confirmation does.
    const started = await t.request('POST', '/api/v1/admin/leader-transfers', { token: staff, body: { leaderId: world.leaders[0]!.id } });
    expect(started.status).toBe(201);
    expect(await pointOf(world.residents[0]!.id)).toBe(world.leaders[0]!.pickupPointId);
    expect(await pointOf(world.residents[1]!.id)).toBe(world.leaders[0]!.pickupPointId);
    await t.request('POST', `/api/v1/admin/leader-transfers/${started.body.id}/cancel`, { token: staff });
  });

  it('a resident moves themselves only', async () => {
    const other = world.leaders[1]!.pickupPointId;
    const me = await t.login('resident', world.residents[0]!.phone);
    const res = await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: me, body: { pickupPointId: other } });
    expect(res.status).toBe(200);
    expect(await pointOf(world.residents[0]!.id)).toBe(other);
    expect(await pointOf(world.residents[1]!.id)).toBe(world.leaders[0]!.pickupPointId);
  });
});
