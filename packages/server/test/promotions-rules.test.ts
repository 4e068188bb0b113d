import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOffer, bestDiscounts, type Cart, type Offer, type PromotionTerms } from '../src/modules/promotions/promotions.rules.ts';

const terms = (over: Partial<PromotionTerms> & { id: string }): PromotionTerms => ({
  name: over.id,
  trigger: 'automatic',
  discountKind: 'amount',
  amountOffFen: 500,
  percentOff: null,
  maxOffFen: null,
  thresholdFen: 0,
  scope: { kind: 'operator', ids: [] },
  newcomerOnly: false,
  stackable: true,
  budgetLeftFen: null,
  ...over,
});
const auto = (over: Partial<PromotionTerms> & { id: string }): Offer => ({ terms: terms(over), couponId: null });
const coupon = (couponId: string, over: Partial<PromotionTerms> & { id: string }): Offer => ({
  terms: terms({ trigger: 'coupon', ...over }),
  couponId,
});

const cart = (lines: Array<[string, number, number]>, over: Partial<Cart> = {}): Cart => ({
  leaderId: 'ldr_1',
  newcomer: false,
  lines: lines.map(([sku, unitPriceFen, quantity]) => ({
    campaignLineId: `cml_${sku}`,
    campaignId: 'cmp_1',
    skuId: sku,
    categoryId: sku.startsWith('f') ? 'cat_fruit' : 'cat_veg',
    quantity,
    unitPriceFen,
  })),
  ...over,
});

describe('one offer on a cart', () => {
  const c = cart([
    ['fa', 1000, 2],
    ['vb', 500, 1],
  ]);
  const amounts = [2000, 500];
  it.each<[string, Offer, Cart, ReturnType<typeof applyOffer>]>([
    ['满20减5 over the whole order, split by amount', auto({ id: 'p', thresholdFen: 2000 }), c, { lines: [400, 100] }],
    [
      'below its threshold, with what is missing',
      auto({ id: 'p', thresholdFen: 3000 }),
      c,
      { why: { reason: 'below_threshold', missingFen: 500 } },
    ],
    [
      '9折 (10 % off), capped',
      auto({ id: 'p', discountKind: 'percent', amountOffFen: null, percentOff: 10, maxOffFen: 200 }),
      c,
      { lines: [160, 40] },
    ],
    ['a category scope reaches only its lines', auto({ id: 'p', scope: { kind: 'category', ids: ['cat_veg'] } }), c, { lines: [0, 500] }],
    [
      'an amount above what the lines cost takes them to zero, not below',
      auto({ id: 'p', amountOffFen: 99_999 }),
      c,
      { lines: [2000, 500] },
    ],
    [
      'a 0-yuan item: one unit of the dearest line in scope',
      auto({ id: 'p', discountKind: 'free_unit', amountOffFen: null, scope: { kind: 'sku', ids: ['fa', 'vb'] } }),
      c,
      { lines: [1000, 0] },
    ],
    ['newcomers only, for someone who has ordered', auto({ id: 'p', newcomerOnly: true }), c, { why: { reason: 'newcomers_only' } }],
    ['newcomers only, for a newcomer', auto({ id: 'p', newcomerOnly: true }), { ...c, newcomer: true }, { lines: [400, 100] }],
    ['another leader’s promotion', auto({ id: 'p', scope: { kind: 'leader', ids: ['ldr_2'] } }), c, { why: { reason: 'out_of_scope' } }],
    ['a budget smaller than the discount', auto({ id: 'p', budgetLeftFen: 499 }), c, { why: { reason: 'budget_spent' } }],
  ])('%s', (_name, offer, onCart, expected) => {
    expect(applyOffer(offer, onCart, amounts)).toEqual(expected);
  });
});

describe('the best combination', () => {
  const c = cart([
    ['fa', 1000, 2],
    ['vb', 500, 1],
  ]);
  it('stacks automatic promotions and the best coupon, each on what the earlier left', () => {
    const choice = bestDiscounts(
      c,
      [auto({ id: 'a', thresholdFen: 2000 })],
      [coupon('c1', { id: 't1', amountOffFen: 300, thresholdFen: 2000 }), coupon('c2', { id: 't2', amountOffFen: 200 })],
    );
    expect(choice.totalOffFen).toBe(800);
    expect(choice.discounts.map((d) => [d.promotionId, d.couponId, d.amountFen])).toEqual([
      ['a', null, 500],
      ['t1', 'c1', 300],
    ]);
    expect(choice.notApplied).toEqual([{ promotionId: 't2', couponId: 'c2', why: { reason: 'one_coupon_per_order' } }]);
  });
  it('applies a promotion that does not stack alone when it gives more, and says why the others are out', () => {
    const choice = bestDiscounts(c, [auto({ id: 'a', amountOffFen: 300 }), auto({ id: 'b', amountOffFen: 1000, stackable: false })], []);
    expect(choice.discounts.map((d) => d.promotionId)).toEqual(['b']);
    expect(choice.notApplied).toEqual([{ promotionId: 'a', couponId: null, why: { reason: 'not_stackable' } }]);
  });
  it('keeps the coupon for later when it adds nothing, and picks by ids among equals', () => {
    const full = cart([['fa', 100, 1]]);
    const choice = bestDiscounts(
      full,
      [auto({ id: 'z', amountOffFen: 100 }), auto({ id: 'y', amountOffFen: 100, stackable: false })],
      [coupon('c', { id: 't', amountOffFen: 100 })],
    );
    expect(choice.discounts.map((d) => d.promotionId)).toEqual(['y']);
  });
  it('applies the coupon named, or none at all with it', () => {
    const named = bestDiscounts(
      c,
      [],
      [coupon('c1', { id: 't1', amountOffFen: 300 }), coupon('c2', { id: 't2', amountOffFen: 200 })],
      'c2',
    );
    expect(named.discounts.map((d) => d.couponId)).toEqual(['c2']);
    expect(bestDiscounts(c, [], [coupon('c1', { id: 't1' })], null).discounts).toEqual([]);
  });
});

const arbTerms = fc.record({
  id: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
  discountKind: fc.constantFrom('amount' as const, 'percent' as const, 'free_unit' as const),
  amountOffFen: fc.integer({ min: 1, max: 5000 }),
  percentOff: fc.integer({ min: 1, max: 100 }),
  maxOffFen: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null }),
  thresholdFen: fc.integer({ min: 0, max: 8000 }),
  scopeSkus: fc.option(fc.subarray(['fa', 'vb', 'fc']), { nil: null }),
  stackable: fc.boolean(),
  budgetLeftFen: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
});

const arbOffer = (couponId: string | null) =>
  arbTerms.map(
    (t): Offer => ({
      couponId,
      terms: terms({
        id: couponId ? `t_${t.id}` : t.id,
        discountKind: t.discountKind,
        amountOffFen: t.discountKind === 'amount' ? t.amountOffFen : null,
        percentOff: t.discountKind === 'percent' ? t.percentOff : null,
        maxOffFen: t.discountKind === 'percent' ? t.maxOffFen : null,
        thresholdFen: t.thresholdFen,
        scope: t.scopeSkus && t.scopeSkus.length > 0 ? { kind: 'sku', ids: t.scopeSkus } : { kind: 'operator', ids: [] },
        stackable: t.stackable,
        budgetLeftFen: t.budgetLeftFen,
      }),
    }),
  );

const arbCart = fc
  .array(fc.tuple(fc.constantFrom('fa', 'vb', 'fc'), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5 })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((lines) => cart(lines.filter((l, i) => lines.findIndex((m) => m[0] === l[0]) === i)));

describe('pricing properties', () => {
  it('never below zero, never above list, lines add up, and at least as good as any single offer', () => {
    fc.assert(
      fc.property(
        arbCart,
        fc.array(arbOffer(null), { maxLength: 4 }),
        fc.array(arbOffer('c'), { maxLength: 1 }),
        (c, automatic, coupons) => {
          const unique = automatic.filter((o, i) => automatic.findIndex((x) => x.terms.id === o.terms.id) === i);
          const choice = bestDiscounts(c, unique, coupons);
          const list = c.lines.map((l) => l.unitPriceFen * l.quantity);
          const off = c.lines.map(() => 0);
          for (const d of choice.discounts) {
            expect(d.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(d.amountFen);
            expect(d.amountFen).toBeGreaterThan(0);
            if (d.couponId === null)
              expect(d.amountFen).toBeLessThanOrEqual(
                unique.find((o) => o.terms.id === d.promotionId)?.terms.budgetLeftFen ?? Number.MAX_SAFE_INTEGER,
              );
            for (const l of d.lines) {
              const i = c.lines.findIndex((x) => x.campaignLineId === l.campaignLineId);
              off[i] = (off[i] ?? 0) + l.amountFen;
            }
          }
          off.forEach((o, i) => {
            expect(o).toBeGreaterThanOrEqual(0);
            expect(o).toBeLessThanOrEqual(list[i] ?? 0);
          });
          expect(choice.totalOffFen).toBe(off.reduce((a, b) => a + b, 0));
          expect(choice.discounts.filter((d) => d.couponId !== null).length).toBeLessThanOrEqual(1);
          for (const o of [...unique, ...coupons]) {
            const alone = applyOffer(o, c, list);
            if ('lines' in alone) expect(choice.totalOffFen).toBeGreaterThanOrEqual(alone.lines.reduce((a, b) => a + b, 0));
          }
          // Deterministic: the same question, the same answer.
          expect(bestDiscounts(c, unique, coupons)).toEqual(choice);
        },
      ),
      { numRuns: 400 },
    );
  });
});
