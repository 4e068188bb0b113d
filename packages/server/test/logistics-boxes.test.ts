import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Day, DELIVERY_DATE, buildDay } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let day: Day;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  // the day's goods are frozen (both SKUs are of one product), and the fleet has no freezer
  const sku = await t.ctx.db.selectFrom('skus').select('product_id').where('id', '=', day.w.skuIds[1]!).executeTakeFirstOrThrow();
  await t.ctx.db.updateTable('products').set({ temperature_class: 'frozen' }).where('id', '=', sku.product_id).execute();
});
afterAll(() => t.close());

const settings = (body: unknown) => t.request('PATCH', '/api/v1/admin/delivery-settings', { token: day.staff, body });
const planDay = async () => {
  const res = await t.request('POST', '/api/v1/admin/route-plans', {
    token: day.staff,
    body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { routes: any[]; unserved: any[]; shortfall: any[] };
};
const frozenPoints = () => [...day.points].sort();

describe('insulated boxes', () => {
  it('without them, a point with one frozen item waits for a freezer truck the fleet does not have', async () => {
    expect((await t.request('GET', '/api/v1/admin/delivery-settings', { token: day.staff })).body).toEqual({
      insulatedBoxes: false,
      boxesPerVehicle: 0,
      boxVolumeL: 60,
      warehouseAssignment: 'fixed',
      lineChangeCostFen: 2000,
      driverBreak: { minutes: 0, fromMinutes: 180, untilMinutes: 240 },
    });
    const plan = await planDay();
    expect(plan.unserved.map((u) => u.pickupPointId).sort()).toEqual(frozenPoints());
    for (const u of plan.unserved) expect(u).toMatchObject({ code: 'no_vehicle', goods: 'frozen' });
    expect(plan.shortfall).toEqual([{ goods: 'frozen', pickupPointIds: frozenPoints(), suggestion: null }]);
  });

  it('with boxes allowed, frozen goods ride in boxes on the vans and the route says how many', async () => {
    const res = await settings({ insulatedBoxes: true, boxesPerVehicle: 2, boxVolumeL: 60 });
    expect(res.body).toMatchObject({ insulatedBoxes: true, boxesPerVehicle: 2, boxVolumeL: 60, warehouseAssignment: 'fixed' });
    const plan = await planDay();
    expect(plan.unserved).toEqual([]);
    const stops = plan.routes.flatMap((r) => r.stops.map((s: any) => ({ ...s, route: r })));
    for (const s of stops) {
      // 800 ml per unit, a few units: one 60 l box per point with frozen goods, on a vehicle warmer than frozen
      const frozen = s.temperatureClasses.includes('frozen');
      expect(s.insulatedBoxes).toBe(frozen && s.route.vehicleTemperature !== 'frozen' ? 1 : 0);
    }
    for (const r of plan.routes) {
      expect(r.insulatedBoxes).toBe(r.stops.reduce((n: number, s: any) => n + s.insulatedBoxes, 0));
      expect(r.insulatedBoxes).toBeLessThanOrEqual(2);
    }
    expect(
      stops
        .filter((s) => s.insulatedBoxes > 0)
        .map((s) => s.pickupPointId)
        .sort(),
    ).toEqual(frozenPoints());
  });

  it('a route edit that needs more boxes than a vehicle takes is refused', async () => {
    await settings({ boxesPerVehicle: 1 });
    const routes = (await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff })).body.items as any[];
    const from = routes.find((r) => r.insulatedBoxes > 0)!;
    const to = routes.find((r) => r.id !== from.id && r.insulatedBoxes > 0)!;
    const stop = from.stops.find((s: any) => s.insulatedBoxes > 0);
    const move = await t.request('POST', `/api/v1/admin/routes/${from.id}/stops/${stop.id}/move`, {
      token: day.staff,
      body: { toRouteId: to.id },
    });
    expect(move.status, JSON.stringify(move.body)).toBe(409);
    expect(move.body.details.problemCodes).toContain('temperature');
    // a plan under one box per vehicle still serves the three points on the three vehicles, one box each
    const plan = await planDay();
    expect(plan.unserved).toEqual([]);
    for (const r of plan.routes) expect(r.insulatedBoxes).toBeLessThanOrEqual(1);
  });

  it('boxes too small for a point’s frozen goods leave it for a freezer again', async () => {
    await settings({ boxesPerVehicle: 1, boxVolumeL: 1 });
    const plan = await planDay();
    // 800 ml a unit: the third point (one unit) fits one 1-litre box; the others need four
    expect(plan.unserved.map((u) => u.pickupPointId).sort()).toEqual([day.points[0]!, day.points[1]!].sort());
    expect((await settings({ boxVolumeL: 0 })).status).toBe(400);
    expect((await settings({ boxesPerVehicle: -1 })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/admin/delivery-settings', { token: day.staff })).body).toMatchObject({ boxVolumeL: 1 });
  });
});
