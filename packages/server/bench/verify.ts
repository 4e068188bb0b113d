import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';

/** Paid orders holding lines of a campaign, counted in the database rather than by the client. */
export async function checkPaidOrders(db: Database, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.count<string>('orders.id').as('n'))
    .where('orders.status', '=', 'paid')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_lines')
          .select(sql`1`.as('one'))
          .whereRef('order_lines.order_id', '=', 'orders.id')
          .where('order_lines.campaign_id', '=', campaignId),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Units of a scarce line that were paid for, beside the line's own stock counters. */
export async function checkScarceLine(
  db: Database,
  lineId: string,
): Promise<{ paidUnits: number; reserved: number; stockTotal: number | null }> {
  const paid = await db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('order_lines.quantity'), sql<string>`0`).as('units'))
    .where('order_lines.campaign_line_id', '=', lineId)
    .where('orders.status', '=', 'paid')
    .executeTakeFirstOrThrow();
  const line = await db.selectFrom('campaign_lines').select(['reserved', 'stock_total']).where('id', '=', lineId).executeTakeFirstOrThrow();
  return { paidUnits: Number(paid.units), reserved: line.reserved, stockTotal: line.stock_total };
}
