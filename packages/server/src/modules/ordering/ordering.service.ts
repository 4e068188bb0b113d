import { createHash } from 'node:crypto';
import type { shop } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { MINUTE } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId, randomDigits } from '../../platform/ids.ts';
import type { Principal } from '../identity/identity.service.ts';
import { closePendingPayments, requestRefund } from '../payment/payment.service.ts';
import { assertTransition, checkOrderable, mayCancelPaid, mergeLines, type OrderableLine } from './ordering.rules.ts';
import { getOrder, type OrderView } from './ordering.queries.ts';
import { releaseStock } from './stock.repository.ts';
import { type LineDetails, loadOrderContext } from './order-context.ts';

type PlaceOrderInput = z.infer<typeof shop.PlaceOrder>;

/**
 * Places an order for a resident: checks the lines, reserves stock and per-resident limits
 * atomically, gives the order a number and a pickup code unique at its pickup point and date.
 * With an idempotency key, a retried submission returns the first order instead of a second one.
 */
export async function placeOrder(
  ctx: AppContext,
  resident: Principal,
  input: PlaceOrderInput,
  idempotencyKey?: string,
): Promise<OrderView & { openPaymentId?: string }> {
  const now = ctx.clock.now();
  const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  const requested = mergeLines(input.lines);
  const { point, lines } = await loadOrderContext(
    ctx,
    resident,
    input.pickupPointId,
    requested.map((r) => r.campaignLineId),
  );
  const pickupDate = checkOrderable(now, requested, lines);

  const orderId = newId('ord');
  const paymentId = newId('pay');
  const orderLines = requested.map((r) => {
    const line = lines.get(r.campaignLineId) as OrderableLine & LineDetails;
    return {
      id: newId('orl'),
      operator_id: resident.operatorId,
      order_id: orderId,
      campaign_id: line.campaignId,
      campaign_line_id: line.id,
      sku_id: line.skuId,
      title: line.title,
      unit_price_fen: line.groupPriceFen,
      quantity: r.quantity,
      amount_fen: line.groupPriceFen * r.quantity,
    };
  });
  const totalFen = orderLines.reduce((sum, l) => sum + l.amount_fen, 0);
  const expiresAt = new Date(now.getTime() + ctx.config.paymentTimeoutMinutes * MINUTE);

  const codes = Array.from({ length: PICKUP_CODE_CANDIDATES }, () => randomDigits(6));
  const limitOf = (lineId: string) => (lines.get(lineId) as OrderableLine).perResidentLimit;
  try {
    const result = await sql<{ placed_order_no: string; placed_pickup_code: string }>`
      select * from linli_place_order(
        ${orderId}, ${resident.operatorId}, ${resident.id}, ${point.id}, ${point.leaderId},
        ${pickupDate}::date, ${totalFen}, ${expiresAt}::timestamptz, ${now}::timestamptz,
        ${paymentId}, ${ctx.payments.name}, ${idempotencyKey ?? null}::text, ${requestHash}, ${codes}::text[],
        ${orderLines.map((l) => l.id)}::text[], ${orderLines.map((l) => l.campaign_id)}::text[],
        ${orderLines.map((l) => l.campaign_line_id)}::text[], ${orderLines.map((l) => l.sku_id)}::text[],
        ${orderLines.map((l) => l.title)}::text[], ${orderLines.map((l) => l.unit_price_fen)}::bigint[],
        ${orderLines.map((l) => l.quantity)}::int[], ${orderLines.map((l) => l.amount_fen)}::bigint[],
        ${orderLines.map((l) => limitOf(l.campaign_line_id))}::int[],
        ${JSON.stringify({ orderId, residentId: resident.id, pickupPointId: point.id, pickupDate, totalFen })}::jsonb
      )`.execute(ctx.db);
    const placed = result.rows[0] as { placed_order_no: string; placed_pickup_code: string };
    ctx.events.kick();
    return {
      id: orderId,
      operator_id: resident.operatorId,
      order_no: placed.placed_order_no,
      resident_id: resident.id,
      pickup_point_id: point.id,
      leader_id: point.leaderId,
      pickup_date: pickupDate,
      status: 'pending_payment',
      pickup_code: placed.placed_pickup_code,
      total_fen: totalFen,
      refunded_fen: 0,
      expires_at: expiresAt,
      created_at: now,
      paid_at: null,
      cancelled_at: null,
      cancel_reason: null,
      lines: orderLines.map((l) => ({ ...l, refunded_quantity: 0, refunded_fen: 0 })),
      cancellableUntil: expiresAt,
      openPaymentId: paymentId,
    };
  } catch (err) {
    const failure = placeFailure(err);
    if (!failure) throw err;
    if (failure.kind === 'DUPLICATE' && idempotencyKey) {
      // A submission with the same key committed first: answer with its order.
      const earlier = await findByIdempotencyKey(ctx, resident, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    if (failure.kind === 'LIMIT_EXCEEDED') {
      const limit = failure.lineId ? limitOf(failure.lineId) : null;
      throw new AppError('LIMIT_EXCEEDED', `at most ${limit} per resident`, { campaignLineId: failure.lineId, limit });
    }
    if (failure.kind === 'NOT_RESERVED' && failure.lineId) return explainReservation(ctx, failure.lineId, now);
    if (failure.kind === 'NO_PICKUP_CODE') throw new AppError('CONFLICT', 'could not allocate a pickup code; try again');
    throw err;
  }
}

const PICKUP_CODE_CANDIDATES = 8;

/** Reads the 'LINLI:<KIND>[:<line id>]' exceptions linli_place_order raises. */
function placeFailure(err: unknown): { kind: string; lineId: string | undefined } | undefined {
  const message = err instanceof Error ? err.message : '';
  const match = /^LINLI:([A-Z_]+)(?::(\S+))?/.exec(message);
  return match ? { kind: match[1] as string, lineId: match[2] } : undefined;
}

async function findByIdempotencyKey(
  ctx: AppContext,
  resident: Principal,
  key: string,
  requestHash: string,
): Promise<OrderView | undefined> {
  const row = await ctx.db
    .selectFrom('idempotency_keys')
    .select(['order_id', 'request_hash'])
    .where('operator_id', '=', resident.operatorId)
    .where('principal_id', '=', resident.id)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different order', { orderId: row.order_id });
  }
  return getOrder(ctx.db, resident.operatorId, row.order_id);
}

/** Why a reservation failed: the campaign closed meanwhile, or not enough stock was left. */
async function explainReservation(ctx: AppContext, lineId: string, now: Date): Promise<never> {
  const state = await ctx.db
    .selectFrom('campaign_lines as cl')
    .innerJoin('campaigns as c', 'c.id', 'cl.campaign_id')
    .select(['cl.stock_total', 'cl.reserved', 'c.status', 'c.cutoff_at', 'c.id as campaign_id'])
    .where('cl.id', '=', lineId)
    .executeTakeFirst();
  if (state && (state.status !== 'open' || state.cutoff_at.getTime() <= now.getTime())) {
    throw new AppError('CAMPAIGN_CLOSED', 'the campaign is no longer open', { campaignId: state.campaign_id });
  }
  const left = !state || state.stock_total === null ? null : state.stock_total - state.reserved;
  throw new AppError('SOLD_OUT', 'not enough stock left', { campaignLineId: lineId, stockLeft: left });
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
      assertTransition(order.status, 'cancelled');
      await releaseStock(trx, order.resident_id, lines);
      await trx
        .updateTable('orders')
        .set({ status: 'cancelled', cancelled_at: now, cancel_reason: why, updated_at: now })
        .where('id', '=', orderId)
        .execute();
      await emit(trx, ctx.clock, {
        type: 'order.cancelled',
        operatorId: order.operator_id,
        aggregateId: orderId,
        payload: { orderId, reason: why, refundedFen: 0 },
      });
      return closePendingPayments(trx, now, orderId);
    }
    if (order.status !== 'paid') throw new AppError('ORDER_NOT_CANCELLABLE', `an order that is ${order.status} cannot be cancelled`);
    const campaigns = await trx
      .selectFrom('campaigns')
      .select(['status', 'cutoff_at'])
      .where('id', 'in', [...new Set(lines.map((l) => l.campaign_id))])
      .execute();
    if (
      !mayCancelPaid(
        now,
        campaigns.map((c) => ({ status: c.status, cutoffAt: c.cutoff_at })),
      )
    ) {
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
    await trx
      .updateTable('orders')
      .set({ status: 'refunded', cancelled_at: now, cancel_reason: why, updated_at: now })
      .where('id', '=', orderId)
      .execute();
    await emit(trx, ctx.clock, {
      type: 'order.cancelled',
      operatorId: order.operator_id,
      aggregateId: orderId,
      payload: { orderId, reason: why, refundedFen: refundFen },
    });
    return [];
  });
  for (const paymentId of closedPayments) await ctx.payments.close(paymentId);
  // The refund goes to the provider from the background (refund.sender.ts), not in this request.
  ctx.jobs.kick();
  ctx.events.kick();
  return getOrder(ctx.db, resident.operatorId, orderId);
}
