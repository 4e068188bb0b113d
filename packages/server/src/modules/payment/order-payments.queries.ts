import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { RefundKind } from '../../platform/db/schema.ts';

/** What ordering asks of an order's payments and refunds before it changes the order. */

/**
 * Fragment: whether the order `orderId` (SQL, e.g. a reference to the caller's orders row) has a
 * payment still open, for a statement that picks orders by it.
 */
export function hasOpenPayment(orderId: RawBuilder<string>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from payments p where p.order_id = ${orderId} and p.status = 'pending')`;
}

/** The refund already made for this kind and business document, if any: one refund per (kind, sourceId). */
export async function refundOfSource(
  db: Executor,
  kind: RefundKind,
  sourceId: string,
): Promise<{ id: string; amountFen: number } | undefined> {
  return db
    .selectFrom('refunds')
    .select(['id', 'amount_fen as amountFen'])
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}
