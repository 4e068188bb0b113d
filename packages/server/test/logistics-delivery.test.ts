import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Day, DELIVERY_DATE, buildDay, plan } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let day: Day;
let own: any;
let outsourced: any;
const leaderToken: string[] = [];
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  const { routes } = await plan(t, day);
  // The route with two stops goes on the carrier's truck (one of its stops will fail, one be delivered); each route gets a driver.
  [own, outsourced] = (routes as any[]).sort((a, b) => a.stops.length - b.stops.length);
  const moved = await t.request('PATCH', `/api/v1/admin/routes/${outsourced.id}`, {
    token: day.staff,
    body: { vehicleTypeId: day.truckId },
  });
  expect(moved.body).toMatchObject({ vehicleTypeId: day.truckId, carrierId: day.carrierId });
  for (const [route, driver] of [
    [own, day.drivers[0]!],
    [outsourced, day.drivers[1]!],
  ] as const) {
    const res = await t.request('POST', `/api/v1/admin/routes/${route.id}/publish`, { token: day.staff, body: { driverId: driver.id } });
    expect(res.status).toBe(200);
  }
  for (const l of day.w.leaders) leaderToken.push(await t.login('leader', l.phone));
});
afterAll(() => t.close());

const driverOf = (route: any) => (route.id === own.id ? day.drivers[0]! : day.drivers[1]!);
const leaderIndexOf = (pickupPointId: string) => day.points.indexOf(pickupPointId);
const step = (route: any, stop: any, action: string, token = driverOf(route).token) =>
  t.request('POST', `/api/v1/driver/routes/${route.id}/stops/${stop.id}/${action}`, { token });
const confirm = (stop: any, body: unknown, token = leaderToken[leaderIndexOf(stop.pickupPointId)]!) =>
  t.request('POST', `/api/v1/leader/deliveries/${stop.id}/confirm`, { token, body });
const routeWith = (pickupPointId: string) => [own, outsourced].find((r) => r.stops.some((s: any) => s.pickupPointId === pickupPointId));
const stopOf = (pickupPointId: string) => routeWith(pickupPointId).stops.find((s: any) => s.pickupPointId === pickupPointId);

describe('delivery', () => {
  it('lets the driver work only a route under way, stop by stop', async () => {
    const stop = own.stops[0];
    expect((await step(own, stop, 'arrive')).status).toBe(409);
    expect((await t.request('POST', `/api/v1/driver/routes/${own.id}/depart`, { token: day.drivers[1]!.token })).status).toBe(404);
    for (const route of [own, outsourced]) {
      const res = await t.request('POST', `/api/v1/driver/routes/${route.id}/depart`, { token: driverOf(route).token });
      expect(res.body.status).toBe('in_transit');
    }
    expect((await step(own, stop, 'arrive', day.drivers[1]!.token)).status).toBe(404);
    expect((await step(own, stop, 'hand-over')).status).toBe(409);
    const arrived = await step(own, stop, 'arrive');
    expect(arrived.body.stops[0].status).toBe('arrived');
  });

  it('shows the leader the deliveries to their own pickup point, and only they can confirm it', async () => {
    const p0 = stopOf(day.points[0]!);
    const mine = await t.request('GET', `/api/v1/leader/deliveries?date=${DELIVERY_DATE}`, { token: leaderToken[0]! });
    expect(mine.body.items.map((d: any) => d.stopId)).toEqual([p0.id]);
    const [sku0, sku1] = day.w.skuIds as [string, string];
    expect(Object.fromEntries(mine.body.items[0].lines.map((l: any) => [l.skuId, l.quantity]))).toEqual({ [sku0]: 4, [sku1]: 1 });
    expect((await confirm(p0, {}, leaderToken[1]!)).status).toBe(404);
  });

  it('records a short handover, refunds the latest paid orders with the blame and moves the orders to delivered', async () => {
    const p0 = stopOf(day.points[0]!);
    const route = routeWith(day.points[0]!);
    if (route.stops.find((s: any) => s.id === p0.id).status === 'pending') await step(route, p0, 'arrive');
    await step(route, p0, 'hand-over');
    const [sku0] = day.w.skuIds as [string, string];
    const tooMany = await confirm(p0, { lines: [{ skuId: sku0, received: 5 }] });
    expect(tooMany.status).toBe(400);
    const res = await confirm(p0, { lines: [{ skuId: sku0, received: 2 }], sealIntact: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ discrepancies: [{ skuId: sku0, expected: 4, received: 2, blame: 'driver' }], ordersDelivered: 2 });
    // Resident 1 paid after resident 0: their two units of SKU 0 are the ones refunded.
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .innerJoin('refund_lines', 'refund_lines.refund_id', 'refunds.id')
      .select(['refunds.order_id', 'refunds.blame', 'refund_lines.order_line_id', 'refund_lines.quantity', 'refunds.amount_fen'])
      .where('refunds.kind', '=', 'handover')
      .execute();
    expect(refunds).toEqual([
      {
        order_id: day.orders[1]!.id,
        blame: 'driver',
        order_line_id: day.orders[1]!.lineIds[0],
        quantity: 2,
        amount_fen: expect.any(Number),
      },
    ]);
    expect(res.body.refundedFen).toBe(refunds[0]!.amount_fen);
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('id', 'in', [day.orders[0]!.id, day.orders[1]!.id])
      .execute();
    expect(orders.map((o) => o.status)).toEqual(['delivered', 'delivered']);
    const event = await t.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'handover.confirmed')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      pickupPointId: day.points[0],
      discrepancies: [{ skuId: sku0, expected: 4, received: 2, blame: 'driver' }],
    });
    expect((await confirm(p0, {})).status).toBe(409);
  });

  it('completes each route once every stop is done and prices it: own fleet by km, the carrier by its rate card for stops delivered', async () => {
    // The carrier's driver cannot deliver at one stop: the carrier is paid only for the others.
    const failed = outsourced.stops.find((s: any) => s.pickupPointId !== day.points[0]);
    for (const route of [own, outsourced]) {
      for (const stop of route.stops) {
        if (stop.pickupPointId === day.points[0]) continue;
        if (stop.id === failed.id) {
          const res = await t.request('POST', `/api/v1/driver/routes/${route.id}/stops/${stop.id}/fail`, {
            token: driverOf(route).token,
            body: { reason: '自提点关门' },
          });
          expect(res.status).toBe(200);
          continue;
        }
        const current = (await t.request('GET', `/api/v1/driver/routes/${route.id}`, { token: driverOf(route).token })).body.stops.find(
          (s: any) => s.id === stop.id,
        );
        if (current.status === 'pending') expect((await step(route, stop, 'arrive')).status).toBe(200);
        const res = await confirm(stop, {});
        expect(res.status).toBe(200);
        expect(res.body.discrepancies).toEqual([]);
      }
    }
    const completed = await t.ctx.db
      .selectFrom('outbox')
      .select(['aggregate_id', 'payload'])
      .where('event_type', '=', 'route.completed')
      .orderBy('id')
      .execute();
    expect(completed.map((e) => e.aggregate_id).sort()).toEqual([own.id, outsourced.id].sort());
    const ownEvent = completed.find((e) => e.aggregate_id === own.id)!.payload as any;
    expect(ownEvent).toMatchObject({ carrierId: null, driverId: day.drivers[0]!.id, stopsDelivered: own.stops.length });
    expect(ownEvent.costFen).toBe(Math.round((ownEvent.distanceMeters / 1000) * 250) + 3000);
    const carrierEvent = completed.find((e) => e.aggregate_id === outsourced.id)!.payload as any;
    const zoneFee = carrierEvent.distanceMeters <= 10_000 ? 1000 : 3000;
    const delivered = outsourced.stops.length - 1;
    expect(carrierEvent).toMatchObject({ carrierId: day.carrierId, stopsDelivered: delivered, costFen: 8000 + 500 * delivered + zoneFee });
    expect(carrierEvent.rateCard).toMatchObject({ perTripFen: 8000, perStopFen: 500, zoneFeeFen: zoneFee, stopsDelivered: delivered });
    const routes = await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff });
    expect(routes.body.items.map((r: any) => [r.status, r.costFen])).toEqual(
      [own, outsourced]
        .sort((a, b) => a.routeNo - b.routeNo)
        .map((r) => ['completed', r.id === own.id ? ownEvent.costFen : carrierEvent.costFen]),
    );
    // Orders at the failed stop were not handed over and stay as they were.
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select(['pickup_point_id', 'status'])
      .where('operator_id', '=', day.w.operatorId)
      .execute();
    for (const o of orders) expect(o.status).toBe(o.pickup_point_id === failed.pickupPointId ? 'paid' : 'delivered');
  });

  it('hands its events to the subscribers (the ledger books the route costs)', async () => {
    await t.ctx.events.drain();
    const mine = await t.ctx.db
      .selectFrom('outbox')
      .select(['event_type', 'delivered_at', 'last_error'])
      .where('event_type', 'in', ['route.published', 'route.completed', 'handover.confirmed'])
      .execute();
    expect(mine).toHaveLength(2 + 2 + 2);
    for (const e of mine) expect(e).toMatchObject({ delivered_at: expect.any(Date), last_error: null });
  });
});
