import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

/** Support sees who made a claim (name and masked phone); the resident's and the leader's answers leave it out. */

let t: TestApp;
let world: World;
let support: string;
let resident: string;
let leader: string;
let named: string;
let unnamed: string;

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 2 });
  const { lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') });
  const [first, second] = [world.residents[0]!, world.residents[1]!];
  await t.ctx.db.updateTable('residents').set({ name: '王阿姨' }).where('id', '=', first.id).execute();
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  resident = await t.login('resident', first.phone);
  const residentB = await t.login('resident', second.phone);
  leader = await t.login('leader', world.leaders[0]!.phone);

  const a = await fulfilledOrder(t, world, first.id, [[lineIds[0]!, 2]]);
  const b = await fulfilledOrder(t, world, second.id, [[lineIds[0]!, 1]]);
  t.clock.set('2026-11-21T01:00:00Z'); // 09:00 on the pickup date
  for (const order of [a, b]) {
    const v = await t.request('POST', '/api/v1/leader/pickups/verify', { token: leader, body: { code: order.pickup_code } });
    expect(v.status).toBe(200);
  }
  t.clock.set('2026-11-21T03:00:00Z');
  const ca = await t.request('POST', '/api/v1/shop/aftersales', {
    token: resident,
    body: { orderLineId: a.lines[0]!.id, type: 'damaged', quantity: 1 },
  });
  const cb = await t.request('POST', '/api/v1/shop/aftersales', {
    token: residentB,
    body: { orderLineId: b.lines[0]!.id, type: 'missing', quantity: 1 },
  });
  expect([ca.status, cb.status]).toEqual([201, 201]);
  named = ca.body.id;
  unnamed = cb.body.id;
});
afterAll(() => t.close());

describe("a claim's resident as support sees it", () => {
  it('is named, with the phone masked, in the list, the claim and the answer to a decision', async () => {
    const phone = world.residents[0]!.phone;
    const list = await t.request('GET', '/api/v1/admin/aftersales', { token: support });
    expect(list.status).toBe(200);
    const item = list.body.items.find((c: { id: string }) => c.id === named);
    expect(item).toMatchObject({ residentId: world.residents[0]!.id, residentName: '王阿姨', residentPhone: masked(phone) });
    expect(item.residentPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(list.body)).not.toContain(phone);

    const one = await t.request('GET', `/api/v1/admin/aftersales/${named}`, { token: support });
    expect(one.body).toMatchObject({ residentName: '王阿姨', residentPhone: masked(phone) });

    const blamed = await t.request('PUT', `/api/v1/admin/aftersales/${named}/blame`, { token: support, body: { blame: 'warehouse' } });
    expect(blamed.body).toMatchObject({ blame: 'warehouse', residentName: '王阿姨', residentPhone: masked(phone) });
    const approved = await t.request('POST', `/api/v1/admin/aftersales/${named}/approve`, { token: support, body: { reason: '属实' } });
    expect(approved.body).toMatchObject({ status: 'refunded', residentName: '王阿姨', residentPhone: masked(phone) });
  });

  it('without a name on file answers an empty name and still the masked phone', async () => {
    const one = await t.request('GET', `/api/v1/admin/aftersales/${unnamed}`, { token: support });
    expect(one.body).toMatchObject({ residentName: '', residentPhone: masked(world.residents[1]!.phone) });
    const rejected = await t.request('POST', `/api/v1/admin/aftersales/${unnamed}/reject`, { token: support, body: { reason: '已取走' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', residentPhone: masked(world.residents[1]!.phone) });
  });

  it("is left out of the resident's and the leader's answers", async () => {
    const mine = await t.request('GET', '/api/v1/shop/aftersales', { token: resident });
    const theirs = await t.request('GET', '/api/v1/leader/aftersales', { token: leader });
    expect(mine.body.items.length).toBe(1);
    expect(theirs.body.items.length).toBe(2);
    for (const c of [...mine.body.items, ...theirs.body.items]) {
      expect(c).not.toHaveProperty('residentName');
      expect(c).not.toHaveProperty('residentPhone');
    }
  });
});
