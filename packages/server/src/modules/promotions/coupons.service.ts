import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { CouponSource } from '../../platform/db/schema.promotions.ts';
import { type Clock, DAY } from '../../platform/clock.ts';
import { emit } from '../../platform/events.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { currentSegment } from '../crm/index.ts';
import { offeredTo } from './promotions.rules.ts';

/** A coupon to hand to a resident, and why. */
export interface CouponToIssue {
  operatorId: string;
  /** The promotion (a coupon template: trigger `coupon`). */
  templateId: string;
  residentId: string;
  source: CouponSource;
  /** The cause (an invite, a claim case, a points redemption …): one coupon per promotion, source and cause, whatever the retries. */
  sourceId?: string;
  /** The leader whose share link it was claimed from (attribution). */
  sharedByLeaderId?: string | null;
}

export interface IssuedCoupon {
  couponId: string;
  validUntil: Date;
  /** False when this cause had been given its coupon already (the same coupon is returned). */
  issued: boolean;
}

/**
 * Hands one coupon of a template to a resident, in the caller's transaction: counts it against the
 * template's total (a conditional update of its row, so N coupons are issued at most whatever the
 * concurrency: claims of one template wait for each other on that row) and the resident's limit
 * (counted after that row is locked, so one resident's concurrent claims see each other).
 * NOT_FOUND for an unknown template or another operator's; PROMOTION_UNAVAILABLE when it is paused,
 * ended or not yet started; COUPONS_GONE when all are out; COUPON_LIMIT_REACHED at the resident's limit;
 * COUPON_NOT_OFFERED when the template leaves the resident's member segment out (crm).
 */
export async function issueCoupon(trx: Tx, now: Date, c: CouponToIssue): Promise<IssuedCoupon> {
  if (c.sourceId !== undefined) {
    const earlier = await trx
      .selectFrom('coupons')
      .select(['id', 'valid_until'])
      .where('promotion_id', '=', c.templateId)
      .where('source', '=', c.source)
      .where('source_id', '=', c.sourceId)
      .executeTakeFirst();
    if (earlier) return { couponId: earlier.id, validUntil: earlier.valid_until, issued: false };
  }
  const template = await trx
    .updateTable('promotions')
    .set((eb) => ({ issued_count: eb('issued_count', '+', 1) }))
    .where('id', '=', c.templateId)
    .where('operator_id', '=', c.operatorId)
    .where('trigger', '=', 'coupon')
    .where('status', '=', 'active')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('total_limit', 'is', null), eb('issued_count', '<', eb.ref('total_limit'))]))
    .returning(['per_resident_limit', 'ends_at', 'coupon_valid_days', 'excluded_segments'])
    .executeTakeFirst();
  if (!template) throw await whyNotIssued(trx, now, c);
  if (
    template.excluded_segments.length > 0 &&
    !offeredTo(template.excluded_segments, await currentSegment(trx, c.operatorId, c.residentId))
  ) {
    throw new AppError('COUPON_NOT_OFFERED', "this coupon is not offered to the resident's member segment", { templateId: c.templateId });
  }
  if (template.per_resident_limit !== null) {
    const held = await trx
      .selectFrom('coupons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('promotion_id', '=', c.templateId)
      .where('resident_id', '=', c.residentId)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= template.per_resident_limit) {
      throw new AppError('COUPON_LIMIT_REACHED', `at most ${template.per_resident_limit} of this coupon per resident`, {
        templateId: c.templateId,
        limit: template.per_resident_limit,
      });
    }
  }
  const validUntil =
    template.coupon_valid_days === null
      ? template.ends_at
      : new Date(Math.min(template.ends_at.getTime(), now.getTime() + template.coupon_valid_days * DAY));
  const couponId = newId('cpn');
  await trx
    .insertInto('coupons')
    .values({
      id: couponId,
      operator_id: c.operatorId,
      promotion_id: c.templateId,
      resident_id: c.residentId,
      source: c.source,
      source_id: c.sourceId ?? null,
      shared_by_leader_id: c.sharedByLeaderId ?? null,
      valid_from: now,
      valid_until: validUntil,
      issued_at: now,
    })
    .execute();
  return { couponId, validUntil, issued: true };
}

async function whyNotIssued(db: Executor, now: Date, c: CouponToIssue): Promise<AppError> {
  const t = await db
    .selectFrom('promotions')
    .select(['trigger', 'status', 'starts_at', 'ends_at', 'total_limit', 'issued_count'])
    .where('id', '=', c.templateId)
    .where('operator_id', '=', c.operatorId)
    .executeTakeFirst();
  if (t?.trigger !== 'coupon') return new AppError('NOT_FOUND', 'coupon not found');
  if (t.status !== 'active' || t.starts_at > now || t.ends_at <= now) {
    return new AppError('PROMOTION_UNAVAILABLE', 'this coupon cannot be claimed now', { templateId: c.templateId, status: t.status });
  }
  return new AppError('COUPONS_GONE', 'all of these coupons have been claimed', { templateId: c.templateId, total: t.total_limit });
}

/**
 * Gives an order's coupon and promotion uses back, once: on its cancel, its expiry unpaid, and its
 * full refund (a partial refund keeps them used). The coupon is the resident's again (expired if
 * its window has passed), the per-resident use and any counted use and spend are returned.
 * Guarded by the discounts' own state, so a second call for the same order gives back nothing.
 * Writes `promotion.returned` (the ledger reverses the marketing cost).
 */
export async function returnOrderDiscounts(trx: Tx, clock: Clock, operatorId: string, orderId: string): Promise<number> {
  const now = clock.now();
  const returned = await trx
    .updateTable('order_discounts')
    .set({ status: 'returned', returned_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', 'applied')
    .returning(['promotion_id', 'resident_id', 'coupon_id', 'amount_fen'])
    .execute();
  if (returned.length === 0) return 0;
  await emit(trx, clock, {
    type: 'promotion.returned',
    operatorId,
    aggregateId: orderId,
    payload: { orderId, promotionIds: returned.map((d) => d.promotion_id).sort() },
  });
  for (const d of returned.sort((a, b) => a.promotion_id.localeCompare(b.promotion_id))) {
    await trx
      .updateTable('promotion_resident_uses')
      .set((eb) => ({ uses: eb('uses', '-', 1) }))
      .where('promotion_id', '=', d.promotion_id)
      .where('resident_id', '=', d.resident_id)
      .where('uses', '>', 0)
      .execute();
    // Counted only where checkout counted it (a budget, or an automatic one's or a play's total limit).
    await trx
      .updateTable('promotions')
      .set((eb) => ({ used_count: eb('used_count', '-', 1), spent_fen: eb('spent_fen', '-', d.amount_fen), updated_at: now }))
      .where('id', '=', d.promotion_id)
      .where((eb) => eb.or([eb('budget_fen', 'is not', null), eb.and([eb('trigger', '<>', 'coupon'), eb('total_limit', 'is not', null)])]))
      .execute();
    if (d.coupon_id !== null) {
      await trx
        .updateTable('coupons')
        .set({
          status: sql<'available' | 'expired'>`case when valid_until > ${now} then 'available' else 'expired' end`,
          order_id: null,
          used_at: null,
          returned_count: sql<number>`returned_count + 1`,
        })
        .where('id', '=', d.coupon_id)
        .where('order_id', '=', orderId)
        .execute();
    }
  }
  return returned.length;
}

/**
 * The coupons held by paid orders are used (the `order.paid` subscriber, a delivered batch at a
 * time), found through the orders' discounts (keyed by order), each coupon by its id and still
 * held by that order.
 */
export async function useCouponsOfPaidOrders(trx: Tx, now: Date, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await trx
    .updateTable('coupons')
    .set({ status: 'used', used_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('order_discounts')
        .select('coupon_id')
        .where('order_id', 'in', [...orderIds])
        .where('coupon_id', 'is not', null)
        .$narrowType<{ coupon_id: string }>(),
    )
    .where('order_id', 'in', [...orderIds])
    .where('status', '=', 'held')
    .execute();
}

/** Available coupons past their window are expired (a sweep; the screens show them so at once anyway). */
export async function expireCoupons(db: Executor, now: Date): Promise<number> {
  const result = await db
    .updateTable('coupons')
    .set({ status: 'expired' })
    // A literal: the partial index coupons_expiring serves only a plan that knows the status.
    .where('status', '=', sql.lit('available'))
    .where('valid_until', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
