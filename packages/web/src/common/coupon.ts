import type { TFunction } from 'i18next';

/** What a promotion or coupon takes off (the fields every promotion-shaped answer shares). */
export interface DiscountTerms {
  discountKind?: 'amount' | 'percent' | 'free_unit';
  amountOffFen: number | null;
  percentOff: number | null;
  maxOffFen?: number | null;
}

/** Why an offer is not applied to an order (promotions.NotApplied). */
export type NotAppliedWhy =
  | { reason: 'below_threshold'; missingFen: number }
  | { reason: 'out_of_scope' | 'newcomers_only' | 'budget_spent' | 'not_stackable' | 'one_coupon_per_order' | 'not_chosen' };

/** ¥5 or ¥5.50: a coupon's face value, without the zero fen. */
export function faceYuan(fen: number): string {
  const abs = Math.abs(fen);
  const whole = `${fen < 0 ? '-' : ''}¥${Math.floor(abs / 100)}`;
  const rest = abs % 100;
  if (rest === 0) return whole;
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** The Chinese 折 of a percent off: 10 → "9", 15 → "8.5", 5 → "9.5", 100 → "0". */
export function zhe(percentOff: number): string {
  const tenths = 100 - percentOff;
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/** "减¥5" / "9折" / "免费得1件" (and "最多减¥X" after a capped percent). */
export function discountLabel(t: TFunction, d: DiscountTerms): string {
  if (d.discountKind === 'free_unit') return t('common:coupon.freeUnit');
  if (d.percentOff !== null && (d.discountKind === 'percent' || d.amountOffFen === null)) {
    const base = t('common:coupon.percentOff', { zhe: zhe(d.percentOff), percent: d.percentOff });
    return d.maxOffFen ? `${base} · ${t('common:coupon.maxOff', { amount: faceYuan(d.maxOffFen) })}` : base;
  }
  return t('common:coupon.amountOff', { amount: faceYuan(d.amountOffFen ?? 0) });
}

/** "满¥39可用", or "无门槛" without a threshold. */
export function thresholdLabel(t: TFunction, thresholdFen: number): string {
  return thresholdFen > 0 ? t('common:coupon.threshold', { amount: faceYuan(thresholdFen) }) : t('common:coupon.noThreshold');
}

/** A short line saying why an offer is not applied: "还差¥X可用", "仅限新人"… */
export function notAppliedText(t: TFunction, why: NotAppliedWhy): string {
  if (why.reason === 'below_threshold') return t('common:coupon.why.below_threshold', { amount: faceYuan(why.missingFen) });
  return t(`common:coupon.why.${why.reason}`);
}

/** Reasons a coupon cannot apply to this order whatever else is chosen: it is shown greyed and cannot be picked. */
const blocking = new Set<NotAppliedWhy['reason']>(['below_threshold', 'out_of_scope', 'newcomers_only', 'budget_spent']);

export interface CouponOption<C> {
  coupon: C;
  /** the coupon the quote applied */
  applied: boolean;
  /** why it is not applied now (none for the applied one) */
  why: NotAppliedWhy | null;
  /** it may be picked (re-quoted with it) */
  usable: boolean;
}

/**
 * The confirm screen's coupon picker: every coupon of mine usable now, the applied one first, then
 * those that would apply if picked (the best face value first), then the greyed ones with their reason.
 */
export function couponOptions<C extends { id: string } & DiscountTerms>(quote: {
  couponId: string | null;
  coupons: readonly C[];
  notApplied: readonly { couponId: string | null; why: NotAppliedWhy }[];
}): CouponOption<C>[] {
  const whyOf = new Map(quote.notApplied.filter((n) => n.couponId).map((n) => [n.couponId as string, n.why]));
  const rank = (o: CouponOption<C>) => (o.applied ? 0 : o.usable ? 1 : 2);
  return quote.coupons
    .map((coupon) => {
      const applied = coupon.id === quote.couponId;
      const why = applied ? null : (whyOf.get(coupon.id) ?? null);
      return { coupon, applied, why, usable: applied || !why || !blocking.has(why.reason) };
    })
    .sort((a, b) => rank(a) - rank(b) || (b.coupon.amountOffFen ?? 0) - (a.coupon.amountOffFen ?? 0));
}
