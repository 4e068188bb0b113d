import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenCampaign, createResident, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

/** The claims lists: support's filters by leader and by day of creation, newest first; the resident's newest first. */

let t: TestApp;
let world: World;
let other: World;
let support: string;
let supportPhone: string;
let finance: string;
let residentA: string;
let residentC: string;
let leaders: [string, string];
/** c1 11:00 on 11-21, c2 23:59 on 11-21 (the second leader's), c3 00:01 on 11-22, c4 18:00 on 11-22 (Shanghai). */
const c: string[] = [];

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 1 });
  other = await createWorld(t.ctx, { slug: 'other-op', skus: 1, leaders: 1, residents: 0 });
  const { lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') });
  const third = await createResident(t.ctx, world.operatorId, world.leaders[1]!.pickupPointId);
  supportPhone = (await createStaff(t.ctx, world.operatorId, ['support'])).phone;
  support = await t.login('staff', supportPhone);
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
  residentA = await t.login('resident', world.residents[0]!.phone);
  residentC = await t.login('resident', third.phone);
  leaders = [await t.login('leader', world.leaders[0]!.phone), await t.login('leader', world.leaders[1]!.phone)];

  const a = await fulfilledOrder(t, world, world.residents[0]!.id, [
    [lineIds[0]!, 2],
    [lineIds[1]!, 1],
  ]);
  const b = await fulfilledOrder(t, world, third.id, [[lineIds[0]!, 1]]);
  t.clock.set('2026-11-21T01:00:00Z'); // 09:00 on the pickup date
  for (const [order, leader] of [
    [a, leaders[0]],
    [b, leaders[1]],
  ] as const) {
    const verified = await t.request('POST', '/api/v1/leader/pickups/verify', { token: leader, body: { code: order.pickup_code } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  }
  const claim = async (at: string, token: string, orderLineId: string) => {
    t.clock.set(at);
    const res = await t.request('POST', '/api/v1/shop/aftersales', { token, body: { orderLineId, type: 'damaged', quantity: 1 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    c.push(res.body.id);
  };
  await claim('2026-11-21T03:00:00Z', residentA, a.lines[0]!.id);
  await claim('2026-11-21T15:59:00Z', residentC, b.lines[0]!.id);
  await claim('2026-11-21T16:01:00Z', residentA, a.lines[0]!.id);
  await claim('2026-11-22T10:00:00Z', residentA, a.lines[1]!.id);
});
afterAll(() => t.close());

const list = async (url: string, token = support) => {
  const res = await t.request('GET', url, { token });
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body as { items: Array<{ id: string; pickupPointId: string }>; page: number; pageSize: number; total: number };
};
const idsOf = async (url: string, token = support) => (await list(url, token)).items.map((x) => x.id);

describe('GET /admin/aftersales', () => {
  it('lists newest first, a page at a time', async () => {
    expect(await idsOf('/api/v1/admin/aftersales')).toEqual([c[3], c[2], c[1], c[0]]);
    const second = await list('/api/v1/admin/aftersales?pageSize=3&page=2');
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(second.items.map((x) => x.id)).toEqual([c[0]]);
  });

  it("filters by leader: the claims at that leader's pickup points", async () => {
    const second = await list(`/api/v1/admin/aftersales?leaderId=${world.leaders[1]!.id}`);
    expect(second.total).toBe(1);
    expect(second.items).toMatchObject([{ id: c[1], pickupPointId: world.leaders[1]!.pickupPointId }]);
    expect(await idsOf(`/api/v1/admin/aftersales?leaderId=${world.leaders[0]!.id}`)).toEqual([c[3], c[2], c[0]]);
    expect((await list(`/api/v1/admin/aftersales?leaderId=${other.leaders[0]!.id}`)).total).toBe(0);
    expect((await list('/api/v1/admin/aftersales?leaderId=ldr_nobody')).total).toBe(0);
  });

  it("filters by the business day of creation in the operator's time zone, both ends included", async () => {
    expect(await idsOf('/api/v1/admin/aftersales?from=2026-11-21&to=2026-11-21')).toEqual([c[1], c[0]]);
    expect(await idsOf('/api/v1/admin/aftersales?to=2026-11-21')).toEqual([c[1], c[0]]);
    expect(await idsOf('/api/v1/admin/aftersales?from=2026-11-22')).toEqual([c[3], c[2]]);
    expect(await idsOf('/api/v1/admin/aftersales?from=2026-11-21&to=2026-11-22')).toEqual([c[3], c[2], c[1], c[0]]);
    expect((await list('/api/v1/admin/aftersales?from=2026-11-23')).total).toBe(0);
    expect((await list('/api/v1/admin/aftersales?from=2026-11-22&to=2026-11-21')).total).toBe(0);
  });

  it('combines the new filters with the existing ones', async () => {
    const rejected = await t.request('POST', `/api/v1/admin/aftersales/${c[3]}/reject`, { token: support, body: { reason: '无破损' } });
    expect(rejected.body.status).toBe('rejected');
    const leader0 = world.leaders[0]!.id;
    expect(await idsOf(`/api/v1/admin/aftersales?leaderId=${leader0}&status=submitted`)).toEqual([c[2], c[0]]);
    expect(await idsOf(`/api/v1/admin/aftersales?leaderId=${leader0}&from=2026-11-22&status=rejected`)).toEqual([c[3]]);
    expect(await idsOf(`/api/v1/admin/aftersales?from=2026-11-21&to=2026-11-21&pickupPointId=${world.leaders[1]!.pickupPointId}`)).toEqual([
      c[1],
    ]);
    const paged = await list(`/api/v1/admin/aftersales?leaderId=${leader0}&pageSize=1&page=2`);
    expect(paged).toMatchObject({ total: 3, items: [{ id: c[2] }] });
  });

  it('refuses bad filters and people who are not support', async () => {
    for (const q of ['from=2026-11-2', 'to=yesterday', 'leaderId=', 'sort=asc']) {
      const res = await t.request('GET', `/api/v1/admin/aftersales?${q}`, { token: support });
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await t.request('GET', '/api/v1/admin/aftersales', { token: finance })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/aftersales', { token: leaders[0] })).status).toBe(403);
  });
});

describe('the other claims lists', () => {
  it("the resident's claims come newest first", async () => {
    expect(await idsOf('/api/v1/shop/aftersales', residentA)).toEqual([c[3], c[2], c[0]]);
    const page = await list('/api/v1/shop/aftersales?pageSize=1&page=2', residentA);
    expect(page).toMatchObject({ total: 3, items: [{ id: c[2] }] });
    expect(await idsOf('/api/v1/shop/aftersales', residentC)).toEqual([c[1]]);
  });

  it("the leader's queue stays oldest first", async () => {
    expect(await idsOf('/api/v1/leader/aftersales', leaders[0])).toEqual([c[0], c[2], c[3]]);
    expect(await idsOf('/api/v1/leader/aftersales', leaders[1])).toEqual([c[1]]);
  });
});

describe('who handled a claim', () => {
  type Handled = {
    id: string;
    status: string;
    decidedBy: { kind: string } | null;
    decidedAt: string | null;
    decidedByName?: string | null;
  };
  const one = async (id: string) => (await t.request('GET', `/api/v1/admin/aftersales/${id}`, { token: support })).body as Handled;
  const inList = async (id: string) => (await list('/api/v1/admin/aftersales')).items.find((x) => x.id === id) as unknown as Handled;

  it('support sees the name of the staff member who rejected it, and when, in the list and the claim', async () => {
    expect(await one(c[1]!)).toMatchObject({ decidedByName: null, decidedAt: null });
    t.clock.set('2026-11-22T11:00:00Z');
    const res = await t.request('POST', `/api/v1/admin/aftersales/${c[1]}/reject`, { token: support, body: { reason: '照片看不出问题' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = {
      status: 'rejected',
      decidedBy: { kind: 'staff' },
      decidedByName: `staff ${supportPhone}`,
      decidedAt: '2026-11-22T11:00:00.000Z',
    };
    expect(res.body).toMatchObject(expected);
    expect(await one(c[1]!)).toMatchObject(expected);
    expect(await inList(c[1]!)).toMatchObject(expected);
  });

  it("names the leader who decided at their pickup point, and the resident's answer names nobody", async () => {
    t.clock.set('2026-11-22T11:30:00Z');
    const res = await t.request('POST', `/api/v1/leader/aftersales/${c[0]}/reject`, { token: leaders[0], body: { reason: '已当面换货' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decidedByName).toBeUndefined();
    expect(await inList(c[0]!)).toMatchObject({ decidedBy: { kind: 'leader' }, decidedByName: `团长${world.leaders[0]!.phone.slice(-4)}` });
    const mine = (await list('/api/v1/shop/aftersales', residentA)).items.find((x) => x.id === c[0]) as unknown as Handled;
    expect(mine.decidedByName).toBeUndefined();
  });
});
