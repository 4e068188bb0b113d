import { lottery } from '@linli/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Dialog, Toast } from 'antd-mobile';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LotteryPage, { SPIN_MS } from '../src/areas/shop/lottery/LotteryPage.tsx';
import { rotationFor, sectors } from '../src/areas/shop/lottery/wheel.ts';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const prize = (id: string, position: number, kind: 'coupon' | 'points' | 'none', title: string, weightBp: number, left: number | null) =>
  lottery.PublicPrize.parse({
    id,
    position,
    kind,
    title,
    points: kind === 'points' ? 5 : null,
    weightBp,
    probability: `${(weightBp / 100).toFixed(2)}%`,
    left,
  });

const wheel = (over: Record<string, unknown> = {}) =>
  lottery.ShopLottery.parse({
    id: 'lot_1',
    name: '幸运大转盘',
    startsAt: '2026-11-20T00:00:00Z',
    endsAt: '2026-12-20T00:00:00Z',
    pointsPerDraw: 10,
    signInDraws: 1,
    dailyLimit: 3,
    prizes: [
      prize('lpz_a', 0, 'coupon', '3元券', 1_250, 4),
      prize('lpz_b', 1, 'points', '5积分', 3_750, null),
      prize('lpz_n', 2, 'none', '谢谢参与', 5_000, null),
    ],
    freeDrawsLeft: 1,
    drawsToday: 0,
    pointsBalance: 25,
    ...over,
  });

describe('the wheel', () => {
  it('gives each prize a sector as wide as its odds and leaves out a prize that is never drawn', () => {
    expect(
      sectors([
        { id: 'a', weightBp: 2_500 },
        { id: 'z', weightBp: 0 },
        { id: 'n', weightBp: 7_500 },
      ]),
    ).toEqual([
      { id: 'a', from: 0, to: 90 },
      { id: 'n', from: 90, to: 360 },
    ]);
  });
  it('spins forward and stops with the prize under the pointer', () => {
    const list = sectors([
      { id: 'a', weightBp: 2_500 },
      { id: 'n', weightBp: 7_500 },
    ]);
    const first = rotationFor(list, 'a', 0);
    expect(first % 360).toBe(315);
    const second = rotationFor(list, 'n', first);
    expect(second).toBeGreaterThan(first);
    expect(second % 360).toBe(135);
  });
});

describe('the lottery page', () => {
  it('shows every prize with its odds, draws (a free draw first, passing the leader of the link), and says what was won', async () => {
    const posts: Array<{ url: string; body: unknown }> = [];
    let drawn = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posts.push({ url, body: JSON.parse(String(init.body)) });
        drawn = true;
        return json(
          lottery.Draw.parse({
            id: 'ldr_1',
            lotteryId: 'lot_1',
            prize: { id: 'lpz_a', position: 0, kind: 'coupon', title: '3元券' },
            fellBack: false,
            paidWith: 'free_draw',
            pointsSpent: 0,
            pointsGiven: 0,
            couponId: 'cpn_1',
            randomValue: 12345,
            oddsVersion: 1,
            at: '2026-11-20T03:00:00Z',
          }),
          201,
        );
      }
      if (url.includes('/draws')) return json({ items: [], page: 1, pageSize: 20, total: 0 });
      return json(lottery.ShopLotteries.parse({ items: [wheel(drawn ? { freeDrawsLeft: 0, drawsToday: 1 } : {})] }));
    });
    const alerts = vi.spyOn(Dialog, 'alert').mockImplementation(() => Promise.resolve());
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderShop(
      <Routes>
        <Route path="/lottery/:id" element={<LotteryPage />} />
      </Routes>,
      '/lottery/lot_1?leader=ldr_9',
    );
    await waitFor(() => expect(screen.getAllByTestId('lottery-probability')).toHaveLength(3));
    expect(screen.getAllByTestId('lottery-probability').map((e) => e.textContent)).toEqual(['12.50%', '37.50%', '50.00%']);
    expect(screen.getByTestId('lottery-odds').textContent).toContain('剩 4 份');
    expect(screen.getByTestId('lottery-free-left').textContent).toContain('1');
    expect(screen.getByTestId('lottery-draw').textContent).toContain('免费抽一次');
    fireEvent.click(screen.getByTestId('lottery-draw'));
    await waitFor(() => expect(posts).toHaveLength(1));
    // The prize is told once the wheel has stopped.
    expect(alerts).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SPIN_MS);
    await waitFor(() => expect(alerts).toHaveBeenCalledTimes(1));
    expect(posts).toEqual([{ url: '/api/v1/shop/lotteries/lot_1/draws', body: { leaderId: 'ldr_9' } }]);
    expect(alerts.mock.calls[0]?.[0]).toMatchObject({ title: '恭喜抽中：3元券' });
    await waitFor(() => expect(screen.getByTestId('lottery-draw').textContent).toContain('10 积分抽一次'));
  });

  it('says why a draw was refused', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (init?.method === 'POST') return json({ code: 'POINTS_INSUFFICIENT', message: 'short', details: { balance: 3, needed: 10 } }, 409);
      if (url.includes('/draws')) return json({ items: [], page: 1, pageSize: 20, total: 0 });
      return json(lottery.ShopLotteries.parse({ items: [wheel({ freeDrawsLeft: 0, pointsBalance: 3 })] }));
    });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<LotteryPage />, '/lottery');
    fireEvent.click(await screen.findByTestId('lottery-draw'));
    await waitFor(() => expect(toasts).toHaveBeenCalledTimes(1));
    expect(toasts.mock.calls[0]?.[0]).toMatchObject({ content: '积分不足' });
  });

  it('at the daily limit the button is off', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) =>
      String(input).includes('/draws')
        ? json({ items: [], page: 1, pageSize: 20, total: 0 })
        : json(lottery.ShopLotteries.parse({ items: [wheel({ drawsToday: 3 })] })),
    );
    renderShop(<LotteryPage />, '/lottery');
    await waitFor(() => expect((screen.getByTestId('lottery-draw') as HTMLButtonElement).disabled).toBe(true));
  });
});
