import type { Executor } from '../../platform/db/database.ts';
import type { OrderStatus } from '../../platform/db/schema.ts';

/**
 * What a resident actually paid for an order and what has been refunded of it so far, for modules
 * that reward what was paid (points): `paidFen` is 0 for an order never paid. Undefined for an
 * unknown order or another operator's.
 */
export async function orderPaidAmount(
  db: Executor,
  operatorId: string,
  orderId: string,
): Promise<{ residentId: string; status: OrderStatus; paidFen: number; refundedFen: number } | undefined> {
  const row = await db
    .selectFrom('orders')
    .select(['resident_id', 'status', 'total_fen', 'refunded_fen', 'paid_at'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    residentId: row.resident_id,
    status: row.status,
    paidFen: row.paid_at === null ? 0 : row.total_fen,
    refundedFen: row.refunded_fen,
  };
}
