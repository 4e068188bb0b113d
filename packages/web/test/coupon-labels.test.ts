import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { shopLocales } from '../src/areas/shop/locales.ts';
import { couponOptions, discountLabel, faceYuan, notAppliedText, thresholdLabel, zhe } from '../src/common/coupon.ts';
import { initI18n } from '../src/common/i18n.ts';

beforeAll(() => {
  initI18n('shop', shopLocales);
});
const zhT = () => i18n.getFixedT('zh-CN');
const enT = () => i18n.getFixedT('en');

describe('coupon labels', () => {
  it('writes a face value without zero fen', () => {
    expect(faceYuan(500)).toBe('¥5');
    expect(faceYuan(550)).toBe('¥5.5');
    expect(faceYuan(505)).toBe('¥5.05');
    expect(faceYuan(3900)).toBe('¥39');
  });

  it('turns a percent off into 折', () => {
    expect(zhe(10)).toBe('9');
    expect(zhe(15)).toBe('8.5');
    expect(zhe(5)).toBe('9.5');
    expect(zhe(50)).toBe('5');
    expect(zhe(100)).toBe('0');
  });

  it('labels an amount off, a percent off (with its cap) and a free unit in both languages', () => {
    const amount = { discountKind: 'amount' as const, amountOffFen: 500, percentOff: null, maxOffFen: null };
    const percent = { discountKind: 'percent' as const, amountOffFen: null, percentOff: 10, maxOffFen: 2000 };
    expect(discountLabel(zhT(), amount)).toBe('减¥5');
    expect(discountLabel(enT(), amount)).toBe('¥5 off');
    expect(discountLabel(zhT(), percent)).toBe('9折 · 最多减¥20');
    expect(discountLabel(enT(), { ...percent, maxOffFen: null })).toBe('10% off');
    // a leader's coupon has no discountKind: the percent tells
    expect(discountLabel(zhT(), { amountOffFen: null, percentOff: 20 })).toBe('8折');
    expect(discountLabel(zhT(), { discountKind: 'free_unit', amountOffFen: null, percentOff: null })).toBe('免费得 1 件');
  });

  it('says the threshold, or that there is none', () => {
    expect(thresholdLabel(zhT(), 3900)).toBe('满¥39可用');
    expect(thresholdLabel(zhT(), 0)).toBe('无门槛');
    expect(thresholdLabel(enT(), 3900)).toBe('On orders over ¥39');
  });

  it('says why an offer is not applied', () => {
    expect(notAppliedText(zhT(), { reason: 'below_threshold', missingFen: 1210 })).toBe('还差¥12.1可用');
    expect(notAppliedText(zhT(), { reason: 'newcomers_only' })).toBe('仅限新人');
    expect(notAppliedText(zhT(), { reason: 'out_of_scope' })).toBe('不在适用范围');
    expect(notAppliedText(zhT(), { reason: 'one_coupon_per_order' })).toBe('每单限用一张券');
    expect(notAppliedText(zhT(), { reason: 'not_stackable' })).toBe('不可与其他优惠同享');
    expect(notAppliedText(enT(), { reason: 'below_threshold', missingFen: 100 })).toBe('¥1 more to use it');
  });
});

describe('the coupon picker', () => {
  const c = (id: string, amountOffFen: number) => ({ id, amountOffFen, percentOff: null, discountKind: 'amount' as const });
  it('lists the applied coupon first, then the ones that would apply, then the greyed ones with their reason', () => {
    const options = couponOptions({
      couponId: 'c2',
      coupons: [c('c1', 300), c('c2', 500), c('c3', 1000), c('c4', 800)],
      notApplied: [
        { couponId: 'c1', why: { reason: 'one_coupon_per_order' } },
        { couponId: 'c3', why: { reason: 'below_threshold', missingFen: 200 } },
        { couponId: 'c4', why: { reason: 'not_chosen' } },
        { couponId: null, why: { reason: 'newcomers_only' } },
      ],
    });
    expect(options.map((o) => [o.coupon.id, o.applied, o.usable, o.why?.reason ?? null])).toEqual([
      ['c2', true, true, null],
      ['c4', false, true, 'not_chosen'],
      ['c1', false, true, 'one_coupon_per_order'],
      ['c3', false, false, 'below_threshold'],
    ]);
  });

  it('keeps every coupon pickable when the quote applied none and gave no reason', () => {
    const options = couponOptions({ couponId: null, coupons: [c('c1', 300)], notApplied: [] });
    expect(options).toEqual([{ coupon: c('c1', 300), applied: false, why: null, usable: true }]);
  });
});
