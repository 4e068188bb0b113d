/**
 * When capacity is short the dispatcher sees it before publishing and decides per point: the
 * plan's shortfall with the vehicles that would serve it (added and planned again in one click),
 * the unrouted points to deliver the next day or refund, and the dashboard's alarm for orders
 * still stranded on their pickup date.
 */
import { logistics } from '@linli/contracts';
import { AdminDashboard } from '@linli/contracts/web';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, renderSection, stubApi } from './admin-sections-harness.tsx';
import { drivers, vehicleType, warehouse } from './admin-ops-fixtures.ts';
import DashboardPage from '../src/areas/admin/dashboard/DashboardPage.tsx';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';
import { decisionText } from '../src/areas/admin/dispatch/DecisionModal.tsx';
import { mergeVehicles, shortfallText, suggestedVehicles } from '../src/areas/admin/dispatch/ExtraVehicles.tsx';
import type { UnroutedPoint } from '../src/areas/admin/dispatch/shared.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const DATE = '2026-11-23';
const zh = i18n.getFixedT('zh-CN', 'dispatch');
const en = i18n.getFixedT('en', 'dispatch');

const van = logistics.VehicleType.parse({ ...vehicleType, id: 'vt_van', name: '面包车', temperatureClass: 'ambient', availableCount: 2 });
const frozenShort = logistics.Shortfall.parse({
  goods: 'frozen',
  pickupPointIds: ['pp_a', 'pp_b', 'pp_c'],
  suggestion: { vehicleTypeId: 'vt_frozen', vehicleTypeName: '冷冻车 3.8 米', count: 2, trips: 2, servesAll: true },
});

const point = (id: string, over: Partial<UnroutedPoint> = {}) =>
  logistics.UnroutedPoint.parse({
    pickupPointId: id,
    pointName: `自提点 ${id}`,
    leaderName: '王姐',
    orders: 1,
    units: 1,
    amountFen: 1000,
    goods: ['ambient'],
    load: { weightG: 5000, volumeMl: 20000, crates: 1 },
    ...over,
  });
const northStar = point('pp_a', {
  pointName: '北辰三角洲',
  leaderName: '王姐',
  orders: 12,
  units: 30,
  amountFen: 45_600,
  goods: ['ambient', 'frozen'],
});
const riverside = point('pp_b', { pointName: '湘江世纪城', leaderName: '刘哥', orders: 3, units: 4, amountFen: 8600, goods: ['chilled'] });

/** The dispatch page's reads; the unrouted list from a function so a test can change it after a decision. */
const dispatchApi = (unrouted: () => UnroutedPoint[]) => ({
  'GET admin/warehouses': () => ({ items: [warehouse] }),
  'GET admin/vehicle-types': () => ({ items: [vehicleType, van] }),
  'GET admin/carriers': () => ({ items: [] }),
  'GET admin/drivers': () => ({ items: drivers }),
  'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
  'GET admin/routes': () => ({ items: [], unrouted: unrouted().map((p) => p.pickupPointId) }),
  'GET admin/unrouted-points': () => logistics.UnroutedList.parse({ deliveryDate: DATE, items: unrouted() }),
});

const openDispatch = () => renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);

describe('the plan says what the fleet lacks', () => {
  it('puts a shortfall into words in both languages and adds suggested vehicles to those already added', () => {
    expect(shortfallText(zh, frozenShort)).toBe('3 个自提点未能安排（冷冻货物）：再加 2 辆冷冻车 3.8 米即可全部配送');
    expect(shortfallText(en, frozenShort)).toBe('3 pickup points not served (frozen goods): 2 more 冷冻车 3.8 米 would serve them');
    expect(shortfallText(en, { goods: 'chilled', pickupPointIds: ['pp_x'], suggestion: null })).toBe(
      '1 pickup point not served (chilled goods): no vehicle type can serve them; add one under Fleet & drivers',
    );
    const none = {
      goods: 'ambient' as const,
      pickupPointIds: ['pp_y'],
      suggestion: { ...frozenShort.suggestion!, count: 0, servesAll: false },
    };
    expect(suggestedVehicles([frozenShort, none])).toEqual([{ vehicleTypeId: 'vt_frozen', count: 2 }]);
    expect(
      mergeVehicles(
        [
          { vehicleTypeId: 'vt_frozen', count: 1 },
          { vehicleTypeId: 'vt_van', count: 1 },
        ],
        suggestedVehicles([frozenShort]),
      ),
    ).toEqual([
      { vehicleTypeId: 'vt_frozen', count: 3 },
      { vehicleTypeId: 'vt_van', count: 1 },
    ]);
  });

  it('shows the points left out with the vehicles that would serve them, and plans again with those vehicles added for the day', async () => {
    const short = logistics.RoutePlan.parse({
      routes: [],
      unserved: ['pp_a', 'pp_b', 'pp_c'].map((id) => ({
        pickupPointId: id,
        code: 'no_vehicle_left',
        goods: 'frozen',
        reason: 'no vehicle left',
      })),
      shortfall: [frozenShort],
      lineChanges: [],
    });
    const served = logistics.RoutePlan.parse({ routes: [], unserved: [], shortfall: [], lineChanges: [] });
    const calls = stubApi({
      ...dispatchApi(() => []),
      'POST admin/route-plans': ({ body }) => ((body as { extraVehicles: unknown[] }).extraVehicles.length ? served : short),
    });
    openDispatch();
    await waitFor(() => expect((screen.getByTestId('plan-routes') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('plan-routes'));
    await act(async () => fireEvent.click(await screen.findByTestId('plan-start')));
    expect((await screen.findByTestId('plan-shortfall')).textContent).toBe(
      '3 个自提点未能安排（冷冻货物）：再加 2 辆冷冻车 3.8 米即可全部配送',
    );

    await act(async () => fireEvent.click(screen.getByTestId('plan-add-vehicles')));
    await waitFor(() => expect(calls.filter((c) => c.path === 'admin/route-plans')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('plan-result')).toBeTruthy());
    expect(screen.queryByTestId('plan-shortfall')).toBeNull();
    const plans = calls.filter((c) => c.path === 'admin/route-plans').map((c) => logistics.PlanRoutes.parse(c.body));
    expect(plans).toHaveLength(2);
    expect(plans[0]).toMatchObject({ deliveryDate: DATE, warehouseId: 'wh_1', extraVehicles: [] });
    // the same options, with the suggested vehicles added for this day
    expect(plans[1]).toEqual({ ...plans[0], extraVehicles: [{ vehicleTypeId: 'vt_frozen', count: 2 }] });
  });

  it('lets the dispatcher add vehicles of a type by hand before planning', async () => {
    const calls = stubApi({
      ...dispatchApi(() => []),
      'POST admin/route-plans': () => logistics.RoutePlan.parse({ routes: [], unserved: [], shortfall: [], lineChanges: [] }),
    });
    openDispatch();
    await waitFor(() => expect((screen.getByTestId('plan-routes') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('plan-routes'));
    fireEvent.click(await screen.findByTestId('plan-extra-add'));
    const row = await screen.findByTestId('plan-extra-row');
    fireEvent.change(within(row).getByRole('spinbutton'), { target: { value: '3' } });
    await act(async () => fireEvent.click(screen.getByTestId('plan-start')));
    await screen.findByTestId('plan-result');
    const body = logistics.PlanRoutes.parse(calls.find((c) => c.path === 'admin/route-plans')?.body);
    expect(body.extraVehicles).toEqual([{ vehicleTypeId: 'vt_frozen', count: 3 }]);
  });
});

describe('unrouted points', () => {
  const decisions = (calls: ReturnType<typeof stubApi>) =>
    calls.filter((c) => c.path === 'admin/unrouted-points/decisions').map((c) => logistics.DecideUnrouted.parse(c.body));
  const choose = (name: string) => {
    const row = screen.getAllByTestId('unrouted-row').find((r) => r.textContent?.includes(name))!;
    fireEvent.click(within(row).getByRole('checkbox'));
  };

  it('lists the points of the date no route serves, and moves the chosen ones to the next day', async () => {
    let left = [northStar, riverside];
    const calls = stubApi({
      ...dispatchApi(() => left),
      'POST admin/unrouted-points/decisions': () => {
        left = [riverside];
        return logistics.UnroutedDecision.parse({
          decision: 'postpone',
          orders: 12,
          residentsTold: 11,
          refundedFen: 0,
          postponeTo: '2026-11-24',
        });
      },
    });
    openDispatch();
    const panel = await screen.findByTestId('unrouted-panel');
    expect(calls.find((c) => c.path === 'admin/unrouted-points')?.query.get('deliveryDate')).toBe(DATE);
    expect(within(panel).getByTestId('unrouted-count').textContent).toBe('2');
    const rows = within(panel).getAllByTestId('unrouted-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('北辰三角洲');
    expect(rows[0]!.textContent).toContain('王姐');
    expect(rows[0]!.textContent).toContain('¥456.00');
    expect(
      within(rows[0]!)
        .getAllByTestId('temperature-tag')
        .map((e) => e.textContent),
    ).toEqual(['常温', '冷冻']);
    expect((screen.getByTestId('unrouted-postpone') as HTMLButtonElement).disabled).toBe(true);

    choose('北辰三角洲');
    expect(screen.getByTestId('unrouted-selection').textContent).toBe('已选 1 个自提点，12 单，¥456.00');
    fireEvent.click(screen.getByTestId('unrouted-postpone'));
    expect((await screen.findByTestId('unrouted-confirm-text')).textContent).toContain('1 个自提点的 12 个订单改到下面的日期配送');
    await act(async () => fireEvent.click(screen.getByTestId('unrouted-confirm')));
    expect((await screen.findByTestId('unrouted-result')).textContent).toBe('12 个订单已改到 2026-11-24 配送，已通知 11 位团员');
    expect(decisions(calls)).toEqual([{ deliveryDate: DATE, pickupPointIds: ['pp_a'], decision: 'postpone', postponeTo: '2026-11-24' }]);
    // the list is asked again: the point moved away is gone
    await waitFor(() => expect(screen.getAllByTestId('unrouted-row')).toHaveLength(1));
  });

  it('asks before refunding, saying how many orders and how much the operator bears, then refunds', async () => {
    let left = [northStar, riverside];
    const calls = stubApi({
      ...dispatchApi(() => left),
      'POST admin/unrouted-points/decisions': () => {
        left = [];
        return logistics.UnroutedDecision.parse({
          decision: 'refund',
          orders: 15,
          residentsTold: 14,
          refundedFen: 54_200,
          postponeTo: null,
        });
      },
    });
    openDispatch();
    await screen.findByTestId('unrouted-panel');
    choose('北辰三角洲');
    choose('湘江世纪城');
    fireEvent.click(screen.getByTestId('unrouted-refund'));
    const text = (await screen.findByTestId('unrouted-confirm-text')).textContent;
    expect(text).toContain('2 个自提点的 15 个订单将全额退款，共 ¥542.00');
    expect(text).toContain('这 ¥542.00 由平台承担');
    expect(decisions(calls)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: /取\s?消/ }));
    expect(decisions(calls)).toEqual([]);

    fireEvent.click(screen.getByTestId('unrouted-refund'));
    await act(async () => fireEvent.click(await screen.findByTestId('unrouted-confirm')));
    expect((await screen.findByTestId('unrouted-result')).textContent).toBe('15 个订单已全额退款，共 ¥542.00，已通知 14 位团员');
    expect(decisions(calls)).toEqual([{ deliveryDate: DATE, pickupPointIds: ['pp_a', 'pp_b'], decision: 'refund' }]);
    // nothing left: the panel goes, the outcome stays
    await waitFor(() => expect(screen.queryByTestId('unrouted-panel')).toBeNull());
    expect(screen.getByTestId('unrouted-result')).toBeTruthy();
  });

  it('says so when a chosen point was put on a route meanwhile', async () => {
    stubApi({
      ...dispatchApi(() => [northStar]),
      'POST admin/unrouted-points/decisions': () => ({
        status: 409,
        body: { code: 'INVALID_STATE', message: 'on a route', details: { pickupPointIds: ['pp_a'] } },
      }),
    });
    openDispatch();
    await screen.findByTestId('unrouted-panel');
    choose('北辰三角洲');
    fireEvent.click(screen.getByTestId('unrouted-postpone'));
    await act(async () => fireEvent.click(await screen.findByTestId('unrouted-confirm')));
    expect((await screen.findByTestId('unrouted-error')).textContent).toBe('其中有自提点已经排进线路，列表已刷新，请重新选择');
  });

  it('shows a warehouse user the unrouted points without the decisions only a dispatcher makes', async () => {
    await asStaff(['warehouse'], async (user) => {
      stubApi({ ...dispatchApi(() => [northStar]), 'GET auth/me': () => user });
      openDispatch();
      const panel = await screen.findByTestId('unrouted-panel');
      expect(within(panel).getAllByTestId('unrouted-row')).toHaveLength(1);
      expect(within(panel).queryAllByRole('checkbox')).toEqual([]);
      expect(screen.queryByTestId('unrouted-postpone')).toBeNull();
      expect(screen.queryByTestId('unrouted-refund')).toBeNull();
    });
  });

  it('puts an outcome into words in English too', () => {
    const moved = logistics.UnroutedDecision.parse({
      decision: 'postpone',
      orders: 12,
      residentsTold: 11,
      refundedFen: 0,
      postponeTo: '2026-11-22',
    });
    expect(decisionText(en, moved)).toBe('12 orders moved to 2026-11-22, 11 residents told');
    expect(decisionText(en, { ...moved, decision: 'refund', orders: 1, residentsTold: 1, refundedFen: 1250, postponeTo: null })).toBe(
      '1 order refunded in full, ¥12.50, 1 resident told',
    );
    expect(decisionText(en, { ...moved, orders: 0 })).toBe('No orders were left to move at these points');
  });
});

describe('dashboard: orders stranded on their pickup date', () => {
  const dashboard = (stranded: AdminDashboard['stranded']) =>
    AdminDashboard.parse({
      date: '2026-11-22',
      orders: 0,
      gmvFen: 0,
      refundsFen: 0,
      averageOrderFen: 0,
      activeResidents: 0,
      campaignsOpen: 0,
      closingSoon: [],
      failedCampaigns: [],
      failedJobs: 0,
      stuckEvents: 0,
      stranded,
      hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: 0, gmvFen: 0 })),
    });

  it('warns per date and links to that date in Dispatch', async () => {
    stubApi({ 'GET admin/dashboard': () => dashboard([{ deliveryDate: '2026-11-21', points: 3, orders: 12 }]) });
    renderSection('dashboard', <DashboardPage />);
    const alert = await screen.findByTestId('dashboard-stranded');
    expect(alert.textContent).toContain('2026-11-21：3 个自提点的 12 个订单已到提货日仍没有线路配送');
    expect(within(alert).getByTestId('dashboard-stranded-link').getAttribute('href')).toBe('/dispatch?date=2026-11-21');
    const t = i18n.getFixedT('en', 'dashboard');
    expect(
      t('stranded.title', { date: '2026-11-21', orders: t('stranded.orders', { count: 12 }), points: t('stranded.points', { count: 3 }) }),
    ).toBe('2026-11-21: 12 orders at 3 pickup points are on or past their pickup date with no route');
  });

  it('shows nothing when no order is stranded, and no link to whoever may not open Dispatch', async () => {
    stubApi({ 'GET admin/dashboard': () => dashboard([]) });
    renderSection('dashboard', <DashboardPage />);
    await screen.findByTestId('dashboard-orders');
    expect(screen.queryByTestId('dashboard-stranded')).toBeNull();
    cleanup();
    await asStaff(['finance'], async (user) => {
      stubApi({
        'GET admin/dashboard': () => dashboard([{ deliveryDate: '2026-11-21', points: 1, orders: 2 }]),
        'GET auth/me': () => user,
      });
      renderSection('dashboard', <DashboardPage />);
      const alert = await screen.findByTestId('dashboard-stranded');
      expect(within(alert).queryByTestId('dashboard-stranded-link')).toBeNull();
      expect(alert.textContent).toContain('请调度决定改期或退款');
    });
  });
});
