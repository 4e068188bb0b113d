import { bargain } from '@linli/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BargainDetailPage, BargainOffersPage } from '../src/areas/shop/bargain/BargainPage.tsx';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const view = (over: Record<string, unknown> = {}) =>
  bargain.Bargain.parse({
    id: 'bgn_1',
    offerId: 'bgo_1',
    title: '砍价 土鸡蛋',
    campaignLineId: 'cml_1',
    priceFen: 1000,
    floorFen: 100,
    currentPriceFen: 640,
    helpersNeeded: 3,
    helpers: 1,
    state: 'open',
    startedAt: '2026-11-20T02:00:00Z',
    expiresAt: '2026-11-21T02:00:00Z',
    orderId: null,
    newcomerOnly: false,
    mine: false,
    helpedByMe: false,
    starterName: '王阿姨',
    cuts: [{ helperName: '138****0001', amountFen: 360, priceAfterFen: 640, newcomer: true, at: '2026-11-20T03:00:00Z' }],
    sharePath: '/shop/bargain/bgn_1',
    ...over,
  });

const detail = () =>
  renderShop(
    <Routes>
      <Route path="/bargain/:id" element={<BargainDetailPage />} />
      <Route path="/orders/:id" element={<div data-testid="order-page" />} />
    </Routes>,
    '/bargain/bgn_1',
  );

describe('the bargain pages', () => {
  it('a friend sees the price, the helpers and cuts once, sending the device id', async () => {
    const posts: Array<{ url: string; device: string | null }> = [];
    let cut = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push({ url: String(input), device: new Headers(init.headers).get('x-device-id') });
        cut = true;
        return json(bargain.CutResult.parse({ amountFen: 300, priceAfterFen: 340, helpersLeft: 1 }), 201);
      }
      return json(cut ? view({ currentPriceFen: 340, helpers: 2, helpedByMe: true }) : view());
    });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    detail();
    await waitFor(() => expect(screen.getByTestId('bargain-price').textContent).toBe('¥6.40'));
    expect(screen.getAllByTestId('bargain-helper')).toHaveLength(1);
    expect(screen.queryByTestId('bargain-buy')).toBeNull();
    fireEvent.click(screen.getByTestId('bargain-cut'));
    await waitFor(() => expect(screen.getByTestId('bargain-price').textContent).toBe('¥3.40'));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe('/api/v1/shop/bargains/bgn_1/cuts');
    expect(posts[0]?.device).toMatch(/^web-[0-9a-f]{32}$/);
    expect(toasts.mock.calls[0]?.[0]).toMatchObject({ content: '砍掉了 ¥3.00！' });
    expect(screen.queryByTestId('bargain-cut')).toBeNull();
  });

  it('says why a cut was refused', async () => {
    vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init?: RequestInit) =>
      init?.method === 'POST'
        ? json({ code: 'BARGAIN_CUT_REFUSED', message: 'no', details: { reason: 'device_used' } }, 409)
        : json(view()),
    );
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    detail();
    fireEvent.click(await screen.findByTestId('bargain-cut'));
    await waitFor(() => expect(toasts).toHaveBeenCalled());
    expect(toasts.mock.calls[0]?.[0]).toMatchObject({ content: '这台设备已经帮砍过了' });
  });

  it('the starter buys at the price now and is taken to the order', async () => {
    const posts: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push(String(input));
        return json({ id: 'ord_1' }, 201);
      }
      return json(view({ mine: true }));
    });
    detail();
    const buy = await screen.findByTestId('bargain-buy');
    expect(buy.textContent).toContain('¥6.40');
    expect(screen.queryByTestId('bargain-cut')).toBeNull();
    fireEvent.click(buy);
    await screen.findByTestId('order-page');
    expect(posts).toEqual(['/api/v1/shop/bargains/bgn_1/purchase']);
  });

  it('lists the offers; starting one passes the leader of the link and opens the bargain', async () => {
    const posts: Array<{ url: string; body: unknown }> = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push({ url: String(input), body: JSON.parse(String(init.body)) });
        return json(view({ mine: true, helpers: 0, cuts: [], currentPriceFen: 1000 }), 201);
      }
      if (String(input).includes('/bargains/')) return json(view({ mine: true, helpers: 0, cuts: [], currentPriceFen: 1000 }));
      return json(
        bargain.ShopOffers.parse({
          items: [
            {
              id: 'bgo_1',
              title: '砍价 土鸡蛋',
              campaignLineId: 'cml_1',
              priceFen: 1000,
              floorFen: 100,
              helpersNeeded: 3,
              durationMinutes: 1440,
              newcomerOnly: true,
              endsAt: '2026-11-30T00:00:00Z',
              myBargainId: null,
            },
          ],
        }),
      );
    });
    renderShop(
      <Routes>
        <Route path="/bargain" element={<BargainOffersPage />} />
        <Route path="/bargain/:id" element={<BargainDetailPage />} />
      </Routes>,
      '/bargain?offer=bgo_1&leader=ldr_9',
    );
    expect((await screen.findByTestId('bargain-offer')).textContent).toContain('仅新用户可帮砍');
    fireEvent.click(screen.getByTestId('bargain-start'));
    await screen.findByTestId('bargain-share');
    expect(posts).toEqual([{ url: '/api/v1/shop/bargain-offers/bgo_1/bargains', body: { leaderId: 'ldr_9' } }]);
  });
});
