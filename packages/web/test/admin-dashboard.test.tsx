import { AdminDashboard } from '@linli/contracts/web';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import DashboardPage from '../src/areas/admin/dashboard/DashboardPage.tsx';
import { hourlySeries } from '../src/areas/admin/dashboard/hourly.ts';

const soon = new Date(Date.now() + 40 * 60_000).toISOString();
const day = (over: Partial<AdminDashboard> = {}) =>
  AdminDashboard.parse({
    date: '2026-11-22',
    orders: 1234,
    gmvFen: 4_567_890,
    refundsFen: 12_300,
    averageOrderFen: 3702,
    activeResidents: 987,
    campaignsOpen: 13,
    closingSoon: [{ id: 'cmp_1', title: '宁乡花猪肉', cutoffAt: soon, orders: 88 }],
    failedCampaigns: [{ id: 'cmp_2', title: '洞庭湖大闸蟹', orderedQuantity: 12, minTotalQuantity: 20 }],
    failedJobs: 0,
    stuckEvents: 0,
    stranded: [],
    hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: 0, gmvFen: 0 })),
    ...over,
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('admin dashboard', () => {
  it('turns the hourly points into 24 chart points with GMV in yuan', () => {
    const s = hourlySeries([
      { hour: 9, orders: 3, gmvFen: 12_345 },
      { hour: 20, orders: 10, gmvFen: 99_900 },
    ]);
    expect(s.hours).toHaveLength(24);
    expect(s.hours[9]).toBe('09');
    expect(s.orders[9]).toBe(3);
    expect(s.gmvYuan[9]).toBe(123.45);
    expect(s.gmvYuan[20]).toBe(999);
    expect(s.orders[0]).toBe(0);
    expect(s.empty).toBe(false);
    expect(hourlySeries([]).empty).toBe(true);
  });

  it("shows the day's figures, what closes soon and what failed", async () => {
    stubApi({ 'GET admin/dashboard': () => day() });
    renderSection('dashboard', <DashboardPage />);
    expect((await screen.findByTestId('dashboard-orders')).textContent).toContain('1,234');
    expect(screen.getByTestId('dashboard-gmv').textContent).toContain('¥45678.90');
    expect(screen.getByTestId('dashboard-average').textContent).toContain('¥37.02');
    expect(screen.getByTestId('dashboard-refunds').textContent).toContain('¥123.00');
    const closing = screen.getByTestId('dashboard-closing');
    expect(within(closing).getByText('宁乡花猪肉')).toBeTruthy();
    expect(within(closing).getByText('88 单')).toBeTruthy();
    expect(within(closing).getByText(/剩 00:(39|40):\d\d/)).toBeTruthy();
    expect(within(screen.getByTestId('dashboard-failed-campaign')).getByText('12 / 20')).toBeTruthy();
    expect(screen.getByTestId('dashboard-health-ok')).toBeTruthy();
    expect(screen.getByText('当天还没有支付订单')).toBeTruthy();
  });

  it('raises failed jobs and undelivered events', async () => {
    stubApi({ 'GET admin/dashboard': () => day({ failedJobs: 2, stuckEvents: 5, closingSoon: [], failedCampaigns: [] }) });
    renderSection('dashboard', <DashboardPage />);
    expect((await screen.findByTestId('dashboard-failed-jobs')).textContent).toContain('2 个后台任务');
    expect(screen.getByTestId('dashboard-stuck-events').textContent).toContain('5 条业务事件');
    expect(screen.getByText('3 小时内没有要截单的活动')).toBeTruthy();
  });

  it('asks again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = stubApi({ 'GET admin/dashboard': () => day() });
    renderSection('dashboard', <DashboardPage />);
    await screen.findByTestId('dashboard-orders');
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30_000);
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2));
    expect(calls[1]!.query.has('date')).toBe(false);
  });

  it('shows a failure with a retry', async () => {
    let fail = true;
    stubApi({ 'GET admin/dashboard': () => (fail ? { status: 403, body: { code: 'FORBIDDEN', message: 'no' } } : day()) });
    renderSection('dashboard', <DashboardPage />);
    expect(await screen.findByText('没有权限执行此操作')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s?试/ }));
    expect(await screen.findByTestId('dashboard-orders')).toBeTruthy();
  });
});
