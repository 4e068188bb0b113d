import { AppError } from '../../platform/errors.ts';

/** What a new promotion's rule must say, beyond the contract's field types. */
export interface PromotionRuleInput {
  trigger: 'automatic' | 'coupon';
  discountKind: 'amount' | 'percent' | 'free_unit';
  amountOffFen?: number | null | undefined;
  percentOff?: number | null | undefined;
  maxOffFen?: number | null | undefined;
  thresholdFen: number;
  scope: { kind: 'operator' | 'sku' | 'category' | 'campaign' | 'leader'; ids: readonly string[] };
  startsAt: string;
  endsAt: string;
  fundedBy: 'operator' | 'supplier';
  supplierId?: string | null | undefined;
  couponValidDays?: number | null | undefined;
  issueOnSignUp?: boolean | undefined;
}

/** Why an automatic promotion is not issued at sign-up (VALIDATION_FAILED, field `issueOnSignUp`). */
export const SIGN_UP_COUPONS_ONLY = 'only a coupon template can be issued to new residents at sign-up';

/**
 * Checks a rule whole and returns its money fields as stored: an amount off needs its amount (and
 * no percent), a percent off its percent, a 0-yuan item a scope narrower than the whole operator;
 * a scope other than the operator names what it covers; the window ends after it starts; a
 * supplier-funded one names its supplier. VALIDATION_FAILED names the field.
 */
export function checkPromotion(input: PromotionRuleInput) {
  const fail = (field: string, message: string): never => {
    throw new AppError('VALIDATION_FAILED', message, { field });
  };
  if (input.discountKind === 'amount' && !input.amountOffFen) fail('amountOffFen', 'an amount off needs the amount');
  if (input.discountKind === 'percent' && !input.percentOff) fail('percentOff', 'a percent off needs the percent');
  if (input.discountKind === 'free_unit' && input.scope.kind === 'operator') {
    fail('scope', 'a 0-yuan item names its SKUs or campaign');
  }
  if (input.scope.kind !== 'operator' && input.scope.ids.length === 0) fail('scope', 'name what the promotion covers');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) fail('endsAt', 'it must end after it starts');
  if (input.fundedBy === 'supplier' && !input.supplierId) fail('supplierId', 'a supplier-funded promotion names its supplier');
  if (input.trigger === 'automatic' && input.couponValidDays) fail('couponValidDays', 'only coupons have a validity');
  if (input.trigger === 'automatic' && input.issueOnSignUp) fail('issueOnSignUp', SIGN_UP_COUPONS_ONLY);
  return {
    amountOffFen: input.discountKind === 'amount' ? (input.amountOffFen ?? null) : null,
    percentOff: input.discountKind === 'percent' ? (input.percentOff ?? null) : null,
    maxOffFen: input.discountKind === 'percent' ? (input.maxOffFen ?? null) : null,
    startsAt,
    endsAt,
  };
}
