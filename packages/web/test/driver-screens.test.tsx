import { QueryClientProvider } from '@tanstack/react-query';
import { Toast } from 'antd-mobile';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route as Path, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { driverLocales } from '../src/areas/driver/locales.ts';
import { type Route, type RouteStop, clockTime } from '../src/areas/driver/route.ts';
import { RouteCard } from '../src/areas/driver/RouteCard.tsx';
import { RoutePage } from '../src/areas/driver/RoutePage.tsx';
import { StopDetails } from '../src/areas/driver/StopDetails.tsx';
import { StopItem } from '../src/areas/driver/StopItem.tsx';
import { FailSheet } from '../src/areas/driver/StopSheets.tsx';
import { initI18n } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';

beforeAll(() => {
  initI18n('driver', driverLocales);
});
afterEach(async () => {
  // Departing shows a toast, which antd-mobile renders in a React root of its own that outlives
  // the test (it closes after 2 s): close it now and wait until it is gone and its root unmounted
  // (a macrotask after it closes), or React renders into it after this file's DOM has been torn
  // down ("window is not defined").
  Toast.clear();
  cleanup();
  await waitFor(() => expect(document.querySelector('.adm-toast-mask')).toBeNull());
  await new Promise((resolve) => setTimeout(resolve, 10));
  vi.unstubAllGlobals();
});

const wrap = (ui: ReactNode, client = createQueryClient()) => render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);

const stop = (seq: number, status: RouteStop['status']): RouteStop => ({
  id: `stp_${seq}`,
  seq,
  goodsClasses: null,
  pickupPointId: `pp_${seq}`,
  pickupPointName: `东塘社区水果店 ${seq}`,
  leaderName: '王姐',
  leaderPhone: '139 0000-0001',
  address: '长沙市雨花区东塘社区10栋',
  lat: 28.19,
  lng: 112.96,
  mapUrl: 'https://uri.amap.com/marker?position=112.965120,28.186440&name=x&coordinate=gaode',
  plannedArrivalAt: null,
  status,
  bundleId: `bdl:2026-11-22:pp_${seq}`,
  load: { weightG: 6400, volumeMl: 20_000, crates: 1 },
  lines: [{ skuId: 'sku_1', title: '麻阳冰糖橙 10斤装', quantity: 2 }],
  temperatureClasses: ['ambient', 'chilled'],
  insulatedBoxes: 0,
  lineChange: null,
});

const route = (status: Route['status'], stops: RouteStop[]): Route => ({
  id: 'rte_1',
  routeNo: 2,
  warehouseId: 'wh_1',
  deliveryDate: '2026-11-22',
  status,
  locked: false,
  vehicleTypeId: 'vt_1',
  vehicleTypeName: '4.2米冷藏车',
  vehicleNo: null,
  tripNo: 1,
  standingLineId: null,
  standingLineName: null,
  driverBreak: null,
  lineDriverId: null,
  driverId: 'drv_1',
  carrierId: null,
  departureAt: '2026-11-21T21:00:00Z',
  distanceM: 69_100,
  costFen: null,
  load: { weightG: 86_000, volumeMl: 300_000, crates: 16 },
  capacity: { weightG: 1_500_000, volumeMl: 12_000_000, crates: 120 },
  vehicleTemperature: 'ambient',
  insulatedBoxes: 0,
  compartments: { chilledL: 0, frozenL: 0 },
  stowage: { placements: [{ goods: 'ambient', place: 'ambient', volumeMl: 300_000 }], boxes: 0, unplaced: [], problems: [] },
  stops,
});

describe('the route card', () => {
  it('offers Depart on a published route and shows no progress yet', () => {
    wrap(<RouteCard route={route('published', [stop(1, 'pending'), stop(2, 'pending')])} />);
    expect(screen.getByTestId('depart')).toBeTruthy();
    expect(screen.queryByTestId('route-progress')).toBeNull();
    expect(screen.getByTestId('route-card').textContent).toContain('69.1 km');
    expect(screen.getByTestId('route-vehicle').textContent).toBe('4.2米冷藏车');
  });

  it('shows n of m stops done and the stops waiting for the leader once under way', () => {
    const r = route('in_transit', [stop(1, 'confirmed'), stop(2, 'failed'), stop(3, 'handed_over'), stop(4, 'pending')]);
    wrap(<RouteCard route={r} />);
    expect(screen.queryByTestId('depart')).toBeNull();
    const progress = screen.getByTestId('route-progress').textContent;
    expect(progress).toContain('已完成 2 / 4 站');
    expect(progress).toContain('1 站等待团长确认');
    expect(progress).toContain('1 站未送达');
  });

  it('departs through the API and keeps the answered route for the route screen', async () => {
    const departed = route('in_transit', [stop(1, 'pending')]);
    const fetch = vi.fn(async () => new Response(JSON.stringify(departed), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const client = createQueryClient();
    wrap(<RouteCard route={route('published', [stop(1, 'pending')])} />, client);
    await act(async () => fireEvent.click(screen.getByTestId('depart')));
    await waitFor(() => expect(client.getQueryData<Route>(['driver-route', 'rte_1'])?.status).toBe('in_transit'));
    expect(fetch.mock.calls[0]).toMatchObject(['/api/v1/driver/routes/rte_1/depart', { method: 'POST' }]);
  });
});

describe('the stop details', () => {
  it('links the point to Amap and a geo: app, and the leader by name to the dialler', () => {
    wrap(<StopDetails stop={stop(1, 'pending')} />);
    const amap = screen.getByTestId('map-link').getAttribute('href') ?? '';
    // The server's link, in GCJ-02 (the point's stored coordinates are GPS, 112.96,28.19).
    expect(amap).toBe('https://uri.amap.com/marker?position=112.965120,28.186440&name=x&coordinate=gaode');
    expect(screen.getByTestId('map-link-geo').getAttribute('href')?.startsWith('geo:28.19,112.96')).toBe(true);
    expect(screen.getByTestId('leader-name').textContent).toBe('王姐');
    const call = screen.getByTestId('call-leader');
    expect(call.getAttribute('href')).toBe('tel:13900000001');
    expect(call.getAttribute('aria-label')).toBe('给团长 王姐 打电话');
  });

  it('tags how the goods are kept, in the order the server gives, each in its colour', () => {
    wrap(<StopDetails stop={{ ...stop(1, 'pending'), temperatureClasses: ['ambient', 'chilled', 'frozen'] }} />);
    const tags = screen.getAllByTestId('temperature-tag');
    expect(tags.map((el) => el.textContent)).toEqual(['常温', '冷藏', '冷冻']);
    expect(tags.map((el) => el.dataset.class)).toEqual(['ambient', 'chilled', 'frozen']);
    expect(new Set(tags.map((el) => el.getAttribute('style'))).size).toBe(3);
  });

  it('leaves out the temperature row when the stop hands over nothing, and the call without a phone', () => {
    wrap(<StopDetails stop={{ ...stop(1, 'pending'), temperatureClasses: [], leaderPhone: '' }} />);
    expect(screen.queryByTestId('temperature-tag')).toBeNull();
    expect(screen.queryByText('温层')).toBeNull();
    expect(screen.queryByTestId('call-leader')).toBeNull();
    expect(screen.getByTestId('leader-name').textContent).toBe('王姐');
  });

  it('shows the temperature classes in the route list too', () => {
    wrap(<StopItem stop={{ ...stop(2, 'pending'), temperatureClasses: ['frozen'] }} isNext onOpen={() => undefined} />);
    expect(screen.getByTestId('stop-item').textContent).toContain('冷冻');
  });
});

describe('cannot deliver', () => {
  it('asks for a reason before it sends, and sends a chosen one', async () => {
    const onSubmit = vi.fn();
    wrap(<FailSheet open busy={false} onClose={() => undefined} onSubmit={onSubmit} />);
    fireEvent.click(await screen.findByTestId('fail-submit'));
    expect(screen.getByTestId('fail-error').textContent).toBe('必填');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('自提点关门'));
    fireEvent.click(screen.getByTestId('fail-submit'));
    expect(onSubmit).toHaveBeenCalledWith('自提点关门');
  });

  it('trims what the driver typed', async () => {
    const onSubmit = vi.fn();
    wrap(<FailSheet open busy={false} onClose={() => undefined} onSubmit={onSubmit} />);
    const textarea = (await screen.findByTestId('fail-reason')).querySelector('textarea') as HTMLTextAreaElement;
    fireEvent.change(textarea, { target: { value: '  团长电话关机  ' } });
    fireEvent.click(screen.getByTestId('fail-submit'));
    expect(onSubmit).toHaveBeenCalledWith('团长电话关机');
  });
});

describe("the driver's break", () => {
  /** Stops at 05:20, 05:40 and 06:30 (UTC+8); the break from 05:55 for 20 minutes, after the second stop. */
  const planned = (seq: number, iso: string) => ({ ...stop(seq, 'pending'), plannedArrivalAt: iso });
  const resting = (at: string): Route => ({
    ...route('published', [planned(3, '2026-11-21T22:30:00Z'), planned(1, '2026-11-21T21:20:00Z'), planned(2, '2026-11-21T21:40:00Z')]),
    driverBreak: { at, minutes: 20 },
  });
  const openRoute = (r: Route) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(r), { status: 200, headers: { 'content-type': 'application/json' } })),
    );
    wrap(
      <MemoryRouter initialEntries={['/routes/rte_1']}>
        <Routes>
          <Path path="/routes/:id" element={<RoutePage />} />
        </Routes>
      </MemoryRouter>,
    );
  };
  /** The route page's list: each item a stop (its seq) or the break. */
  const listed = () =>
    [...document.querySelectorAll('.dv-stops > li')].map((li) =>
      li.getAttribute('data-testid') === 'route-break' ? 'break' : li.querySelector('.dv-seq')?.textContent,
    );

  it('lists the break between the stops on the route page, at its time, and in the route card', async () => {
    openRoute(resting('2026-11-21T21:55:00Z'));
    const rest = await screen.findByTestId('route-break');
    expect(listed()).toEqual(['1', '2', 'break', '3']);
    expect(rest.textContent).toContain(`休息 20 分钟 · ${clockTime('2026-11-21T21:55:00Z')}`);
    expect(rest.textContent).toContain('送完第 2 站后休息');
    expect(screen.getByTestId('route-break-fact').textContent).toBe(`${clockTime('2026-11-21T21:55:00Z')} 起 20 分钟`);

    // A route without a break lists its stops alone.
    cleanup();
    openRoute({ ...resting('2026-11-21T21:55:00Z'), driverBreak: null });
    await screen.findAllByTestId('stop-item');
    expect(listed()).toEqual(['1', '2', '3']);
    expect(screen.queryByTestId('route-break-fact')).toBeNull();
  });

  it('puts a break before the first stop at the warehouse', async () => {
    openRoute(resting('2026-11-21T21:00:00Z'));
    const rest = await screen.findByTestId('route-break');
    expect(listed()).toEqual(['break', '1', '2', '3']);
    expect(rest.textContent).toContain('出发前在仓库休息');
  });
});
