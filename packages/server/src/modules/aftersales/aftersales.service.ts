import type { aftersales } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { CaseBlame, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { formatYuan } from '../../platform/money.ts';
import { dayEnd } from '../../platform/calendar.ts';
import { operatorTimeZone, type Principal } from '../identity/index.ts';
import { lockOrder, lockOrderLine, orderOfLine, ordersByIds, refundOrderLines } from '../ordering/index.ts';
import { getSettings, completePickupIfDone, pickedUpAt } from '../pickup/index.ts';
import { assertCouponTemplate, issueCoupon } from '../promotions/index.ts';
import { type CaseScope, type CaseView, getCase } from './aftersales.queries.ts';
import { IN_FLIGHT, assertCaseTransition, assertSomethingToRefund, claimAmount, claimCapacity, claimDeadline } from './aftersales.rules.ts';
import { notify } from '../../platform/notifications.ts';

const TYPE_NAMES = { missing: '缺货', damaged: '破损', quality: '质量问题', wrong_item: '发错货' } as const;

/**
 * A resident claims on a line of one of their delivered orders, within the operator's window
 * (see claimDeadline), for at most the units and money not yet refunded or claimed by their
 * other open claims on that line: two claims together can never ask for more than was paid.
 */

/** What a line may still be claimed for: what is left unrefunded, less the claims still open on it. */
export async function lineClaimCapacity(
  trx: Tx,
  line: { id: string; quantity: number; refunded_quantity: number; amount_fen: number; refunded_fen: number },
): Promise<{ quantityLeft: number; fenLeft: number }> {
  const open = await trx
    .selectFrom('aftersale_cases')
    .select(['quantity', 'requested_fen as requestedFen'])
    .where('order_line_id', '=', line.id)
    .where('status', 'in', [...IN_FLIGHT])
    .execute();
  return claimCapacity({
    quantity: line.quantity,
    refundedQuantity: line.refunded_quantity,
    amountFen: line.amount_fen,
    refundedFen: line.refunded_fen,
    open,
  });
}
export async function createClaim(ctx: AppContext, resident: Principal, input: z.infer<typeof aftersales.CreateClaim>): Promise<CaseView> {
  const now = ctx.clock.now();
  const caseId = await ctx.db.transaction().execute(async (trx) => {
    const order = await orderOfLine(trx, resident.operatorId, input.orderLineId);
    if (!order || order.resident_id !== resident.id) throw new AppError('NOT_FOUND', 'order line not found');
    // The order first, then the line: the order in which refunds lock them too (see lockOrder).
    const { status } = found(await lockOrder(trx, resident.operatorId, order.id), 'order');
    const line = found(await lockOrderLine(trx, order.id, input.orderLineId), 'order line');
    if (status !== 'delivered' && status !== 'picked_up') {
      throw new AppError('INVALID_STATE', `claims are made on delivered orders; this one is ${status}`, { status });
    }
    const picked = await pickedUpAt(trx, resident.operatorId, [line.id]);
    const settings = await getSettings(trx, resident.operatorId);
    const tz = await operatorTimeZone(trx, resident.operatorId);
    const { pickupDayEnd } = await trx.selectNoFrom(dayEnd(order.pickup_date, tz).as('pickupDayEnd')).executeTakeFirstOrThrow();
    const deadline = claimDeadline({
      type: input.type,
      pickedUpAt: picked.get(line.id) ?? null,
      pickupDayEnd: new Date(pickupDayEnd),
      windowHours: settings.claimWindowHours,
    });
    if (!deadline) throw new AppError('INVALID_STATE', 'this kind of claim is made after picking the goods up', { type: input.type });
    if (now.getTime() > deadline.getTime()) {
      throw new AppError('CLAIM_WINDOW_CLOSED', 'the time to claim on this line is over', { deadline: deadline.toISOString() });
    }
    assertSomethingToRefund(line);
    const capacity = await lineClaimCapacity(trx, line);
    const requested = claimAmount(input, line.unit_price_fen, capacity);
    return insertSubmittedCase(trx, now, {
      operatorId: resident.operatorId,
      orderId: order.id,
      orderLineId: line.id,
      residentId: resident.id,
      pickupPointId: order.pickup_point_id,
      type: input.type,
      quantity: input.quantity,
      requestedFen: requested,
      description: input.description,
      evidenceUrls: input.evidenceUrls,
      blame: null,
    });
  });
  return getCase(ctx.db, { operatorId: resident.operatorId, residentId: resident.id }, caseId);
}

/** A refund support gives on a line, as the claim it is recorded as (approved right after by `approveClaimIn`). */
export interface SupportClaim {
  order: { id: string; operator_id: string; resident_id: string; pickup_point_id: string };
  orderLineId: string;
  cause: ClaimType;
  quantity: number;
  requestedFen: number;
  reason: string;
  blame: CaseBlame;
}

/**
 * Records a claim on a resident's behalf, in the caller's transaction: the orders desk refunds a
 * line through the after-sales path so settlement and reports see it like any claim.
 */
export async function recordSupportClaim(trx: Tx, now: Date, c: SupportClaim): Promise<string> {
  return insertSubmittedCase(trx, now, {
    operatorId: c.order.operator_id,
    orderId: c.order.id,
    orderLineId: c.orderLineId,
    residentId: c.order.resident_id,
    pickupPointId: c.order.pickup_point_id,
    type: c.cause,
    quantity: c.quantity,
    requestedFen: c.requestedFen,
    description: `客服退款 / refunded by support: ${c.reason}`,
    evidenceUrls: [],
    blame: c.blame,
  });
}

/** Writes a claim as submitted, not yet decided; returns its id. */
async function insertSubmittedCase(
  trx: Tx,
  now: Date,
  c: {
    operatorId: string;
    orderId: string;
    orderLineId: string;
    residentId: string;
    pickupPointId: string;
    type: ClaimType;
    quantity: number;
    requestedFen: number;
    description: string;
    evidenceUrls: readonly string[];
    blame: CaseBlame | null;
  },
): Promise<string> {
  const id = newId('asc');
  await trx
    .insertInto('aftersale_cases')
    .values({
      id,
      operator_id: c.operatorId,
      order_id: c.orderId,
      order_line_id: c.orderLineId,
      resident_id: c.residentId,
      pickup_point_id: c.pickupPointId,
      type: c.type,
      quantity: c.quantity,
      requested_fen: c.requestedFen,
      description: c.description,
      evidence_urls: JSON.stringify(c.evidenceUrls),
      status: 'submitted',
      blame: c.blame,
      approved_fen: null,
      decision_reason: null,
      decided_by_kind: null,
      decided_by_id: null,
      decided_at: null,
      refund_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface Decider {
  kind: 'leader' | 'staff';
  id: string;
  scope: CaseScope;
}

async function lockCase(trx: Tx, scope: CaseScope, caseId: string) {
  let q = trx.selectFrom('aftersale_cases').selectAll().where('operator_id', '=', scope.operatorId).where('id', '=', caseId);
  if (scope.residentId) q = q.where('resident_id', '=', scope.residentId);
  if (scope.pickupPointIds) {
    q = scope.pickupPointIds.length ? q.where('pickup_point_id', 'in', [...scope.pickupPointIds]) : q.where(sql<boolean>`false`);
  }
  const row = await q.forUpdate().executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'after-sales case not found');
  return row;
}

/** An approval: a leader's, or support's, which may grant a coupon with it. */
type Approval = z.infer<typeof aftersales.ApproveClaim> & { couponTemplateId?: string | undefined };

/**
 * Approves a claim, possibly for less than asked, and refunds it on its line in the same
 * transaction (kind aftersales, the blame recorded on the case and on the refund; the refund is
 * capped at what is left paid on the line). Staff may grant a coupon of a template with it (a
 * compensation: source `compensation`, cause the case, so never two for one case); a template that
 * is not a running coupon template of the operator (COUPON_TEMPLATE_INVALID) or cannot give one
 * now (promotions' own codes) refuses the whole decision. Emits aftersale.approved.
 */
export async function approveClaim(ctx: AppContext, by: Decider, caseId: string, input: Approval): Promise<CaseView> {
  await ctx.db.transaction().execute((trx) => approveClaimIn(ctx, trx, by, caseId, input));
  ctx.events.kick();
  ctx.jobs.kick();
  return getCase(ctx.db, by.scope, caseId);
}

/**
 * approveClaim's work in the caller's transaction, for a desk that records a claim and decides it
 * in one go (support refunding a line from the orders desk); the caller kicks events and jobs.
 */
export async function approveClaimIn(
  ctx: AppContext,
  trx: Tx,
  by: Decider,
  caseId: string,
  input: Approval,
): Promise<{ refundId: string }> {
  const now = ctx.clock.now();
  const c = await lockCase(trx, by.scope, caseId);
  assertCaseTransition(c.status, 'approved');
  const amountFen = input.amountFen ?? c.requested_fen;
  if (amountFen > c.requested_fen) {
    throw new AppError('VALIDATION_FAILED', `at most the ${c.requested_fen} fen claimed can be approved`, { field: 'amountFen' });
  }
  const blame: CaseBlame = input.blame ?? c.blame ?? 'none';
  // The coupon first: a refusal leaves the case undecided and nothing refunded.
  const couponGranted = input.couponTemplateId !== undefined;
  if (input.couponTemplateId !== undefined) {
    if (by.kind !== 'staff') throw new AppError('FORBIDDEN', 'only support grants a coupon with a decision');
    await assertCouponTemplate(trx, now, c.operator_id, input.couponTemplateId, 'couponTemplateId');
    await issueCoupon(trx, now, {
      operatorId: c.operator_id,
      templateId: input.couponTemplateId,
      residentId: c.resident_id,
      source: 'compensation',
      sourceId: c.id,
    });
  }
  const order = found((await ordersByIds(trx, c.operator_id, [c.order_id])).get(c.order_id), 'order');
  const refund = await refundOrderLines(ctx, trx, {
    operatorId: c.operator_id,
    orderId: c.order_id,
    lines: [{ orderLineId: c.order_line_id, quantity: c.quantity, amountFen }],
    kind: 'aftersales',
    blame,
    reason: `after-sales (${c.type}): ${input.reason}`,
    sourceId: c.id,
    tell: {
      title: '售后已同意',
      body: `订单 ${order.order_no} 的${TYPE_NAMES[c.type]}售后已同意，退款 ¥${formatYuan(amountFen)} 将原路退回。${couponGranted ? '另赠优惠券一张，见“我的优惠券”。' : ''}`,
      leader: by.kind === 'staff',
    },
  });
  assertCaseTransition('approved', 'refunded');
  await trx
    .updateTable('aftersale_cases')
    .set({
      status: 'refunded',
      approved_fen: amountFen,
      blame,
      decision_reason: input.reason,
      decided_by_kind: by.kind,
      decided_by_id: by.id,
      decided_at: now,
      refund_id: refund.refundId,
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute();
  await emit(trx, ctx.clock, {
    type: 'aftersale.approved',
    operatorId: c.operator_id,
    aggregateId: c.id,
    payload: { caseId: c.id, orderId: c.order_id, orderLineId: c.order_line_id, quantity: c.quantity, amountFen, blame, kind: c.type },
  });
  // A missing line refunded before it was handed out may have been the last one waiting.
  await completePickupIfDone(ctx, trx, c.operator_id, c.order_id);
  return { refundId: refund.refundId };
}

/** Rejects a claim with a reason the resident is told. Emits aftersale.rejected. */
export async function rejectClaim(ctx: AppContext, by: Decider, caseId: string, reason: string): Promise<CaseView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, by.scope, caseId);
    assertCaseTransition(c.status, 'rejected');
    await trx
      .updateTable('aftersale_cases')
      .set({
        status: 'rejected',
        decision_reason: reason,
        decided_by_kind: by.kind,
        decided_by_id: by.id,
        decided_at: now,
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute();
    await notify(trx, now, c.operator_id, [
      {
        recipientKind: 'resident',
        recipientId: c.resident_id,
        title: '售后未通过',
        body: `您的${TYPE_NAMES[c.type]}售后申请未通过：${reason}`,
      },
    ]);
    await emit(trx, ctx.clock, { type: 'aftersale.rejected', operatorId: c.operator_id, aggregateId: c.id, payload: { caseId: c.id } });
  });
  ctx.events.kick();
  return getCase(ctx.db, by.scope, caseId);
}

/** The resident takes back a claim not yet decided. */
export async function withdrawClaim(ctx: AppContext, resident: Principal, caseId: string): Promise<CaseView> {
  const scope = { operatorId: resident.operatorId, residentId: resident.id };
  await ctx.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, scope, caseId);
    assertCaseTransition(c.status, 'withdrawn');
    await trx.updateTable('aftersale_cases').set({ status: 'withdrawn', updated_at: ctx.clock.now() }).where('id', '=', c.id).execute();
  });
  return getCase(ctx.db, scope, caseId);
}

/**
 * Support sets who is to blame on a claim still to be decided (the approval uses it unless it
 * names another); once refunded, the blame is part of the refund and settled, so it stays.
 */
export async function setBlame(ctx: AppContext, operatorId: string, caseId: string, blame: CaseBlame): Promise<CaseView> {
  const scope = { operatorId };
  await ctx.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, scope, caseId);
    if (c.status !== 'submitted') {
      throw new AppError('INVALID_STATE', `the blame of a ${c.status} case cannot change`, { status: c.status });
    }
    await trx.updateTable('aftersale_cases').set({ blame, updated_at: ctx.clock.now() }).where('id', '=', c.id).execute();
  });
  return getCase(ctx.db, scope, caseId);
}
