import type { orders } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { approveClaimIn, assertSomethingToRefund, claimAmount, lineClaimCapacity, recordSupportClaim } from '../aftersales/index.ts';
import { orderableLines } from '../campaign/index.ts';
import { operatorTimeZone, type Principal, residentIdsWithPhone } from '../identity/index.ts';
import { leadersByIds, pickupPointsByIds } from '../leader/index.ts';
import { scheduleRedelivery, unitsSentAgain } from '../logistics/index.ts';
import { moveToPickupPoint, tellResident, isPaid, isToPickUp, linesOfOrders, lockOrder, lockOrderLine } from '../ordering/index.ts';
import { logPhoneSearch } from '../privacy/index.ts';
import { moveBlocker } from './order-desk.queries.ts';
import { orderDetail } from './order-detail.report.ts';
import { type DeskFilter, findOrders } from './order-search.report.ts';
import { localDate } from '../../platform/calendar.ts';

/**
 * Runs a search of the desk's orders. A search by a full phone looks the resident up and writes
 * the search to the audit log (privacy module) in the same transaction as the search: a search
 * that is not logged does not happen. Answers show phones masked.
 */
export async function withSearch<T>(
  ctx: AppContext,
  staff: Principal,
  ip: string,
  keys: z.infer<typeof orders.OrderSearchFilter>,
  run: (db: Executor, filter: DeskFilter) => Promise<T>,
): Promise<T> {
  const { phone, ...filter } = keys;
  if (phone === undefined) return run(ctx.db, filter);
  return ctx.db.transaction().execute(async (trx) => {
    const residentIds = await residentIdsWithPhone(trx, staff.operatorId, phone);
    await logPhoneSearch(trx, ctx.clock.now(), staff, ip, residentIds);
    return run(trx, { ...filter, residentIds });
  });
}

/** A page of the orders a search finds, newest first. */
export async function searchPage(ctx: AppContext, staff: Principal, ip: string, q: z.infer<typeof orders.OrderSearchQuery>) {
  const { page, pageSize, ...keys } = q;
  const { items, total } = await withSearch(ctx, staff, ip, keys, (db, filter) =>
    findOrders(db, staff.operatorId, filter, { page, pageSize }),
  );
  return { items, total, page, pageSize };
}

/** The operator's order, locked for the change. */
async function lockDeskOrder(trx: Tx, operatorId: string, orderId: string) {
  return found(await lockOrder(trx, operatorId, orderId), 'order');
}

/**
 * Support refunds a line (or part of it) through the after-sales path: a claim with the cause is
 * recorded for the order's resident and approved by the staff member in the same transaction
 * (approveClaimIn: the refund with kind aftersales and the blame, sent to the provider by the
 * refund sweep; the ledger posts it from order.refunded like any claim).
 */
export async function refundLine(ctx: AppContext, staff: Principal, orderId: string, input: z.infer<typeof orders.RefundOrderLine>) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockDeskOrder(trx, staff.operatorId, orderId);
    if (!isPaid(order.status)) {
      throw new AppError('INVALID_STATE', `an order that is ${order.status} has nothing to refund`, { status: order.status });
    }
    const line = await lockLine(trx, order.id, input.orderLineId);
    assertSomethingToRefund(line);
    const capacity = await lineClaimCapacity(trx, line);
    if (input.quantity === 0 && input.amountFen === undefined) {
      throw new AppError('VALIDATION_FAILED', 'a money-only refund (quantity 0) needs amountFen', { field: 'amountFen' });
    }
    const requested = claimAmount(input, line.unit_price_fen, capacity);
    const caseId = await recordSupportClaim(trx, now, {
      order,
      orderLineId: line.id,
      cause: input.cause,
      quantity: input.quantity,
      requestedFen: requested,
      reason: input.reason,
      blame: input.blame,
    });
    await approveClaimIn(ctx, trx, { kind: 'staff', id: staff.id, scope: { operatorId: staff.operatorId } }, caseId, {
      amountFen: requested,
      blame: input.blame,
      reason: input.reason,
    });
  });
  ctx.events.kick();
  ctx.jobs.kick();
  return orderDetail(ctx.db, staff.operatorId, orderId);
}

/**
 * Records a missing line to be sent again with the delivery of a later date (default tomorrow in
 * the operator's time zone) to the order's pickup point: the sorting sheet of that date and the
 * leader's deliveries list it. For delivered orders, at most the units not refunded and not sent
 * again already. Moves no money.
 */
export async function redeliverLine(ctx: AppContext, staff: Principal, orderId: string, input: z.infer<typeof orders.RedeliverOrderLine>) {
  const now = ctx.clock.now();
  const today = localDate(now, await operatorTimeZone(ctx.db, staff.operatorId));
  const deliveryDate = input.deliveryDate ?? localDate(new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000), 'UTC');
  if (deliveryDate <= today) {
    throw new AppError('VALIDATION_FAILED', `a line is sent again with a later delivery than today (${today})`, { field: 'deliveryDate' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockDeskOrder(trx, staff.operatorId, orderId);
    if (order.status !== 'delivered' && order.status !== 'picked_up') {
      throw new AppError('INVALID_STATE', `lines are sent again for delivered orders; this one is ${order.status}`, {
        status: order.status,
      });
    }
    const line = await lockLine(trx, order.id, input.orderLineId);
    const left = line.quantity - line.refunded_quantity - (await unitsSentAgain(trx, line.id));
    if (input.quantity > left) {
      throw new AppError('VALIDATION_FAILED', `at most ${Math.max(0, left)} more units of this line can be sent again`, {
        field: 'quantity',
        quantityLeft: Math.max(0, left),
      });
    }
    await scheduleRedelivery(trx, now, {
      operatorId: order.operator_id,
      orderId: order.id,
      orderLineId: line.id,
      pickupPointId: order.pickup_point_id,
      deliveryDate,
      quantity: input.quantity,
      reason: input.reason,
      staffId: staff.id,
    });
    await tellResident(
      trx,
      now,
      order,
      '补发安排',
      `订单 ${order.order_no} 的「${line.title}」× ${input.quantity} 将于 ${deliveryDate} 随配送补发到自提点。`,
    );
  });
  return orderDetail(ctx.db, staff.operatorId, orderId);
}

/** One line of the order, locked for the change. */
async function lockLine(trx: Tx, orderId: string, lineId: string) {
  return found(await lockOrderLine(trx, orderId, lineId), 'order line');
}

/**
 * Moves an order not yet sorted to another open pickup point (of an active leader) of the
 * operator, for the same date: ORDER_ALREADY_SORTED once it is allocated or a route to either
 * point on its date has left planning. The pickup code stays unless the new point already has it
 * that day. The commission accrued at payment stays with the leader who sold the order.
 */
export async function moveOrder(ctx: AppContext, staff: Principal, orderId: string, input: z.infer<typeof orders.MoveOrder>) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockDeskOrder(trx, staff.operatorId, orderId);
    const points = await pickupPointsByIds(trx, staff.operatorId, [input.pickupPointId, order.pickup_point_id]);
    const target = found(points.get(input.pickupPointId), 'pickup point');
    const leader = found((await leadersByIds(trx, staff.operatorId, [target.leaderId])).get(target.leaderId), 'pickup point');
    if (target.id === order.pickup_point_id) {
      throw new AppError('VALIDATION_FAILED', 'the order is already at this pickup point', { field: 'pickupPointId' });
    }
    const blocker = await moveBlocker(trx, staff.operatorId, order, [order.pickup_point_id, target.id]);
    if (blocker) {
      const message =
        blocker.code === 'ORDER_ALREADY_SORTED'
          ? `the order is ${blocker.stage === 'dispatched' ? 'on a dispatched route' : blocker.stage}: it stays where it is`
          : `an order that is ${blocker.stage} is not delivered`;
      throw new AppError(blocker.code, message, { stage: blocker.stage });
    }
    if (target.status !== 'open' || leader.status !== 'active') {
      throw new AppError('PICKUP_POINT_CLOSED', 'that pickup point is not open', { pickupPointId: target.id });
    }
    const lines = await linesOfOrders(trx, staff.operatorId, [order.id]);
    const terms = await orderableLines(
      trx,
      staff.operatorId,
      lines.map((l) => l.campaign_line_id),
    );
    const listed = terms.find((t) => t.leaderScope === 'list' && !t.leaders.includes(target.leaderId));
    if (listed) {
      throw new AppError('CAMPAIGN_NOT_FOR_LEADER', "a campaign of this order is not offered at that leader's pickup point", {
        campaignId: listed.campaignId,
      });
    }
    const notResold = terms.find((t) => t.helpSellers !== null && !t.helpSellers.includes(target.leaderId));
    if (notResold) {
      throw new AppError('HELP_SELL_NOT_RESOLD', "a help-sell campaign of this order is not resold by that pickup point's leader", {
        campaignId: notResold.campaignId,
      });
    }
    const from = found(points.get(order.pickup_point_id), 'pickup point');
    const code = await moveToPickupPoint(trx, order, { id: target.id, leader_id: target.leaderId }, now);
    await trx
      .insertInto('order_desk_log')
      .values({
        id: newId('odl'),
        operator_id: order.operator_id,
        order_id: order.id,
        staff_id: staff.id,
        action: 'moved',
        note: `${from.name} → ${target.name}: ${input.reason}`,
        created_at: now,
      })
      .execute();
    await tellResident(
      trx,
      now,
      order,
      '自提点已变更',
      `订单 ${order.order_no} 改到「${target.name}」自提（${order.pickup_date}），取货码 ${code}。`,
    );
  });
  return orderDetail(ctx.db, staff.operatorId, orderId);
}

/** Sends the resident their pickup code again (a notification, like the others), for an order still to be picked up. */
export async function resendPickupCode(ctx: AppContext, staff: Principal, orderId: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockDeskOrder(trx, staff.operatorId, orderId);
    if (!isToPickUp(order.status)) {
      throw new AppError('INVALID_STATE', `an order that is ${order.status} has no code to pick up with`, { status: order.status });
    }
    const point = found(
      (await pickupPointsByIds(trx, staff.operatorId, [order.pickup_point_id])).get(order.pickup_point_id),
      'pickup point',
    );
    await tellResident(
      trx,
      now,
      order,
      '取货码',
      `订单 ${order.order_no} 的取货码是 ${order.pickup_code}，${order.pickup_date} 到「${point.name}」取货。`,
    );
    await trx
      .insertInto('order_desk_log')
      .values({
        id: newId('odl'),
        operator_id: order.operator_id,
        order_id: order.id,
        staff_id: staff.id,
        action: 'code_resent',
        note: 'pickup code sent to the resident',
        created_at: now,
      })
      .execute();
  });
  return { orderId, sentAt: now.toISOString() };
}
