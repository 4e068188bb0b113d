import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLineQuantity } from '../src/areas/shop/cart.ts';
import ConfirmPage, { pricedBody } from '../src/areas/shop/cart/ConfirmPage.tsx';
import { writeCart } from '../src/areas/shop/cartStore.ts';
import type { Coupon, Quote } from '../src/areas/shop/types.ts';
import { campaign, line, renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const coupon = (id: string, amountOffFen: number, thresholdFen: number): Coupon => ({
  id,
  promotionId: `prm_${id}`,
  name: `满${thresholdFen / 100}减${amountOffFen / 100}`,
  description: '',
  discountKind: 'amount',
  amountOffFen,
  percentOff: null,
  maxOffFen: null,
  thresholdFen,
  scope: { kind: 'operator', ids: [] },
  newcomerOnly: false,
  status: 'available',
  source: 'claim',
  validFrom: '2026-11-20T00:00:00Z',
  validUntil: '2026-11-30T00:00:00Z',
  orderId: null,
  orderNo: null,
  usedAt: null,
  returnedCount: 0,
});

const small = coupon('cpn_s', 300, 1000);
const big = coupon('cpn_b', 2000, 10_000);

/** The server's quote for 2 eggs (1180 fen) with the coupon asked for (the best one, cpn_s, when none is named). */
function quoteFor(couponId: string | null | undefined): Quote {
  const applied = couponId === undefined ? 'cpn_s' : couponId;
  const off = applied === 'cpn_s' ? 300 : 0;
  return {
    lines: [{ campaignLineId: 'egg', quantity: 2, unitPriceFen: 590, discountFen: off, amountFen: 1180 - off }],
    listFen: 1180,
    discountFen: off,
    totalFen: 1180 - off,
    applied: applied ? [{ promotionId: 'prm_cpn_s', couponId: 'cpn_s', name: '满10减3', amountFen: 300 }] : [],
    couponId: applied,
    notApplied: [
      { promotionId: 'prm_cpn_b', couponId: 'cpn_b', name: '满100减20', why: { reason: 'below_threshold', missingFen: 8820 } },
      ...(applied ? [] : [{ promotionId: 'prm_cpn_s', couponId: 'cpn_s', name: '满10减3', why: { reason: 'not_chosen' as const } }]),
      { promotionId: 'prm_new', couponId: null, name: '新人立减', why: { reason: 'newcomers_only' } },
    ],
    coupons: [big, small],
  };
}

/** Two eggs in the cart, a server that quotes (quoteFor) and places, and the confirm screen open: returns the requests posted. */
function openConfirm() {
  const egg = line({ id: 'egg' });
  writeCart('anonymous', setLineQuantity([], campaign({ lines: [egg] }), egg, 2));
  const posts: Array<{ url: string; body: Record<string, unknown> }> = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/shop/campaigns')) return json({ items: [campaign({ lines: [egg] })] });
    const body = JSON.parse(String(init?.body ?? '{}'));
    posts.push({ url, body });
    if (url.endsWith('/shop/orders/quote')) return json(quoteFor(body.couponId));
    return json(
      { id: 'ord_1', orderNo: 'N1', totalFen: 1180, expiresAt: '2026-11-23T00:00:00Z', payment: { provider: 'dev', status: 'pending' } },
      201,
    );
  });
  renderShop(
    <Routes>
      <Route path="/cart/confirm/:date" element={<ConfirmPage />} />
    </Routes>,
    '/cart/confirm/2026-11-23',
  );
  return posts;
}

describe('the confirm screen', () => {
  it('leaves the coupon out for the server to pick, or names it (null for none)', () => {
    const lines = [{ campaignLineId: 'egg', quantity: 1 }];
    expect(pricedBody(lines, undefined)).toEqual({ lines });
    expect(pricedBody(lines, null)).toEqual({ lines, couponId: null });
    expect(pricedBody(lines, 'cpn_1')).toEqual({ lines, couponId: 'cpn_1' });
  });

  it('shows the quote, re-quotes with the coupon chosen and places the order with the coupon shown', async () => {
    const posts = openConfirm();
    await waitFor(() => expect(screen.getByTestId('confirm-total').textContent).toBe('¥8.80'));
    expect(posts[0]).toEqual({ url: '/api/v1/shop/orders/quote', body: { lines: [{ campaignLineId: 'egg', quantity: 2 }] } });
    expect(screen.getByTestId('confirm-list').textContent).toBe('¥11.80');
    expect(screen.getByTestId('confirm-discount').textContent).toBe('满10减3-¥3.00');
    expect(screen.getByTestId('confirm-miss').textContent).toBe('新人立减: 仅限新人');
    expect(screen.getByTestId('confirm-coupon').textContent).toBe('满10减3 (减¥3)');

    fireEvent.click(screen.getByText('优惠券'));
    await waitFor(() => expect(screen.getAllByTestId('coupon-option')).toHaveLength(2));
    const options = screen.getAllByTestId('coupon-option') as HTMLButtonElement[];
    expect(options.map((o) => [o.dataset.couponId, o.disabled])).toEqual([
      ['cpn_s', false],
      ['cpn_b', true],
    ]);
    expect(options[1]!.textContent).toContain('还差¥88.2可用');
    fireEvent.click(screen.getByTestId('coupon-none'));
    await waitFor(() => expect(screen.getByTestId('confirm-total').textContent).toBe('¥11.80'));
    expect(posts.at(-1)?.body).toEqual({ lines: [{ campaignLineId: 'egg', quantity: 2 }], couponId: null });

    await waitFor(() => expect((screen.getByTestId('place-order') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('place-order'));
    await waitFor(() => expect(posts.some((p) => p.url === '/api/v1/shop/orders')).toBe(true));
    expect(posts.find((p) => p.url === '/api/v1/shop/orders')?.body).toEqual({
      lines: [{ campaignLineId: 'egg', quantity: 2 }],
      couponId: null,
    });
    await waitFor(() => expect(screen.getByTestId('pay-sheet')).toBeTruthy());
  });

  it('places the order with the coupon the quote applied, named with its promotion', async () => {
    const posts = openConfirm();
    await waitFor(() => expect(screen.getByTestId('confirm-total').textContent).toBe('¥8.80'));
    await waitFor(() => expect((screen.getByTestId('place-order') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('place-order'));
    await waitFor(() => expect(posts.some((p) => p.url === '/api/v1/shop/orders')).toBe(true));
    expect(posts.find((p) => p.url === '/api/v1/shop/orders')?.body).toEqual({
      lines: [{ campaignLineId: 'egg', quantity: 2 }],
      couponId: 'cpn_s',
      couponPromotionId: 'prm_cpn_s',
    });
  });
});
