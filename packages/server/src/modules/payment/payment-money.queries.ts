import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/** A span of time, start included and end excluded: instants, or SQL computing them (a business day's bounds). */
export interface TimeSpan {
  start: Date | Expression<Date>;
  end: Date | Expression<Date>;
}

/**
 * The refunds of `payments` that came too late for their orders (`payment_id`, `id`, `amount_fen`,
 * `created_at`): a SQL fragment for the ledger's posting of captures, which stays one statement
 * per delivered batch. Found through the orders (indexed), then matched by payment.
 */
export function latePaymentRefunds(
  payments: ReadonlyArray<{ paymentId: string; orderId: string }>,
): RawBuilder<{ payment_id: string; id: string; amount_fen: number; created_at: Date }> {
  return sql`
    select payment_id, id, amount_fen, created_at from refunds
    where order_id = any(${payments.map((p) => p.orderId)}::text[]) and kind = 'late_payment'
      and payment_id = any(${payments.map((p) => p.paymentId)}::text[])`;
}

/** The operator's payments captured (succeeded) in a span: the money that came in, as reconciliation checks it. */
export async function paymentsCapturedIn(
  db: Executor,
  operatorId: string,
  span: TimeSpan,
): Promise<Array<{ id: string; amountFen: number }>> {
  return db
    .selectFrom('payments')
    .select(['id', 'amount_fen as amountFen'])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'succeeded')
    .where('succeeded_at', '>=', span.start)
    .where('succeeded_at', '<', span.end)
    .execute();
}

/** The operator's refunds made in a span (late payments included): the money that went back, as reconciliation checks it. */
export async function refundsMadeIn(db: Executor, operatorId: string, span: TimeSpan): Promise<Array<{ id: string; amountFen: number }>> {
  return db
    .selectFrom('refunds')
    .select(['id', 'amount_fen as amountFen'])
    .where('operator_id', '=', operatorId)
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .execute();
}
