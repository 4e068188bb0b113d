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

const call = async (method: string, url: string, body?: unknown) => {
  const res = await t.request(method, url, { token: day.staff, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const minute = 60_000;

describe("drivers' breaks", () => {
  it('plans no break until the operator sets one', async () => {
    expect((await call('GET', '/api/v1/admin/delivery-settings')).driverBreak).toEqual({ minutes: 0, fromMinutes: 180, untilMinutes: 240 });
    const plan = await call('POST', '/api/v1/admin/route-plans', {
      warehouseId: day.warehouseId,
      deliveryDate: DELIVERY_DATE,
      maxIterations: 200,
    });
    for (const r of plan.routes) expect(r.driverBreak).toBeNull();
  });

  it('refuses a break window that closes before it opens, changing nothing', async () => {
    const res = await t.request('PATCH', '/api/v1/admin/delivery-settings', {
      token: day.staff,
      body: { driverBreak: { minutes: 20, fromMinutes: 60, untilMinutes: 30 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((await call('GET', '/api/v1/admin/delivery-settings')).driverBreak.minutes).toBe(0);
  });

  it('gives every driver still out in the window a break in it, and times the stops after it', async () => {
    const rule = { minutes: 30, fromMinutes: 15, untilMinutes: 25 };
    expect((await call('PATCH', '/api/v1/admin/delivery-settings', { driverBreak: rule })).driverBreak).toEqual(rule);
    const plan = await call('POST', '/api/v1/admin/route-plans', {
      warehouseId: day.warehouseId,
      deliveryDate: DELIVERY_DATE,
      departure: '05:00',
      maxIterations: 200,
    });
    expect(plan.unserved).toEqual([]);
    const departure = Date.parse(`${DELIVERY_DATE}T05:00:00+08:00`);
    let rests = 0;
    for (const r of plan.routes) {
      const last = Date.parse(r.stops.at(-1).plannedArrivalAt);
      if (!r.driverBreak) {
        // Only a trip back before the window closes goes without (its last stop is before then).
        expect(last).toBeLessThanOrEqual(departure + rule.untilMinutes * minute);
        continue;
      }
      rests++;
      const at = Date.parse(r.driverBreak.at);
      expect(r.driverBreak.minutes).toBe(30);
      expect(at).toBeGreaterThanOrEqual(departure + rule.fromMinutes * minute);
      expect(at).toBeLessThanOrEqual(departure + rule.untilMinutes * minute);
      // No stop is served during the break: each is before it starts or after it ends.
      for (const s of r.stops) {
        const when = Date.parse(s.plannedArrivalAt);
        expect(when <= at || when >= at + 30 * minute, `${s.plannedArrivalAt} during the break at ${r.driverBreak.at}`).toBe(true);
      }
    }
    expect(rests).toBeGreaterThan(0);
  });

  it('keeps the break when the dispatcher reorders the stops, timing the stops after it later', async () => {
    const routes = (await call('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`)).items as any[];
    const route = routes.find((r) => r.driverBreak && r.stops.length >= 2 && r.status === 'draft');
    expect(route).toBeDefined();
    const reordered = await call('PUT', `/api/v1/admin/routes/${route.id}/stop-order`, {
      stopIds: route.stops.map((s: any) => s.id).reverse(),
    });
    expect(reordered.driverBreak.minutes).toBe(30);
    const at = Date.parse(reordered.driverBreak.at);
    for (const s of reordered.stops) {
      const when = Date.parse(s.plannedArrivalAt);
      expect(
        when <= at - 10 * minute || when >= at + 30 * minute,
        `${s.plannedArrivalAt} overlaps the break at ${reordered.driverBreak.at}`,
      ).toBe(true);
    }
  });
});
