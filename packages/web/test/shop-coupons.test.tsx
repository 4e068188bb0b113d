import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimButton } from '../src/areas/shop/coupons/claim.ts';
import ClaimCoupons from '../src/areas/shop/coupons/ClaimCoupons.tsx';
import MyCoupons from '../src/areas/shop/coupons/MyCoupons.tsx';
import type { ClaimableCoupon, Coupon } from '../src/areas/shop/types.ts';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const page = (items: unknown[]) => ({ items, page: 1, pageSize: 20, total: items.length });

function coupon(over: Partial<Coupon> = {}): Coupon {
  return {
    id: 'cpn_1',
    promotionId: 'prm_1',
    name: '满39减5',
    description: '',
    discountKind: 'amount',
    amountOffFen: 500,
    percentOff: null,
    maxOffFen: null,
    thresholdFen: 3900,
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
    ...over,
  };
}

function claimable(over: Partial<ClaimableCoupon> = {}): ClaimableCoupon {
  return {
    promotionId: 'prm_1',
    name: '满39减5',
    description: '',
    discountKind: 'amount',
    amountOffFen: 500,
    percentOff: null,
    maxOffFen: null,
    thresholdFen: 3900,
    newcomerOnly: false,
    endsAt: '2026-11-30T00:00:00Z',
    left: 12,
    held: 0,
    mayClaim: true,
    ...over,
  };
}

describe('claim buttons', () => {
  it('says claim, claimed, all gone or not for me', () => {
    expect(claimButton({ mayClaim: true, held: 1, left: 3 })).toBe('claim');
    expect(claimButton({ mayClaim: false, held: 1, left: 3 })).toBe('claimed');
    expect(claimButton({ mayClaim: false, held: 0, left: 0 })).toBe('gone');
    expect(claimButton({ mayClaim: false, held: 0, left: null })).toBe('unavailable');
  });
});

describe('my coupons', () => {
  it('shows held coupons with the usable ones, a returned coupon’s note and the refund rule', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      urls.push(url);
      return json(
        page([
          coupon({ id: 'cpn_h', status: 'held', orderId: 'ord_1', orderNo: '20261120-0007' }),
          coupon({ returnedCount: 1, percentOff: 10, amountOffFen: null, discountKind: 'percent' }),
        ]),
      );
    });
    renderShop(<MyCoupons />, '/me/coupons');
    await waitFor(() => expect(screen.getByTestId('coupon-held-note')).toBeTruthy());
    expect(screen.getByTestId('coupon-returned').textContent).toContain('已取消或全额退款');
    expect(screen.getByTestId('coupons-refund-rule').textContent).toContain('只有整单取消或全额退款才会退回优惠券');
    expect(screen.getAllByTestId('coupon-value').map((e) => e.textContent)).toEqual(['减¥5', '9折']);
    expect(screen.getByTestId('coupon-held-note').textContent).toContain('查看订单 20261120-0007');
    // One request asks for the usable and the held coupons together.
    expect(urls).toEqual(['/api/v1/shop/coupons?status=available%2Cheld&page=1&pageSize=20']);
  });
  it('says when a used coupon was used and on which order, by its number', async () => {
    vi.stubGlobal('fetch', async () =>
      json(
        page([
          coupon({
            id: 'cpn_u',
            status: 'used',
            orderId: 'ord_7',
            orderNo: '20261121-0042',
            usedAt: new Date(2026, 10, 21, 9, 30).toISOString(),
          }),
        ]),
      ),
    );
    renderShop(<MyCoupons />, '/me/coupons?status=used');
    await waitFor(() => expect(screen.getByTestId('my-coupon')).toBeTruthy());
    expect(screen.getByTestId('my-coupon').textContent).toContain('11-21 09:30 用于订单 20261121-0042');
    expect(screen.getByTestId('coupon-order-link').textContent).toBe('查看订单 20261121-0042');
    expect(screen.getByTestId('coupon-order-link').getAttribute('href')).toBe('/orders/ord_7');
  });
});

describe('claiming a coupon from a leader’s link', () => {
  it('puts the shared coupon first and claims it for that leader', async () => {
    const posts: Array<{ url: string; body: unknown }> = [];
    let held = 0;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith('/shop/me')) return json({ id: 'res_1', phone: '13800000000', name: '', pickupPoint: { id: 'pp_1', name: 'A' } });
      if (init?.method === 'POST') {
        posts.push({ url, body: JSON.parse(String(init.body)) });
        held = 1;
        return json({ couponId: 'cpn_9', validUntil: '2026-11-30T00:00:00Z' }, 201);
      }
      return json({
        items: [
          claimable({ promotionId: 'prm_other', name: '新人券', newcomerOnly: true, mayClaim: false }),
          claimable({ held, mayClaim: held === 0 }),
        ],
      });
    });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(
      <Routes>
        <Route path="/coupons/claim/:promotionId" element={<ClaimCoupons />} />
      </Routes>,
      '/coupons/claim/prm_1?leader=ldr_7',
    );
    await waitFor(() => expect(screen.getByTestId('shared-coupon')).toBeTruthy());
    const cards = screen.getAllByTestId('claimable');
    expect(cards[0]!.textContent).toContain('满39减5');
    expect(cards[1]!.textContent).toContain('不可领');
    fireEvent.click(screen.getAllByTestId('claim-button')[0]!);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: '/api/v1/shop/coupons/prm_1/claim', body: { leaderId: 'ldr_7' } });
    await waitFor(() => expect(screen.getAllByTestId('claim-button')[0]!.textContent).toBe('已领'));
    expect(toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : p.content))[0]).toContain('领取成功');
  });
});

describe('a refused claim', () => {
  it('says why in words, not by its code', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith('/shop/me')) return json({ id: 'res_1', phone: '13800000000', name: '', pickupPoint: { id: 'pp_1', name: 'A' } });
      if (init?.method === 'POST')
        return json({ code: 'COUPONS_GONE', message: 'all of these coupons have been claimed', details: {} }, 409);
      return json({ items: [claimable()] });
    });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(
      <Routes>
        <Route path="/coupons" element={<ClaimCoupons />} />
      </Routes>,
      '/coupons',
    );
    fireEvent.click(await screen.findByTestId('claim-button'));
    await waitFor(() => expect(toasts).toHaveBeenCalled());
    expect(toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : p.content))).toEqual(['这张券已经被领完了']);
  });
});
