import { returnOrderDiscounts } from '../promotions/index.ts';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { emit } from '../../platform/events.ts';
import { SWEEP_CLAIM_MS } from '../../platform/jobs.ts';
import { formatYuan } from '../../platform/money.ts';
import { claimOpenPayments, closeAtProvider, closePendingPayments, hasOpenPayment, paymentsOf } from '../payment/index.ts';
import { refundOrderLines } from './ordering.fulfilment.ts';
import { releaseStock } from './stock.repository.ts';
import { notify } from '../../platform/notifications.ts';
import { localDateTime } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { queueNotices } from '../notices/index.ts';
import { ordersByIds } from './orders-by-id.queries.ts';
import { applyPaymentNotification } from './order-payment.ts';
import { moveOrder } from './order-state.ts';

const EXPIRY_BATCH = 200;

/**
 * Expires unpaid orders past their payment time and releases their stock. Before giving up on
 * an order it asks the provider whether the payment went through after all (a lost notification),
 * so a paid order is never expired. The open payments of due orders are claimed first, in one
 * statement, so when several server processes sweep at once only one asks the provider about a
 * payment (and closes it).
 */
export async function expireUnpaidOrders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const claimedUntil = new Date(now.getTime() + SWEEP_CLAIM_MS);
  const dueOrders = sql<{ id: string; expires_at: Date }>`
    select o.id, o.expires_at from orders o where o.status = 'pending_payment' and o.expires_at <= ${now}`;
  const claimed = await claimOpenPayments(ctx.db, dueOrders, now, claimedUntil, EXPIRY_BATCH);
  // Due orders without an open payment need no provider call.
  const bare = await ctx.db
    .selectFrom('orders')
    .select('id')
    // A literal, not a parameter: the partial index orders_unpaid serves only a plan that knows the status.
    .where('status', '=', sql.lit('pending_payment'))
    .where('expires_at', '<=', now)
    .where(({ not }) => not(hasOpenPayment(sql.ref<string>('orders.id'))))
    .orderBy('expires_at')
    .limit(EXPIRY_BATCH)
    .execute();
  const due = new Map<string, Array<{ id: string; operator_id: string; amount_fen: number }>>();
  for (const p of claimed) due.set(p.order_id, [...(due.get(p.order_id) ?? []), p]);
  for (const o of bare) if (!due.has(o.id)) due.set(o.id, []);
  let expired = 0;
  for (const [id, open] of due) {
    let paidMeanwhile = false;
    for (const p of open) {
      const state = await (await paymentsOf(ctx, p.operator_id)).query(p.id);
      if (state.status === 'succeeded') {
        await applyPaymentNotification(ctx, {
          paymentId: p.id,
          status: 'succeeded',
          amountFen: state.amountFen ?? p.amount_fen,
          notificationId: `query:${p.id}`,
        });
        paidMeanwhile = true;
      }
    }
    if (paidMeanwhile) continue;
    const closed = await ctx.db.transaction().execute(async (trx) => {
      const order = await trx
        .selectFrom('orders')
        .select(['id', 'status', 'operator_id', 'resident_id'])
        .where('id', '=', id)
        .where('status', '=', 'pending_payment')
        .forNoKeyUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!order) return null;
      const lines = await trx.selectFrom('order_lines').select(['campaign_line_id', 'quantity']).where('order_id', '=', id).execute();
      await moveOrder(trx, order, 'expired', now, { cancelled_at: now, cancel_reason: 'not paid in time' });
      await releaseStock(trx, order.resident_id, lines);
      await emit(trx, ctx.clock, { type: 'order.expired', operatorId: order.operator_id, aggregateId: id, payload: { orderId: id } });
      return closePendingPayments(trx, now, id);
    });
    if (closed === null) continue;
    await closeAtProvider(ctx, closed);
    expired++;
  }
  if (expired > 0) ctx.events.kick();
  return expired;
}

/**
 * When a campaign is cancelled, every order line in it is given back: unpaid orders are cancelled
 * whole; paid orders are refunded for those lines (the whole order when nothing else is left),
 * and the resident is told why. Runs in the event's delivery transaction, so it happens once.
 */
export async function refundCancelledCampaign(
  ctx: AppContext,
  trx: Tx,
  operatorId: string,
  campaignId: string,
  reason: string,
): Promise<void> {
  const now = ctx.clock.now();
  const affected = await trx
    .selectFrom('orders')
    .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
    .select(['orders.id'])
    .distinct()
    .where('orders.operator_id', '=', operatorId)
    .where('order_lines.campaign_id', '=', campaignId)
    .where('orders.status', 'in', ['pending_payment', 'paid'])
    .orderBy('orders.id')
    .execute();
  for (const { id } of affected) {
    const order = await trx.selectFrom('orders').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirstOrThrow();
    const lines = await trx.selectFrom('order_lines').selectAll().where('order_id', '=', id).execute();
    const hit = lines.filter((l) => l.campaign_id === campaignId && l.refunded_quantity < l.quantity);
    if (order.status === 'pending_payment') {
      await moveOrder(trx, order, 'cancelled', now, { cancelled_at: now, cancel_reason: reason });
      await releaseStock(trx, order.resident_id, lines);
      await closePendingPayments(trx, now, id);
      await emit(trx, ctx.clock, {
        type: 'order.cancelled',
        operatorId,
        aggregateId: id,
        payload: { orderId: id, reason, refundedFen: 0 },
      });
      await tellResident(trx, now, order, '订单已取消', `团购活动已取消（${reason}），您的订单 ${order.order_no} 已取消。`);
      continue;
    }
    if (order.status !== 'paid' || hit.length === 0) continue;
    await releaseStock(
      trx,
      order.resident_id,
      hit.map((l) => ({ campaign_line_id: l.campaign_line_id, quantity: l.quantity - l.refunded_quantity })),
    );
    const refundFen = hit.reduce((s, l) => s + l.amount_fen - l.refunded_fen, 0);
    await refundOrderLines(ctx, trx, {
      operatorId,
      orderId: id,
      lines: hit.map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refunded_quantity })),
      kind: 'campaign_cancelled',
      blame: 'operator',
      reason: `campaign cancelled: ${reason}`,
      sourceId: `${campaignId}:${id}`,
      tell: {
        title: '团购取消退款',
        body: `团购活动已取消（${reason}），订单 ${order.order_no} 退款 ¥${formatYuan(refundFen)} 将原路退回。`,
      },
    });
  }
}

/**
 * When a campaign's cutoff is brought forward, every resident who still has an unpaid order with
 * a line in it is told once (naming those orders), so they can pay before it closes. Runs in the
 * delivery transaction of `campaign.cutoff_moved`, so it happens once.
 */
async function tellUnpaidOfEarlierCutoff(
  trx: Tx,
  now: Date,
  campaign: { operatorId: string; campaignId: string; title: string; cutoffAt: Date },
): Promise<void> {
  const unpaid = await trx
    .selectFrom('orders')
    .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
    .select(['orders.resident_id', 'orders.order_no'])
    .distinct()
    .where('orders.operator_id', '=', campaign.operatorId)
    .where('order_lines.campaign_id', '=', campaign.campaignId)
    .where('orders.status', '=', 'pending_payment')
    .orderBy('orders.resident_id')
    .orderBy('orders.order_no')
    .execute();
  if (unpaid.length === 0) return;
  const cutoffLabel = localDateTime(campaign.cutoffAt, await operatorTimeZone(trx, campaign.operatorId));
  const byResident = new Map<string, string[]>();
  for (const o of unpaid) byResident.set(o.resident_id, [...(byResident.get(o.resident_id) ?? []), o.order_no]);
  for (const [residentId, orderNos] of byResident) {
    await tellResident(
      trx,
      now,
      { operator_id: campaign.operatorId, resident_id: residentId },
      '截单时间提前',
      `团购「${campaign.title}」的截单时间提前到 ${cutoffLabel}，您的订单 ${orderNos.join('、')} 尚未支付，请尽快完成支付。`,
    );
  }
}

/** A notification to the order's resident, in the caller's transaction. */
export async function tellResident(
  trx: Tx,
  now: Date,
  order: { operator_id: string; resident_id: string },
  title: string,
  body: string,
): Promise<void> {
  await notify(trx, now, order.operator_id, [{ recipientKind: 'resident', recipientId: order.resident_id, title, body }]);
}

/**
 * Registers the expiry sweep and the subscribers to campaigns: a cancelled campaign's orders are
 * given back, and an earlier cutoff is told to residents who have not paid yet.
 */
export function setupOrdering(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'order-expiry', run: () => expireUnpaidOrders(ctx) });
  // Money going back reaches the resident by WeChat or SMS too; the app's inbox was told by whoever refunded.
  // A refund of the whole order also gives its discounts back (promotions).
  ctx.events.subscribe('order.refunded', async (trx, event) => {
    const { orderId, refundId, amountFen } = event.payload;
    const order = (await ordersByIds(trx, event.operatorId, [orderId])).get(orderId);
    if (!order) return;
    // Refunded whole: its coupon and promotion uses go back (a partial refund keeps them used).
    if (order.refunded_fen >= order.total_fen) await returnOrderDiscounts(trx, ctx.clock, event.operatorId, orderId);
    const queued = await queueNotices(trx, ctx.clock.now(), event.operatorId, [
      {
        residentId: order.resident_id,
        kind: 'refund_notice',
        params: { amount: formatYuan(amountFen) },
        subjects: [refundId],
        orderIds: [orderId],
        inApp: false,
      },
    ]);
    if (queued) ctx.jobs.kick();
  });
  ctx.events.subscribe('campaign.cancelled', async (trx, event) => {
    const { campaignId, reason } = event.payload;
    await refundCancelledCampaign(ctx, trx, event.operatorId, campaignId, reason || '活动取消');
  });
  ctx.events.subscribe('campaign.cutoff_moved', async (trx, event) => {
    const { campaignId, title, cutoffAt, direction } = event.payload;
    // No title: written before this subscriber existed, when the edit itself told the residents.
    if (direction !== 'earlier' || title === undefined) return;
    await tellUnpaidOfEarlierCutoff(trx, ctx.clock.now(), {
      operatorId: event.operatorId,
      campaignId,
      title,
      cutoffAt: new Date(cutoffAt),
    });
  });
}
