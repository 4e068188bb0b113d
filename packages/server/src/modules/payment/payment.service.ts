import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { Blame, RefundKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { DevPaymentProvider, Payer, PayChannel, VerifiedNotification } from './payment.provider.ts';
import { capturing, type OrderPaidStep } from './payment.capture.ts';
import { canTakePayments, paymentsOf } from './payment.registry.ts';

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
 * The order being paid, given by ordering (the owner of orders) as SQL for payment's statements:
 * `locked` selects it (id, operator_id, status, total_fen, expires_at, order_no) if it is the
 * payer's, locked against a concurrent change, and `status` selects its state (a scalar).
 */
export interface OrderToPay {
  orderId: string;
  /** The payer's operator, whose payment provider takes the money. */
  operatorId: string;
  locked: RawBuilder<{ id: string; operator_id: string; status: string; total_fen: number; expires_at: Date; order_no: string }>;
  status: RawBuilder<string>;
}

/**
 * The payer's channel, checked against the provider's: the provider's default when none is named;
 * `openid`: the payer's openid under the merchant's app id (JSAPI), looked up by the server.
 */
export function payerOf(ctx: AppContext, ip: string, channel?: PayChannel, openid?: string): Payer {
  const chosen = channel ?? ctx.payments.channels[0] ?? 'dev';
  if (!ctx.payments.channels.includes(chosen)) {
    throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', `the ${ctx.payments.name} provider does not take '${chosen}' payments`, {
      channels: [...ctx.payments.channels],
    });
  }
  return openid ? { channel: chosen, ip, openid } : { channel: chosen, ip };
}

/**
 * Starts paying an unpaid order: reuses its open payment or creates one, then asks the provider
 * for what the client needs (`payer` null: not yet, the client names its channel later). With the
 * dev provider in development, `instant` pays at once.
 */
export async function startPayment(
  ctx: AppContext,
  order: OrderToPay,
  mode: 'notify' | 'instant',
  markPaid: OrderPaidStep,
  payer: Payer | null,
): Promise<PaymentIntentView> {
  // Paying without money is for a developer's machine: an installation on the internet refuses it.
  if (mode === 'instant' && (ctx.config.env !== 'development' || ctx.payments.name !== 'dev')) {
    throw new AppError(
      'INSTANT_PAYMENT_UNAVAILABLE',
      "instant payment exists only with the dev provider in development; use mode 'notify'",
    );
  }
  // The operator's provider, before anything is written: one that cannot take money refuses here.
  const provider = payer ? await paymentsOf(ctx, order.operatorId) : ctx.payments;
  if (!canTakePayments(provider)) {
    throw new AppError('WECHATPAY_NOT_CONFIGURED', 'WeChat Pay has no credentials for this operator, and the installation has none either');
  }
  const now = ctx.clock.now();
  const newPaymentId = newId('pay');
  // One statement: lock the order, reuse its open payment or create one if it is still payable.
  const result = await sql<{ status: string; expires_at: Date; order_no: string; total_fen: number; payment_id: string | null }>`
    with o as (${order.locked}), existing as (
      select p.id from payments p join o on p.order_id = o.id where p.status = 'pending' limit 1
    ), created as (
      insert into payments (id, operator_id, order_id, provider, amount_fen, status, created_at)
      select ${newPaymentId}, o.operator_id, o.id, ${ctx.payments.name}, o.total_fen, 'pending', ${now} from o
      where o.status = 'pending_payment' and o.expires_at > ${now} and not exists (select 1 from existing)
      returning id
    )
    select o.status, o.expires_at, o.order_no, o.total_fen, coalesce((select id from existing), (select id from created)) as payment_id
    from o
  `.execute(ctx.db);
  const row = result.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'order not found');
  if (row.status !== 'pending_payment' || row.expires_at.getTime() <= now.getTime() || !row.payment_id) {
    throw new AppError('ORDER_NOT_PAYABLE', row.status === 'pending_payment' ? 'the order has expired' : `the order is ${row.status}`, {
      status: row.status,
    });
  }
  const paymentId = row.payment_id;
  const prepared = payer
    ? await provider.createPayment({
        paymentId,
        amountFen: row.total_fen,
        description: `linli order ${row.order_no}`,
        expiresAt: row.expires_at,
        payer,
      })
    : { clientPayload: {} };
  const intent: PaymentIntentView = {
    paymentId,
    orderId: order.orderId,
    provider: ctx.payments.name,
    amountFen: row.total_fen,
    status: 'pending',
    orderStatus: 'pending_payment',
    clientPayload: prepared.clientPayload,
  };
  if (mode === 'notify') return intent;
  await applyNotification(ctx, (ctx.payments as DevPaymentProvider).payNow(paymentId, row.total_fen), markPaid);
  const state = await ctx.db
    .selectFrom('payments')
    .select(['status', sql<string>`(${order.status})`.as('order_status')])
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  return { ...intent, status: state.status, orderStatus: state.order_status, clientPayload: {} };
}

/**
 * The payment intent of an order just placed (its payment row was written with it): only the
 * provider is asked for what the client needs, when it prepares payments at checkout; otherwise
 * the client's pay step names its channel and gets what it pays with then.
 */
export async function intentForNewOrder(
  ctx: AppContext,
  order: { id: string; order_no: string; total_fen: number; expires_at: Date },
  paymentId: string,
  ip: string,
): Promise<PaymentIntentView> {
  const prepared = ctx.payments.preparesAtCheckout
    ? await ctx.payments.createPayment({
        paymentId,
        amountFen: order.total_fen,
        description: `linli order ${order.order_no}`,
        expiresAt: order.expires_at,
        payer: payerOf(ctx, ip),
      })
    : { clientPayload: {} };
  return {
    paymentId,
    orderId: order.id,
    provider: ctx.payments.name,
    amountFen: order.total_fen,
    status: 'pending',
    orderStatus: 'pending_payment',
    clientPayload: prepared.clientPayload,
  };
}

/**
 * Applies a verified provider notification exactly once: a duplicate changes nothing, a "closed"
 * after a success changes nothing, and money captured for an order that can no longer be paid
 * (expired, cancelled, or paid twice) is refunded rather than kept or lost. A success is one
 * statement: capture the payment, mark the order paid (or record the refund), write the events.
 * It updates the order before the payment (the order every other writer of both keeps: cancel,
 * expiry, refunds lock the order first); the other way round, a cancel racing its own
 * notification deadlocked. A duplicate notification waits on the order row, then finds it paid.
 * Successes that arrive together are applied together (group commit, capturing below).
 */
export async function applyNotification(ctx: AppContext, n: VerifiedNotification, markPaid: OrderPaidStep): Promise<{ changed: boolean }> {
  if (n.status === 'closed') return applyClosed(ctx, n, ctx.clock.now());
  const outcome = await capturing(ctx).write({ paymentId: n.paymentId, amountFen: n.amountFen, markPaid });
  if (!outcome.captured) {
    const payment = await ctx.db.selectFrom('payments').select(['status', 'amount_fen']).where('id', '=', n.paymentId).executeTakeFirst();
    if (!payment) throw new AppError('NOT_FOUND', 'payment not found');
    if (payment.amount_fen !== n.amountFen) {
      throw new AppError('PAYMENT_AMOUNT_MISMATCH', 'the notified amount differs from the payment', {
        expected: payment.amount_fen,
        got: n.amountFen,
      });
    }
    return { changed: false };
  }
  if (outcome.refunded) ctx.jobs.kick();
  ctx.events.kick();
  return { changed: true };
}

async function applyClosed(ctx: AppContext, n: VerifiedNotification, now: Date): Promise<{ changed: boolean }> {
  const closed = await ctx.db
    .updateTable('payments')
    .set({ status: 'closed', closed_at: now })
    .where('id', '=', n.paymentId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (closed) return { changed: true };
  const exists = await ctx.db.selectFrom('payments').select('id').where('id', '=', n.paymentId).executeTakeFirst();
  if (!exists) throw new AppError('NOT_FOUND', 'payment not found');
  return { changed: false };
}

/**
 * Records a refund of `amountFen` of an order's captured money, in the caller's transaction (the
 * caller, ordering, adds it to the order's refunded total); the refund sweep (refund.sender.ts) asks the provider after
 * commit, from the background, until it is settled.
 */
export interface RefundRequest {
  operatorId: string;
  orderId: string;
  amountFen: number;
  reason: string;
  kind: RefundKind;
  blame?: Blame | null;
  /** The document that caused it; one refund per (kind, sourceId). */
  sourceId?: string | null;
  /** The carrier to charge when the blame is a carrier's driver. */
  carrierId?: string | null;
  lines?: ReadonlyArray<{ orderLineId: string; quantity: number; amountFen: number }>;
}

export async function requestRefund(trx: Tx, clock: Clock, r: RefundRequest): Promise<string> {
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
  const id = await insertRefund(trx, now, { ...r, paymentId: payment.id });
  if (r.lines && r.lines.length > 0) {
    await trx
      .insertInto('refund_lines')
      .values(
        r.lines.map((l) => ({
          refund_id: id,
          operator_id: r.operatorId,
          order_line_id: l.orderLineId,
          quantity: l.quantity,
          amount_fen: l.amountFen,
        })),
      )
      .execute();
  }
  await emit(trx, clock, {
    type: 'order.refunded',
    operatorId: r.operatorId,
    aggregateId: r.orderId,
    payload: {
      orderId: r.orderId,
      refundId: id,
      amountFen: r.amountFen,
      reason: r.reason,
      kind: r.kind,
      blame: r.blame ?? null,
      sourceId: r.sourceId ?? null,
      carrierId: r.carrierId ?? null,
      lines: r.lines ?? [],
    },
  });
  return id;
}

async function insertRefund(
  trx: Tx,
  now: Date,
  r: {
    operatorId: string;
    orderId: string;
    paymentId: string;
    amountFen: number;
    reason: string;
    kind: RefundKind;
    blame?: Blame | null;
    sourceId?: string | null;
  },
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
      kind: r.kind,
      blame: r.blame ?? null,
      source_id: r.sourceId ?? null,
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

/**
 * Closes payments at the provider after linli closed them (cancel, expiry). A failure is logged,
 * not raised: the order is already cancelled, and money the provider takes for it after all
 * arrives as a late payment, which is refunded.
 */
export async function closeAtProvider(ctx: AppContext, paymentIds: readonly string[]): Promise<void> {
  if (paymentIds.length === 0) return;
  const rows = await ctx.db.selectFrom('payments').select(['id', 'operator_id']).where('id', 'in', paymentIds).execute();
  for (const { id: paymentId, operator_id } of rows) {
    try {
      await (await paymentsOf(ctx, operator_id)).close(paymentId);
    } catch (err) {
      ctx.log.warn({ err, paymentId }, 'payment not closed at the provider; a late payment for it will be refunded');
    }
  }
}

/**
 * Claims the open payments of the orders `orders` selects (id, expires_at), earliest first, up to
 * `limit`, until `until`: only the sweep that claimed a payment asks the provider about it. One
 * statement; rows another sweep holds are skipped. Returns the claimed payments.
 */
export async function claimOpenPayments(
  db: Executor,
  orders: RawBuilder<{ id: string; expires_at: Date }>,
  now: Date,
  until: Date,
  limit: number,
): Promise<Array<{ id: string; order_id: string; operator_id: string; amount_fen: number }>> {
  const claimed = await sql<{ id: string; order_id: string; operator_id: string; amount_fen: number }>`
    update payments set provider_claimed_until = ${until}
    where id in (
      select p.id from (${orders}) o join payments p on p.order_id = o.id
      where p.status = 'pending' and (p.provider_claimed_until is null or p.provider_claimed_until <= ${now})
      order by o.expires_at
      limit ${limit}
      for update of p skip locked
    )
    and status = 'pending' and (provider_claimed_until is null or provider_claimed_until <= ${now})
    returning id, order_id, operator_id, amount_fen
  `.execute(db);
  return claimed.rows;
}
