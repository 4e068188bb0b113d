import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ProviderNotice, ReceivedNotification, VerifiedRefundNotification } from './payment.provider.ts';
import { paymentsOf } from './payment.registry.ts';
import type { OrderPaidStep } from './payment.capture.ts';
import { applyNotification } from './payment.service.ts';

/** How long a notification's nonce is kept: past the provider's five-minute window, with room for clock skew. */
export const NONCE_KEEP_MS = 15 * 60_000;

/**
 * A notification from the provider's servers, as received: checked (signature, freshness), then
 * refused if its signed nonce was seen before (a replay), then applied — a payment captures and
 * pays its order, a refund settles. A refused notification changes nothing. `operatorId`: the
 * operator whose own notification address it came to; it is verified with that operator's keys and
 * applies only to that operator's payments and refunds.
 */
export async function receiveNotification(
  ctx: AppContext,
  received: ReceivedNotification,
  markPaid: OrderPaidStep,
  operatorId?: string,
): Promise<{ changed: boolean }> {
  const provider = operatorId === undefined ? ctx.payments : await paymentsOf(ctx, operatorId);
  const { notice, nonce } = provider.verifyNotification(received);
  if (operatorId !== undefined) await assertOperatorOwns(ctx, operatorId, notice);
  if (nonce !== null) await rememberNonce(ctx, nonce);
  try {
    if (notice.kind === 'refund') return await applyRefundNotification(ctx, notice);
    return await applyNotification(ctx, notice, markPaid);
  } catch (err) {
    // Not applied: the provider will send it again, and that must not count as a replay.
    if (nonce !== null) await forgetNonce(ctx, nonce);
    throw err;
  }
}

/** A verified notice names a payment or refund of the operator whose address it came to; anything else is not found. */
async function assertOperatorOwns(ctx: AppContext, operatorId: string, notice: ProviderNotice): Promise<void> {
  const owned =
    notice.kind === 'refund'
      ? await ctx.db
          .selectFrom('refunds')
          .select('id')
          .where('id', '=', notice.refundId)
          .where('operator_id', '=', operatorId)
          .executeTakeFirst()
      : await ctx.db
          .selectFrom('payments')
          .select('id')
          .where('id', '=', notice.paymentId)
          .where('operator_id', '=', operatorId)
          .executeTakeFirst();
  if (!owned) throw new AppError('NOT_FOUND', `${notice.kind} not found`);
}

async function rememberNonce(ctx: AppContext, nonce: string): Promise<void> {
  const inserted = await ctx.db
    .insertInto('payment_notice_nonces')
    .values({ provider: ctx.payments.name, nonce, received_at: ctx.clock.now() })
    .onConflict((oc) => oc.doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!inserted) throw new AppError('PAYMENT_NOTICE_REPLAYED', 'this signed notification was received before');
}

async function forgetNonce(ctx: AppContext, nonce: string): Promise<void> {
  await ctx.db.deleteFrom('payment_notice_nonces').where('provider', '=', ctx.payments.name).where('nonce', '=', nonce).execute();
}

/** Drops nonces older than any notification the provider's window still accepts. */
export async function sweepNoticeNonces(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - NONCE_KEEP_MS);
  const deleted = await ctx.db.deleteFrom('payment_notice_nonces').where('received_at', '<', before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/**
 * Settles a pending refund from the provider's refund notification, once: a duplicate changes
 * nothing; an amount other than the refund's is refused.
 */
export async function applyRefundNotification(ctx: AppContext, n: VerifiedRefundNotification): Promise<{ changed: boolean }> {
  const now = ctx.clock.now();
  const settled = await sql<{ id: string }>`
    update refunds set status = ${n.status}, provider_ref = ${n.providerRef},
      succeeded_at = ${n.status === 'succeeded' ? now : null}, next_attempt_at = null,
      last_error = ${n.status === 'failed' ? (n.reason ?? 'the provider reports the refund failed') : null}
    where id = ${n.refundId} and status = 'pending' and amount_fen = ${n.amountFen}
    returning id
  `.execute(ctx.db);
  if (settled.rows.length > 0) return { changed: true };
  const refund = await ctx.db.selectFrom('refunds').select(['amount_fen']).where('id', '=', n.refundId).executeTakeFirst();
  if (!refund) throw new AppError('NOT_FOUND', 'refund not found');
  if (refund.amount_fen !== n.amountFen) {
    throw new AppError('PAYMENT_AMOUNT_MISMATCH', 'the notified refund amount differs from the refund', {
      expected: refund.amount_fen,
      got: n.amountFen,
    });
  }
  return { changed: false };
}
