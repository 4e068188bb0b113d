import type { AppContext } from '../../context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Principal } from '../identity/identity.service.ts';
import type { DevPaymentProvider, VerifiedNotification } from './payment.provider.ts';

export interface PaymentIntentView {
  paymentId: string;
  orderId: string;
  provider: string;
  amountFen: number;
  status: 'pending' | 'succeeded' | 'closed';
  orderStatus: string;
  clientPayload: Record<string, unknown>;
}

/**
 * Starts paying an unpaid order: reuses its open payment or creates one, then asks the provider
 * for what the client needs. With the dev provider, `instant` pays at once.
 */
export async function startPayment(
  ctx: AppContext,
  resident: Principal,
  orderId: string,
  mode: 'notify' | 'instant',
): Promise<PaymentIntentView> {
  const now = ctx.clock.now();
  const payment = await ctx.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'status', 'total_fen', 'expires_at', 'order_no'])
      .where('id', '=', orderId)
      .where('operator_id', '=', resident.operatorId)
      .where('resident_id', '=', resident.id)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw new AppError('NOT_FOUND', 'order not found');
    if (order.status !== 'pending_payment' || order.expires_at.getTime() <= now.getTime()) {
      throw new AppError(
        'ORDER_NOT_PAYABLE',
        order.status === 'pending_payment' ? 'the order has expired' : `the order is ${order.status}`,
        { status: order.status },
      );
    }
    const open = await trx
      .selectFrom('payments')
      .select(['id', 'amount_fen'])
      .where('order_id', '=', orderId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (open) return { id: open.id, amountFen: open.amount_fen, orderNo: order.order_no };
    const id = newId('pay');
    await trx
      .insertInto('payments')
      .values({
        id,
        operator_id: resident.operatorId,
        order_id: orderId,
        provider: ctx.payments.name,
        provider_ref: null,
        amount_fen: order.total_fen,
        status: 'pending',
        created_at: now,
      })
      .execute();
    return { id, amountFen: order.total_fen, orderNo: order.order_no };
  });
  const prepared = await ctx.payments.createPayment({
    paymentId: payment.id,
    amountFen: payment.amountFen,
    description: `linli order ${payment.orderNo}`,
  });
  if (mode === 'instant') {
    if (ctx.payments.name !== 'dev') throw new AppError('VALIDATION_FAILED', 'instant payment exists only with the dev provider');
    await applyNotification(ctx, (ctx.payments as DevPaymentProvider).payNow(payment.id, payment.amountFen));
  }
  const state = await ctx.db
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .select(['payments.status', 'orders.status as order_status'])
    .where('payments.id', '=', payment.id)
    .executeTakeFirstOrThrow();
  return {
    paymentId: payment.id,
    orderId,
    provider: ctx.payments.name,
    amountFen: payment.amountFen,
    status: state.status,
    orderStatus: state.order_status,
    clientPayload: mode === 'instant' ? {} : prepared.clientPayload,
  };
}

/**
 * Applies a verified provider notification exactly once: a duplicate changes nothing, a "closed"
 * after a success changes nothing, and money captured for an order that can no longer be paid
 * (expired, cancelled, or paid twice) is refunded rather than kept or lost.
 */
export async function applyNotification(ctx: AppContext, n: VerifiedNotification): Promise<{ changed: boolean }> {
  const now = ctx.clock.now();
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const payment = await trx.selectFrom('payments').selectAll().where('id', '=', n.paymentId).forUpdate().executeTakeFirst();
    if (!payment) throw new AppError('NOT_FOUND', 'payment not found');
    if (n.status === 'closed') {
      if (payment.status !== 'pending') return false;
      await trx.updateTable('payments').set({ status: 'closed', closed_at: now }).where('id', '=', payment.id).execute();
      return true;
    }
    if (n.amountFen !== payment.amount_fen) {
      throw new AppError('PAYMENT_AMOUNT_MISMATCH', 'the notified amount differs from the payment', {
        expected: payment.amount_fen,
        got: n.amountFen,
      });
    }
    if (payment.status === 'succeeded') return false;
    await trx.updateTable('payments').set({ status: 'succeeded', succeeded_at: now }).where('id', '=', payment.id).execute();
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'status', 'operator_id', 'resident_id', 'total_fen'])
      .where('id', '=', payment.order_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await emit(trx, ctx.clock, {
      type: 'payment.captured',
      operatorId: order.operator_id,
      aggregateId: payment.id,
      payload: { paymentId: payment.id, orderId: order.id, amountFen: payment.amount_fen },
    });
    if (order.status === 'pending_payment') {
      await trx.updateTable('orders').set({ status: 'paid', paid_at: now, updated_at: now }).where('id', '=', order.id).execute();
      await emit(trx, ctx.clock, {
        type: 'order.paid',
        operatorId: order.operator_id,
        aggregateId: order.id,
        payload: { orderId: order.id, paymentId: payment.id, amountFen: payment.amount_fen },
      });
    } else {
      await insertRefund(trx, now, {
        operatorId: order.operator_id,
        orderId: order.id,
        paymentId: payment.id,
        amountFen: payment.amount_fen,
        reason: `payment arrived for an order that is ${order.status}`,
      });
    }
    return true;
  });
  if (changed) {
    await processPendingRefunds(ctx);
    ctx.events.kick();
  }
  return { changed };
}

/**
 * Records a refund of `amountFen` of an order's captured money and adds it to the order's refunded
 * total, in the caller's transaction; the provider is asked after commit (processPendingRefunds),
 * and again by the sweep until it succeeds.
 */
export async function requestRefund(
  trx: Tx,
  clock: Clock,
  r: { operatorId: string; orderId: string; amountFen: number; reason: string },
): Promise<string> {
  if (r.amountFen <= 0) throw new AppError('VALIDATION_FAILED', 'a refund must be positive');
  const payment = await trx
    .selectFrom('payments')
    .select(['id'])
    .where('order_id', '=', r.orderId)
    .where('status', '=', 'succeeded')
    .orderBy('succeeded_at')
    .executeTakeFirst();
  if (!payment) throw new AppError('INVALID_STATE', 'the order has no captured payment to refund');
  const now = clock.now();
  await trx
    .updateTable('orders')
    .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', r.amountFen), updated_at: now }))
    .where('id', '=', r.orderId)
    .execute();
  const id = await insertRefund(trx, now, { ...r, paymentId: payment.id });
  await emit(trx, clock, {
    type: 'order.refunded',
    operatorId: r.operatorId,
    aggregateId: r.orderId,
    payload: { orderId: r.orderId, refundId: id, amountFen: r.amountFen, reason: r.reason },
  });
  return id;
}

async function insertRefund(
  trx: Tx,
  now: Date,
  r: { operatorId: string; orderId: string; paymentId: string; amountFen: number; reason: string },
): Promise<string> {
  const id = newId('rfd');
  await trx
    .insertInto('refunds')
    .values({
      id,
      operator_id: r.operatorId,
      order_id: r.orderId,
      payment_id: r.paymentId,
      amount_fen: r.amountFen,
      reason: r.reason,
      status: 'pending',
      provider_ref: null,
      created_at: now,
      succeeded_at: null,
    })
    .execute();
  return id;
}

/** Closes an order's unpaid payments (cancel, expiry); returns their ids to close at the provider after commit. */
export async function closePendingPayments(trx: Tx, now: Date, orderId: string): Promise<string[]> {
  const rows = await trx
    .updateTable('payments')
    .set({ status: 'closed', closed_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Sends pending refunds to the provider; a failure leaves the refund pending for the next sweep. */
export async function processPendingRefunds(ctx: AppContext): Promise<number> {
  const pending = await ctx.db
    .selectFrom('refunds')
    .select(['id', 'payment_id', 'amount_fen'])
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(100)
    .execute();
  let done = 0;
  for (const r of pending) {
    try {
      const result = await ctx.payments.refund({ refundId: r.id, paymentId: r.payment_id, amountFen: r.amount_fen });
      if (result.status === 'pending') continue;
      await ctx.db
        .updateTable('refunds')
        .set({
          status: result.status,
          provider_ref: result.providerRef,
          succeeded_at: result.status === 'succeeded' ? ctx.clock.now() : null,
        })
        .where('id', '=', r.id)
        .where('status', '=', 'pending')
        .execute();
      done++;
    } catch (err) {
      ctx.log.warn({ err, refundId: r.id }, 'refund not accepted by the provider yet; will retry');
    }
  }
  return done;
}
