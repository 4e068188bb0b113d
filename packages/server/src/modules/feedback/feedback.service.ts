import type { feedback } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { ComplaintOutcome, ComplaintState } from '../../platform/db/schema.feedback.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import { type Principal, staffNames } from '../identity/index.ts';
import { complaintsOf, ratingOf } from './feedback.queries.ts';
import {
  COMPLAINABLE,
  STEP_OF,
  assertComplaintTransition,
  assertMayAppeal,
  assertMayComplain,
  assertMayRate,
  resolveTarget,
} from './feedback.rules.ts';
import { orderFeedbackTargets } from './order-targets.report.ts';

/**
 * The residents' voice: a resident rates a picked-up order once and complains about one of their
 * orders' leader, supplier or driver; staff take and resolve complaints with a reason; the
 * resident may appeal a resolution once. Every step is written to the ticket's history, the
 * leader is told of a complaint against them, the resident of its resolution.
 */

type OrderFeedbackDto = z.infer<typeof feedback.OrderFeedback>;

/** An order's rating and complaints as its resident sees them, with what they may still do. */
export async function orderFeedback(ctx: AppContext, resident: Principal, orderId: string): Promise<OrderFeedbackDto> {
  const order = await orderFeedbackTargets(ctx.db, resident.operatorId, orderId);
  if (!order || order.residentId !== resident.id) throw new AppError('NOT_FOUND', 'order not found');
  const [rating, complaints] = await Promise.all([
    ratingOf(ctx.db, resident.operatorId, orderId),
    complaintsOf(ctx.db, resident.operatorId, { orderId, residentId: resident.id }),
  ]);
  return {
    orderId,
    mayRate: order.status === 'picked_up' && rating === null,
    mayComplain: COMPLAINABLE.includes(order.status),
    rating,
    complaints,
  };
}

/** Rates a picked-up order of the resident's, once; the suppliers of its lines are recorded with it. */
export async function rateOrder(
  ctx: AppContext,
  resident: Principal,
  orderId: string,
  input: z.infer<typeof feedback.RateOrder>,
): Promise<OrderFeedbackDto> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await orderFeedbackTargets(trx, resident.operatorId, orderId);
    const rated = await trx.selectFrom('order_ratings').select('id').where('order_id', '=', orderId).executeTakeFirst();
    assertMayRate(resident.id, order && { residentId: order.residentId, status: order.status }, rated !== undefined);
    const id = newId('rat');
    // Two ratings of one order at once: the unique order_id lets one in, the other finds it taken.
    const inserted = await trx
      .insertInto('order_ratings')
      .values({
        id,
        operator_id: resident.operatorId,
        order_id: orderId,
        resident_id: resident.id,
        leader_id: order!.leaderId,
        pickup_point_id: order!.pickupPointId,
        items_score: input.itemsScore,
        freshness_score: input.freshnessScore,
        service_score: input.serviceScore,
        comment: input.comment?.length ? input.comment : null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('CONFLICT', 'this order is rated already; a rating is given once');
    const suppliers = [...new Set(order!.lineSuppliers.values())];
    if (suppliers.length > 0) {
      await trx
        .insertInto('order_rating_suppliers')
        .values(
          suppliers.map((supplierId) => ({ rating_id: id, operator_id: resident.operatorId, supplier_id: supplierId, created_at: now })),
        )
        .execute();
    }
  });
  return orderFeedback(ctx, resident, orderId);
}

const TARGET_NAMES = { leader: '团长', supplier: '供应商', driver: '司机' } as const;

/** Files a complaint about one of the resident's orders against its leader, a line's supplier or its driver; the leader is told. */
export async function fileComplaint(
  ctx: AppContext,
  resident: Principal,
  input: z.infer<typeof feedback.FileComplaint>,
): Promise<z.infer<typeof feedback.Complaint>> {
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const order = await orderFeedbackTargets(trx, resident.operatorId, input.orderId);
    assertMayComplain(resident.id, order && { residentId: order.residentId, status: order.status });
    const { targetId, orderLineId } = resolveTarget(input.target, order!, input.orderLineId);
    const id = newId('cpl');
    const inserted = await trx
      .insertInto('complaints')
      .values({
        id,
        operator_id: resident.operatorId,
        order_id: order!.id,
        order_line_id: orderLineId,
        resident_id: resident.id,
        target_kind: input.target,
        target_id: targetId,
        leader_id: order!.leaderId,
        description: input.description,
        assignee_id: null,
        resolution: null,
        appeal_reason: null,
        created_at: now,
        updated_at: now,
        resolved_at: null,
      })
      .onConflict((oc) => oc.columns(['order_id', 'target_kind', 'target_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      throw new AppError('CONFLICT', `this order has a complaint against its ${input.target} already`, { target: input.target });
    }
    await addStep(trx, now, resident.operatorId, id, 'open', { kind: 'resident', id: resident.id }, input.description);
    // The party complained about is told (the leader, the supplier in its portal, the driver in the app).
    const about = { leader: '您的服务', supplier: '您供应的商品', driver: '您的配送' }[input.target];
    await notify(trx, now, resident.operatorId, [
      {
        recipientKind: input.target,
        recipientId: targetId,
        title: '收到一条投诉',
        body: `订单 ${order!.orderNo} 的居民对${about}提出了投诉，客服会跟进处理：${input.description.slice(0, 60)}`,
      },
    ]);
    return id;
  });
  return oneComplaint(ctx, resident, id);
}

/** Appeals a complaint's resolution (once): the ticket goes back to staff with the resident's reason. */
export async function appealComplaint(ctx: AppContext, resident: Principal, id: string, reason: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const ticket = await lockComplaint(trx, resident.operatorId, id);
    if (ticket.resident_id !== resident.id) throw new AppError('NOT_FOUND', 'complaint not found');
    assertMayAppeal(ticket);
    await trx
      .updateTable('complaints')
      .set({ state: 'appealed', appeal_reason: reason, appeals: ticket.appeals + 1, resolved_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    await addStep(trx, now, resident.operatorId, id, 'appealed', { kind: 'resident', id: resident.id }, reason);
  });
  return oneComplaint(ctx, resident, id);
}

/** Staff take a complaint, for themselves or another active staff member. */
export async function assignComplaint(ctx: AppContext, staff: Principal, id: string, assigneeId?: string): Promise<void> {
  const now = ctx.clock.now();
  const to = assigneeId ?? staff.id;
  await ctx.db.transaction().execute(async (trx) => {
    const ticket = await lockComplaint(trx, staff.operatorId, id);
    assertComplaintTransition(ticket.state, 'assigned');
    const names = await staffNames(trx, staff.operatorId, [to]);
    if (!names.has(to)) throw new AppError('VALIDATION_FAILED', 'no such staff member', { field: 'assigneeId' });
    await trx.updateTable('complaints').set({ state: 'assigned', assignee_id: to, updated_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, staff.operatorId, id, 'assigned', { kind: 'staff', id: staff.id }, names.get(to) ?? null);
  });
}

/**
 * Staff resolve a complaint with the reason the resident reads and their finding: upheld (the
 * target was at fault, counted in its complaint rate) or dismissed (not counted while resolved);
 * the resident is told.
 */
export async function resolveComplaint(
  ctx: AppContext,
  staff: Principal,
  id: string,
  resolution: string,
  outcome: ComplaintOutcome = 'upheld',
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const ticket = await lockComplaint(trx, staff.operatorId, id);
    assertComplaintTransition(ticket.state, 'resolved');
    await trx
      .updateTable('complaints')
      .set({ state: 'resolved', resolution, outcome, resolved_at: now, assignee_id: ticket.assignee_id ?? staff.id, updated_at: now })
      .where('id', '=', id)
      .execute();
    await addStep(trx, now, staff.operatorId, id, 'resolved', { kind: 'staff', id: staff.id }, resolution);
    await notify(trx, now, staff.operatorId, [
      {
        recipientKind: 'resident',
        recipientId: ticket.resident_id,
        title: '您的投诉已处理',
        body: `您对${TARGET_NAMES[ticket.target_kind]}的投诉已处理：${resolution}${ticket.appeals === 0 ? '。如不满意，可在订单中申诉一次。' : ''}`,
      },
    ]);
  });
}

async function oneComplaint(ctx: AppContext, resident: Principal, id: string) {
  const [c] = await complaintsOf(ctx.db, resident.operatorId, { ids: [id], residentId: resident.id });
  if (!c) throw new AppError('NOT_FOUND', 'complaint not found');
  return c;
}

async function lockComplaint(trx: Tx, operatorId: string, id: string) {
  const ticket = await trx
    .selectFrom('complaints')
    .select(['id', 'state', 'appeals', 'resident_id', 'assignee_id', 'target_kind'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!ticket) throw new AppError('NOT_FOUND', 'complaint not found');
  return ticket;
}

async function addStep(
  trx: Tx,
  at: Date,
  operatorId: string,
  complaintId: string,
  to: ComplaintState,
  actor: { kind: 'resident' | 'staff'; id: string },
  note: string | null,
): Promise<void> {
  await trx
    .insertInto('complaint_steps')
    .values({
      id: newId('cps'),
      operator_id: operatorId,
      complaint_id: complaintId,
      step: STEP_OF[to],
      actor_kind: actor.kind,
      actor_id: actor.id,
      note,
      at,
    })
    .execute();
}
