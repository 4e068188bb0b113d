import { splitByLargestRemainder } from '../../platform/money.ts';

/**
 * Which promotions an order gets, pure so that every rule of money is a table test. Rules are data
 * (`PromotionTerms`); checkout offers a cart, the automatic promotions in force and the resident's
 * coupons, and `bestDiscounts` picks the combination that takes the most off, deterministically,
 * with the reason for every offer it did not apply (the confirm screen shows them all, applicable or
 * not). Each discount is spread over the lines in its scope by largest remainder, so every line
 * knows what it was sold for and refunds line by line return exactly what was paid.
 */

export type DiscountKind = 'amount' | 'percent' | 'free_unit';
export type ScopeKind = 'operator' | 'sku' | 'category' | 'campaign' | 'leader';

export interface PromotionTerms {
  id: string;
  name: string;
  trigger: 'automatic' | 'coupon';
  discountKind: DiscountKind;
  /** `amount`: fen off. */
  amountOffFen: number | null;
  /** `percent`: percent off (10 is 9折). */
  percentOff: number | null;
  /** `percent`: at most this much off. */
  maxOffFen: number | null;
  /** The lines in scope must come to at least this (after earlier discounts) for it to apply. */
  thresholdFen: number;
  scope: { kind: ScopeKind; ids: readonly string[] };
  newcomerOnly: boolean;
  /** Combines with other stackable promotions; one that does not stack is applied alone. */
  stackable: boolean;
  /** What is left of its budget; null for no budget. */
  budgetLeftFen: number | null;
}

/**
 * Whether a promotion leaving `excluded` member segments out of its audience is offered to a
 * resident of `segment` (null: no segment yet, a resident without paid orders, who is offered it).
 */
export function offeredTo(excluded: readonly string[], segment: string | null): boolean {
  return segment === null || !excluded.includes(segment);
}

/** A promotion the resident could get: automatic, or by one of their coupons. */
export interface Offer {
  terms: PromotionTerms;
  couponId: string | null;
}

export interface CartLine {
  campaignLineId: string;
  campaignId: string;
  skuId: string;
  categoryId: string | null;
  quantity: number;
  unitPriceFen: number;
}

export interface Cart {
  leaderId: string;
  /** Has no order that was paid, nor one waiting for payment. */
  newcomer: boolean;
  lines: readonly CartLine[];
}

export interface AppliedDiscount {
  promotionId: string;
  couponId: string | null;
  name: string;
  amountFen: number;
  /** Per line of the cart in scope; sums to amountFen; no line gets more than it costs. */
  lines: Array<{ campaignLineId: string; amountFen: number }>;
}

/** Why an offer is not applied to this order. */
export type NotApplied =
  | { reason: 'below_threshold'; missingFen: number }
  | { reason: 'out_of_scope' }
  | { reason: 'newcomers_only' }
  | { reason: 'budget_spent' }
  | { reason: 'not_stackable' }
  | { reason: 'one_coupon_per_order' }
  | { reason: 'not_chosen' };

export interface PricingChoice {
  discounts: AppliedDiscount[];
  totalOffFen: number;
  /** Every offer not applied, in the order given, with why. */
  notApplied: Array<{ promotionId: string; couponId: string | null; why: NotApplied }>;
}

/** At most this many automatic offers are combined (those taking most off alone); more would be a misconfiguration. */
export const MAX_AUTOMATIC = 8;

function inScope(terms: PromotionTerms, line: CartLine, cart: Cart): boolean {
  const { kind, ids } = terms.scope;
  switch (kind) {
    case 'operator':
      return true;
    case 'leader':
      return ids.includes(cart.leaderId);
    case 'sku':
      return ids.includes(line.skuId);
    case 'category':
      return line.categoryId !== null && ids.includes(line.categoryId);
    case 'campaign':
      return ids.includes(line.campaignId);
  }
}

/** The stage a promotion applies in: free units first, then automatic discounts, then the coupon. */
function stage(offer: Offer): number {
  if (offer.terms.discountKind === 'free_unit') return 0;
  return offer.couponId === null ? 1 : 2;
}

/**
 * One offer applied to lines whose current amounts are `amounts` (by cart index): the discount
 * per line, or why it does not apply. Pure; `amounts` is not changed.
 */
export function applyOffer(offer: Offer, cart: Cart, amounts: readonly number[]): { lines: number[] } | { why: NotApplied } {
  const { terms } = offer;
  if (terms.newcomerOnly && !cart.newcomer) return { why: { reason: 'newcomers_only' } };
  const scoped = cart.lines.map((l, i) => (inScope(terms, l, cart) && (amounts[i] ?? 0) > 0 ? i : -1)).filter((i) => i >= 0);
  if (scoped.length === 0) return { why: { reason: 'out_of_scope' } };
  const base = scoped.reduce((sum, i) => sum + (amounts[i] ?? 0), 0);
  if (base < terms.thresholdFen) return { why: { reason: 'below_threshold', missingFen: terms.thresholdFen - base } };
  const perLine = cart.lines.map(() => 0);
  if (terms.discountKind === 'free_unit') {
    // One unit of the dearest line in scope (the first of equals) for nothing.
    let best = scoped[0] as number;
    for (const i of scoped) if ((cart.lines[i]?.unitPriceFen ?? 0) > (cart.lines[best]?.unitPriceFen ?? 0)) best = i;
    perLine[best] = Math.min(cart.lines[best]?.unitPriceFen ?? 0, amounts[best] ?? 0);
  } else {
    let off = terms.discountKind === 'amount' ? (terms.amountOffFen ?? 0) : Math.floor((base * (terms.percentOff ?? 0)) / 100);
    if (terms.maxOffFen !== null) off = Math.min(off, terms.maxOffFen);
    off = Math.min(off, base);
    const parts = splitByLargestRemainder(
      off,
      scoped.map((i) => amounts[i] ?? 0),
    );
    scoped.forEach((i, k) => {
      perLine[i] = parts[k] ?? 0;
    });
  }
  const total = perLine.reduce((a, b) => a + b, 0);
  if (total <= 0) return { why: { reason: 'out_of_scope' } };
  if (terms.budgetLeftFen !== null && total > terms.budgetLeftFen) return { why: { reason: 'budget_spent' } };
  return { lines: perLine };
}

/** Applies offers in their stages (then by promotion id), each on what the earlier left; null if one does not apply. */
function applyAll(offers: readonly Offer[], cart: Cart): AppliedDiscount[] | null {
  const ordered = [...offers].sort((a, b) => stage(a) - stage(b) || a.terms.id.localeCompare(b.terms.id));
  const amounts = cart.lines.map((l) => l.unitPriceFen * l.quantity);
  const applied: AppliedDiscount[] = [];
  for (const offer of ordered) {
    const result = applyOffer(offer, cart, amounts);
    if ('why' in result) return null;
    result.lines.forEach((off, i) => {
      amounts[i] = (amounts[i] ?? 0) - off;
    });
    applied.push({
      promotionId: offer.terms.id,
      couponId: offer.couponId,
      name: offer.terms.name,
      amountFen: result.lines.reduce((a, b) => a + b, 0),
      lines: result.lines.flatMap((off, i) =>
        off > 0 ? [{ campaignLineId: cart.lines[i]?.campaignLineId as string, amountFen: off }] : [],
      ),
    });
  }
  return applied;
}

/** A combination's key for ties: fewer discounts first, then no coupon, then by ids. */
function tieKey(offers: readonly Offer[]): string {
  const coupon = offers.some((o) => o.couponId !== null) ? 1 : 0;
  const ids = offers
    .map((o) => `${o.terms.id}/${o.couponId ?? ''}`)
    .sort()
    .join(',');
  return `${String(offers.length).padStart(3, '0')}|${coupon}|${ids}`;
}

/**
 * The best combination of the offers for the cart: the most off in total; among equals, fewer
 * discounts, then one without a coupon (the resident keeps it), then the first by ids. At most one
 * coupon per order; a promotion that does not stack is applied alone; one promotion counts once
 * (two coupons of one promotion are one choice). `coupon`: undefined lets the best coupon be
 * chosen, null chooses none, an id chooses that one (then it is applied if it can be at all).
 */
export function bestDiscounts(cart: Cart, automatic: readonly Offer[], coupons: readonly Offer[], coupon?: string | null): PricingChoice {
  const amounts = cart.lines.map((l) => l.unitPriceFen * l.quantity);
  const alone = (o: Offer) => applyOffer(o, cart, amounts);
  // The automatic offers that apply on their own, the strongest first.
  const candidates = automatic
    .map((o) => ({ o, r: alone(o) }))
    .filter((x) => 'lines' in x.r)
    .sort((a, b) => total(b.r) - total(a.r) || a.o.terms.id.localeCompare(b.o.terms.id))
    .slice(0, MAX_AUTOMATIC)
    .map((x) => x.o);
  const couponChoices: Array<Offer | null> =
    coupon === null ? [null] : coupon === undefined ? [null, ...coupons] : coupons.filter((c) => c.couponId === coupon);
  if (couponChoices.length === 0) couponChoices.push(null);

  let best: { offers: Offer[]; applied: AppliedDiscount[]; off: number; key: string } = {
    offers: [],
    applied: [],
    off: 0,
    key: tieKey([]),
  };
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, i) => mask & (1 << i));
    for (const c of couponChoices) {
      const offers = c ? [...chosen, c] : chosen;
      if (offers.length > 1 && offers.some((o) => !o.terms.stackable)) continue;
      if (new Set(offers.map((o) => o.terms.id)).size < offers.length) continue;
      const applied = applyAll(offers, cart);
      if (!applied) continue;
      const off = applied.reduce((sum, d) => sum + d.amountFen, 0);
      const key = tieKey(offers);
      if (off > best.off || (off === best.off && key < best.key)) best = { offers, applied, off, key };
    }
  }

  const usedIds = new Set(best.offers.map((o) => `${o.terms.id}/${o.couponId ?? ''}`));
  const usedCoupon = best.offers.some((o) => o.couponId !== null);
  const notApplied = [...automatic, ...coupons]
    .filter((o) => !usedIds.has(`${o.terms.id}/${o.couponId ?? ''}`))
    .map((o) => {
      const r = alone(o);
      let why: NotApplied;
      if ('why' in r) why = r.why;
      else if (o.couponId !== null && usedCoupon) why = { reason: 'one_coupon_per_order' };
      else if (!o.terms.stackable || best.offers.some((b) => !b.terms.stackable)) why = { reason: 'not_stackable' };
      else why = { reason: 'not_chosen' };
      return { promotionId: o.terms.id, couponId: o.couponId, why };
    });
  return { discounts: best.applied, totalOffFen: best.off, notApplied };
}

function total(r: { lines: number[] } | { why: NotApplied }): number {
  return 'lines' in r ? r.lines.reduce((a, b) => a + b, 0) : 0;
}

/**
 * What of a line's discount a refund gives back to the promotion, so far: the share of the
 * line's units refunded (rounded down; all of it once every unit is refunded). A refund of money
 * alone (no units back) keeps the discount spent.
 */
export function discountReturned(discountFen: number, quantity: number, refundedQuantity: number): number {
  if (refundedQuantity <= 0) return 0;
  if (refundedQuantity >= quantity) return discountFen;
  return Math.floor((discountFen * refundedQuantity) / quantity);
}
