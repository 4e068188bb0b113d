import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { newId } from '../../platform/ids.ts';

/**
 * The orders' part of payment notifications, given by ordering (the only writer of an order's
 * state): SQL that marks the orders whose ids `orderIds` selects (a query of one column) paid where
 * they may be, returning their ids.
 */
export type OrderPaidStep = (orderIds: RawBuilder<string>, now: Date) => RawBuilder<{ id: string }>;

/** A successful payment's notification to apply. */
export interface Capture {
  paymentId: string;
  amountFen: number;
  markPaid: OrderPaidStep;
}

/** What applying it did: the payment captured (else it was already, or the amount differs), and its order paid or the money refunded. */
export interface Captured {
  captured: boolean;
  paid: boolean;
  refunded: boolean;
}

/**
 * Payment successes with group commit (platform/db/group-commit.ts), as checkout's orders: one
 * write at a time per process; notifications that arrive while it runs are applied together in the
 * next, in one statement and one transaction; the same payment never twice in one. One per
 * database (an app's pool).
 */
const capturingByDb = new WeakMap<Database, GroupCommit<Capture, Captured>>();
const CAPTURES_IN_FLIGHT = 1;
const CAPTURE_BATCH = 64;

export function capturing(ctx: AppContext): GroupCommit<Capture, Captured> {
  let writer = capturingByDb.get(ctx.db);
  if (!writer) {
    const { db, clock } = ctx;
    writer = new GroupCommit({
      inFlight: CAPTURES_IN_FLIGHT,
      maxBatch: CAPTURE_BATCH,
      key: (c) => c.paymentId,
      one: async (c) => (await capture(db, clock, [c]))[0] as Captured,
      many: (cs) => capture(db, clock, cs),
    });
    capturingByDb.set(db, writer);
  }
  return writer;
}

/**
 * Applies payment successes in one statement, as if one after the other in the order given: each
 * payment not yet captured with that amount is captured; the first of them for an order pays it if
 * it may be paid, and any other (the order expired, was cancelled, or was paid by an earlier
 * payment) is recorded as a late payment to refund.
 */
export async function capture(db: Executor, clock: Clock, captures: readonly Capture[]): Promise<Captured[]> {
  const markPaid = captures[0]?.markPaid;
  if (!markPaid || captures.some((c) => c.markPaid !== markPaid)) throw new Error('capture: one order step per batch');
  const now = clock.now();
  const result = await sql<{ payment_id: string; paid: boolean; refunded: boolean }>`
    with n as (
      select * from unnest(${captures.map((c) => c.paymentId)}::text[], ${captures.map((c) => c.amountFen)}::bigint[],
                           ${captures.map(() => newId('rfd'))}::text[])
             with ordinality as n(payment_id, amount_fen, refund_id, k)
    ), due as (
      select n.payment_id, n.refund_id, n.k, pay.order_id from n join payments pay on pay.id = n.payment_id
      where pay.status <> 'succeeded' and pay.amount_fen = n.amount_fen
    ), first_due as (
      select distinct on (order_id) payment_id, order_id from due order by order_id, k
    ), o as (${markPaid(sql<string>`select order_id from first_due`, now)}), p as (
      -- The scalar subquery runs o to its end before this scan: the orders are updated (locked) first.
      update payments pay set status = 'succeeded', succeeded_at = ${now}
      from due
      where pay.id = due.payment_id and pay.status <> 'succeeded'
        and (select count(*) from o) >= 0
      returning pay.id, pay.order_id, pay.operator_id, pay.amount_fen, due.refund_id, due.k
    ), paying as (
      select p.* from p join first_due f on f.payment_id = p.id join o on o.id = p.order_id
    ), captured_event as (
      insert into outbox (operator_id, event_type, aggregate_id, payload, created_at)
      select p.operator_id, 'payment.captured', p.id,
             jsonb_build_object('paymentId', p.id, 'orderId', p.order_id, 'amountFen', p.amount_fen), ${now}
      from p order by p.k
    ), paid_event as (
      insert into outbox (operator_id, event_type, aggregate_id, payload, created_at)
      select paying.operator_id, 'order.paid', paying.order_id,
             jsonb_build_object('orderId', paying.order_id, 'paymentId', paying.id, 'amountFen', paying.amount_fen), ${now}
      from paying order by paying.k
    ), refund as (
      insert into refunds (id, operator_id, order_id, payment_id, amount_fen, reason, status, created_at, kind, blame)
      select p.refund_id, p.operator_id, p.order_id, p.id, p.amount_fen,
             'payment arrived for an order that can no longer be paid', 'pending', ${now}, 'late_payment', 'none'
      from p where not exists (select 1 from paying where paying.id = p.id)
      returning payment_id
    )
    select p.id as payment_id, exists (select 1 from paying where paying.id = p.id) as paid,
           exists (select 1 from refund where refund.payment_id = p.id) as refunded
    from p`.execute(db);
  const byPayment = new Map(result.rows.map((r) => [r.payment_id, r]));
  return captures.map((c) => {
    const row = byPayment.get(c.paymentId);
    return { captured: row !== undefined, paid: row?.paid ?? false, refunded: row?.refunded ?? false };
  });
}
