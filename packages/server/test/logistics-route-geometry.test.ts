import { haversineMetres } from '@linli/routing';
import { logistics } from '@linli/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { haversineDistance, type LatLng } from '../src/modules/logistics/distance.ts';
import { osrmDistance } from '../src/modules/logistics/distance.osrm.ts';
import { MAX_LINE_POINTS, MAX_WAYPOINTS, roadLine, thin } from '../src/modules/logistics/route.geometry.ts';
import { createStaff, createWorld } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { type Day, buildDay, plan } from './logistics-fixtures.ts';
import { islandKey, type OsrmDouble, startOsrmDouble } from './doubles/osrm-double.ts';

let t: TestApp;
let day: Day;
let osrm: OsrmDouble;
let routes: any[];
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  osrm = await startOsrmDouble();
  routes = (await plan(t, day)).routes;
});
afterAll(async () => {
  await osrm?.close();
  await t?.close();
});
beforeEach(() => {
  osrm.requests = [];
  osrm.islands.clear();
  osrm.failWith = null;
});

const warehouse = { lat: 28.19, lng: 112.96 };
const settings = (body: unknown) => t.request('PATCH', '/api/v1/admin/map-settings', { token: day.staff, body });
const geometry = (id: string, token = day.staff) => t.request('GET', `/api/v1/admin/routes/${id}/geometry`, { token });
const metres = (a: LatLng, b: [number, number]) => haversineMetres({ lat: a.lat, lon: a.lng }, { lat: b[0], lon: b[1] });
/** The index of the line's point nearest to p from index `from` on, and how far it is. */
function nearest(line: Array<[number, number]>, p: LatLng, from = 0) {
  let best = { index: -1, m: Number.POSITIVE_INFINITY };
  for (let index = from; index < line.length; index++) {
    const m = metres(p, line[index]!);
    if (m < best.m) best = { index, m };
  }
  return best;
}

describe('the geometry of a route', () => {
  it('is the straight line warehouse → stops → warehouse on the estimate, asking OSRM nothing', async () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      const res = await geometry(r.id);
      expect(res.status).toBe(200);
      expect(logistics.RouteGeometry.parse(res.body)).toEqual({
        routeId: r.id,
        source: 'straight',
        points: [[warehouse.lat, warehouse.lng], ...r.stops.map((s: any) => [s.lat, s.lng]), [warehouse.lat, warehouse.lng]],
      });
    }
    expect(osrm.requests).toEqual([]);
  });

  it('follows the roads of the OSRM server, from the warehouse through each stop in order and back', async () => {
    expect((await settings({ provider: 'osrm', osrmUrl: osrm.url })).status).toBe(200);
    for (const r of routes) {
      const res = await geometry(r.id);
      expect(res.status).toBe(200);
      const body = logistics.RouteGeometry.parse(res.body);
      expect(body).toMatchObject({ routeId: r.id, source: 'road' });
      const line = body.points;
      expect(metres(warehouse, line[0]!)).toBeLessThan(1);
      expect(metres(warehouse, line.at(-1)!)).toBeLessThan(1);
      // each stop in driving order: searched for from where the line passed the one before
      let last = 0;
      for (const s of r.stops) {
        const near = nearest(line, s, last);
        expect(near.m).toBeLessThan(5);
        last = near.index;
      }
      // the double's street grid turns a corner between points: more than the straight line's points
      expect(line.length).toBeGreaterThan(r.stops.length + 2);
    }
    expect(osrm.requests.length).toBe(routes.length);
    expect(osrm.requests.every((u) => u.startsWith('/route/v1/driving/') && u.includes('geometries=geojson'))).toBe(true);
  });

  it('is straight where OSRM finds no road to a stop', async () => {
    const r = routes[0];
    osrm.islands.add(islandKey(r.stops[0]));
    const res = await geometry(r.id);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('straight');
    expect(res.body.points).toHaveLength(r.stops.length + 2);
  });

  it('is the 502 of a failing OSRM server, never a 500', async () => {
    osrm.failWith = { code: 'NoSegment', message: 'Could not find a matching segment for coordinate 0' };
    const res = await geometry(routes[0].id);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'MAP_PROVIDER_FAILED', details: { provider: 'osrm', osrmCode: 'NoSegment' } });
  });

  it('is for warehouse staff and dispatchers of the route’s operator', async () => {
    const clerk = await createStaff(t.ctx, day.w.operatorId, ['warehouse']);
    expect((await geometry(routes[0].id, await t.login('staff', clerk.phone))).status).toBe(200);
    const support = await createStaff(t.ctx, day.w.operatorId, ['support']);
    expect((await geometry(routes[0].id, await t.login('staff', support.phone))).status).toBe(403);

    const unknown = await geometry('rte_unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');

    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 1, residents: 0 });
    const stranger = await t.login('staff', other.adminPhone, 'other-op');
    osrm.requests = [];
    const res = await geometry(routes[0].id, stranger);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(osrm.requests).toEqual([]);
  });
});

describe('the road line of a long trip', () => {
  const around = (n: number): LatLng[] =>
    Array.from({ length: n }, (_, i) => ({
      lat: warehouse.lat + 0.0003 * (1 + (i % 37)),
      lng: warehouse.lng + 0.0004 * Math.floor(i / 37),
    }));

  it(`is asked in pieces of at most ${MAX_WAYPOINTS} waypoints, each from where the last ended, and joined`, async () => {
    const points = [warehouse, ...around(250), warehouse];
    const line = await roadLine(osrmDistance({ baseUrl: osrm.url }), points);
    expect(osrm.requests).toHaveLength(Math.ceil((points.length - 1) / (MAX_WAYPOINTS - 1)));
    const pieces = osrm.requests.map((u) => new URL(u, osrm.url).pathname.split('/').at(-1)!.split(';'));
    expect(pieces.every((p) => p.length <= MAX_WAYPOINTS)).toBe(true);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]![0]).toBe(pieces[i - 1]!.at(-1));
    expect(line).not.toBeNull();
    // every waypoint on the line, in order; no point twice in a row where the pieces meet
    let last = 0;
    for (const p of points) {
      const near = nearest(line!, p, last);
      expect(near.m).toBeLessThan(1);
      last = near.index;
    }
    expect(line!.some((p, i) => i > 0 && p[0] === line![i - 1]![0] && p[1] === line![i - 1]![1])).toBe(false);
  });

  it('is null without road geometry (the estimate) or without two distinct points', async () => {
    expect(await roadLine(haversineDistance(), [warehouse, ...around(3), warehouse])).toBeNull();
    expect(await roadLine(osrmDistance({ baseUrl: osrm.url }), [warehouse, warehouse])).toBeNull();
    expect(osrm.requests).toEqual([]);
  });

  it(`is thinned to ${MAX_LINE_POINTS} points, the first and the last kept`, () => {
    const line = Array.from({ length: 12_345 }, (_, i): [number, number] => [28 + i / 1e5, 112 + i / 1e5]);
    const thinned = thin(line);
    expect(thinned).toHaveLength(MAX_LINE_POINTS);
    expect(thinned[0]).toEqual(line[0]);
    expect(thinned.at(-1)).toEqual(line.at(-1));
    // evenly: no gap between kept points more than one step wider than the others
    const gaps = thinned.slice(1).map((p, i) => Math.round((p[0] - thinned[i]![0]) * 1e5));
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(thin(line.slice(0, 10))).toEqual(line.slice(0, 10));
  });
});
