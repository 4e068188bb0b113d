import type { Executor } from '../../platform/db/database.ts';
import { businessDay } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';
import type { Period } from './ledger.queries.ts';

/**
 * What a leader sold in a period, from the commission lines (one per paid order line, accrued when
 * the order was paid): how many orders, and their sales net of refunds.
 */
export async function leaderSales(
  db: Executor,
  operatorId: string,
  leaderId: string,
  period: Period,
): Promise<{ orders: number; salesFen: number }> {
  const tz = await operatorTimeZone(db, operatorId);
  let q = db
    .selectFrom('commission_lines')
    .select([
      (eb) => eb.fn.count<number>('order_id').distinct().as('orders'),
      (eb) => eb.fn.sum<number>(eb('base_fen', '-', eb.ref('refunded_fen'))).as('sales'),
    ])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId);
  if (period.from) q = q.where(businessDay('accrued_at', tz), '>=', period.from);
  if (period.to) q = q.where(businessDay('accrued_at', tz), '<=', period.to);
  const sold = await q.executeTakeFirstOrThrow();
  return { orders: Number(sold.orders), salesFen: Number(sold.sales ?? 0) };
}
