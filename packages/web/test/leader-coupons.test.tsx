import { promotions } from '@linli/contracts';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CouponsPage from '../src/areas/leader/coupons/CouponsPage.tsx';
import { couponShareUrl } from '../src/areas/leader/coupons/shareUrl.ts';
import { renderLeader } from './leader-render.tsx';

describe('a leader’s coupon share link', () => {
  it('joins this site’s origin and the server’s share path', () => {
    expect(couponShareUrl('https://shop.example.com', '/shop/coupons/claim/prm_1?leader=ldr_2')).toBe(
      'https://shop.example.com/shop/coupons/claim/prm_1?leader=ldr_2',
    );
    expect(couponShareUrl('https://shop.example.com/', 'shop/coupons/claim/prm_1?leader=ldr_2')).toBe(
      'https://shop.example.com/shop/coupons/claim/prm_1?leader=ldr_2',
    );
    expect(couponShareUrl('http://localhost:5173', 'https://other.example.com/x')).toBe('https://other.example.com/x');
  });
});

describe('the leader’s coupons screen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each coupon’s kind, cap and threshold, and marks those for newcomers only', async () => {
    const coupons = [
      promotions.LeaderCoupon.parse({
        promotionId: 'prm_1',
        name: '新人9折',
        discountKind: 'percent',
        amountOffFen: null,
        percentOff: 10,
        maxOffFen: 800,
        thresholdFen: 0,
        newcomerOnly: true,
        endsAt: '2026-11-30T00:00:00Z',
        sharePath: '/shop/coupons/claim/prm_1?leader=ldr_1',
        claimedViaMe: 3,
        usedViaMe: 1,
      }),
      promotions.LeaderCoupon.parse({
        promotionId: 'prm_2',
        name: '满39减5',
        discountKind: 'amount',
        amountOffFen: 500,
        percentOff: null,
        maxOffFen: null,
        thresholdFen: 3900,
        newcomerOnly: false,
        endsAt: '2026-11-30T00:00:00Z',
        sharePath: '/shop/coupons/claim/prm_2?leader=ldr_1',
        claimedViaMe: 0,
        usedViaMe: 0,
      }),
    ];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      const body = url.includes('/uses') ? { items: [], page: 1, pageSize: 20, total: 0 } : { items: coupons };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<CouponsPage />, '/coupons');
    await waitFor(() => expect(screen.getAllByTestId('leader-coupon')).toHaveLength(2));
    expect(screen.getAllByTestId('leader-coupon-terms').map((e) => e.textContent)).toEqual(['9折 · 最多减¥8 · 无门槛', '减¥5 · 满¥39可用']);
    expect(screen.getAllByTestId('leader-coupon-newcomer')).toHaveLength(1);
    expect(screen.getAllByTestId('leader-coupon')[0]!.textContent).toContain('新人专享');
  });
});
