import { describe, expect, it } from 'vitest';
import { couponShareUrl } from '../src/areas/leader/coupons/shareUrl.ts';

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
