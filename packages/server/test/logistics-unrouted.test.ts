import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Day, DELIVERY_DATE, buildDay } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let day: Day;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
});
afterAll(() => t.close());

const NEXT_DAY = '2026-11-22';
const get = (url: string) => t.request('GET', url, { token: day.staff });
const post = (url: string, body: unknown) => t.request('POST', url, { token: day.staff, body });
const unrouted = async (date = DELIVERY_DATE) => (await get(`/api/v1/admin/unrouted-points?deliveryDate=${date}`)).body;
const decide = (body: Record<string, unknown>) => post('/api/v1/admin/unrouted-points/decisions', { deliveryDate: DELIVERY_DATE, ...body });
const setAvailable = async (id: string, availableCount: number) => {
  const res = await t.request('PATCH', `/api/v1/admin/vehicle-types/${id}`, { token: day.staff, body: { availableCount } });
  expect(res.status).toBe(200);
};
const planWith = async (extraVehicles: unknown[] = []) => {
  const res = await post('/api/v1/admin/route-plans', {
    warehouseId: day.warehouseId,
    deliveryDate: DELIVERY_DATE,
    maxIterations: 300,
    extraVehicles,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { routes: any[]; unserved: any[]; shortfall: any[] };
};
const ordersAt = (pointId: string) =>
  t.ctx.db
    .selectFrom('orders')
    .select(['id', 'pickup_date', 'status', 'resident_id'])
    .where('pickup_point_id', '=', pointId)
    .orderBy('id')
    .execute();
const dashboard = async () => (await get('/api/v1/admin/dashboard')).body;

describe('a fleet too small for the day', () => {
  it('shows the dispatcher, before publishing, which points are left and how many more vehicles of which type would serve them', async () => {
    await setAvailable(day.vanId, 0);
    await setAvailable(day.truckId, 0);
    const result = await planWith();
    expect(result.routes).toEqual([]);
    expect(result.unserved.map((u) => u.pickupPointId).sort()).toEqual([...day.points].sort());
    expect(result.shortfall).toEqual([
      {
        goods: 'ambient',
        pickupPointIds: [...day.points].sort(),
        // the van is the cheapest per trip, and takes two crates: three points need two of them
        suggestion: { vehicleTypeId: day.vanId, vehicleTypeName: '面包车', count: 2, trips: 2, servesAll: true },
      },
    ]);
    const list = await unrouted();
    expect(list.items.map((i: any) => i.pickupPointId).sort()).toEqual([...day.points].sort());
    const first = list.items.find((i: any) => i.pickupPointId === day.points[0]);
    // two orders at the first point: 3 − 1 refunded + 2 of SKU 0, 1 of SKU 1
    expect(first).toMatchObject({ orders: 2, units: 5, goods: ['ambient'] });
    expect(first.amountFen).toBeGreaterThan(0);
  });

  it('vehicles added for the day (a hired carrier trip) serve the points left out', async () => {
    const result = await planWith([{ vehicleTypeId: day.vanId, count: 2 }]);
    expect(result.unserved).toEqual([]);
    expect(result.shortfall).toEqual([]);
    expect(result.routes.flatMap((r) => r.stops.map((s: any) => s.pickupPointId)).sort()).toEqual([...day.points].sort());
    expect((await unrouted()).items).toEqual([]);
    // an unknown vehicle type is refused and changes nothing
    const bad = await post('/api/v1/admin/route-plans', {
      warehouseId: day.warehouseId,
      deliveryDate: DELIVERY_DATE,
      maxIterations: 300,
      extraVehicles: [{ vehicleTypeId: 'vty_nope', count: 1 }],
    });
    expect(bad.status).toBe(404);
    expect((await unrouted()).items).toEqual([]);
  });

  it('the dashboard raises orders still unrouted on their pickup date', async () => {
    const withOne = await planWith([{ vehicleTypeId: day.vanId, count: 1 }]);
    const left = withOne.unserved.map((u) => u.pickupPointId);
    expect(left.length).toBeGreaterThan(0);
    expect((await dashboard()).stranded).toEqual([]); // the day before: a plan may still serve them
    t.clock.set(new Date('2026-11-21T02:00:00Z'));
    const orders = (await Promise.all(left.map(ordersAt))).flat().filter((o) => o.status !== 'refunded').length;
    expect((await dashboard()).stranded).toEqual([{ deliveryDate: DELIVERY_DATE, points: left.length, orders }]);
  });

  it('refuses a decision for a point on a route, an unknown point, or a date not after the delivery date — changing nothing', async () => {
    const routes = (await get(`/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`)).body.items as any[];
    const routed = routes.flatMap((r) => r.stops.map((s: any) => s.pickupPointId))[0];
    const before = await ordersAt(routed);
    const onRoute = await decide({ pickupPointIds: [routed], decision: 'postpone' });
    expect(onRoute.status).toBe(409);
    expect(onRoute.body).toMatchObject({ code: 'INVALID_STATE', details: { pickupPointIds: [routed] } });
    expect((await decide({ pickupPointIds: ['pp_nope'], decision: 'refund' })).status).toBe(404);
    const left = (await unrouted()).items[0].pickupPointId;
    const early = await decide({ pickupPointIds: [left], decision: 'postpone', postponeTo: DELIVERY_DATE });
    expect(early).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await decide({ pickupPointIds: [], decision: 'refund' })).status).toBe(400);
    expect(await ordersAt(routed)).toEqual(before);
  });

  it('postpones a point: its orders move to the next day, residents and the leader are told, and the next plan carries them', async () => {
    await setAvailable(day.vanId, 1);
    await planWith();
    const left = (await unrouted()).items.map((i: any) => i.pickupPointId) as string[];
    expect(left.length).toBeGreaterThanOrEqual(1);
    const point = left[0]!;
    const orders = (await ordersAt(point)).filter((o) => o.status !== 'refunded');
    const res = await decide({ pickupPointIds: [point], decision: 'postpone' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      decision: 'postpone',
      orders: orders.length,
      residentsTold: new Set(orders.map((o) => o.resident_id)).size,
      refundedFen: 0,
      postponeTo: NEXT_DAY,
    });
    for (const o of await ordersAt(point)) if (o.status !== 'refunded') expect(o.pickup_date).toBe(NEXT_DAY);
    const told = await t.ctx.db
      .selectFrom('notifications')
      .select(['recipient_kind', 'recipient_id', 'body'])
      .where('title', 'in', ['提货日期推迟', '配送改期'])
      .execute();
    expect(
      told
        .filter((n) => n.recipient_kind === 'resident')
        .map((n) => n.recipient_id)
        .sort(),
    ).toEqual(orders.map((o) => o.resident_id).sort());
    expect(told.filter((n) => n.recipient_kind === 'leader')).toHaveLength(1);
    const moved = await t.ctx.db.selectFrom('pickup_postponements').selectAll().where('pickup_point_id', '=', point).execute();
    expect(moved.map((m) => [m.from_date, m.to_date])).toEqual(orders.map(() => [DELIVERY_DATE, NEXT_DAY]));
    expect((await unrouted()).items.map((i: any) => i.pickupPointId)).not.toContain(point);
    expect((await unrouted(NEXT_DAY)).items.map((i: any) => i.pickupPointId)).toEqual([point]);
    // the same decision again finds nothing left to move
    expect((await decide({ pickupPointIds: [point], decision: 'postpone' })).body).toMatchObject({ orders: 0, residentsTold: 0 });
  });

  it('refunds a point in full, borne by the operator, once; the ledger still reconciles', async () => {
    await setAvailable(day.vanId, 0);
    await planWith();
    const stillThere = (await unrouted()).items.map((i: any) => i.pickupPointId) as string[];
    expect(stillThere).toHaveLength(2); // three points, one postponed
    const point = (await unrouted()).items[0].pickupPointId as string;
    const orders = (await ordersAt(point)).filter((o) => o.status !== 'refunded');
    const res = await decide({ pickupPointIds: [point], decision: 'refund' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ decision: 'refund', orders: orders.length, postponeTo: null });
    expect(res.body.refundedFen).toBeGreaterThan(0);
    for (const o of await ordersAt(point)) expect(o.status).toBe('refunded');
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['kind', 'blame', 'amount_fen'])
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .where('kind', '=', 'undeliverable')
      .execute();
    expect(refunds.map((r) => r.blame)).toEqual(orders.map(() => 'operator'));
    expect(refunds.reduce((s, r) => s + r.amount_fen, 0)).toBe(res.body.refundedFen);
    const again = await decide({ pickupPointIds: [point], decision: 'refund' });
    expect(again.body).toMatchObject({ orders: 0, refundedFen: 0 });
    await t.ctx.jobs.tick();
    await t.ctx.events.drain();
    const rec = await get('/api/v1/admin/finance/reconciliation?date=2026-11-21');
    expect(rec.body.ok, JSON.stringify(rec.body)).toBe(true);
    // decided points leave the alarm; the undecided one stays on it
    expect((await dashboard()).stranded).toEqual([{ deliveryDate: DELIVERY_DATE, points: 1, orders: expect.any(Number) }]);
  });
});
