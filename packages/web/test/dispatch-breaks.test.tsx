/**
 * Drivers' breaks on the dispatch screens: the break every driver takes (delivery settings) on the
 * setup tab, a route's break between its stops in the route detail, and on its trip's bar on the
 * timeline.
 */
import { logistics } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Call, renderSection, stubApi } from './admin-sections-harness.tsx';
import { deliverySettings as settings, dispatchApi, route, stop } from './admin-ops-fixtures.ts';
import DispatchPage from '../src/areas/admin/dispatch/DispatchPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const DATE = '2026-11-23';
const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 10, 22, hh, mm)).toISOString();

const fleet = (routes: () => unknown, extra: Record<string, (call: Call) => unknown> = {}) => dispatchApi(DATE, routes, [], extra);

const patches = (calls: Call[]) =>
  calls
    .filter((c) => c.method === 'PATCH' && c.path === 'admin/delivery-settings')
    .map((c) => logistics.UpdateDeliverySettings.parse(c.body));

/** The input inside an antd InputNumber found by its test id. */
const numberInput = (testId: string) => {
  const el = screen.getByTestId(testId);
  return (el.querySelector('input') ?? el) as HTMLInputElement;
};

/**
 * Route 1 leaves at 05:00 (Shanghai) with stops at 05:20, 05:40 and 06:30; its driver rests 20
 * minutes from 05:55, between the second stop and the third.
 */
const resting = route(1, 3, {
  stops: [
    stop(1, 1, { plannedArrivalAt: at(21, 20) }),
    stop(1, 2, { plannedArrivalAt: at(21, 40) }),
    stop(1, 3, { plannedArrivalAt: at(22, 30) }),
  ],
  driverBreak: { at: at(21, 55), minutes: 20 },
});

describe("the drivers' break setting", () => {
  it('shows the saved rule in minutes and hours, and saves the whole break with the delivery settings', async () => {
    const calls = stubApi(
      fleet(() => ({ items: [], unrouted: [] }), {
        'PATCH admin/delivery-settings': ({ body }) => ({ ...settings, ...(body as object) }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    await screen.findByTestId('driver-break');
    await waitFor(() => expect(numberInput('driver-break-from').value).toBe('180'));
    expect(numberInput('driver-break-minutes').value).toBe('0');
    expect(numberInput('driver-break-until').value).toBe('240');
    expect(screen.getByTestId('driver-break-hours').textContent).toBe('即出发后 3 小时 至 4 小时');
    const saveButton = () => screen.getByTestId('driver-break-save') as HTMLButtonElement;
    expect(saveButton().disabled).toBe(true);

    fireEvent.change(numberInput('driver-break-minutes'), { target: { value: '20' } });
    fireEvent.change(numberInput('driver-break-from'), { target: { value: '200' } });
    expect(screen.getByTestId('driver-break-hours').textContent).toBe('即出发后 3 小时 20 分钟 至 4 小时');
    // A window closing before it opens is not sent.
    fireEvent.change(numberInput('driver-break-until'), { target: { value: '150' } });
    expect(await screen.findByText('最晚开始不能早于最早开始')).toBeTruthy();
    expect(saveButton().disabled).toBe(true);
    fireEvent.change(numberInput('driver-break-until'), { target: { value: '240' } });
    expect(saveButton().disabled).toBe(false);

    await act(async () => fireEvent.click(saveButton()));
    expect(await screen.findByText('司机休息已保存')).toBeTruthy();
    expect(patches(calls)).toEqual([{ driverBreak: { minutes: 20, fromMinutes: 200, untilMinutes: 240 } }]);
    await waitFor(() => expect(saveButton().disabled).toBe(true));
    expect(numberInput('driver-break-minutes').value).toBe('20');
  });

  it("shows the server's reason when it refuses the break with a 400", async () => {
    const calls = stubApi(
      fleet(() => ({ items: [], unrouted: [] }), {
        'PATCH admin/delivery-settings': () => ({
          status: 400,
          body: {
            code: 'VALIDATION_FAILED',
            message: 'invalid body: body.driverBreak.untilMinutes the break window closes before it opens',
            details: { issues: [{ path: 'body.driverBreak.untilMinutes', message: 'the break window closes before it opens' }] },
          },
        }),
      }),
    );
    renderSection('dispatch', <DispatchPage />, '/dispatch?tab=setup');
    await screen.findByTestId('driver-break');
    await waitFor(() => expect(numberInput('driver-break-minutes').value).toBe('0'));
    fireEvent.change(numberInput('driver-break-minutes'), { target: { value: '30' } });
    await act(async () => fireEvent.click(screen.getByTestId('driver-break-save')));
    expect((await screen.findByTestId('driver-break-error')).textContent).toBe('未保存：the break window closes before it opens');
    expect(patches(calls)).toEqual([{ driverBreak: { minutes: 30, fromMinutes: 180, untilMinutes: 240 } }]);
    // The typed rule stays, to correct it; editing clears the refusal.
    expect(numberInput('driver-break-minutes').value).toBe('30');
    fireEvent.change(numberInput('driver-break-minutes'), { target: { value: '25' } });
    expect(screen.queryByTestId('driver-break-error')).toBeNull();
  });
});

describe("a route's break", () => {
  it('the route detail shows the break between the stops planned before and after it', async () => {
    stubApi(fleet(() => ({ items: [resting, route(2, 2)], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    const detail = await screen.findByTestId('route-detail');
    const rows = [...detail.querySelectorAll('tbody tr[data-testid]')];
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['stop-row', 'stop-row', 'route-break', 'stop-row']);
    const rest = within(detail).getByTestId('route-break');
    expect(rest.textContent).toContain('休息 20 分钟 · 05:55');
    expect(rest.textContent).toContain('第 2 站之后');

    // A route without a break has no such row.
    fireEvent.click(screen.getAllByTestId('route-row')[1]!);
    await waitFor(() => expect(within(screen.getByTestId('route-detail')).getAllByTestId('stop-row')).toHaveLength(2));
    expect(within(screen.getByTestId('route-detail')).queryByTestId('route-break')).toBeNull();
  });

  it('the route detail puts a break before the first stop at the warehouse, and one after the last stop last', async () => {
    const early = { ...resting, driverBreak: { at: at(21, 0), minutes: 15 } };
    const late = { ...resting, id: 'rte_2', routeNo: 2, driverBreak: { at: at(22, 45), minutes: 30 } };
    stubApi(fleet(() => ({ items: [early, late], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}`);
    const kinds = () =>
      [...screen.getByTestId('route-detail').querySelectorAll('tbody tr[data-testid]')].map((r) => r.getAttribute('data-testid'));

    fireEvent.click((await screen.findAllByTestId('route-row'))[0]!);
    await screen.findByTestId('route-detail');
    expect(kinds()).toEqual(['route-break', 'stop-row', 'stop-row', 'stop-row']);
    expect(screen.getByTestId('route-break').textContent).toContain('休息 15 分钟 · 05:00');
    expect(screen.getByTestId('route-break').textContent).toContain('出发前，在仓库');

    fireEvent.click(screen.getAllByTestId('route-row')[1]!);
    await waitFor(() => expect(kinds()).toEqual(['stop-row', 'stop-row', 'stop-row', 'route-break']));
    expect(screen.getByTestId('route-break').textContent).toContain('休息 30 分钟 · 06:45');
    expect(screen.getByTestId('route-break').textContent).toContain('第 3 站之后');
  });

  it("the timeline marks the break on its trip's bar, with its times in a tooltip", async () => {
    stubApi(fleet(() => ({ items: [resting, route(2, 2)], unrouted: [] })));
    renderSection('dispatch', <DispatchPage />, `/dispatch?date=${DATE}&view=timeline`);
    const timeline = await screen.findByTestId('trip-timeline');
    const marks = within(timeline).getAllByTestId('timeline-break');
    expect(marks.map((m) => m.dataset.routeId)).toEqual(['rte_1']);
    const mark = marks[0]!;
    expect(mark.getAttribute('aria-label')).toBe('司机休息 20 分钟：05:55–06:15');
    // The axis runs 05:00–07:00: the break's 20 minutes from 55 minutes in.
    expect(mark.style.left).toMatch(/^45\.83/);
    expect(mark.style.width).toMatch(/^16\.66/);
    expect(timeline.textContent).toContain('司机休息');

    await act(async () => fireEvent.mouseEnter(mark));
    expect((await screen.findByTestId('timeline-break-tip')).textContent).toBe('司机休息 20 分钟：05:55–06:15');
  });
});
