/**
 * Standing lines (固定线路) on the dispatch screens: the lines card of the setup tab (list, points
 * in order, rename, another driver or none, delete, the change cost), saving a day's routes as
 * lines, a route's line and a stop served off it, the plan's line changes, and the line's driver
 * proposed when publishing.
 */
import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Call, renderSection, stubApi } from './admin-sections-harness.tsx';
import { deliverySettings as settings, dispatchApi, drivers, route, stop } from './admin-ops-fixtures.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { proposeDrivers } from '../src/areas/admin/dispatch/PublishAllModal.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-11-22T15:50:00.000Z';
const DATE = '2026-11-23';

const lines = logistics.StandingLineList.parse({
  items: [
    {
      id: 'lin_1',
      warehouseId: 'wh_1',
      name: 'L01',
      vehicleTypeId: 'vt_frozen',
      vehicleTypeName: '冷冻车 3.8 米',
      driverId: 'drv_1',
      driverName: '卢静',
      // out of order on purpose: the card shows them by seq
      points: [
        { pickupPointId: 'pp_b', name: '东塘社区', seq: 2, goodsClass: null },
        { pickupPointId: 'pp_a', name: '雨花亭', seq: 1, goodsClass: null },
        { pickupPointId: 'pp_c', name: '侯家塘', seq: 3, goodsClass: 'frozen' },
      ],
      updatedAt: at,
    },
    {
      id: 'lin_2',
      warehouseId: 'wh_1',
      name: 'L02',
      vehicleTypeId: 'vt_frozen',
      vehicleTypeName: '冷冻车 3.8 米',
      driverId: null,
      driverName: null,
      points: [{ pickupPointId: 'pp_d', name: '树木岭', seq: 1, goodsClass: null }],
      updatedAt: at,
    },
  ],
}).items;

const fleet = (routes: () => unknown, extra: Record<string, (call: Call) => unknown> = {}) => dispatchApi(DATE, routes, lines, extra);

const sent = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);

describe('the standing lines card', () => {
  it("lists the warehouse's lines with vehicle, driver and points (in driving order when opened)", async () => {
    const calls = stubApi(fleet(() => ({ items: [], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const card = await screen.findByTestId('standing-lines');
    const rows = await within(card).findAllByTestId('line-row');
    expect(rows.map((r) => r.dataset.lineId)).toEqual(['lin_1', 'lin_2']);
    expect(rows[0]?.textContent).toContain('L01');
    expect(rows[0]?.textContent).toContain('冷冻车 3.8 米');
    expect(rows[0]?.textContent).toContain('卢静');
    expect(within(rows[0]!).getByTestId('line-points').textContent).toBe('3 个');
    expect(rows[1]?.textContent).toContain('未指定');
    expect(sent(calls, 'GET', 'admin/standing-lines')[0]?.query.get('warehouseId')).toBe('wh_1');

    expect(within(card).queryByTestId('line-point')).toBeNull();
    fireEvent.click(within(rows[0]!).getByTestId('line-points'));
    const points = await within(card).findAllByTestId('line-point');
    expect(points.map((p) => p.textContent?.trim())).toEqual(['雨花亭', '东塘社区', '侯家塘 冷冻']);
    // A point on the line for one temperature class only says which.
    expect(within(points[2]!).getByTestId('temperature-tag').getAttribute('data-class')).toBe('frozen');
  });

  it('renames a line and gives it another driver, says a taken name in words, and takes the driver off', async () => {
    let refuse = true;
    const calls = stubApi(
      fleet(() => ({ items: [], unrouted: [] }), {
        'PATCH admin/standing-lines/lin_1': ({ body }) =>
          refuse
            ? { status: 409, body: { code: 'CONFLICT', message: 'x', details: { field: 'name' } } }
            : { ...lines[0], ...(body as object) },
      }),
    );
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const row = (await screen.findAllByTestId('line-row'))[0]!;
    fireEvent.click(within(row).getByTestId('line-edit'));
    const name = (await screen.findByTestId('line-name')) as HTMLInputElement;
    expect(name.value).toBe('L01');
    fireEvent.change(name, { target: { value: '东线' } });
    fireEvent.mouseDown(within(screen.getByTestId('line-driver')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('王立新 13600000001'));
    // the deactivated driver is not offered
    expect(screen.queryByTitle('田军 13600000002')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('line-save')));
    expect(await screen.findByText('这个仓库已有同名的固定线路')).toBeTruthy();

    refuse = false;
    await act(async () => fireEvent.click(screen.getByTestId('line-save')));
    await waitFor(() => expect(sent(calls, 'PATCH', 'admin/standing-lines/lin_1')).toHaveLength(2));
    const patches = sent(calls, 'PATCH', 'admin/standing-lines/lin_1').map((c) => logistics.UpdateStandingLine.parse(c.body));
    expect(patches).toEqual([
      { name: '东线', driverId: 'drv_2' },
      { name: '东线', driverId: 'drv_2' },
    ]);
    expect(await screen.findByText('已保存')).toBeTruthy();

    // Again: only the driver, cleared to none.
    fireEvent.click(within(row).getByTestId('line-edit'));
    const driver = await screen.findByTestId('line-driver');
    const clear = driver.querySelector('.ant-select-clear') ?? driver.closest('.ant-select')?.querySelector('.ant-select-clear');
    expect(clear).toBeTruthy();
    fireEvent.mouseDown(clear!);
    fireEvent.click(clear!);
    await act(async () => fireEvent.click(screen.getByTestId('line-save')));
    await waitFor(() => expect(sent(calls, 'PATCH', 'admin/standing-lines/lin_1')).toHaveLength(3));
    expect(sent(calls, 'PATCH', 'admin/standing-lines/lin_1')[2]?.body).toEqual({ driverId: null });
  });

  it('deletes a line after confirming, and refreshes the lines', async () => {
    let items = lines;
    const calls = stubApi(
      fleet(() => ({ items: [], unrouted: [] }), {
        'GET admin/standing-lines': () => ({ items }),
        'DELETE admin/standing-lines/lin_2': () => {
          items = lines.slice(0, 1);
          // 204: the harness answers no body as 200 with none
          return null;
        },
      }),
    );
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const row = (await screen.findAllByTestId('line-row'))[1]!;
    fireEvent.click(within(row).getByTestId('line-delete'));
    expect(await screen.findByText('删除固定线路「L02」？它的自提点之后将自由规划。')).toBeTruthy();
    expect(sent(calls, 'DELETE', 'admin/standing-lines/lin_2')).toHaveLength(0);
    await act(async () => fireEvent.click(await screen.findByTestId('line-delete-confirm')));
    expect(await screen.findByText('固定线路已删除')).toBeTruthy();
    expect(sent(calls, 'DELETE', 'admin/standing-lines/lin_2')).toHaveLength(1);
    await waitFor(() => expect(screen.getAllByTestId('line-row')).toHaveLength(1));
  });

  it('shows the change cost in yuan and saves it in fen', async () => {
    const calls = stubApi(
      fleet(() => ({ items: [], unrouted: [] }), {
        'PATCH admin/delivery-settings': ({ body }) => ({ ...settings, ...(body as object) }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    const cost = await screen.findByTestId('line-change-cost');
    const input = (cost.querySelector('input') ?? cost) as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('20.00'));
    expect((screen.getByTestId('line-change-cost-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: '35' } });
    await act(async () => fireEvent.click(screen.getByTestId('line-change-cost-save')));
    expect(await screen.findByText('离线成本已保存')).toBeTruthy();
    const patch = sent(calls, 'PATCH', 'admin/delivery-settings');
    expect(patch.map((c) => logistics.UpdateDeliverySettings.parse(c.body))).toEqual([{ lineChangeCostFen: 3500 }]);
  });
});

describe('saving routes as standing lines', () => {
  it("posts the shown date and warehouse after a confirmation that it replaces the warehouse's lines, then refreshes the routes", async () => {
    const routes = [route(1, 2), route(2, 1), route(3, 0)];
    const calls = stubApi(
      fleet(() => ({ items: routes, unrouted: [] }), {
        'POST admin/standing-lines/from-routes': () => ({ items: lines }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    await screen.findAllByTestId('route-row');
    const routeLoads = () => sent(calls, 'GET', 'admin/routes').length;
    const before = routeLoads();
    await waitFor(() => expect((screen.getByTestId('save-lines') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('save-lines'));
    // two vehicles have stops (route 3 has none)
    expect(await screen.findByText('把 2026-11-23 这个仓库 2 辆车的线路保存为固定线路？这会替换该仓库现有的固定线路。')).toBeTruthy();
    expect(sent(calls, 'POST', 'admin/standing-lines/from-routes')).toHaveLength(0);
    await act(async () => fireEvent.click(await screen.findByTestId('save-lines-confirm')));
    expect(await screen.findByText('已保存 2 条固定线路')).toBeTruthy();
    const posts = sent(calls, 'POST', 'admin/standing-lines/from-routes');
    expect(posts.map((c) => logistics.SaveStandingLines.parse(c.body))).toEqual([{ warehouseId: 'wh_1', deliveryDate: DATE }]);
    await waitFor(() => expect(routeLoads()).toBeGreaterThan(before));
  });

  it('says so when the day has no routes to save', async () => {
    stubApi(
      fleet(() => ({ items: [route(1, 1)], unrouted: [] }), {
        'POST admin/standing-lines/from-routes': () => ({ status: 409, body: { code: 'INVALID_STATE', message: 'x' } }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    await screen.findAllByTestId('route-row');
    fireEvent.click(screen.getByTestId('save-lines'));
    await act(async () => fireEvent.click(await screen.findByTestId('save-lines-confirm')));
    expect(await screen.findByText('这一天没有可保存的线路')).toBeTruthy();
  });
});

describe('routes on their lines', () => {
  const onLine = { standingLineId: 'lin_1', standingLineName: 'L01', lineDriverId: 'drv_2' };
  const lined = route(1, 2, {
    ...onLine,
    stops: [stop(1, 1), stop(1, 2, { lineChange: 'capacity' })],
  });

  it('tags a route with its line in the list, the timeline and the detail, and a stop served off its line with why', async () => {
    stubApi(fleet(() => ({ items: [lined, route(2, 1)], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    const rows = await screen.findAllByTestId('route-row');
    expect(within(rows[0]!).getByTestId('route-line').textContent).toBe('L01');
    expect(within(rows[1]!).queryByTestId('route-line')).toBeNull();

    fireEvent.click(rows[0]!);
    const detail = await screen.findByTestId('route-detail');
    expect(within(detail).getByTestId('route-line').textContent).toBe('L01');
    const stops = within(detail).getAllByTestId('stop-row');
    expect(within(stops[0]!).queryByTestId('stop-off-line')).toBeNull();
    const off = within(stops[1]!).getByTestId('stop-off-line');
    expect(off.textContent).toBe('离线：满载');
    expect(off.dataset.code).toBe('capacity');

    await act(async () => fireEvent.click(screen.getByTestId('view-timeline')));
    const labels = await screen.findAllByTestId('timeline-vehicle-label');
    expect(labels.map((l) => within(l).queryByTestId('route-line')?.textContent ?? null)).toEqual(['L01', null]);
  });

  it("proposes the line's driver when publishing a route without one, and publishes to them", async () => {
    const calls = stubApi(
      fleet(() => ({ items: [lined, route(2, 1)], unrouted: [] }), {
        'POST admin/routes/rte_1/publish': ({ body }) => ({
          ...lined,
          status: 'published',
          driverId: (body as { driverId: string }).driverId,
        }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    fireEvent.click(within(await screen.findByTestId('route-detail')).getByTestId('route-publish'));
    const picker = await screen.findByTestId('publish-driver');
    await waitFor(() => expect(picker.closest('.ant-select')?.textContent).toContain('王立新 13600000001'));
    await act(async () => fireEvent.click(screen.getByTestId('publish-confirm')));
    expect(await screen.findByText('已发布给司机')).toBeTruthy();
    expect(sent(calls, 'POST', 'admin/routes/rte_1/publish').map((c) => c.body)).toEqual([{ driverId: 'drv_2' }]);
  });

  it("proposes no driver when the line's driver already drives another vehicle that day", async () => {
    const busy = route(2, 1, { status: 'published', driverId: 'drv_2' });
    stubApi(fleet(() => ({ items: [lined, busy], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    fireEvent.click(within(await screen.findByTestId('route-detail')).getByTestId('route-publish'));
    const picker = await screen.findByTestId('publish-driver');
    expect(picker.closest('.ant-select')?.textContent).toContain('选择司机');
  });

  it("proposes each vehicle's line driver when publishing all, before handing out the free drivers", () => {
    const a = route(1, 1);
    const b = route(2, 1, { ...onLine, lineDriverId: 'drv_1' });
    expect(proposeDrivers([a, b], drivers)).toEqual({ rte_1: 'drv_2', rte_2: 'drv_1' });
    // a line driver on another vehicle already is not proposed twice
    const c = route(3, 1, { status: 'published', driverId: 'drv_1' });
    expect(proposeDrivers([a, b, c], drivers)).toEqual({ rte_1: 'drv_2', rte_2: undefined });
  });
});

describe("the plan's line changes", () => {
  it('lists the points moved off their lines, grouped by why, with their names and lines', async () => {
    const planned = [route(1, 2), route(2, 1)];
    const plan = logistics.RoutePlan.parse({
      routes: planned,
      unserved: [],
      shortfall: [],
      lineChanges: [
        { pickupPointId: 'pp_1_1', lineId: 'lin_1', lineName: 'L01', code: 'capacity', reason: 'full' },
        { pickupPointId: 'pp_2_1', lineId: 'lin_2', lineName: 'L02', code: 'cheaper', reason: 'cheaper' },
        { pickupPointId: 'pp_1_2', lineId: 'lin_1', lineName: 'L01', code: 'capacity', reason: 'full' },
      ],
    });
    stubApi(fleet(() => ({ items: [], unrouted: [] }), { 'POST admin/route-plans': () => plan }));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    await waitFor(() => expect((screen.getByTestId('plan-routes') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('plan-routes'));
    await act(async () => fireEvent.click(await screen.findByTestId('plan-start')));
    const changes = await screen.findByTestId('plan-line-changes');
    expect(changes.textContent).toContain('3 个自提点离开了固定线路：2 个满载、1 个改派更省');
    expect(
      within(changes)
        .getAllByTestId('plan-line-change')
        .map((li) => li.textContent),
    ).toEqual(['满载：自提点 1-1（L01）、自提点 1-2（L01）', '改派更省：自提点 2-1（L02）']);
  });

  it('says nothing of lines when every point kept its line', async () => {
    const plan = logistics.RoutePlan.parse({ routes: [route(1, 1)], unserved: [], shortfall: [], lineChanges: [] });
    stubApi(fleet(() => ({ items: [], unrouted: [] }), { 'POST admin/route-plans': () => plan }));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    await waitFor(() => expect((screen.getByTestId('plan-routes') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('plan-routes'));
    await act(async () => fireEvent.click(await screen.findByTestId('plan-start')));
    await screen.findByTestId('plan-result');
    expect(screen.queryByTestId('plan-line-changes')).toBeNull();
  });
});
