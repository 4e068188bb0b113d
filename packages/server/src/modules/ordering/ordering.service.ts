import { createHash } from 'node:crypto';
import type { shop } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { Principal } from '../identity/index.ts';
import { campaignWindows } from '../campaign/index.ts';
import { closeAtProvider, closePendingPayments, intentForNewOrder, type PaymentIntentView, requestRefund } from '../payment/index.ts';
import {
  type Alongside,
  earlierSubmission,
  type OrderToReserve,
  type PlacedOrder,
  reserveOrder,
  reserveOrders,
} from './checkout.reserve.ts';
import { assertTransition, mayCancelPaid } from './ordering.rules.ts';
import { getOrder, type OrderView } from './ordering.queries.ts';
import { releaseStock } from './stock.repository.ts';
import { checkoutContext, rememberResidentPoints } from './order-context.ts';
import { assertPayable, priceCheckout } from './checkout.price.ts';
import { forgetPromotions, type PlayPrice, playPromotion } from '../promotions/index.ts';
import { payOrder } from './order-payment.ts';
import { addRefunded } from './order-changes.ts';
import { moveOrder } from './order-state.ts';

type PlaceOrderInput = z.infer<typeof shop.PlaceOrder>;

/**
 * Places an order for a resident: context → price → reserve, the checkout without its `pay` step
 * (which `checkout` adds). Checks the lines, prices them, and in one database call reserves stock
 * and per-resident limits, numbers the order and gives it a pickup code unique at its pickup point
 * and date. With an idempotency key, a retried submission returns the first order instead of a
 * second one.
 */
export async function placeOrder(
  ctx: AppContext,
  resident: Principal,
  input: PlaceOrderInput,
  idempotencyKey?: string,
  play?: PlayPrice,
  alongside?: Alongside,
): Promise<PlacedOrder> {
  const now = ctx.clock.now();
  const order = await checkoutContext(ctx, resident, input, now);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(play ? { ...input, play } : input))
    .digest('hex');
  // An automatic promotion the database says is spent (budget, limits) is left out and the order priced again.
  const without = new Set<string>();
  // The coupon's promotion as the client names it spares looking the coupon up; if the hold then
  // refuses the coupon, it is looked up after all, so the answer says why (or the order goes through).
  let coupon: Parameters<typeof priceCheckout>[3] =
    input.couponId && input.couponPromotionId ? { id: input.couponId, promotionId: input.couponPromotionId } : (input.couponId ?? null);
  for (;;) {
    let choice: Awaited<ReturnType<typeof priceCheckout>>;
    try {
      choice = await priceCheckout(ctx, resident, order, coupon, now, without, play);
    } catch (err) {
      // Priced as of the promotion the client named, the coupon did not apply: ask its own.
      if (typeof coupon === 'object' && coupon !== null && err instanceof AppError && err.code === 'COUPON_NOT_APPLICABLE') {
        coupon = coupon.id;
        continue;
      }
      // A retried submission whose coupon its first order now holds: the answer is that order.
      if (err instanceof AppError && err.code === 'COUPON_UNAVAILABLE') {
        const earlier = await earlierSubmission(ctx, resident, { idempotencyKey, requestHash, now });
        if (earlier) return earlier;
      }
      throw err;
    }
    const { priced, promotions } = choice;
    assertPayable(priced);
    try {
      return await reserveOrder(ctx, resident, order, priced, { idempotencyKey, requestHash, now }, promotions.hold, alongside);
    } catch (err) {
      if (promotions.couponUnchecked && err instanceof AppError && err.code === 'COUPON_UNAVAILABLE') {
        coupon = input.couponId ?? null;
        continue;
      }
      const promotionId = err instanceof AppError && err.code === 'PROMOTION_UNAVAILABLE' ? String(err.details?.promotionId) : undefined;
      const automatic = promotions.discounts.some((d) => d.promotionId === promotionId && d.couponId === null);
      // A play's price is the play's to give: no repricing without it.
      if (!promotionId || !automatic || play || without.size >= MAX_REPRICING) throw err;
      without.add(promotionId);
      forgetPromotions(resident.operatorId);
    }
  }
}

/** A play's order: one campaign line at the play's price (its promotion names it). */
export interface PlayOrderInput {
  campaignLineId: string;
  quantity: number;
  play: PlayPrice;
}

/**
 * Places a play's order (team buy, flash sale, bargain): its one line at the play's price, the
 * difference from the group price recorded as the play's promotion's discount; no coupon or other
 * promotion applies. The play has checked that the resident may buy at its price; this checks the
 * line, reserves stock and per-resident limits as any checkout does. PROMOTION_UNAVAILABLE when the
 * play's promotion is not active or spent. `alongside` writes the play's own record of the order in
 * the same transaction as the order (a team buy's team order), so neither exists without the other.
 */
export function placePlayOrder(
  ctx: AppContext,
  resident: Principal,
  input: PlayOrderInput,
  idempotencyKey?: string,
  alongside?: Alongside,
): Promise<PlacedOrder> {
  return placeOrder(ctx, resident, playLines(input), idempotencyKey, input.play, alongside);
}

/** One resident's order of a batch of play orders (placePlayOrders). */
export interface PlayOrderEntry {
  resident: Principal;
  idempotencyKey: string;
}

/**
 * Places many residents' orders of one play at once, as placePlayOrder places each: every order
 * checked and priced on its own, then all written in one statement (reserveOrders), so a crowd's
 * winners (a flash sale's) queue once per batch for the line and promotion they all take, not once
 * per order. Resolves to each entry's answer, in order: its order, or the error its checkout gave.
 */
export async function placePlayOrders(
  ctx: AppContext,
  input: PlayOrderInput,
  entries: readonly PlayOrderEntry[],
): Promise<Array<PlacedOrder | Error>> {
  const now = ctx.clock.now();
  const lines = playLines(input);
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ ...lines, play: input.play }))
    .digest('hex');
  // Read once for the whole batch: the play's promotion and where each resident orders to.
  const read = { playPromotion: await playPromotion(ctx.db, input.play.promotionId) };
  const operators = new Set(entries.map((e) => e.resident.operatorId));
  for (const operatorId of operators) {
    const residents = entries.filter((e) => e.resident.operatorId === operatorId).map((e) => e.resident.id);
    await rememberResidentPoints(ctx, operatorId, residents);
  }
  const prepare = async (e: PlayOrderEntry): Promise<OrderToReserve> => {
    const order = await checkoutContext(ctx, e.resident, lines, now);
    const { priced, promotions } = await priceCheckout(ctx, e.resident, order, null, now, undefined, input.play, read);
    assertPayable(priced);
    return {
      resident: e.resident,
      order,
      priced,
      submission: { idempotencyKey: e.idempotencyKey, requestHash, now },
      promotions: promotions.hold,
    };
  };
  const settled = <T>(p: Promise<T>) => p.catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  // The first entry reads the line into checkout's context cache; the others then find it there.
  const first = entries.length > 0 ? [await settled(prepare(entries[0] as PlayOrderEntry))] : [];
  const prepared = [...first, ...(await Promise.all(entries.slice(1).map((e) => settled(prepare(e)))))];
  const ready = prepared.filter((p): p is OrderToReserve => !(p instanceof Error));
  const placed = await reserveOrders(ctx, ready);
  let next = 0;
  return prepared.map((p) => (p instanceof Error ? p : (placed[next++] as PlacedOrder | Error)));
}

/** A play's checkout: its order placed (placePlayOrder) and its payment, as the resident's checkout does. */
export async function checkoutPlay(
  ctx: AppContext,
  resident: Principal,
  input: PlayOrderInput,
  idempotencyKey?: string,
  ip = '127.0.0.1',
): Promise<{ order: OrderView; payment: PaymentIntentView | undefined }> {
  const order = await placePlayOrder(ctx, resident, input, idempotencyKey);
  return { order, payment: await pay(ctx, resident, order, ip) };
}

function playLines(input: PlayOrderInput): PlaceOrderInput {
  return { lines: [{ campaignLineId: input.campaignLineId, quantity: input.quantity }], couponId: null };
}

/** How many spent automatic promotions one checkout leaves out before it gives up. */
const MAX_REPRICING = 3;

/**
 * What an order would cost, without placing it: the confirm screen's quote. The lines priced with
 * the best combination of promotions (or with the coupon named; `couponId: null` for none), every
 * usable coupon and promotion in force with why it is not applied.
 */
export async function quoteOrder(ctx: AppContext, resident: Principal, input: PlaceOrderInput) {
  const now = ctx.clock.now();
  const order = await checkoutContext(ctx, resident, input, now);
  return priceCheckout(ctx, resident, order, input.couponId, now);
}

/**
 * A resident's checkout: context → price → reserve → pay. The order is placed with its payment
 * row (placeOrder); `pay` asks the provider for what the client pays with, so paying needs no
 * further request. A retried submission's earlier order gets its open payment back while it is
 * still payable, and no payment once paid.
 */
export async function checkout(
  ctx: AppContext,
  resident: Principal,
  input: PlaceOrderInput,
  idempotencyKey?: string,
  ip = '127.0.0.1',
): Promise<{ order: OrderView; payment: PaymentIntentView | undefined }> {
  const order = await placeOrder(ctx, resident, input, idempotencyKey);
  return { order, payment: await pay(ctx, resident, order, ip) };
}

/**
 * The `pay` step: the payment intent of the order's open payment, if it can still be paid. The
 * provider is asked only when it prepares payments at checkout (dev); WeChat Pay's prepay waits
 * for the client to name its channel.
 */
async function pay(ctx: AppContext, resident: Principal, order: PlacedOrder, ip: string): Promise<PaymentIntentView | undefined> {
  if (order.openPaymentId) return intentForNewOrder(ctx, order, order.openPaymentId, ip);
  if (order.status === 'pending_payment')
    return payOrder(ctx, resident, order.id, 'notify', ctx.payments.preparesAtCheckout ? { ip } : null);
  return undefined;
}

/**
 * A resident cancels an order: an unpaid one is cancelled; a paid one is refunded in full while
 * every campaign in it is before its cutoff. Stock and per-resident counts are released.
 */
export async function cancelOrder(ctx: AppContext, resident: Principal, orderId: string, reason: string | undefined): Promise<OrderView> {
  const now = ctx.clock.now();
  const closedPayments = await ctx.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .where('operator_id', '=', resident.operatorId)
      .where('resident_id', '=', resident.id)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!order) throw new AppError('NOT_FOUND', 'order not found');
    const lines = await trx
      .selectFrom('order_lines')
      .select(['id', 'campaign_line_id', 'campaign_id', 'quantity', 'refunded_quantity', 'amount_fen', 'refunded_fen'])
      .where('order_id', '=', orderId)
      .execute();
    const why = reason ?? 'cancelled by the resident';
    if (order.status === 'pending_payment') {
      await moveOrder(trx, order, 'cancelled', now, { cancelled_at: now, cancel_reason: why });
      await releaseStock(trx, order.resident_id, lines);
      await emit(trx, ctx.clock, {
        type: 'order.cancelled',
        operatorId: order.operator_id,
        aggregateId: orderId,
        payload: { orderId, reason: why, refundedFen: 0 },
      });
      return closePendingPayments(trx, now, orderId);
    }
    if (order.status !== 'paid') throw new AppError('ORDER_NOT_CANCELLABLE', `an order that is ${order.status} cannot be cancelled`);
    const campaigns = await campaignWindows(
      trx,
      order.operator_id,
      lines.map((l) => l.campaign_id),
    );
    if (!mayCancelPaid(now, [...campaigns.values()])) {
      throw new AppError('ORDER_NOT_CANCELLABLE', 'the cutoff has passed: the goods are being bought for you; claim after-sales instead');
    }
    assertTransition(order.status, 'refunded');
    await releaseStock(
      trx,
      order.resident_id,
      lines.map((l) => ({ campaign_line_id: l.campaign_line_id, quantity: l.quantity - l.refunded_quantity })),
    );
    const refundFen = order.total_fen - order.refunded_fen;
    await trx
      .updateTable('order_lines')
      .set((eb) => ({ refunded_quantity: eb.ref('quantity'), refunded_fen: eb.ref('amount_fen') }))
      .where('order_id', '=', orderId)
      .execute();
    await addRefunded(trx, orderId, refundFen, now);
    await requestRefund(trx, ctx.clock, {
      operatorId: order.operator_id,
      orderId,
      amountFen: refundFen,
      reason: why,
      kind: 'cancel',
      blame: 'none',
      sourceId: orderId,
      lines: lines
        .filter((l) => l.quantity > l.refunded_quantity)
        .map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refunded_quantity, amountFen: l.amount_fen - l.refunded_fen })),
    });
    await moveOrder(trx, order, 'refunded', now, { cancelled_at: now, cancel_reason: why });
    await emit(trx, ctx.clock, {
      type: 'order.cancelled',
      operatorId: order.operator_id,
      aggregateId: orderId,
      payload: { orderId, reason: why, refundedFen: refundFen },
    });
    return [];
  });
  await closeAtProvider(ctx, closedPayments);
  // The refund goes to the provider from the background (refund.sender.ts), not in this request.
  ctx.jobs.kick();
  ctx.events.kick();
  return getOrder(ctx.db, resident.operatorId, orderId);
}
