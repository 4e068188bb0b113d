/**
 * The dispatch map draws each route along the roads when the operator's map provider is OSRM
 * (GET admin/map-settings, which dispatchers and admins may read), from the route's geometry;
 * straight lines otherwise, while a line loads, or when it cannot be had.
 */
import { logistics } from '@linli/contracts';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, type Call, renderSection, stubApi } from './admin-sections-harness.tsx';
import { drivers, route, vehicleType, warehouse } from './admin-ops-fixtures.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { routeMapData } from '../src/areas/admin/dispatch/RoutesMap.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const routes = [route(1, 2), route(2, 3), route(3, 1, { status: 'cancelled' })];
const mapSettings = (provider: 'estimate' | 'osrm' | 'amap') =>
  logistics.MapSettings.parse({
    provider,
    osrmUrl: provider === 'osrm' ? 'http://127.0.0.1:5000' : null,
    amapUrl: null,
    amapKeyMasked: provider === 'amap' ? '****8f90' : null,
    detourFactor: 1.3,
    speedKmh: 30,
  });
/** A road line: the straight line with a corner between each pair of points. */
function roadOf(id: string) {
  const r = routes.find((x) => x.id === id)!;
  const straight: [number, number][] = [[warehouse.lat, warehouse.lng], ...r.stops.map((s): [number, number] => [s.lat, s.lng])];
  straight.push(straight[0]!);
  const points = straight.flatMap((p, i) => (i === 0 ? [p] : [[straight[i - 1]![0], p[1]] as [number, number], p]));
  return logistics.RouteGeometry.parse({ routeId: id, source: 'road', points });
}

function api(settings: (call: Call) => unknown, geometry: (call: Call) => unknown = ({ path }) => roadOf(path.split('/')[2]!)) {
  return stubApi({
    'GET admin/warehouses': () => ({ items: [warehouse] }),
    'GET admin/vehicle-types': () => ({ items: [vehicleType] }),
    'GET admin/carriers': () => ({ items: [] }),
    'GET admin/drivers': () => ({ items: drivers }),
    'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
    'GET admin/routes': () => ({ items: routes, unrouted: [] }),
    'GET admin/unrouted-points': () => ({ deliveryDate: '2026-11-23', items: [] }),
    'GET admin/map-settings': settings,
    'GET admin/routes/rte_1/geometry': geometry,
    'GET admin/routes/rte_2/geometry': geometry,
    'GET admin/routes/rte_3/geometry': geometry,
  });
}

const geometryCalls = (calls: Call[]) =>
  calls
    .filter((c) => c.path.endsWith('/geometry'))
    .map((c) => c.path)
    .sort();
const settingsCalls = (calls: Call[]) => calls.filter((c) => c.path === 'admin/map-settings').length;
/** The map's note on how its lines are drawn, once the routes are on it. */
async function linesNote() {
  await waitFor(() => expect(screen.getByTestId('route-map').dataset.points).toBe('6'), { timeout: 15_000 });
  return screen.findByTestId('route-map-lines');
}

// The dispatch page and its map load lazily: slow on a busy machine, so the waits are long.
describe('the lines of the dispatch map', { timeout: 30_000 }, () => {
  it('are the road lines of the shown routes when the provider is OSRM', async () => {
    const calls = api(() => mapSettings('osrm'));
    renderSection('dispatch', <DispatchPage />);
    // The first render loads the dispatch page and its map: slow on a busy machine.
    await waitFor(async () => expect((await linesNote()).dataset.source).toBe('road'), { timeout: 15_000 });
    expect((await linesNote()).textContent).toBe('线路按 OSRM 道路绘制');
    // a cancelled route is not drawn: its line is not asked for
    expect(geometryCalls(calls)).toEqual(['admin/routes/rte_1/geometry', 'admin/routes/rte_2/geometry']);
    expect(settingsCalls(calls)).toBe(1);
  });

  it.each(['estimate', 'amap'] as const)('are straight, asking for no geometry, when the provider is %s', async (provider) => {
    const calls = api(() => mapSettings(provider));
    renderSection('dispatch', <DispatchPage />);
    await waitFor(() => expect(settingsCalls(calls)).toBe(1));
    const note = await linesNote();
    expect(note.dataset.source).toBe('straight');
    expect(note.textContent).toBe('线路以直线示意');
    expect(geometryCalls(calls)).toEqual([]);
  });

  it('are straight for warehouse staff, who may not read the map settings (and so do not ask)', async () => {
    await asStaff(['warehouse'], async () => {
      const calls = api(() => mapSettings('osrm'));
      renderSection('dispatch', <DispatchPage />);
      expect((await linesNote()).dataset.source).toBe('straight');
      expect(settingsCalls(calls)).toBe(0);
      expect(geometryCalls(calls)).toEqual([]);
    });
  });

  it('are straight when the map settings are refused', async () => {
    const calls = api(() => ({ status: 403, body: { code: 'FORBIDDEN', message: 'dispatchers only' } }));
    renderSection('dispatch', <DispatchPage />);
    await waitFor(() => expect(settingsCalls(calls)).toBe(1));
    expect((await linesNote()).dataset.source).toBe('straight');
    expect(geometryCalls(calls)).toEqual([]);
  });

  it('stay straight when OSRM fails or finds no road', async () => {
    const calls = api(
      () => mapSettings('osrm'),
      ({ path }) =>
        path.includes('rte_1')
          ? { status: 502, body: { code: 'MAP_PROVIDER_FAILED', message: 'OSRM: no answer within 15000 ms' } }
          : logistics.RouteGeometry.parse({ routeId: 'rte_2', source: 'straight', points: [[28.19, 113.2]] }),
    );
    renderSection('dispatch', <DispatchPage />);
    await waitFor(() => expect(geometryCalls(calls)).toHaveLength(2));
    // let both answers land
    await new Promise((r) => setTimeout(r, 50));
    expect((await linesNote()).dataset.source).toBe('straight');
  });
});

describe('the map data', () => {
  it('takes a route’s road line where there is one, the straight line elsewhere', () => {
    const labels = { route: (n: number) => `线路 ${n}`, warehouse: '仓库', mark: '仓' };
    const road = roadOf('rte_2').points;
    const { lines } = routeMapData(routes, warehouse, null, labels, new Map([['rte_2', road]]));
    expect(lines.find((l) => l.id === 'rte_2')?.path).toEqual(road);
    expect(lines.find((l) => l.id === 'rte_1')?.path).toEqual([
      [warehouse.lat, warehouse.lng],
      ...routes[0]!.stops.map((s) => [s.lat, s.lng]),
      [warehouse.lat, warehouse.lng],
    ]);
    expect(lines.map((l) => l.id)).toEqual(['rte_1', 'rte_2']);
  });
});
