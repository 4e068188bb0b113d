/**
 * Vehicles that make several trips a day: the trips per vehicle on the dispatch timeline, the
 * vehicle and trip on the route list and detail, publishing a vehicle's trips together, the
 * fleet's trips per vehicle and reload time, and the driver's trips of the day.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import { drivers, route, stop, vehicleType, warehouse } from './admin-ops-fixtures.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { proposeDrivers } from '../src/areas/admin/dispatch/PublishAllModal.tsx';
import { hourTicks, timelineRows } from '../src/areas/admin/dispatch/TripTimeline.tsx';
import { driverLocales } from '../src/areas/driver/locales.ts';
import { RoutesPage } from '../src/areas/driver/RoutesPage.tsx';
import { addNamespace } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';

beforeAll(() => addNamespace('driver', driverLocales));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 10, 22, hh, mm)).toISOString();
/** A trip of vehicle 1: its stops planned 15 minutes apart from 20 minutes after it leaves. */
function trip(routeNo: number, tripNo: number, stops: number, departure: [number, number], extra = {}) {
  const leaves = Date.UTC(2026, 10, 22, ...departure);
  return route(routeNo, stops, {
    vehicleNo: 1,
    tripNo,
    departureAt: new Date(leaves).toISOString(),
    stops: Array.from({ length: stops }, (_, i) =>
      stop(routeNo, i + 1, { plannedArrivalAt: new Date(leaves + (20 + i * 15) * 60_000).toISOString() }),
    ),
    ...extra,
  });
}

// 05:00 and 07:00 in Shanghai: vehicle 1 makes two trips; route 3 (planned before) is its own vehicle.
const first = trip(1, 1, 2, [21, 0], { insulatedBoxes: 2 });
const second = trip(2, 2, 3, [23, 0]);
const single = route(3, 2);

const fleet = (routes: () => unknown, extra: Record<string, (call: { body: unknown }) => unknown> = {}) => ({
  'GET admin/warehouses': () => ({ items: [warehouse] }),
  'GET admin/vehicle-types': () => ({ items: [vehicleType] }),
  'GET admin/carriers': () => ({ items: [] }),
  'GET admin/drivers': () => ({ items: drivers }),
  'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
  'GET admin/routes': routes,
  'GET admin/unrouted-points': () => ({ deliveryDate: '2026-11-23', items: [] }),
  ...extra,
});

describe('the trips per vehicle', () => {
  it('puts the trips of one vehicle on one row, in trip order, a route planned before on its own, the axis on whole hours', () => {
    const { rows, from, to } = timelineRows([second, single, first]);
    expect(rows.map((r) => [r.key, r.trips.map((x) => x.route.id)])).toEqual([
      ['vehicle-wh_1-1', ['rte_1', 'rte_2']],
      ['rte_3', ['rte_3']],
    ]);
    // 21:00Z (05:00) to the last stop of trip 2 at 23:50Z, rounded up to 00:00Z (08:00)
    expect([new Date(from).toISOString(), new Date(to).toISOString()]).toEqual([at(21, 0), '2026-11-23T00:00:00.000Z']);
    expect(hourTicks(from, to)).toHaveLength(4);
    expect(rows[0]?.trips[0]?.end).toBe(Date.parse(at(21, 35)));
  });

  it('keeps a vehicle with a published trip on its driver when proposing drivers for the other trips', () => {
    const routes = [{ ...first, status: 'published' as const, driverId: 'drv_2' }, second, single];
    expect(proposeDrivers(routes, drivers)).toEqual({ rte_2: 'drv_2', rte_3: 'drv_1' });
    expect(proposeDrivers([first, second, single], drivers)).toEqual({ rte_1: 'drv_1', rte_2: 'drv_1', rte_3: 'drv_2' });
  });
});

describe('the dispatch timeline', () => {
  it('shows the trips of one vehicle on one row with the reload between them, and opens a trip on click', async () => {
    stubApi(fleet(() => ({ items: [first, second, single], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />);
    const rows = await screen.findAllByTestId('route-row');
    expect(rows[1]?.textContent).toContain('车辆 1 · 第 2 趟');
    expect(rows[2]?.textContent).not.toContain('车辆');

    await act(async () => fireEvent.click(screen.getByTestId('view-timeline')));
    const timeline = await screen.findByTestId('trip-timeline');
    const vehicles = within(timeline).getAllByTestId('timeline-vehicle');
    expect(vehicles).toHaveLength(2);
    expect(within(vehicles[0]!).getByTestId('timeline-vehicle-label').textContent).toBe('车辆 1 · 冷冻车 3.8 米 · 未指派司机');
    const bars = within(vehicles[0]!).getAllByTestId('timeline-trip');
    expect(bars.map((b) => b.dataset.routeId)).toEqual(['rte_1', 'rte_2']);
    expect(bars[0]?.textContent).toBe('第 1 趟 · 线路 1 · 2 站 · 2/80 筐 · 保温箱 2 个');
    expect(bars[1]?.textContent).toBe('第 2 趟 · 线路 2 · 3 站 · 3/80 筐');
    expect(bars.map((b) => b.dataset.status)).toEqual(['draft', 'draft']);
    expect(within(vehicles[0]!).getAllByTestId('timeline-reload')).toHaveLength(1);
    expect(within(vehicles[1]!).queryByTestId('timeline-reload')).toBeNull();
    expect(timeline.textContent).toContain('05:00');
    expect(timeline.textContent).toContain('08:00');

    fireEvent.click(bars[1]!);
    const detail = await screen.findByTestId('route-detail');
    expect(within(detail).getByTestId('route-detail-trip').textContent).toBe('车辆 1 · 第 2 趟');
    expect(bars[1]?.getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps the timeline view in the URL', async () => {
    stubApi(fleet(() => ({ items: [first, second], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, '/dispatch?view=timeline');
    expect(await screen.findAllByTestId('timeline-trip')).toHaveLength(2);
    expect(screen.queryByTestId('route-row')).toBeNull();
  });
});

describe("publishing a vehicle's trips", () => {
  it("publishes the vehicle's other draft trips to the same driver, says which failed, and publishes what is left when asked again", async () => {
    const routes = [first, second, { ...single, status: 'published' as const, driverId: 'drv_2' }];
    let refuse = true;
    const published = (i: number, body: unknown) => {
      routes[i] = { ...routes[i]!, status: 'published', driverId: (body as { driverId: string }).driverId };
      return routes[i];
    };
    const calls = stubApi(
      fleet(() => ({ items: routes, unrouted: [] }), {
        'POST admin/routes/rte_1/publish': ({ body }) => published(0, body),
        'POST admin/routes/rte_2/publish': ({ body }) =>
          refuse ? { status: 409, body: { code: 'CONFLICT', message: 'x', details: { field: 'driverId' } } } : published(1, body),
      }),
    );
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    fireEvent.click(within(await screen.findByTestId('route-detail')).getByTestId('route-publish'));
    const together = (await screen.findByTestId('publish-trips')).closest('label') as HTMLElement;
    expect(together.textContent).toBe('同时把这辆车的其他草稿趟次（线路 2 · 第 2 趟）发布给同一司机');
    expect((within(together).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    fireEvent.mouseDown(within(screen.getByTestId('publish-driver')).getByRole('combobox'));
    // drv_2 drives another vehicle that day: offered, but not to choose
    expect((await screen.findByTitle('王立新 13600000001 · 当天已有线路')).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(await screen.findByTitle('卢静 13600000000'));
    await act(async () => fireEvent.click(screen.getByTestId('publish-confirm')));

    const failure = await screen.findByTestId('publish-trip-error');
    expect(failure.textContent).toBe('线路 2：该司机当天已有线路');
    const posts = () => calls.filter((c) => c.path.endsWith('/publish')).map((c) => [c.path, logistics.PublishRoute.parse(c.body)]);
    expect(posts()).toEqual([
      ['admin/routes/rte_1/publish', { driverId: 'drv_1' }],
      ['admin/routes/rte_2/publish', { driverId: 'drv_1' }],
    ]);

    // Asked again: the first trip is published now, only the second is sent.
    refuse = false;
    await waitFor(() => expect(screen.queryByTestId('route-publish')).toBeNull());
    await act(async () => fireEvent.click(screen.getByTestId('publish-confirm')));
    expect(await screen.findByText('已发布给司机')).toBeTruthy();
    expect(posts().slice(2)).toEqual([['admin/routes/rte_2/publish', { driverId: 'drv_1' }]]);
  });

  it('offers no box for a route planned as its own vehicle', async () => {
    stubApi(fleet(() => ({ items: [first, second, single], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[2]!);
    fireEvent.click(within(await screen.findByTestId('route-detail')).getByTestId('route-publish'));
    await screen.findByTestId('publish-driver');
    expect(screen.queryByTestId('publish-trips')).toBeNull();
  });

  it('publishes this trip alone when the box is cleared', async () => {
    const calls = stubApi(
      fleet(() => ({ items: [first, second, single], unrouted: [] }), {
        'POST admin/routes/rte_1/publish': ({ body }) => ({
          ...first,
          status: 'published',
          driverId: (body as { driverId: string }).driverId,
        }),
      }),
    );
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    fireEvent.click(within(await screen.findByTestId('route-detail')).getByTestId('route-publish'));
    const together = (await screen.findByTestId('publish-trips')).closest('label') as HTMLElement;
    fireEvent.click(within(together).getByRole('checkbox'));
    fireEvent.mouseDown(within(screen.getByTestId('publish-driver')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('卢静 13600000000'));
    await act(async () => fireEvent.click(screen.getByTestId('publish-confirm')));
    expect(await screen.findByText('已发布给司机')).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/publish')).map((c) => c.path)).toEqual(['admin/routes/rte_1/publish']);
  });
});

describe('the fleet setup', () => {
  it('shows and sends the trips per vehicle and the warehouse reload time', async () => {
    const calls = stubApi({
      ...fleet(() => ({ items: [], unrouted: [] })),
      'PATCH admin/vehicle-types/vt_frozen': ({ body }) => ({ ...vehicleType, ...(body as object) }),
      'PATCH admin/warehouses/wh_1': ({ body }) => ({ ...warehouse, ...(body as object) }),
    });
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const typeRow = (await screen.findByText('冷冻车 3.8 米')).closest('tr') as HTMLElement;
    expect(screen.getByText('每车趟数')).toBeTruthy();
    fireEvent.click(within(typeRow).getByRole('button'));
    expect(await screen.findByText('一辆车每个班次最多跑几趟，中间回仓库装车')).toBeTruthy();
    const trips = screen.getByTestId('vehicle-type-max-trips').querySelector('input') ?? screen.getByTestId('vehicle-type-max-trips');
    fireEvent.change(trips, { target: { value: '3' } });
    await act(async () => fireEvent.click(screen.getByTestId('vehicle-type-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH' && c.path === 'admin/vehicle-types/vt_frozen')).toBe(true));
    const sent = calls.find((c) => c.path === 'admin/vehicle-types/vt_frozen')?.body;
    expect(logistics.UpdateVehicleType.parse(sent)).toMatchObject({ maxTrips: 3, availableCount: 6 });

    const warehouseRow = screen.getByText('长沙中心仓', { selector: 'td' }).closest('tr') as HTMLElement;
    expect(warehouseRow.textContent).toContain('30');
    fireEvent.click(within(warehouseRow).getByRole('button'));
    const reload =
      (await screen.findByTestId('warehouse-reload-minutes')).querySelector('input') ?? screen.getByTestId('warehouse-reload-minutes');
    fireEvent.change(reload, { target: { value: '45' } });
    await act(async () => fireEvent.click(screen.getByTestId('warehouse-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH' && c.path === 'admin/warehouses/wh_1')).toBe(true));
    expect(logistics.UpdateWarehouse.parse(calls.find((c) => c.path === 'admin/warehouses/wh_1')?.body)).toMatchObject({
      reloadMinutes: 45,
    });
  });
});

describe("the driver's trips of the day", () => {
  it('lists the trips in departure order, each with its trip and what to load', async () => {
    const mine = [
      { ...second, status: 'published' as const, driverId: 'drv_1', insulatedBoxes: 0 },
      { ...first, status: 'published' as const, driverId: 'drv_1' },
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ items: mine }), { status: 200, headers: { 'content-type': 'application/json' } })),
    );
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <RoutesPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const cards = await screen.findAllByTestId('route-card');
    expect(cards.map((c) => c.dataset.routeId)).toEqual(['rte_1', 'rte_2']);
    expect(cards.map((c) => within(c).getByTestId('route-trip').textContent)).toEqual(['第 1 趟', '第 2 趟']);
    expect(screen.getByText('第 2 趟')).toBeTruthy();
    const goods = within(cards[0]!).getByTestId('route-goods');
    expect(
      within(goods)
        .getAllByTestId('temperature-tag')
        .map((t) => t.textContent),
    ).toEqual(['常温', '冷冻']);
    expect(within(goods).getByTestId('route-boxes').textContent).toBe('保温箱 2 个');
    expect(within(cards[1]!).queryByTestId('route-boxes')).toBeNull();
    expect(cards[0]?.textContent).toContain('2 筐');
  });
});
