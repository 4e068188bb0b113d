import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { SWEEP_CLAIM_MS, sweepBackoffMs } from '../../platform/jobs.ts';
import { paymentsOf } from './payment.registry.ts';

const BATCH = 50;

/**
 * Sends pending refunds to the payment provider, from the background (the job runner's sweep,
 * kicked after a refund is recorded), never inside a resident's request. Each refund is claimed
 * first, in one statement (FOR UPDATE SKIP LOCKED, then `next_attempt_at` moved past the claim),
 * so any number of processes running this at once ask the provider once per refund; the refund's
 * id is the provider's idempotency key (out_refund_no), so the retry after a crash or a lost
 * answer cannot refund twice. An answer of "pending" or an error leaves it pending, asked again
 * after a growing wait.
 */
export async function sendPendingRefunds(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const claimedUntil = new Date(now.getTime() + SWEEP_CLAIM_MS);
  const claimed = await sql<{
    id: string;
    operator_id: string;
    payment_id: string;
    amount_fen: number;
    attempts: number;
    reason: string;
    payment_fen: number;
  }>`
    update refunds r set attempts = attempts + 1, next_attempt_at = ${claimedUntil}
    from payments p
    where r.id in (
      select id from refunds
      where status = 'pending' and (next_attempt_at is null or next_attempt_at <= ${now})
      order by created_at
      limit ${BATCH}
      for update skip locked
    )
    and r.status = 'pending' and (r.next_attempt_at is null or r.next_attempt_at <= ${now})
    and p.id = r.payment_id
    returning r.id, r.operator_id, r.payment_id, r.amount_fen, r.attempts, r.reason, p.amount_fen as payment_fen
  `.execute(ctx.db);
  let settled = 0;
  for (const r of claimed.rows) {
    try {
      const provider = await paymentsOf(ctx, r.operator_id);
      const result = await provider.refund({
        refundId: r.id,
        paymentId: r.payment_id,
        amountFen: r.amount_fen,
        paymentAmountFen: r.payment_fen,
        reason: r.reason,
      });
      if (result.status === 'pending') {
        await retryLater(ctx, r.id, r.attempts, null);
        continue;
      }
      await ctx.db
        .updateTable('refunds')
        .set({
          status: result.status,
          provider_ref: result.providerRef,
          succeeded_at: result.status === 'succeeded' ? ctx.clock.now() : null,
          next_attempt_at: null,
          last_error: null,
        })
        .where('id', '=', r.id)
        .where('status', '=', 'pending')
        .execute();
      settled++;
    } catch (err) {
      ctx.log.warn({ err, refundId: r.id, attempts: r.attempts }, 'refund not accepted by the provider yet; will retry');
      await retryLater(ctx, r.id, r.attempts, err instanceof Error ? err.message : String(err));
    }
  }
  return settled;
}

async function retryLater(ctx: AppContext, id: string, attempts: number, error: string | null): Promise<void> {
  await ctx.db
    .updateTable('refunds')
    .set({ next_attempt_at: new Date(ctx.clock.now().getTime() + sweepBackoffMs(attempts)), last_error: error })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
