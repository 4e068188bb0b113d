import type * as promotions from '@linli/contracts/promotions';
import type { z } from 'zod';
import { yuanToFen } from '../../../common/format.ts';

export type CreatePromotion = z.input<typeof promotions.CreatePromotion>;
type ScopeKind = z.infer<typeof promotions.ScopeKind>;

/** The create form's values: amounts in yuan, the window as two instants (ISO). */
export interface PromotionValues {
  name: string;
  description?: string;
  trigger: 'automatic' | 'coupon';
  discountKind: 'amount' | 'percent' | 'free_unit';
  amountOffYuan?: number | null;
  percentOff?: number | null;
  maxOffYuan?: number | null;
  thresholdYuan?: number | null;
  scopeKind: ScopeKind;
  scopeIds?: string[];
  startsAt: string;
  endsAt: string;
  perResidentLimit?: number | null;
  totalLimit?: number | null;
  budgetYuan?: number | null;
  fundedBy: 'operator' | 'supplier';
  supplierId?: string | null;
  couponValidDays?: number | null;
  claimable?: boolean;
  newcomerOnly?: boolean;
  stackable?: boolean;
}

const fen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : yuanToFen(yuan));
const count = (n: number | null | undefined) => (n === null || n === undefined ? null : n);

/**
 * The body of POST admin/promotions from the form: yuan to fen, only the amount field of the
 * discount kind chosen, the scope's ids only when it has some, coupon fields only for a coupon.
 */
export function promotionBody(v: PromotionValues): CreatePromotion {
  const coupon = v.trigger === 'coupon';
  const ids = v.scopeKind === 'operator' ? [] : [...new Set((v.scopeIds ?? []).map((id) => id.trim()).filter(Boolean))];
  return {
    name: v.name.trim(),
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
    trigger: v.trigger,
    discountKind: v.discountKind,
    amountOffFen: v.discountKind === 'amount' ? fen(v.amountOffYuan) : null,
    percentOff: v.discountKind === 'percent' ? count(v.percentOff) : null,
    maxOffFen: v.discountKind === 'percent' ? fen(v.maxOffYuan) : null,
    thresholdFen: fen(v.thresholdYuan) ?? 0,
    scope: { kind: v.scopeKind, ids },
    newcomerOnly: v.newcomerOnly ?? false,
    stackable: v.stackable ?? true,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    perResidentLimit: count(v.perResidentLimit),
    totalLimit: count(v.totalLimit),
    budgetFen: fen(v.budgetYuan),
    fundedBy: v.fundedBy,
    supplierId: v.fundedBy === 'supplier' ? (v.supplierId?.trim() ?? null) : null,
    couponValidDays: coupon ? count(v.couponValidDays) : null,
    claimable: coupon ? (v.claimable ?? false) : false,
  };
}

/** Resident ids typed one a line (or separated by commas or spaces), without blanks and repeats. */
export function residentIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** ROI as shown: 3.25, or a dash before any cost. */
export function roiText(roi: number | null): string {
  return roi === null ? '—' : roi.toFixed(2);
}
