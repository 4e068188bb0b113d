import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateLeg } from '../src/modules/logistics/distance.ts';
import { matrixCache } from '../src/modules/logistics/distance.cache.ts';
import { createStaff } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { type Day, DELIVERY_DATE, buildDay, plan } from './logistics-fixtures.ts';
import { gridMetres, type OsrmDouble, startOsrmDouble } from './doubles/osrm-double.ts';

let t: TestApp;
let day: Day;
let osrm: OsrmDouble;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  osrm = await startOsrmDouble();
});
afterAll(async () => {
  await osrm?.close();
  await t?.close();
});

const settings = (body: unknown, token = day.staff) => t.request('PATCH', '/api/v1/admin/map-settings', { token, body });
const current = async () => (await t.request('GET', '/api/v1/admin/map-settings', { token: day.staff })).body;
const row = () => t.ctx.db.selectFrom('map_settings').selectAll().where('operator_id', '=', day.w.operatorId).executeTakeFirst();
const routesOfDay = async () =>
  (await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: day.staff })).body.items as any[];
const warehouse = { lat: 28.19, lng: 112.96 };

/** The length of warehouse → stops in order → warehouse, by a distance function. */
function tour(
  stops: Array<{ lat: number; lng: number }>,
  leg: (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => number,
) {
  const all = [warehouse, ...stops, warehouse];
  let total = 0;
  for (let i = 1; i < all.length; i++) total += leg(all[i - 1]!, all[i]!);
  return total;
}

describe('map settings', () => {
  it('start on the estimate', async () => {
    expect(await current()).toEqual({
      provider: 'estimate',
      osrmUrl: null,
      amapUrl: null,
      amapKeyMasked: null,
      detourFactor: 1.3,
      speedKmh: 30,
    });
    expect(await row()).toBeUndefined();
  });

  it.each([
    ['a URL that is not one', { provider: 'osrm', osrmUrl: 'not a url' }],
    ['another scheme', { provider: 'osrm', osrmUrl: 'ftp://127.0.0.1:5000' }],
    ['credentials in the URL', { provider: 'osrm', osrmUrl: 'http://user:secret@127.0.0.1:5000' }],
    ['a query in the URL', { provider: 'osrm', osrmUrl: 'http://127.0.0.1:5000/?x=1' }],
    ['a bad AMap URL', { provider: 'amap', amapKey: 'a1b2c3d4e5f6', amapUrl: 'javascript:alert(1)' }],
    ['the masked key sent back', { provider: 'amap', amapKey: '****8f90' }],
    ['a detour factor below 1', { detourFactor: 0.5 }],
    ['a speed of 0', { speedKmh: 0 }],
    ['an unknown provider', { provider: 'google' }],
    ['an unknown field', { provider: 'estimate', apiKey: 'x' }],
  ])('refuse %s with 400 VALIDATION_FAILED and change nothing', async (_what, body) => {
    const before = await current();
    const res = await settings(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await current()).toEqual(before);
    expect(await row()).toBeUndefined();
  });

  it('refuse a provider without its address or key', async () => {
    const osrmless = await settings({ provider: 'osrm' });
    expect(osrmless.status).toBe(400);
    expect(osrmless.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'osrmUrl' } });
    const keyless = await settings({ provider: 'amap', amapUrl: 'https://restapi.amap.com' });
    expect(keyless.status).toBe(400);
    expect(keyless.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'amapKey' } });
    expect(await row()).toBeUndefined();
  });

  it('are for dispatchers and admins', async () => {
    const clerk = await createStaff(t.ctx, day.w.operatorId, ['warehouse']);
    const token = await t.login('staff', clerk.phone);
    expect((await settings({ detourFactor: 1.5 }, token)).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/map-settings', { token })).status).toBe(403);
    const dispatcher = await createStaff(t.ctx, day.w.operatorId, ['dispatcher']);
    const ok = await settings({ detourFactor: 1.3 }, await t.login('staff', dispatcher.phone));
    expect(ok.status).toBe(200);
  });

  it('never send the AMap key back, only its last four characters', async () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const res = await settings({ provider: 'amap', amapKey: key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'amap', amapKeyMasked: '****8f90', amapUrl: null });
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(JSON.stringify(await current())).not.toContain(key);
    expect((await row())!.amap_key).toBe(key);
    // a change of something else keeps the key; back to the estimate keeps it for later too
    expect((await settings({ provider: 'estimate', speedKmh: 25 })).body).toMatchObject({
      provider: 'estimate',
      amapKeyMasked: '****8f90',
    });
    expect((await settings({ amapKey: null, speedKmh: 30 })).body).toMatchObject({ amapKeyMasked: null, speedKmh: 30 });
    // and the amap provider cannot be chosen without one any more
    expect((await settings({ provider: 'amap' })).status).toBe(400);
  });
});

describe('planning on an OSRM server', () => {
  it('takes the distances of the OSRM double, not the estimate', async () => {
    const res = await settings({ provider: 'osrm', osrmUrl: osrm.url });
    expect(res.body).toMatchObject({ provider: 'osrm', osrmUrl: osrm.url });
    osrm.requests = [];
    const { routes, unserved } = await plan(t, day);
    expect(unserved).toEqual([]);
    expect(routes.length).toBeGreaterThan(0);
    expect(osrm.requests.length).toBeGreaterThan(0);
    expect(osrm.requests.every((r) => r.startsWith('/table/v1/driving/'))).toBe(true);
    for (const r of routes) {
      const grid = tour(r.stops, gridMetres);
      expect(Math.abs(r.distanceM - grid)).toBeLessThanOrEqual(1);
      const estimate = tour(r.stops, (a, b) => estimateLeg(a, b).distanceM);
      expect(Math.abs(r.distanceM - estimate)).toBeGreaterThan(10);
    }
  });

  it('plans the same day again without asking OSRM', async () => {
    osrm.requests = [];
    const { routes } = await plan(t, day);
    expect(routes.length).toBeGreaterThan(0);
    expect(osrm.requests).toEqual([]);
  });

  it('re-times an edited route from the same matrices, without asking OSRM', async () => {
    const route = (await routesOfDay()).find((r) => r.stops.length >= 2)!;
    const reversed = route.stops.map((s: any) => s.id).reverse();
    osrm.requests = [];
    const res = await t.request('PUT', `/api/v1/admin/routes/${route.id}/stop-order`, { token: day.staff, body: { stopIds: reversed } });
    expect(res.status).toBe(200);
    expect(osrm.requests).toEqual([]);
    expect(Math.abs(res.body.distanceM - tour(res.body.stops, gridMetres))).toBeLessThanOrEqual(1);
    const [first, second] = res.body.stops;
    // driving from the first stop to the second at the double's 36 km/h, after 10 minutes there (the plan's default service)
    const drive = gridMetres(first, second) / 10;
    expect((Date.parse(second.plannedArrivalAt) - Date.parse(first.plannedArrivalAt)) / 1000).toBeCloseTo(drive + 600, -1);
  });

  it('a failing OSRM is a 502 with its reason, and the day keeps its routes', async () => {
    const before = await routesOfDay();
    matrixCache.clear();
    osrm.failWith = { code: 'NoSegment', message: 'Could not find a matching segment for coordinate 0' };
    try {
      const res = await t.request('POST', '/api/v1/admin/route-plans', {
        token: day.staff,
        body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 },
      });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        code: 'MAP_PROVIDER_FAILED',
        message: 'OSRM: refused the request: NoSegment (Could not find a matching segment for coordinate 0)',
        details: { provider: 'osrm', osrmCode: 'NoSegment' },
      });
      expect(await routesOfDay()).toEqual(before);
    } finally {
      osrm.failWith = null;
    }
  });

  it('back on the estimate, planning asks OSRM nothing', async () => {
    await settings({ provider: 'estimate' });
    osrm.requests = [];
    const { routes } = await plan(t, day);
    expect(osrm.requests).toEqual([]);
    for (const r of routes) expect(Math.abs(r.distanceM - tour(r.stops, (a, b) => estimateLeg(a, b).distanceM))).toBeLessThanOrEqual(1);
  });
});
