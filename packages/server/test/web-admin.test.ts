import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { paidOrder, principal } from './ledger-fixtures.ts';
import { passCutoff } from './procurement-helpers.ts';

let t: TestApp;
let world: World;
let staff: string;
let soon: { id: string; lineIds: string[] };
let later: { id: string; lineIds: string[] };
let failing: { id: string; lineIds: string[] };
let nextWeek: { id: string; lineIds: string[] };
const start = new Date('2026-11-20T02:00:00Z'); // 10:00 in Asia/Shanghai

const resident = (i: number) => world.residents[i]!.id;
const dashboard = async (query = '', token = staff) => {
  const res = await t.request('GET', `/api/v1/admin/dashboard${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

beforeAll(async () => {
  t = await startTestApp(start.toISOString());
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 3 });
  staff = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['warehouse'])).phone);
  const at = (ms: number) => new Date(start.getTime() + ms);
  soon = await createOpenCampaign(t.ctx, world, { priceFen: 10_000, cutoffAt: at(2 * HOUR) });
  later = await createOpenCampaign(t.ctx, world, { priceFen: 5_000, cutoffAt: at(12 * HOUR) });
  failing = await createOpenCampaign(t.ctx, world, { priceFen: 10_000, cutoffAt: at(30 * MINUTE), minTotal: 100 });
  nextWeek = await createOpenCampaign(t.ctx, world, { priceFen: 1_000, cutoffAt: at(7 * DAY), pickupDate: '2026-11-28' });

  await paidOrder(t, world, resident(0), [[soon.lineIds[0]!, 2]]); // 10:00, 200.00
  await paidOrder(t, world, resident(2), [[failing.lineIds[0]!, 1]]); // 10:00, 100.00, refunded when the campaign fails
  await placeOrder(t.ctx, principal(world, 'resident', resident(1)), { lines: [{ campaignLineId: later.lineIds[0]!, quantity: 3 }] }); // unpaid
  t.clock.advance(HOUR);
  await passCutoff(t, world.operatorId, failing.id, at(30 * MINUTE));
  await paidOrder(t, world, resident(1), [[later.lineIds[0]!, 1]]); // 11:02, 50.00
});
afterAll(() => t.close());

describe('GET /api/v1/admin/dashboard', () => {
  it("shows the day's orders, refunds, residents, campaigns and hourly series", async () => {
    const body = await dashboard();
    expect(body).toMatchObject({
      date: '2026-11-20',
      orders: 3,
      gmvFen: 35_000,
      refundsFen: 10_000,
      averageOrderFen: 11_667,
      activeResidents: 3,
      campaignsOpen: 3,
      closingSoon: [{ id: soon.id, title: '冰糖橙产地直发', cutoffAt: '2026-11-20T04:00:00.000Z', orders: 1 }],
      failedCampaigns: [{ id: failing.id, orderedQuantity: 1, minTotalQuantity: 100 }],
      failedJobs: 0,
      stuckEvents: 0,
    });
    expect(body.hourly).toHaveLength(24);
    expect(body.hourly.filter((h: { orders: number }) => h.orders > 0)).toEqual([
      { hour: 10, orders: 2, gmvFen: 30_000 },
      { hour: 11, orders: 1, gmvFen: 5_000 },
    ]);
  });

  it('reads another day; campaigns open and closing are those of now', async () => {
    const body = await dashboard('?date=2026-11-19');
    expect(body).toMatchObject({ date: '2026-11-19', orders: 0, gmvFen: 0, refundsFen: 0, averageOrderFen: 0, activeResidents: 0 });
    expect(body.failedCampaigns).toEqual([]);
    expect(body.campaignsOpen).toBe(3);
    expect(body.hourly.every((h: { orders: number }) => h.orders === 0)).toBe(true);
  });

  it("counts the operator's failed jobs and stuck events, not another operator's", async () => {
    const now = t.clock.now();
    const job = (id: string, operatorId: string) => ({
      id,
      operator_id: operatorId,
      kind: 'test.job',
      run_at: now,
      payload: '{}',
      dedupe_key: null,
      status: 'failed' as const,
      attempts: 8,
      last_error: 'boom',
      created_at: now,
      finished_at: now,
    });
    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 0, residents: 0 });
    // Delivery is stopped so the undelivered event stays undelivered, as when delivery is down;
    // otherwise a delivery kicked by an earlier write could take it before the clock moves on.
    await t.ctx.events.stop();
    await t.ctx.db
      .insertInto('jobs')
      .values([job('job_t1', world.operatorId), job('job_t2', other.operatorId)])
      .execute();
    const event = (operatorId: string, attempts: number) => ({
      operator_id: operatorId,
      event_type: 'test.event',
      aggregate_id: 'x',
      payload: '{}',
      created_at: now,
      attempts,
    });
    await t.ctx.db
      .insertInto('outbox')
      .values([event(world.operatorId, 10), event(world.operatorId, 0), event(other.operatorId, 10)])
      .execute();
    expect(await dashboard()).toMatchObject({ failedJobs: 1, stuckEvents: 1 });
    t.clock.advance(6 * MINUTE);
    expect(await dashboard()).toMatchObject({ failedJobs: 1, stuckEvents: 2 });
  });

  it("counts an order on its local day and hour, across midnight in the operator's time zone", async () => {
    t.clock.set('2026-11-20T15:59:00Z'); // 23:59
    await paidOrder(t, world, resident(0), [[nextWeek.lineIds[0]!, 1]]);
    t.clock.set('2026-11-20T16:01:00Z'); // 00:01 the next day
    await paidOrder(t, world, resident(0), [[nextWeek.lineIds[0]!, 2]]);
    const staffNow = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
    const today = await dashboard('', staffNow);
    expect(today).toMatchObject({ date: '2026-11-21', orders: 1, gmvFen: 2_000 });
    expect(today.hourly[0]).toEqual({ hour: 0, orders: 1, gmvFen: 2_000 });
    const before = await dashboard('?date=2026-11-20', staffNow);
    expect(before).toMatchObject({ orders: 4, gmvFen: 36_000 });
    expect(before.hourly[23]).toEqual({ hour: 23, orders: 1, gmvFen: 1_000 });
  });

  it('is for staff of any role only', async () => {
    const leader = await t.login('leader', world.leaders[0]!.phone);
    expect((await t.request('GET', '/api/v1/admin/dashboard', { token: leader })).body.code).toBe('FORBIDDEN');
    expect((await t.request('GET', '/api/v1/admin/dashboard?date=tomorrow', { token: staff })).body.code).toBe('VALIDATION_FAILED');
  });
});
