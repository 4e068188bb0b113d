import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent, paidOrder, principal, refund } from './ledger-fixtures.ts';

let t: TestApp;
let world: World;
let mine: { id: string; lineIds: string[] };
let closing: { id: string; lineIds: string[] };
let othersOnly: { id: string; lineIds: string[] };
let leader: string;
let otherLeader: string;
const orders: Array<{ id: string; lines: Array<{ id: string }> }> = [];

const resident = (i: number) => world.residents[i] as { id: string; phone: string };
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const get = (url: string, token = leader) => t.request('GET', `/api/v1/leader${url}`, { token });

// The clock starts at 2026-11-20 10:00 in Asia/Shanghai.
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 3 });
  await t.ctx.db
    .updateTable('residents')
    .set({ pickup_point_id: world.leaders[1]!.pickupPointId })
    .where('id', '=', resident(2).id)
    .execute();
  await t.ctx.db.updateTable('residents').set({ name: '王阿姨' }).where('id', '=', resident(1).id).execute();
  mine = await createOpenCampaign(t.ctx, world, { priceFen: 10_000 });
  closing = await createOpenCampaign(t.ctx, world, { priceFen: 10_000, cutoffAt: new Date(t.clock.now().getTime() + 30 * MINUTE) });
  othersOnly = await createOpenCampaign(t.ctx, world, { leaderIds: [world.leaders[1]!.id] });
  leader = await t.login('leader', world.leaders[0]!.phone);
  otherLeader = await t.login('leader', world.leaders[1]!.phone);

  orders.push(await paidOrder(t, world, resident(0).id, [[mine.lineIds[0]!, 2]])); // 200.00
  t.clock.advance(MINUTE);
  orders.push(await paidOrder(t, world, resident(1).id, [[mine.lineIds[1]!, 1]])); // 101.00
  t.clock.advance(MINUTE);
  orders.push(await paidOrder(t, world, resident(0).id, [[closing.lineIds[0]!, 1]])); // 100.00
  await paidOrder(t, world, resident(2).id, [[mine.lineIds[0]!, 1]]); // the other leader's
  await placeOrder(t.ctx, principal(world, 'resident', resident(1).id), { lines: [{ campaignLineId: mine.lineIds[0]!, quantity: 5 }] }); // unpaid
});
afterAll(() => t.close());

describe('GET /api/v1/leader/summary', () => {
  it("counts the day's paid orders at my points, their members and commission", async () => {
    const res = await get('/summary');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      date: '2026-11-20',
      orders: 3,
      gmvFen: 40_100,
      members: 2,
      commissionAccruedFen: 4_010,
      commissionAvailableFen: 0,
      commissionHeldFen: 4_010,
      commissionWithdrawingFen: 0,
      withdrawal: { minFen: 1000, feeBp: 0, dailyLimitFen: 500_000, withdrawnTodayFen: 0 },
    });
    const statement = await get('/commission?from=2026-11-20&to=2026-11-20');
    expect(statement.body.accruedFen).toBe(res.body.commissionAccruedFen);
    expect((await get('/summary', otherLeader)).body).toMatchObject({ orders: 1, gmvFen: 10_000, members: 1, commissionHeldFen: 1_000 });
  });

  it('reads another day; balances are always current', async () => {
    expect((await get('/summary?date=2026-11-19')).body).toEqual({
      date: '2026-11-19',
      orders: 0,
      gmvFen: 0,
      members: 0,
      commissionAccruedFen: 0,
      commissionAvailableFen: 0,
      commissionHeldFen: 4_010,
      commissionWithdrawingFen: 0,
      withdrawal: { minFen: 1000, feeBp: 0, dailyLimitFen: 500_000, withdrawnTodayFen: 0 },
    });
    expect((await get('/summary?date=20261120')).body.code).toBe('VALIDATION_FAILED');
    const staff = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
    expect((await get('/summary', staff)).body.code).toBe('FORBIDDEN');
    expect((await t.request('GET', '/api/v1/leader/summary')).body.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/v1/leader/orders', () => {
  it("filters by campaign and by member, with the member's phone masked", async () => {
    const byCampaign = await get(`/orders?campaignId=${closing.id}`);
    expect(byCampaign.status, JSON.stringify(byCampaign.body)).toBe(200);
    expect(byCampaign.body.items.map((o: { id: string }) => o.id)).toEqual([orders[2]!.id]);
    expect(byCampaign.body.items[0]).toMatchObject({
      residentId: resident(0).id,
      residentPhone: masked(resident(0).phone),
      residentName: '',
    });
    const byMember = await get(`/orders?residentId=${resident(1).id}`);
    expect(byMember.body.total).toBe(2);
    expect(byMember.body.items.map((o: { status: string }) => o.status).sort()).toEqual(['paid', 'pending_payment']);
    expect(byMember.body.items[0]).toMatchObject({ residentName: '王阿姨', residentPhone: masked(resident(1).phone) });
    expect(JSON.stringify(byMember.body)).not.toContain(resident(1).phone);
    const one = await get(`/orders/${orders[1]!.id}`);
    expect(one.body).toMatchObject({ id: orders[1]!.id, residentPhone: masked(resident(1).phone) });
    expect((await get(`/orders?campaignId=${othersOnly.id}`)).body.total).toBe(0);
  });
});

describe('GET /api/v1/leader/campaigns', () => {
  it('lists the campaigns I sell with my orders and sales, net of refunds', async () => {
    await refund(t, world, orders[0]!.id, [{ orderLineId: orders[0]!.lines[0]!.id, quantity: 1 }]);
    const res = await get('/campaigns');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([closing.id, mine.id]);
    const [c, m] = res.body.items;
    expect(c).toMatchObject({ status: 'open', orders: 1, soldQuantity: 1, salesFen: 10_000, pickupDate: '2026-11-21' });
    expect(m).toMatchObject({ status: 'open', orders: 2, soldQuantity: 2, salesFen: 20_100, title: '冰糖橙产地直发' });
    expect(m.lines).toEqual([
      expect.objectContaining({
        id: mine.lineIds[0],
        groupPriceFen: 10_000,
        soldQuantity: 1,
        productName: '麻阳冰糖橙',
        stockLeft: 100 - 3 - 5,
      }),
      expect.objectContaining({ id: mine.lineIds[1], groupPriceFen: 10_100, soldQuantity: 1 }),
    ]);
    const others = await get('/campaigns', otherLeader);
    expect(others.body.items.map((x: { id: string }) => x.id).sort()).toEqual([closing.id, mine.id, othersOnly.id].sort());
  });

  it('keeps a campaign closed today, not one closed yesterday', async () => {
    t.clock.advance(60 * MINUTE);
    await t.ctx.db.updateTable('campaigns').set({ status: 'closed', closed_at: t.clock.now() }).where('id', '=', closing.id).execute();
    const today = await get('/campaigns');
    expect(today.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      [closing.id, 'closed'],
      [mine.id, 'open'],
    ]);
    t.clock.advance(DAY);
    expect((await get('/campaigns')).body.items.map((c: { id: string }) => c.id)).not.toContain(closing.id);
  });
});

describe('GET /api/v1/leader/members', () => {
  it('lists who ordered at my points, most recent first, phones masked, paged and searchable', async () => {
    const res = await get('/members');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect(res.body.items).toEqual([
      {
        residentId: resident(0).id,
        name: '',
        phone: masked(resident(0).phone),
        orders: 2,
        lastOrderAt: expect.any(String),
        totalSpentFen: 30_000 - 10_000,
        ordersLast30Days: 2,
      },
      expect.objectContaining({ residentId: resident(1).id, name: '王阿姨', orders: 1, totalSpentFen: 10_100, ordersLast30Days: 1 }),
    ]);
    expect(res.body.items[0].lastOrderAt > res.body.items[1].lastOrderAt).toBe(true);
    const ids = async (query: string) => (await get(`/members?${query}`)).body.items.map((m: { residentId: string }) => m.residentId);
    expect(await ids('pageSize=1&page=2')).toEqual([resident(1).id]);
    expect(await ids(`q=${resident(1).phone.slice(-4)}`)).toEqual([resident(1).id]);
    // A whole number matches nothing, even a member's own, and its count says nothing either:
    // otherwise 10,000 guesses of the hidden digits would unmask a member's phone.
    const whole = await get(`/members?q=${resident(0).phone}`);
    expect([whole.status, whole.body.items, whole.body.total]).toEqual([200, [], 0]);
    expect(await ids(`q=${resident(0).phone.slice(-5)}`)).toEqual([]);
    expect(await ids(`q=${resident(0).phone.slice(-4)}`)).toEqual([resident(0).id]);
    expect(await ids(`q=${encodeURIComponent('王')}`)).toEqual([resident(1).id]);
    expect(await ids(`q=${resident(1).phone.slice(3, 8)}`)).toEqual([]);
    expect(await ids(`q=${resident(2).phone}`)).toEqual([]);
    expect((await get('/members', otherLeader)).body.items.map((m: { residentId: string }) => m.residentId)).toEqual([resident(2).id]);
  });

  it('counts orders of the last 30 days as the purchase frequency', async () => {
    t.clock.advance(31 * DAY);
    const res = await get('/members', await t.login('leader', world.leaders[0]!.phone)); // the old session expired
    expect(res.body.items.map((m: { orders: number; ordersLast30Days: number }) => [m.orders, m.ordersLast30Days])).toEqual([
      [2, 0],
      [1, 0],
    ]);
  });
});

describe('the commission balances in the summary', () => {
  it('moves commission from held to available once an order is picked up and its window passes', async () => {
    const token = await t.login('leader', world.leaders[0]!.phone);
    const order = orders[1]!;
    await emitEvent(t, world, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
    t.clock.advance(48 * HOUR + 1000);
    await t.ctx.jobs.tick();
    expect((await get('/summary', token)).body).toMatchObject({
      orders: 0,
      commissionAccruedFen: 0,
      commissionAvailableFen: 1_010,
      commissionHeldFen: 4_010 - 1_000 - 1_010, // one unit of the first order was refunded: its commission clawed back
    });
  });
});
