import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Blame, RefundKind } from '../../platform/db/schema.ts';
import { emit } from '../../platform/events.ts';
import { closeAtProvider, closePendingPayments } from '../payment/index.ts';
import { refundOrderLines } from './ordering.fulfilment.ts';
import { tellResident } from './ordering.lifecycle.ts';
import { moveOrder } from './order-state.ts';
import { isPaid } from './ordering.rules.ts';
import { releaseStock } from './stock.repository.ts';

/** A whole order given back by the system (a play that failed): why, and what the resident is told. */
export interface SystemGiveBack {
  operatorId: string;
  orderId: string;
  kind: RefundKind;
  blame: Blame | null;
  reason: string;
  /** One refund per (kind, sourceId): a retried give-back refunds nothing more. */
  sourceId: string;
  tell: { title: string; body: string };
}

export type GiveBackOutcome =
  | { outcome: 'cancelled'; refundedFen: 0 }
  | { outcome: 'refunded'; refundedFen: number; refundId: string; repeated: boolean }
  | { outcome: 'nothing'; refundedFen: 0 };

/**
 * Gives an order back in full on the system's decision, in the caller's transaction (which locks
 * the order first): an unpaid order is cancelled (its stock released, its open payments closed —
 * the caller calls `after()` once committed to close them at the provider; a payment that still
 * lands becomes a late_payment refund as for any cancelled order); a paid order has what is left of
 * every line refunded (its stock released while it is not yet allocated), once per (kind,
 * sourceId); an order already refunded, cancelled or expired is left alone.
 */
export async function giveBackWholeOrder(
  ctx: AppContext,
  trx: Tx,
  g: SystemGiveBack,
): Promise<GiveBackOutcome & { after: () => Promise<void> }> {
  const none = async () => {};
  const now = ctx.clock.now();
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'status', 'operator_id', 'resident_id', 'order_no'])
    .where('id', '=', g.orderId)
    .where('operator_id', '=', g.operatorId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!order) return { outcome: 'nothing', refundedFen: 0, after: none };
  const lines = await trx
    .selectFrom('order_lines')
    .select(['id', 'campaign_line_id', 'quantity', 'refunded_quantity', 'amount_fen', 'refunded_fen'])
    .where('order_id', '=', order.id)
    .orderBy('id')
    .execute();
  if (order.status === 'pending_payment') {
    await moveOrder(trx, order, 'cancelled', now, { cancelled_at: now, cancel_reason: g.reason });
    await releaseStock(trx, order.resident_id, lines);
    const closed = await closePendingPayments(trx, now, order.id);
    await emit(trx, ctx.clock, {
      type: 'order.cancelled',
      operatorId: order.operator_id,
      aggregateId: order.id,
      payload: { orderId: order.id, reason: g.reason, refundedFen: 0 },
    });
    await tellResident(trx, now, order, g.tell.title, g.tell.body);
    return { outcome: 'cancelled', refundedFen: 0, after: () => closeAtProvider(ctx, closed) };
  }
  if (!isPaid(order.status)) return { outcome: 'nothing', refundedFen: 0, after: none };
  const left = lines.filter((l) => l.amount_fen > l.refunded_fen || l.quantity > l.refunded_quantity);
  if (order.status === 'paid') {
    await releaseStock(
      trx,
      order.resident_id,
      left.map((l) => ({ campaign_line_id: l.campaign_line_id, quantity: l.quantity - l.refunded_quantity })),
    );
  }
  const withMoney = left.filter((l) => l.amount_fen > l.refunded_fen);
  if (withMoney.length === 0) return { outcome: 'nothing', refundedFen: 0, after: none };
  const refund = await refundOrderLines(ctx, trx, {
    operatorId: g.operatorId,
    orderId: order.id,
    lines: withMoney.map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refunded_quantity })),
    kind: g.kind,
    blame: g.blame,
    reason: g.reason,
    sourceId: g.sourceId,
    tell: g.tell,
  });
  return { outcome: 'refunded', refundedFen: refund.amountFen, refundId: refund.refundId, repeated: refund.repeated, after: none };
}
