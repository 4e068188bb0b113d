import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Blame, RefundKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { refundOfSource, requestRefund } from '../payment/index.ts';
import { notify } from '../../platform/notifications.ts';
import { moveOrder, moveOrders } from './order-state.ts';
import { addRefunded } from './order-changes.ts';
import { isPaid } from './ordering.rules.ts';

/** What the fulfilment steps may do to orders: give money back per line, and move orders on. */

export interface LineRefund {
  orderLineId: string;
  /** Units given back (0 for a money-only partial refund, e.g. a quality discount). */
  quantity: number;
  /** Defaults to unit price × quantity; never more than what is left unrefunded on the line. */
  amountFen?: number;
}

export interface OrderLinesRefund {
  operatorId: string;
  orderId: string;
  lines: readonly LineRefund[];
  kind: RefundKind;
  blame: Blame | null;
  reason: string;
  /** The business document causing it (shortage allocation, claim, handover, campaign); one refund per (kind, sourceId). */
  sourceId: string;
  /** With blame 'driver' on a carrier's route: the carrier whose payable bears the cost. */
  carrierId?: string | null;
  /** A message to the resident (and, when given, to the leader). */
  tell?: { title: string; body: string; leader?: boolean };
}

/**
 * Refunds order lines of a paid order, in the caller's transaction: each line's refunded
 * quantity and amount grow (capped at what was bought and paid), a refund with its lines, kind
 * and blame is recorded for the provider and for settlement, and an order refunded in full moves
 * to `refunded`. Idempotent by (kind, sourceId): a retried step returns the first refund.
 */
export async function refundOrderLines(
  ctx: AppContext,
  trx: Tx,
  r: OrderLinesRefund,
): Promise<{ refundId: string; amountFen: number; repeated: boolean }> {
  const earlier = await refundOfSource(trx, r.kind, r.sourceId);
  if (earlier) return { refundId: earlier.id, amountFen: earlier.amountFen, repeated: true };

  const order = await trx
    .selectFrom('orders')
    .select(['id', 'status', 'total_fen', 'refunded_fen', 'resident_id', 'leader_id', 'order_no'])
    .where('id', '=', r.orderId)
    .where('operator_id', '=', r.operatorId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!order) throw new AppError('NOT_FOUND', 'order not found');
  if (!isPaid(order.status)) {
    throw new AppError('INVALID_STATE', `an order that is ${order.status} has nothing to refund`);
  }
  const ids = r.lines.map((l) => l.orderLineId);
  const rows = ids.length
    ? await trx
        .selectFrom('order_lines')
        .selectAll()
        .where('order_id', '=', order.id)
        .where('id', 'in', ids)
        .orderBy('id')
        .forNoKeyUpdate()
        .execute()
    : [];
  const refundLines: Array<{ orderLineId: string; quantity: number; amountFen: number }> = [];
  for (const want of r.lines) {
    const line = rows.find((x) => x.id === want.orderLineId);
    if (!line) throw new AppError('NOT_FOUND', `order line ${want.orderLineId} not found`);
    const qtyLeft = line.quantity - line.refunded_quantity;
    const fenLeft = line.amount_fen - line.refunded_fen;
    if (!Number.isInteger(want.quantity) || want.quantity < 0 || want.quantity > qtyLeft) {
      throw new AppError('VALIDATION_FAILED', `line ${line.id}: at most ${qtyLeft} more units can be refunded`, {
        orderLineId: line.id,
        quantityLeft: qtyLeft,
      });
    }
    // The last units of a line take whatever money is left on it, so rounding never strands a fen.
    const amount = want.amountFen ?? (want.quantity === qtyLeft ? fenLeft : Math.min(fenLeft, line.unit_price_fen * want.quantity));
    if (!Number.isInteger(amount) || amount <= 0 || amount > fenLeft) {
      throw new AppError('VALIDATION_FAILED', `line ${line.id}: a refund must be between 0.01 and what is left paid (${fenLeft} fen)`, {
        orderLineId: line.id,
        fenLeft,
      });
    }
    refundLines.push({ orderLineId: line.id, quantity: want.quantity, amountFen: amount });
    await trx
      .updateTable('order_lines')
      .set({ refunded_quantity: line.refunded_quantity + want.quantity, refunded_fen: line.refunded_fen + amount })
      .where('id', '=', line.id)
      .execute();
  }
  const amountFen = refundLines.reduce((s, l) => s + l.amountFen, 0);
  if (amountFen <= 0) throw new AppError('VALIDATION_FAILED', 'nothing to refund');
  const now = ctx.clock.now();
  await addRefunded(trx, order.id, amountFen, now);
  const refundId = await requestRefund(trx, ctx.clock, {
    operatorId: r.operatorId,
    orderId: order.id,
    amountFen,
    reason: r.reason,
    kind: r.kind,
    blame: r.blame,
    sourceId: r.sourceId,
    carrierId: r.carrierId ?? null,
    lines: refundLines,
  });
  if (order.refunded_fen + amountFen === order.total_fen) {
    await moveOrder(trx, order, 'refunded', now);
  }
  if (r.tell) {
    const recipients: Array<{ kind: 'resident' | 'leader'; id: string }> = [{ kind: 'resident', id: order.resident_id }];
    if (r.tell.leader) recipients.push({ kind: 'leader', id: order.leader_id });
    const { title, body } = r.tell;
    await notify(
      trx,
      now,
      r.operatorId,
      recipients.map((to) => ({ recipientKind: to.kind, recipientId: to.id, title, body })),
    );
  }
  return { refundId, amountFen, repeated: false };
}

/**
 * Moves orders on in the fulfilment (allocated when sorted, delivered at handover, picked_up at
 * the pickup point), in the caller's transaction. Orders not in a state that may move there (a
 * refunded order, one already further on) are left alone. Emits `order.<state>` per order moved.
 */
export async function advanceOrders(
  ctx: AppContext,
  trx: Tx,
  operatorId: string,
  orderIds: readonly string[],
  to: 'allocated' | 'delivered' | 'picked_up',
): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const now = ctx.clock.now();
  const moved = await moveOrders(trx, operatorId, orderIds, to, now);
  for (const id of moved) {
    await emit(trx, ctx.clock, { type: `order.${to}`, operatorId, aggregateId: id, payload: { orderId: id, at: now.toISOString() } });
  }
  return moved;
}
