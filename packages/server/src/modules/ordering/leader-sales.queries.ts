import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { onDay } from '../../platform/calendar.ts';

/**
 * What a leader sold on a business day: the orders paid at their pickup points that day, their
 * total net of refunds, and how many residents paid.
 */
export async function leaderSalesOnDay(
  db: Executor,
  operatorId: string,
  leaderId: string,
  day: string,
  tz: string,
): Promise<{ orders: number; gmvFen: number; members: number }> {
  const sold = await db
    .selectFrom('orders')
    .select([
      (eb) => eb.fn.countAll<number>().as('orders'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('total_fen', '-', eb.ref('refunded_fen'))), eb.lit(0)).as('gmv'),
      (eb) => eb.fn.count<number>('resident_id').distinct().as('members'),
    ])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    // An order is paid at most a day after its campaign's cutoff, and picked up on or after the
    // cutoff's date: this bound keeps the scan on the leader's recent orders (orders_leader index).
    .where('pickup_date', '>=', sql<string>`${day}::date - 1`)
    .where(onDay('paid_at', day, tz))
    .executeTakeFirstOrThrow();
  return { orders: Number(sold.orders), gmvFen: Number(sold.gmv), members: Number(sold.members) };
}
