import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Points from '../src/areas/shop/me/Points.tsx';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('my points', () => {
  it('shows the balance, what expires, the calendar and history; signs in once, a second time says why not', async () => {
    let signedIn = false;
    const posts: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posts.push(url);
        if (signedIn) return json({ code: 'ALREADY_SIGNED_IN', message: 'already signed in' }, 409);
        signedIn = true;
        return json({ day: '2026-11-20', streak: 7, points: 5, bonus: 20, balance: 130 }, 201);
      }
      if (url.includes('/sign-ins')) {
        return json({
          month: '2026-11',
          today: '2026-11-20',
          days: [{ day: '2026-11-19', streak: 6, points: 5, bonus: 0 }],
          signedInToday: false,
          streak: 6,
          signInPoints: 5,
          streakBonuses: [{ day: 7, points: 20 }],
        });
      }
      if (url.includes('/history')) {
        return json({
          items: [
            {
              id: 'pte_1',
              delta: 40,
              reason: 'order_picked_up',
              documentId: 'ord_1',
              shortfall: 0,
              balanceAfter: 105,
              note: null,
              at: '2026-11-19T04:00:00Z',
            },
          ],
          page: 1,
          pageSize: 20,
          total: 1,
        });
      }
      return json({
        enabled: true,
        balance: 105,
        expiring: [{ date: '2026-12-01', points: 5 }],
        expiringSoonPoints: 5,
        signedInToday: false,
        streak: 6,
      });
    });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<Points />, '/me/points');
    await waitFor(() => expect(screen.getByTestId('points-balance').textContent).toBe('105'));
    expect(screen.getByTestId('points-expiring').textContent).toContain('2026-12-01');
    await waitFor(() => expect(screen.getAllByTestId('points-signed-day')).toHaveLength(1));
    expect(screen.getByTestId('points-streak').textContent).toContain('6');
    await waitFor(() => expect(screen.getAllByTestId('points-entry')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('points-sign-in'));
    await waitFor(() => expect(toasts).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId('points-sign-in'));
    await waitFor(() => expect(toasts).toHaveBeenCalledTimes(2));
    expect(posts).toEqual(['/api/v1/shop/points/sign-ins', '/api/v1/shop/points/sign-ins']);
    expect(toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : p.content))).toEqual([
      '签到成功，+5 积分，连续 7 天奖励 +20',
      '今天已经签到过了',
    ]);
  });
});
