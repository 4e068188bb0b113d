import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temperatureClassesOf } from '../src/modules/logistics/logistics.rules.ts';
import { type Day, DELIVERY_DATE, buildDay, plan } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let day: Day;
let route: any;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  const { routes } = await plan(t, day);
  route = routes[0];
  const res = await t.request('POST', `/api/v1/admin/routes/${route.id}/publish`, {
    token: day.staff,
    body: { driverId: day.drivers[0]!.id },
  });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

const leaderOf = (pickupPointId: string) => day.w.leaders.find((l) => l.pickupPointId === pickupPointId)!;
const mine = async () => {
  const res = await t.request('GET', `/api/v1/driver/routes?date=${DELIVERY_DATE}`, { token: day.drivers[0]!.token });
  expect(res.status).toBe(200);
  return res.body.items as any[];
};

describe('what the driver sees at a stop', () => {
  it('names the vehicle type and, at each stop, the leader to call and the temperature classes to hand over', async () => {
    const [mineRoute] = await mine();
    expect(mineRoute).toMatchObject({ id: route.id, vehicleTypeId: day.vanId, vehicleTypeName: '面包车' });
    expect(mineRoute.stops.length).toBeGreaterThan(0);
    for (const stop of mineRoute.stops) {
      const leader = await t.ctx.db
        .selectFrom('leaders')
        .select(['name', 'phone'])
        .where('id', '=', leaderOf(stop.pickupPointId).id)
        .executeTakeFirstOrThrow();
      expect(stop).toMatchObject({ leaderName: leader.name, leaderPhone: leader.phone, temperatureClasses: ['ambient'] });
    }
    const one = await t.request('GET', `/api/v1/driver/routes/${route.id}`, { token: day.drivers[0]!.token });
    expect(one.body).toEqual(mineRoute);
  });

  it('follows the goods: the classes are those of the products handed over', async () => {
    const staff = await t.login('staff', day.w.adminPhone);
    const res = await t.request('PATCH', `/api/v1/admin/products/${day.w.productId}`, {
      token: staff,
      body: { temperatureClass: 'frozen' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [mineRoute] = await mine();
    for (const stop of mineRoute.stops) expect(stop.temperatureClasses).toEqual(['frozen']);
  });

  it('gives the dispatcher the same fields on the admin routes', async () => {
    const res = await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff });
    expect(res.status).toBe(200);
    for (const r of res.body.items) {
      expect(typeof r.vehicleTypeName).toBe('string');
      for (const stop of r.stops) {
        expect(stop.leaderPhone).toBe(leaderOf(stop.pickupPointId).phone);
        expect(stop.temperatureClasses).toEqual(['frozen']);
      }
    }
  });

  it('lists each class once, ambient to frozen', () => {
    expect(temperatureClassesOf(['frozen', 'ambient', 'frozen', 'chilled'])).toEqual(['ambient', 'chilled', 'frozen']);
    expect(temperatureClassesOf([])).toEqual([]);
  });
});

describe('tomorrow ahead of time', () => {
  it("shows the driver and the leader tomorrow's route when asked for its date, today's by default", async () => {
    const driver = day.drivers[0]!.token;
    const stop = route.stops[0];
    const leader = await t.login('leader', leaderOf(stop.pickupPointId).phone);
    // 10:00 on 11-20 in Shanghai: the route published for 11-21 is tomorrow's
    expect((await t.request('GET', '/api/v1/driver/routes', { token: driver })).body.items).toEqual([]);
    expect((await t.request('GET', '/api/v1/leader/deliveries', { token: leader })).body.items).toEqual([]);
    const tomorrow = await t.request('GET', `/api/v1/driver/routes?date=${DELIVERY_DATE}`, { token: driver });
    expect(tomorrow.body.items.map((r: { id: string }) => r.id)).toEqual([route.id]);
    const handover = await t.request('GET', `/api/v1/leader/deliveries?date=${DELIVERY_DATE}`, { token: leader });
    expect(handover.status).toBe(200);
    expect(handover.body.items).toContainEqual(expect.objectContaining({ routeId: route.id, deliveryDate: DELIVERY_DATE }));
  });

  it('refuses a date that is not a calendar date', async () => {
    const leader = await t.login('leader', day.w.leaders[0]!.phone);
    for (const date of ['2026-02-30', '2026-13-01', 'tomorrow', '']) {
      for (const [url, token] of [
        [`/api/v1/driver/routes?date=${date}`, day.drivers[0]!.token],
        [`/api/v1/leader/deliveries?date=${date}`, leader],
      ] as const) {
        const res = await t.request('GET', url, { token });
        expect([res.status, res.body.code], url).toEqual([400, 'VALIDATION_FAILED']);
      }
    }
  });
});
