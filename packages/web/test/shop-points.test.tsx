import { points } from '@linli/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Dialog, Toast } from 'antd-mobile';
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
      if (url.includes('/offers')) return json({ items: [] });
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

describe('redeeming points', () => {
  const offer = (id: string, title: string, pointsCost: number) =>
    points.PointsOffer.parse({ id, couponTemplateId: `prm_${id}`, title, pointsCost, active: true });
  const mine = (balance: number) =>
    points.MyPoints.parse({ enabled: true, balance, expiring: [], expiringSoonPoints: 0, signedInToday: true, streak: 1 });

  /** The shop's answers: the balance as it stands, the offers, and a redemption answered by `redeem`. */
  function serve(state: { balance: number; offers: ReturnType<typeof offer>[] }, redeem: (url: string) => Response) {
    const requests: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      requests.push(`${init?.method ?? 'GET'} ${url}`);
      if (init?.method === 'POST') return redeem(url);
      if (url.includes('/offers')) return json(points.PointsOffers.parse({ items: state.offers }));
      if (url.includes('/sign-ins')) {
        return json(
          points.SignInCalendar.parse({
            month: '2026-11',
            today: '2026-11-20',
            days: [],
            signedInToday: true,
            streak: 1,
            signInPoints: 5,
            streakBonuses: [],
          }),
        );
      }
      if (url.includes('/history')) return json(points.PointsHistory.parse({ items: [], page: 1, pageSize: 20, total: 0 }));
      return json(mine(state.balance));
    });
    return requests;
  }

  const toastTexts = (toasts: { mock: { calls: unknown[][] } }) =>
    toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : (p as { content: string }).content));

  it('lists offers with their cost, asks first, spends the points and shows the new balance', async () => {
    const state = { balance: 105, offers: [offer('pof_1', '满30减5券', 100), offer('pof_2', '满50减10券', 500)] };
    const requests = serve(state, (url) => {
      expect(url).toBe('/api/v1/shop/points/offers/pof_1/redemptions');
      state.balance = 5;
      return json(points.Redeemed.parse({ couponId: 'cpn_9', pointsSpent: 100, balance: 5 }), 201);
    });
    const confirm = vi.spyOn(Dialog, 'confirm').mockResolvedValue(true);
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<Points />, '/me/points');
    await waitFor(() => expect(screen.getAllByTestId('points-offer')).toHaveLength(2));
    expect(screen.getAllByTestId('points-offer-cost').map((e) => e.textContent)).toEqual(['100 积分', '500 积分']);
    const [affordable, tooDear] = screen.getAllByTestId('points-redeem') as HTMLButtonElement[];
    expect(tooDear!.disabled).toBe(true);
    expect(screen.getAllByTestId('points-offer')[1]!.textContent).toContain('还差 395 积分');
    fireEvent.click(affordable!);
    await waitFor(() => expect(toasts).toHaveBeenCalledTimes(1));
    expect(String(confirm.mock.calls[0]?.[0].content)).toContain('用 100 积分兑换「满30减5券」？兑换后剩余 5 积分');
    expect(toastTexts(toasts)).toEqual(['兑换成功：「满30减5券」已放入我的优惠券，用去 100 积分，剩余 5 积分']);
    await waitFor(() => expect(screen.getByTestId('points-balance').textContent).toBe('5'));
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    expect(screen.getByTestId('points-my-coupons').getAttribute('href')).toBe('/me/coupons');
  });

  it('sends nothing when the resident thinks better of it', async () => {
    const requests = serve({ balance: 200, offers: [offer('pof_1', '满30减5券', 100)] }, () => json({}, 500));
    vi.spyOn(Dialog, 'confirm').mockResolvedValue(false);
    renderShop(<Points />, '/me/points');
    await waitFor(() => expect(screen.getAllByTestId('points-offer')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('points-redeem'));
    await new Promise((r) => setTimeout(r, 20));
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });

  it('says why a redemption was refused, and drops an offer that is gone', async () => {
    const state = { balance: 300, offers: [offer('pof_1', '满30减5券', 100), offer('pof_2', '满50减10券', 200)] };
    const answers = [
      json({ code: 'POINTS_INSUFFICIENT', message: 'the balance is 60 points', details: { balance: 60, needed: 100 } }, 409),
      json({ code: 'COUPON_LIMIT_REACHED', message: 'at most 1', details: { templateId: 'prm_pof_1', limit: 1 } }, 409),
      json({ code: 'COUPONS_GONE', message: 'all gone', details: {} }, 409),
      json({ code: 'NOT_FOUND', message: 'offer not found' }, 404),
    ];
    const requests = serve(state, () => {
      const next = answers.shift() as Response;
      if (answers.length === 0) state.offers = state.offers.filter((o) => o.id !== 'pof_2');
      return next;
    });
    vi.spyOn(Dialog, 'confirm').mockResolvedValue(true);
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<Points />, '/me/points');
    await waitFor(() => expect(screen.getAllByTestId('points-offer')).toHaveLength(2));
    for (let i = 1; i <= 3; i++) {
      await waitFor(() => expect((screen.getAllByTestId('points-redeem')[0] as HTMLButtonElement).disabled).toBe(false));
      fireEvent.click(screen.getAllByTestId('points-redeem')[0]!);
      await waitFor(() => expect(toasts).toHaveBeenCalledTimes(i));
    }
    await waitFor(() => expect((screen.getAllByTestId('points-redeem')[1] as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getAllByTestId('points-redeem')[1]!);
    await waitFor(() => expect(toasts).toHaveBeenCalledTimes(4));
    expect(toastTexts(toasts)).toEqual([
      '积分不足，还差 40 积分',
      '这张券每人限领 1 张，你已领满',
      '这张券已经兑完了',
      '这项兑换已下架，请看看其他的',
    ]);
    // The offer that is gone leaves the list once it is asked again.
    await waitFor(() => expect(screen.getAllByTestId('points-offer')).toHaveLength(1));
    expect(requests.filter((r) => r === 'GET /api/v1/shop/points/offers').length).toBeGreaterThan(1);
  });
});
