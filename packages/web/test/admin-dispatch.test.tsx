import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, renderSection, stubApi } from './admin-sections-harness.tsx';
import { drivers, route, vehicleType, warehouse } from './admin-ops-fixtures.ts';
import { ApiError } from '../src/common/api.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { planProgress } from '../src/areas/admin/dispatch/PlanModal.tsx';
import { proposeDrivers } from '../src/areas/admin/dispatch/PublishAllModal.tsx';
import { busyDrivers } from '../src/areas/admin/dispatch/PublishModal.tsx';
import { routeMapData } from '../src/areas/admin/dispatch/RoutesMap.tsx';
import { loadPercent, routeErrorText, unservedText } from '../src/areas/admin/dispatch/shared.ts';
import { rateCardOf } from '../src/areas/admin/dispatch/setup/CarriersCard.tsx';
import { reordered } from '../src/areas/admin/dispatch/useRouteActions.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const t = i18n.getFixedT('zh-CN', 'dispatch');

describe('dispatch logic', () => {
  it('reads load against capacity per dimension', () => {
    expect(
      loadPercent({ weightG: 182_000, volumeMl: 345_000, crates: 20 }, { weightG: 1_000_000, volumeMl: 8_000_000, crates: 80 }),
    ).toEqual({
      weight: 18,
      volume: 4,
      crates: 25,
    });
  });

  it('moves a stop up or down, never past the ends', () => {
    expect(reordered(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(reordered(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(reordered(['a', 'b', 'c'], 'a', -1)).toBeNull();
    expect(reordered(['a', 'b', 'c'], 'c', 1)).toBeNull();
  });

  it('puts what broke a route change into words', () => {
    const conflict = (details: Record<string, unknown>) => new ApiError('CONFLICT', 409, 'x', details);
    expect(routeErrorText(t, conflict({ problems: ['stop 15 would be …'], problemCodes: ['deadline'] }))).toBe('有站点会晚于最晚送达时间');
    expect(routeErrorText(t, conflict({ problems: ['weight …', '90 crates …'], problemCodes: ['weight', 'crates'] }))).toBe(
      '超出车辆载重；超出车辆筐数',
    );
    expect(routeErrorText(t, conflict({ problems: ['frozen goods …'], problemCodes: ['temperature'] }))).toBe('车辆温层不能运输这些货物');
    expect(routeErrorText(t, conflict({ field: 'driverId' }))).toBe('该司机当天已有线路');
    expect(routeErrorText(t, new ApiError('INVALID_STATE', 409, 'x'))).toBe('当前状态下不能执行此操作');
    expect(unservedText(t, { code: 'no_vehicle_left', goods: 'frozen', reason: 'no vehicle left … (frozen goods)' })).toBe(
      '没有剩余车辆能在容量、时间窗和班次限制内接下这个站点（冷冻）',
    );
    // A code this screen does not know yet reads as the server's own words.
    expect(unservedText(t, { code: 'new_code', goods: 'ambient', reason: 'something new' })).toBe('something new（常温）');
  });

  it('estimates planning progress from the time taken against the longest it may take (one search per temperature class)', () => {
    expect(planProgress(0, 5000)).toBe(0);
    expect(planProgress(7500, 5000)).toBe(50);
    expect(planProgress(60_000, 5000)).toBe(99);
  });

  it('draws routes in their colours with numbered stops, the warehouse, and fades the routes not selected', () => {
    const routes = [route(1, 2), route(2, 3), route(3, 1, { status: 'cancelled', stops: [] })];
    const labels = { route: (n: number) => `线路 ${n}`, warehouse: '仓库', mark: '仓' };
    const { points, lines } = routeMapData(routes, warehouse, 'rte_2', labels);
    expect(points.filter((p) => !p.square).map((p) => p.label)).toEqual(['1', '2', '1', '2', '3']);
    expect(points.at(-1)).toMatchObject({ square: true, label: '仓' });
    expect(lines.map((l) => [l.id, l.faded, l.path.length])).toEqual([
      ['rte_1', true, 4],
      ['rte_2', false, 5],
    ]);
    expect(new Set(lines.map((l) => l.color)).size).toBe(2);
  });

  it('proposes free active drivers to the draft routes in order', () => {
    const routes = [route(1, 2, { status: 'published', driverId: 'drv_2' }), route(2, 2), route(3, 1)];
    expect(busyDrivers(routes)).toEqual(new Set(['drv_2']));
    expect(proposeDrivers(routes, drivers)).toEqual({ rte_2: 'drv_1', rte_3: undefined });
  });

  it('makes a rate card from yuan figures, zones by distance', () => {
    expect(
      rateCardOf({
        perTrip: 60,
        perStop: 2.5,
        zones: [
          { uptoKm: 80, fee: 30 },
          { uptoKm: 40, fee: 0 },
        ],
      }),
    ).toEqual({
      perTripFen: 6000,
      perStopFen: 250,
      zones: [
        { uptoKm: 40, feeFen: 0 },
        { uptoKm: 80, feeFen: 3000 },
      ],
    });
  });
});

describe('dispatch screen', () => {
  const fleet = (routes: () => unknown) => ({
    'GET admin/warehouses': () => ({ items: [warehouse] }),
    'GET admin/vehicle-types': () => ({ items: [vehicleType] }),
    'GET admin/carriers': () => ({ items: [] }),
    'GET admin/drivers': () => ({ items: drivers }),
    'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
    'GET admin/routes': routes,
    'GET admin/unrouted-points': ({ query }: { query: URLSearchParams }) => ({ deliveryDate: query.get('deliveryDate'), items: [] }),
  });

  it('plans the day with a progress bar while the planner searches, then shows the routes on the map and in the table', async () => {
    let planned: unknown[] = [];
    const plan = logistics.RoutePlan.parse({
      routes: [route(1, 3), route(2, 2)],
      unserved: [{ pickupPointId: 'pp_x', code: 'no_vehicle_left', goods: 'frozen', reason: 'no vehicle left (frozen goods)' }],
      shortfall: [],
      lineChanges: [],
    });
    stubApi({
      ...fleet(() => ({ items: planned, unrouted: [] })),
      'POST admin/route-plans': () => {
        planned = plan.routes;
        return plan;
      },
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const served = globalThis.fetch;
    let sent: unknown;
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      if (String(input).includes('route-plans')) {
        sent = JSON.parse(String(init?.body));
        await gate;
      }
      return served(input, init);
    });
    renderSection('dispatch', <DispatchPage />);
    await waitFor(() => expect((screen.getByTestId('plan-routes') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('plan-routes'));
    await act(async () => fireEvent.click(await screen.findByTestId('plan-start')));
    expect(await screen.findByTestId('plan-progress')).toBeTruthy();
    expect(logistics.PlanRoutes.parse(sent)).toMatchObject({
      warehouseId: 'wh_1',
      departure: '05:00',
      deadline: '09:00',
      shiftHours: 8,
      serviceMinutes: 10,
      timeLimitMs: 5000,
    });
    await act(async () => release());
    expect((await screen.findByTestId('plan-result')).textContent).toContain('规划完成：2 条线路，5 个站点');
    fireEvent.click(screen.getByTestId('plan-close'));
    await waitFor(() => expect(screen.getAllByTestId('route-row')).toHaveLength(2));
    expect(screen.getByTestId('route-map').dataset.points).toBe('6');
  });

  it('moves a stop to another draft route and says why the server refused a move', async () => {
    const routes = [route(1, 2), route(2, 2)];
    let refuse = true;
    const calls = stubApi({
      ...fleet(() => ({ items: routes, unrouted: [] })),
      'POST admin/routes/rte_1/stops/stp_1_1/move': () =>
        refuse
          ? {
              status: 409,
              body: {
                code: 'CONFLICT',
                message: 'x',
                details: { problems: ['stop 3 would be reached after the deadline x'], problemCodes: ['deadline'] },
              },
            }
          : { items: routes },
    });
    renderSection('dispatch', <DispatchPage />);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    const detail = await screen.findByTestId('route-detail');
    const move = within(detail).getAllByTestId('stop-move')[0]!;
    const choose = async () => {
      fireEvent.mouseDown(within(move).getByRole('combobox'));
      await act(async () => fireEvent.click(await screen.findByTitle('线路 2')));
    };
    await choose();
    expect(await screen.findByText('有站点会晚于最晚送达时间')).toBeTruthy();
    refuse = false;
    await choose();
    expect(await screen.findByText('站点已调整')).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/move')).map((c) => c.body)).toEqual([{ toRouteId: 'rte_2' }, { toRouteId: 'rte_2' }]);
  });

  it('shows a warehouse user the routes and their loading, not the planning, editing, publishing or drivers it may not use', async () => {
    await asStaff(['warehouse'], async (warehouseUser) => {
      const routes = [route(1, 2), route(2, 2, { status: 'published', driverId: 'drv_1' })];
      const calls = stubApi({ ...fleet(() => ({ items: routes, unrouted: [] })), 'GET auth/me': () => warehouseUser });
      renderSection('dispatch', <DispatchPage />);
      const rows = await screen.findAllByTestId('route-row');
      expect(screen.queryByTestId('plan-routes')).toBeNull();
      expect(screen.queryByTestId('publish-all')).toBeNull();
      fireEvent.click(rows[0]!);
      const draft = await screen.findByTestId('route-detail');
      for (const id of ['stop-move', 'stop-up', 'route-lock', 'route-publish', 'route-cancel']) {
        expect(within(draft).queryAllByTestId(id), id).toEqual([]);
      }
      fireEvent.click(rows[1]!);
      await waitFor(() => expect(within(screen.getByTestId('route-detail')).queryByTestId('route-loading')).not.toBeNull());
      expect(within(screen.getByTestId('route-detail')).queryByTestId('route-cancel')).toBeNull();
      expect(calls.some((c) => c.path === 'admin/drivers')).toBe(false);
    });
  });

  it('publishes every draft route to the proposed drivers', async () => {
    const routes = [route(1, 2), route(2, 2)];
    const calls = stubApi({
      ...fleet(() => ({ items: routes, unrouted: [] })),
      'POST admin/routes/rte_1/publish': ({ body }) => ({
        ...routes[0],
        status: 'published',
        driverId: (body as { driverId: string }).driverId,
      }),
      'POST admin/routes/rte_2/publish': ({ body }) => ({
        ...routes[1],
        status: 'published',
        driverId: (body as { driverId: string }).driverId,
      }),
    });
    renderSection('dispatch', <DispatchPage />);
    await screen.findAllByTestId('route-row');
    fireEvent.click(screen.getByTestId('publish-all'));
    await act(async () => fireEvent.click(await screen.findByTestId('publish-all-confirm')));
    expect(await screen.findByText('已发布 2 条线路')).toBeTruthy();
    const posts = calls.filter((c) => c.path.endsWith('/publish'));
    expect(posts.map((c) => [c.path, logistics.PublishRoute.parse(c.body).driverId])).toEqual([
      ['admin/routes/rte_1/publish', 'drv_1'],
      ['admin/routes/rte_2/publish', 'drv_2'],
    ]);
  });
});
