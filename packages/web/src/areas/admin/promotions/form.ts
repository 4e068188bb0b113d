import type * as promotions from '@linli/contracts/promotions';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { fenToYuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';

export type CreatePromotion = z.input<typeof promotions.CreatePromotion>;
export type UpdatePromotion = z.input<typeof promotions.UpdatePromotion>;
type Promotion = z.infer<typeof promotions.Promotion>;
type ScopeKind = z.infer<typeof promotions.ScopeKind>;
type Segment = Promotion['excludedSegments'][number];

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
  issueOnSignUp?: boolean;
  newcomerOnly?: boolean;
  stackable?: boolean;
  excludedSegments?: Segment[];
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
    issueOnSignUp: coupon ? (v.issueOnSignUp ?? false) : false,
    ...(v.excludedSegments?.length ? { excludedSegments: v.excludedSegments } : {}),
  };
}

/** The edit form's values: what may change once a promotion runs, amounts in yuan, the end an instant (ISO). */
export interface EditValues {
  name: string;
  endsAt: string;
  budgetYuan?: number | null;
  perResidentLimit?: number | null;
  totalLimit?: number | null;
  claimable?: boolean;
  issueOnSignUp?: boolean;
  excludedSegments?: Segment[];
}

/** The edit form filled from the promotion as it is. */
export function editValues(p: Promotion): EditValues {
  return {
    name: p.name,
    endsAt: p.endsAt,
    budgetYuan: p.budgetFen === null ? null : fenToYuan(p.budgetFen),
    perResidentLimit: p.perResidentLimit,
    totalLimit: p.totalLimit,
    claimable: p.claimable,
    issueOnSignUp: p.issueOnSignUp,
    excludedSegments: p.excludedSegments,
  };
}

/**
 * The body of PATCH admin/promotions/:id: only the fields changed (an empty limit or budget is
 * none, sent as null), the coupon-only switches only for a coupon template.
 */
export function editBody(p: Promotion, v: EditValues): UpdatePromotion {
  const body: UpdatePromotion = {};
  const name = v.name.trim();
  if (name !== p.name) body.name = name;
  if (new Date(v.endsAt).getTime() !== new Date(p.endsAt).getTime()) body.endsAt = v.endsAt;
  const budgetFen = fen(v.budgetYuan);
  if (budgetFen !== p.budgetFen) body.budgetFen = budgetFen;
  if (count(v.perResidentLimit) !== p.perResidentLimit) body.perResidentLimit = count(v.perResidentLimit);
  if (count(v.totalLimit) !== p.totalLimit) body.totalLimit = count(v.totalLimit);
  const excluded = [...(v.excludedSegments ?? [])].sort();
  if (excluded.join() !== [...p.excludedSegments].sort().join()) body.excludedSegments = excluded;
  if (p.trigger === 'coupon') {
    if ((v.claimable ?? false) !== p.claimable) body.claimable = v.claimable ?? false;
    if ((v.issueOnSignUp ?? false) !== p.issueOnSignUp) body.issueOnSignUp = v.issueOnSignUp ?? false;
  }
  return body;
}

/** The form fields the server names in `details.field`, with their labels' keys. */
const fieldLabels: Record<string, string> = {
  name: 'field.name',
  endsAt: 'field.endsAt',
  budgetFen: 'field.budget',
  perResidentLimit: 'field.perResidentLimit',
  totalLimit: 'field.totalLimit',
  claimable: 'field.claimable',
  issueOnSignUp: 'field.issueOnSignUp',
};

/**
 * A refusal as the form shows it: the text of its stable code, with the field the server named
 * (`details.field`) when it names one of the form's; the server's message for a field-level reason.
 */
export function promotionErrorText(t: TFunction, err: unknown): string {
  const base = errorText(t, err);
  if (!(err instanceof ApiError)) return base;
  const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
  const label = field && fieldLabels[field] ? t(fieldLabels[field]) : field;
  return label ? `${base}（${label}：${err.message}）` : base;
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
