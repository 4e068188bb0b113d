import type { promotions } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { PromotionsTable } from '../../platform/db/schema.promotions.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { supplierNames } from '../catalog/index.ts';
import { SEGMENTS } from '../crm/index.ts';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';
import { forgetPromotions } from './promotions.checkout.ts';
import { offerKind, offerTrigger } from './promotions.plays.ts';
import { SIGN_UP_COUPONS_ONLY, checkPromotion } from './promotions.validation.ts';

/** What the contract gives (the demo and tests may leave out issueOnSignUp: not issued at sign-up). */
type CreateInput = Omit<z.infer<typeof promotions.CreatePromotion>, 'issueOnSignUp' | 'excludedSegments'> & {
  issueOnSignUp?: boolean | undefined;
  excludedSegments?: MemberSegment[] | undefined;
};
type UpdateInput = z.infer<typeof promotions.UpdatePromotion>;
type PromotionRow = Selectable<PromotionsTable>;

const isSegment = (s: string): s is MemberSegment => (SEGMENTS as readonly string[]).includes(s);

/** A promotion as the screens read it. */
export function toPromotionDto(p: PromotionRow): z.infer<typeof promotions.Promotion> {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    trigger: offerTrigger(p.trigger),
    discountKind: offerKind(p.discount_kind),
    amountOffFen: p.amount_off_fen,
    percentOff: p.percent_off,
    maxOffFen: p.max_off_fen,
    thresholdFen: p.threshold_fen,
    scope: { kind: p.scope_kind, ids: p.scope_ids },
    newcomerOnly: p.newcomer_only,
    stackable: p.stackable,
    startsAt: p.starts_at.toISOString(),
    endsAt: p.ends_at.toISOString(),
    perResidentLimit: p.per_resident_limit,
    totalLimit: p.total_limit,
    budgetFen: p.budget_fen,
    fundedBy: p.funded_by,
    supplierId: p.supplier_id,
    couponValidDays: p.coupon_valid_days,
    claimable: p.claimable,
    issueOnSignUp: p.issue_on_sign_up,
    excludedSegments: p.excluded_segments.filter(isSegment),
    status: p.status,
    issuedCount: p.issued_count,
    createdAt: p.created_at.toISOString(),
  };
}

/** Creates a promotion (staff): its rule checked whole first (promotions.validation.ts); VALIDATION_FAILED names the field. */
export async function createPromotion(ctx: AppContext, operatorId: string, staffId: string, input: CreateInput): Promise<PromotionRow> {
  const now = ctx.clock.now();
  const rule = checkPromotion(input);
  if (input.fundedBy === 'supplier' && !(await supplierNames(ctx.db, operatorId, [input.supplierId ?? ''])).has(input.supplierId ?? '')) {
    throw new AppError('VALIDATION_FAILED', 'the funding supplier is not one of yours', { field: 'supplierId' });
  }
  const row = await ctx.db
    .insertInto('promotions')
    .values({
      id: newId('prm'),
      operator_id: operatorId,
      name: input.name,
      description: input.description ?? '',
      trigger: input.trigger,
      discount_kind: input.discountKind,
      amount_off_fen: rule.amountOffFen,
      percent_off: rule.percentOff,
      max_off_fen: rule.maxOffFen,
      threshold_fen: input.thresholdFen,
      scope_kind: input.scope.kind,
      scope_ids: input.scope.ids,
      newcomer_only: input.newcomerOnly,
      stackable: input.stackable,
      starts_at: rule.startsAt,
      ends_at: rule.endsAt,
      per_resident_limit: input.perResidentLimit ?? null,
      total_limit: input.totalLimit ?? null,
      budget_fen: input.budgetFen ?? null,
      funded_by: input.fundedBy,
      supplier_id: input.fundedBy === 'supplier' ? (input.supplierId ?? null) : null,
      coupon_valid_days: input.trigger === 'coupon' ? (input.couponValidDays ?? null) : null,
      claimable: input.trigger === 'coupon' && input.claimable,
      issue_on_sign_up: input.trigger === 'coupon' && input.issueOnSignUp === true,
      excluded_segments: [...new Set(input.excludedSegments ?? [])],
      created_by: staffId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  forgetPromotions(operatorId);
  return row;
}

/**
 * Changes what may change once a promotion runs: its name, end, budget, limits (per resident and
 * in all), whether it is claimable or issued at sign-up (coupon templates only), the member segments
 * it leaves out of its audience, and its status
 * (pause, resume, end; an ended one stays ended). A budget or total limit below what is already
 * spent or issued is refused: it would not stop anything already given.
 */
export async function updatePromotion(ctx: AppContext, operatorId: string, id: string, input: UpdateInput): Promise<PromotionRow> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const p = found(
      await trx
        .selectFrom('promotions')
        .selectAll()
        .where('operator_id', '=', operatorId)
        .where('id', '=', id)
        .where('trigger', '<>', 'play')
        .forUpdate()
        .executeTakeFirst(),
      'promotion',
    );
    if (p.status === 'ended' && input.status !== undefined && input.status !== 'ended') {
      throw new AppError('INVALID_STATE', 'an ended promotion cannot be resumed; create a new one');
    }
    if (input.issueOnSignUp && p.trigger !== 'coupon') {
      throw new AppError('VALIDATION_FAILED', SIGN_UP_COUPONS_ONLY, { field: 'issueOnSignUp' });
    }
    const endsAt = input.endsAt === undefined ? p.ends_at : new Date(input.endsAt);
    if (endsAt <= p.starts_at) throw new AppError('VALIDATION_FAILED', 'it must end after it starts', { field: 'endsAt' });
    if (input.budgetFen != null && input.budgetFen < p.spent_fen) {
      throw new AppError('VALIDATION_FAILED', `the budget cannot be below what is spent (${p.spent_fen} fen)`, { field: 'budgetFen' });
    }
    const floor = p.trigger === 'coupon' ? p.issued_count : p.used_count;
    if (input.totalLimit != null && input.totalLimit < floor) {
      throw new AppError('VALIDATION_FAILED', `the total limit cannot be below what is already given (${floor})`, { field: 'totalLimit' });
    }
    return trx
      .updateTable('promotions')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.budgetFen !== undefined ? { budget_fen: input.budgetFen } : {}),
        ...(input.perResidentLimit !== undefined ? { per_resident_limit: input.perResidentLimit } : {}),
        ...(input.totalLimit !== undefined ? { total_limit: input.totalLimit } : {}),
        ...(input.claimable !== undefined ? { claimable: p.trigger === 'coupon' && input.claimable } : {}),
        ...(input.issueOnSignUp !== undefined ? { issue_on_sign_up: input.issueOnSignUp } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.excludedSegments !== undefined ? { excluded_segments: [...new Set(input.excludedSegments)] } : {}),
        ends_at: endsAt,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  forgetPromotions(operatorId);
  return row;
}
