import * as lottery from '@linli/contracts/lottery';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import LotteryPage from '../src/areas/admin/lottery/LotteryPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const results = {
  draws: 120,
  entrants: 40,
  newResidents: 6,
  pointsSpent: 900,
  pointsGiven: 50,
  couponsIssued: 9,
  couponsUsed: 4,
  orders: 4,
  costFen: 1200,
  ordersFen: 18_800,
};
const item = (status: 'active' | 'paused' | 'ended' = 'active') =>
  lottery.LotteryWithResults.parse({
    id: 'lot_1',
    name: '幸运大转盘',
    startsAt: '2026-11-20T00:00:00Z',
    endsAt: '2026-12-20T00:00:00Z',
    pointsPerDraw: 10,
    signInDraws: 1,
    dailyLimit: null,
    status,
    oddsVersion: 1,
    prizes: [
      {
        id: 'lpz_a',
        position: 0,
        kind: 'coupon',
        title: '3元券',
        points: null,
        weightBp: 1_000,
        probability: '10.00%',
        left: 0,
        couponTemplateId: 'prm_1',
        stock: 9,
        drawn: 9,
      },
      {
        id: 'lpz_n',
        position: 1,
        kind: 'none',
        title: '谢谢参与',
        points: null,
        weightBp: 9_000,
        probability: '90.00%',
        left: null,
        couponTemplateId: null,
        stock: null,
        drawn: 111,
      },
    ],
    createdAt: '2026-11-19T00:00:00Z',
    results,
  });

describe('admin lottery', () => {
  it('lists lotteries with their results; opened, the odds with stock and the draws, each audited; pauses one', async () => {
    let current = item();
    const calls = stubApi({
      'GET admin/lotteries': () => lottery.Lotteries.parse({ items: [current] }),
      'GET admin/lotteries/lot_1/draws': () =>
        lottery.AdminDraws.parse(
          pageOf([
            {
              id: 'ldr_1',
              lotteryId: 'lot_1',
              prize: { id: 'lpz_n', position: 1, kind: 'none', title: '谢谢参与' },
              fellBack: true,
              paidWith: 'points',
              pointsSpent: 10,
              pointsGiven: 0,
              couponId: null,
              randomValue: 42,
              oddsVersion: 1,
              at: '2026-11-20T03:00:00Z',
              residentId: 'res_1',
              sharedByLeaderId: null,
            },
          ]),
        ),
      'GET admin/lottery-draws/ldr_1/audit': () =>
        lottery.DrawAudit.parse({
          drawId: 'ldr_1',
          randomValue: 42,
          slot: 0,
          recomputedPrizeId: 'lpz_a',
          recordedPrizeId: 'lpz_a',
          givenPrizeId: 'lpz_n',
          consistent: true,
        }),
      'POST admin/lotteries/lot_1/status': (c) => {
        current = item((c.body as { status: 'paused' }).status);
        return current;
      },
    });
    renderSection('lottery', <LotteryPage />);
    await waitFor(() => expect(screen.getByTestId('lottery-status').textContent).toBe('进行中'));
    const table = screen.getByTestId('lotteries-table');
    expect(table.textContent).toContain('10 积分/次');
    expect(table.textContent).toContain('¥12.00');
    fireEvent.click(table.querySelector('.ant-table-row-expand-icon') as Element);
    await screen.findByTestId('lottery-prizes');
    expect(screen.getByTestId('lottery-prizes').textContent).toContain('10.00%');
    expect(screen.getByTestId('lottery-results').textContent).toContain('4 / 9');
    fireEvent.click(await screen.findByTestId('draw-audit'));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/lottery-draws/ldr_1/audit')).toBe(true));
    fireEvent.click(screen.getByTestId('lottery-toggle'));
    await waitFor(() => expect(screen.getByTestId('lottery-status').textContent).toBe('已暂停'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ status: 'paused' });
  });

  it('finance watches but sets nothing up', async () => {
    await asStaff(['finance'], async () => {
      stubApi({ 'GET admin/lotteries': () => lottery.Lotteries.parse({ items: [item()] }) });
      renderSection('lottery', <LotteryPage />);
      await screen.findByTestId('lottery-status');
      expect(screen.queryByTestId('lottery-new')).toBeNull();
      expect(screen.queryByTestId('lottery-toggle')).toBeNull();
    });
  });
});
