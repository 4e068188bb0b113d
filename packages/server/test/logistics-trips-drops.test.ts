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

const patch = async (url: string, body: unknown) => {
  const res = await t.request('PATCH', url, { token: day.staff, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const planDay = async () => {
  const res = await t.request('POST', '/api/v1/admin/route-plans', {
    token: day.staff,
    body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { routes: any[]; unserved: any[]; shortfall: any[] };
};
const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

describe('several trips per vehicle', () => {
  it('one van that may make three trips serves the three points in trips, reloading between them', async () => {
    // The van takes two crates; the three points need at least three: one van, one trip, would strand one.
    await patch(`/api/v1/admin/vehicle-types/${day.truckId}`, { availableCount: 0 });
    await patch(`/api/v1/admin/vehicle-types/${day.vanId}`, { availableCount: 1, maxTrips: 1 });
    await patch(`/api/v1/admin/warehouses/${day.warehouseId}`, { reloadMinutes: 20 });
    const single = await planDay();
    expect(single.unserved.length).toBeGreaterThan(0);

    expect(await patch(`/api/v1/admin/vehicle-types/${day.vanId}`, { maxTrips: 3 })).toMatchObject({ maxTrips: 3 });
    const plan = await planDay();
    expect(plan.unserved).toEqual([]);
    expect(plan.routes.flatMap((r) => r.stops.map((s: any) => s.pickupPointId)).sort()).toEqual([...day.points].sort());
    const trips = [...plan.routes].sort((a, b) => a.tripNo - b.tripNo);
    expect(trips.length).toBeGreaterThanOrEqual(2);
    expect(new Set(trips.map((r) => r.vehicleNo)).size).toBe(1);
    expect(trips.map((r) => r.tripNo)).toEqual(trips.map((_, i) => i + 1));
    for (const r of trips) expect(r.load.crates).toBeLessThanOrEqual(2);
    for (let k = 1; k < trips.length; k++) {
      const last = trips[k - 1]!.stops.at(-1)!;
      // Served (10 min), driven back, reloaded (20 min), then out again.
      expect(minutes(last.plannedArrivalAt, trips[k]!.departureAt)).toBeGreaterThanOrEqual(30);
      expect(Date.parse(trips[k]!.stops[0]!.plannedArrivalAt)).toBeGreaterThan(Date.parse(trips[k]!.departureAt));
    }
    // The list of the day shows each trip with its vehicle and trip number.
    const listed = await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff });
    expect(listed.body.items.map((r: any) => [r.vehicleNo, r.tripNo]).sort()).toEqual(trips.map((r) => [r.vehicleNo, r.tripNo]).sort());
  });

  it("publishes all of a vehicle's trips to one driver, who may not also drive another vehicle that day", async () => {
    const routes = (await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff })).body.items as any[];
    const [driverA, driverB] = day.drivers as [{ id: string; token: string }, { id: string; token: string }];
    for (const r of routes) {
      const res = await t.request('POST', `/api/v1/admin/routes/${r.id}/publish`, { token: day.staff, body: { driverId: driverA.id } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // The one van is out (all its trips count once), so no other route of its type can be published.
    const spare = await t.request('POST', '/api/v1/admin/vehicle-types', {
      token: day.staff,
      body: {
        name: '备用车',
        capacityWeightKg: 500,
        capacityVolumeL: 2000,
        capacityCrates: 2,
        temperatureClass: 'ambient',
        availableCount: 1,
      },
    });
    expect(spare.status).toBe(201);
    for (const r of routes) {
      const res = await t.request('POST', `/api/v1/admin/routes/${r.id}/cancel`, { token: day.staff });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await patch(`/api/v1/admin/vehicle-types/${spare.body.id}`, { active: false });
    expect(driverB.id).not.toBe(driverA.id);
  });

  it('refuses a trip count the fleet cannot mean, changing nothing', async () => {
    const res = await t.request('PATCH', `/api/v1/admin/vehicle-types/${day.vanId}`, { token: day.staff, body: { maxTrips: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const bad = await t.request('PATCH', `/api/v1/admin/warehouses/${day.warehouseId}`, { token: day.staff, body: { reloadMinutes: -5 } });
    expect(bad.status).toBe(400);
    const types = await t.request('GET', '/api/v1/admin/vehicle-types', { token: day.staff });
    expect(types.body.items.find((v: any) => v.id === day.vanId).maxTrips).toBe(3);
  });
});

describe("a pickup point's own delivery hours", () => {
  const point = (i: number) => day.points[i]!;
  const setHours = (i: number, body: unknown) => t.request('PATCH', `/api/v1/admin/pickup-points/${point(i)}`, { token: day.staff, body });

  it('refuses hours that end before they start, changing nothing', async () => {
    const bad = await setHours(0, { deliveryFrom: '09:00', deliveryUntil: '07:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await setHours(0, { deliveryFrom: '7:5' })).status).toBe(400);
    const row = await t.ctx.db
      .selectFrom('pickup_points')
      .select(['delivery_from', 'delivery_until'])
      .where('id', '=', point(0))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ delivery_from: null, delivery_until: null });
  });

  it('serves a point no earlier than it opens, and leaves out one whose hours miss the plan', async () => {
    const opens = await setHours(0, { deliveryFrom: '07:00', deliveryUntil: '08:30' });
    expect(opens.status, JSON.stringify(opens.body)).toBe(200);
    expect(opens.body).toMatchObject({ deliveryFrom: '07:00', deliveryUntil: '08:30' });
    expect((await setHours(1, { deliveryFrom: '10:00', deliveryUntil: null })).status).toBe(200);
    const plan = await planDay();
    const at = plan.routes.flatMap((r) => r.stops).filter((s: any) => s.pickupPointId === point(0));
    expect(at.length).toBeGreaterThan(0);
    // 07:00 in Shanghai is 23:00 UTC the day before.
    for (const s of at) {
      expect(Date.parse(s.plannedArrivalAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-20T23:00:00Z'));
      expect(Date.parse(s.plannedArrivalAt)).toBeLessThanOrEqual(Date.parse('2026-11-21T00:30:00Z'));
    }
    // The plan's deadline is 09:00: a point taking deliveries from 10:00 is left out with the reason.
    expect(plan.unserved).toEqual([expect.objectContaining({ pickupPointId: point(1), code: 'unreachable' })]);
    expect(plan.shortfall.flatMap((s) => s.pickupPointIds)).not.toContain(point(1));
    for (const i of [0, 1]) expect((await setHours(i, { deliveryFrom: null, deliveryUntil: null })).status).toBe(200);
  });
});

describe('one drop per temperature class', () => {
  it('splits a point whose goods need two vehicles: its frozen goods on the freezer, the rest on the van', async () => {
    // SKU 1 becomes a frozen product of its own: point 0 has ambient and frozen goods, point 1 frozen only, point 2 ambient only.
    const sku = await t.ctx.db.selectFrom('skus').select('product_id').where('id', '=', day.w.skuIds[1]!).executeTakeFirstOrThrow();
    const product = await t.ctx.db.selectFrom('products').selectAll().where('id', '=', sku.product_id).executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('products')
      .values({ ...product, id: `${product.id}f`, temperature_class: 'frozen' } as never)
      .execute();
    await t.ctx.db
      .updateTable('skus')
      .set({ product_id: `${product.id}f` })
      .where('id', '=', day.w.skuIds[1]!)
      .execute();
    await patch(`/api/v1/admin/vehicle-types/${day.vanId}`, { availableCount: 1, maxTrips: 1 });
    const freezer = await t.request('POST', '/api/v1/admin/vehicle-types', {
      token: day.staff,
      body: {
        name: '冷冻车',
        capacityWeightKg: 500,
        capacityVolumeL: 2000,
        capacityCrates: 2,
        temperatureClass: 'frozen',
        costPerKmFen: 400,
        costPerTripFen: 6000,
        availableCount: 1,
      },
    });
    expect(freezer.status).toBe(201);
    // The freezer takes two crates: point 0 whole (two crates) and point 1 (one) do not fit it together.
    const plan = await planDay();
    expect(plan.unserved, JSON.stringify(plan)).toEqual([]);
    const [p0, p1, p2] = day.points as [string, string, string];
    const stopsAt = (point: string) =>
      plan.routes.flatMap((r) => r.stops.filter((s: any) => s.pickupPointId === point).map((s: any) => ({ ...s, route: r })));
    const drops = stopsAt(p0);
    expect(drops.map((s) => s.goodsClasses).sort()).toEqual([['ambient'], ['frozen']]);
    const frozenDrop = drops.find((s) => s.goodsClasses[0] === 'frozen')!;
    const ambientDrop = drops.find((s) => s.goodsClasses[0] === 'ambient')!;
    expect(frozenDrop.route.vehicleTypeId).toBe(freezer.body.id);
    expect(ambientDrop.route.vehicleTypeId).toBe(day.vanId);
    expect(frozenDrop.lines.map((l: any) => l.skuId)).toEqual([day.w.skuIds[1]]);
    expect(ambientDrop.lines.map((l: any) => l.skuId)).toEqual([day.w.skuIds[0]]);
    expect(frozenDrop.bundleId).not.toBe(ambientDrop.bundleId);
    // Points with one class keep one stop carrying everything.
    for (const p of [p1, p2]) expect(stopsAt(p).map((s) => s.goodsClasses)).toEqual([null]);
    for (const r of plan.routes) expect(r.load.crates).toBeLessThanOrEqual(r.capacity.crates);
  });

  it("puts a point split per class on each vehicle's line for its class, and plans it there again", async () => {
    const saved = await t.request('POST', '/api/v1/admin/standing-lines/from-routes', {
      token: day.staff,
      body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const p0 = day.points[0]!;
    const entries = (saved.body.items as any[]).flatMap((l) =>
      l.points
        .filter((p: any) => p.pickupPointId === p0)
        .map((p: any) => [l.vehicleTypeId === day.vanId ? 'van' : 'freezer', p.goodsClass]),
    );
    expect(entries.sort()).toEqual([
      ['freezer', 'frozen'],
      ['van', 'ambient'],
    ]);
    const plan = await planDay();
    const drops = plan.routes.flatMap((r) => r.stops.filter((s: any) => s.pickupPointId === p0).map((s: any) => ({ ...s, route: r })));
    expect(drops).toHaveLength(2);
    for (const d of drops) expect([d.route.standingLineId !== null, d.lineChange]).toEqual([true, null]);
    expect((plan as any).lineChanges).toEqual([]);
    for (const line of saved.body.items as any[]) {
      expect((await t.request('DELETE', `/api/v1/admin/standing-lines/${line.id}`, { token: day.staff })).status).toBe(204);
    }
    // Planned again without lines, as the tests after this one expect.
    await planDay();
  });

  it("does not count a drop its line's vehicle cannot carry as a move off the line", async () => {
    const saved = await t.request('POST', '/api/v1/admin/standing-lines/from-routes', {
      token: day.staff,
      body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Point 0 on the van's line: its ambient goods belong there, its frozen goods cannot ride an ambient van.
    const vanLine = (saved.body.items as any[]).find((l) => l.vehicleTypeId === day.vanId);
    const p0 = day.points[0]!;
    await t.ctx.db.updateTable('standing_line_points').set({ line_id: vanLine.id }).where('pickup_point_id', '=', p0).execute();
    const plan = await planDay();
    const drops = plan.routes.flatMap((r) => r.stops.filter((s: any) => s.pickupPointId === p0).map((s: any) => ({ ...s, route: r })));
    expect(drops.map((s) => [s.goodsClasses, s.route.standingLineId === vanLine.id, s.lineChange]).sort()).toEqual(
      [
        [['ambient'], true, null],
        [['frozen'], false, null],
      ].sort(),
    );
    expect((plan as any).lineChanges.filter((c: any) => c.pickupPointId === p0)).toEqual([]);
    for (const line of saved.body.items as any[]) {
      expect((await t.request('DELETE', `/api/v1/admin/standing-lines/${line.id}`, { token: day.staff })).status).toBe(204);
    }
  });

  it("the point's orders are delivered once both drops are counted in, each drop counting its own goods", async () => {
    const plan = await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff });
    const routes = (plan.body.items as any[]).filter((r) => r.status === 'draft');
    const [driverA, driverB] = day.drivers as [{ id: string; token: string }, { id: string; token: string }];
    const driverOf = new Map<string, { id: string; token: string }>();
    for (const [i, r] of routes.entries()) {
      const driver = i === 0 ? driverA : driverB;
      driverOf.set(r.id, driver);
      const published = await t.request('POST', `/api/v1/admin/routes/${r.id}/publish`, {
        token: day.staff,
        body: { driverId: driver.id },
      });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect((await t.request('POST', `/api/v1/driver/routes/${r.id}/depart`, { token: driver.token })).status).toBe(200);
    }
    const p0 = day.points[0]!;
    const leader = await t.login('leader', day.w.leaders[0]!.phone);
    const deliveries = (await t.request('GET', `/api/v1/leader/deliveries?date=${DELIVERY_DATE}`, { token: leader })).body.items as any[];
    expect(deliveries.map((d) => d.lines.map((l: any) => l.skuId)).sort()).toEqual([[day.w.skuIds[0]], [day.w.skuIds[1]]].sort());
    const orderStatus = async () =>
      (await t.ctx.db.selectFrom('orders').select('status').where('pickup_point_id', '=', p0).execute()).map((o) => o.status).sort();
    for (const [k, d] of deliveries.entries()) {
      const driver = driverOf.get(d.routeId)!;
      for (const action of ['arrive', 'hand-over'])
        expect(
          (await t.request('POST', `/api/v1/driver/routes/${d.routeId}/stops/${d.stopId}/${action}`, { token: driver.token })).status,
        ).toBe(200);
      const res = await t.request('POST', `/api/v1/leader/deliveries/${d.stopId}/confirm`, { token: leader, body: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (k === 0) {
        expect(res.body.ordersDelivered).toBe(0);
        expect(await orderStatus()).not.toContain('delivered');
      } else {
        expect(res.body.ordersDelivered).toBeGreaterThan(0);
        expect((await orderStatus()).every((s) => s === 'delivered')).toBe(true);
      }
    }
  });
});
