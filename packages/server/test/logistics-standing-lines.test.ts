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

const call = async (method: string, url: string, body?: unknown, status = 200) => {
  const res = await t.request(method, url, { token: day.staff, body });
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};
const planDay = async () =>
  (await call('POST', '/api/v1/admin/route-plans', { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 })) as {
    routes: any[];
    unserved: any[];
    lineChanges: any[];
  };
const lines = async () => (await call('GET', `/api/v1/admin/standing-lines?warehouseId=${day.warehouseId}`)).items as any[];
const pointsOf = (route: any) => route.stops.map((s: any) => s.pickupPointId);

describe('standing lines', () => {
  it('refuses to save lines from a date without routes, changing nothing', async () => {
    const res = await t.request('POST', '/api/v1/admin/standing-lines/from-routes', {
      token: day.staff,
      body: { warehouseId: day.warehouseId, deliveryDate: '2026-12-24' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVALID_STATE');
    const bad = await t.request('POST', '/api/v1/admin/standing-lines/from-routes', {
      token: day.staff,
      body: { warehouseId: day.warehouseId },
    });
    expect(bad.status).toBe(400);
    expect(await lines()).toEqual([]);
  });

  it("saves a day's routes as lines, one per vehicle with the driver its routes went to", async () => {
    const plan = await planDay();
    expect(plan.unserved).toEqual([]);
    expect(plan.lineChanges).toEqual([]);
    const vans = plan.routes.filter((r) => r.vehicleTypeId === day.vanId);
    expect(vans.length).toBe(2);
    const [driver] = day.drivers;
    await call('POST', `/api/v1/admin/routes/${vans[0]!.id}/publish`, { driverId: driver!.id });

    const saved = (
      await call('POST', '/api/v1/admin/standing-lines/from-routes', { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE })
    ).items as any[];
    expect(saved.map((l) => l.name)).toEqual(['L01', 'L02']);
    const withDriver = saved.find((l) => l.driverId === driver!.id)!;
    expect(withDriver.points.map((p: any) => p.pickupPointId)).toEqual(pointsOf(vans[0]));
    expect(withDriver.vehicleTypeId).toBe(day.vanId);
    expect(saved.flatMap((l) => l.points.map((p: any) => p.pickupPointId)).sort()).toEqual([...day.points].sort());
    const listed = (await call('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`)).items as any[];
    expect(listed.find((r) => r.id === vans[0]!.id)).toMatchObject({ standingLineId: withDriver.id, standingLineName: withDriver.name });
    await call('POST', `/api/v1/admin/routes/${vans[0]!.id}/cancel`);
  });

  it('plans the next time with every point on its line, proposing the line driver', async () => {
    const saved = await lines();
    const plan = await planDay();
    expect(plan.lineChanges).toEqual([]);
    for (const line of saved) {
      const route = plan.routes.find((r) => r.standingLineId === line.id)!;
      expect(route).toBeDefined();
      expect(route.vehicleTypeId).toBe(line.vehicleTypeId);
      expect(route.lineDriverId).toBe(line.driverId);
      expect([...pointsOf(route)].sort()).toEqual(line.points.map((p: any) => p.pickupPointId).sort());
      for (const s of route.stops) expect(s.lineChange).toBeNull();
    }
  });

  it('moves the points of a line whose vehicle is not available, and says so on the plan and the stops', async () => {
    const saved = await lines();
    await call('PATCH', `/api/v1/admin/vehicle-types/${day.vanId}`, { availableCount: 1 });
    try {
      const plan = await planDay();
      expect(plan.unserved).toEqual([]);
      // Lines get vehicles in name order: L01 keeps its van, L02's points go on the carrier's truck.
      const [first, second] = saved;
      const kept = plan.routes.find((r) => r.standingLineId === first.id)!;
      expect([...pointsOf(kept)].sort()).toEqual(first.points.map((p: any) => p.pickupPointId).sort());
      const moved = second.points.map((p: any) => p.pickupPointId);
      expect(plan.lineChanges.map((c) => [c.pickupPointId, c.lineId, c.code]).sort()).toEqual(
        moved.map((p: string) => [p, second.id, 'no_vehicle']).sort(),
      );
      const stops = plan.routes.flatMap((r) => r.stops);
      for (const p of moved) expect(stops.find((s) => s.pickupPointId === p).lineChange).toBe('no_vehicle');
    } finally {
      await call('PATCH', `/api/v1/admin/vehicle-types/${day.vanId}`, { availableCount: 2 });
    }
  });

  it('reports every point of a line whose vehicle type is retired as moved for want of a vehicle', async () => {
    const saved = await lines();
    await call('PATCH', `/api/v1/admin/vehicle-types/${day.vanId}`, { active: false });
    try {
      const plan = await planDay();
      expect(plan.unserved).toEqual([]);
      const onLines = saved.flatMap((l) => l.points.map((p: any) => [p.pickupPointId, l.id, 'no_vehicle']));
      expect(plan.lineChanges.map((c) => [c.pickupPointId, c.lineId, c.code]).sort()).toEqual(onLines.sort());
    } finally {
      await call('PATCH', `/api/v1/admin/vehicle-types/${day.vanId}`, { active: true });
    }
  });

  it('renames a line and changes its driver; refuses a name taken and an unknown driver, changing nothing', async () => {
    const [first, second] = await lines();
    const renamed = await call('PATCH', `/api/v1/admin/standing-lines/${first.id}`, { name: '东线', driverId: day.drivers[1]!.id });
    expect(renamed).toMatchObject({ name: '东线', driverId: day.drivers[1]!.id });
    const taken = await t.request('PATCH', `/api/v1/admin/standing-lines/${second.id}`, { token: day.staff, body: { name: '东线' } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CONFLICT');
    const nobody = await t.request('PATCH', `/api/v1/admin/standing-lines/${second.id}`, {
      token: day.staff,
      body: { driverId: 'drv_nobody' },
    });
    expect(nobody.status).toBe(404);
    const empty = await t.request('PATCH', `/api/v1/admin/standing-lines/${second.id}`, { token: day.staff, body: { name: '  ' } });
    expect(empty.status).toBe(400);
    expect((await lines()).find((l) => l.id === second.id)).toMatchObject({ name: second.name, driverId: second.driverId });
  });

  it("keeps a line's name when its routes are saved again, and removes a line on request", async () => {
    const before = await lines();
    // The day planned again with both vans: each line's routes are its vehicle's.
    expect((await planDay()).lineChanges).toEqual([]);
    const again = (
      await call('POST', '/api/v1/admin/standing-lines/from-routes', { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE })
    ).items as any[];
    expect(again.map((l) => l.id).sort()).toEqual(before.map((l) => l.id).sort());
    expect(again.map((l) => l.name).sort()).toEqual(before.map((l) => l.name).sort());
    await call('DELETE', `/api/v1/admin/standing-lines/${again[0].id}`, undefined, 204);
    expect((await lines()).map((l) => l.id)).toEqual([again[1].id]);
    const missing = await t.request('DELETE', `/api/v1/admin/standing-lines/${again[0].id}`, { token: day.staff });
    expect(missing.status).toBe(404);
  });

  it('sets the change cost in the delivery settings, refusing a negative one', async () => {
    expect((await call('GET', '/api/v1/admin/delivery-settings')).lineChangeCostFen).toBe(2000);
    expect((await call('PATCH', '/api/v1/admin/delivery-settings', { lineChangeCostFen: 500 })).lineChangeCostFen).toBe(500);
    const bad = await t.request('PATCH', '/api/v1/admin/delivery-settings', { token: day.staff, body: { lineChangeCostFen: -1 } });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/api/v1/admin/delivery-settings')).lineChangeCostFen).toBe(500);
  });
});
