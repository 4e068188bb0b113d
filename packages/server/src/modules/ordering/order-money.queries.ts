import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/**
 * What the ledger posts an order's money by: its batch (the pickup date), its leader and its
 * lines. The posting of paid orders runs for every order as its events are delivered, a batch of
 * orders at a time, so its reads stay one statement per batch: the SQL fragments here are composed
 * into the ledger's statement with those of the other owners (the SQL of orders stays in this file).
 */

/** The batch (`pickup_date`) of each order among `orderIds` (`order_id`); no row for an unknown order. */
export function orderBatches(orderIds: readonly string[]): RawBuilder<{ order_id: string; pickup_date: string }> {
  return sql`select id as order_id, pickup_date from orders where id = any(${orderIds}::text[])`;
}

/**
 * The orders among `orderIds` with their lines, one row per line (`line_id` null for an order of
 * no line): `order_id`, `operator_id`, `leader_id`, `pickup_date`, `line_id`, `campaign_line_id`, `sku_id`,
 * `amount_fen`. Found by id alone, so the plan is always the primary key's (a condition on the
 * operator let a generic plan scan the operator's orders instead); the caller checks `operator_id`.
 */
export function ordersWithLines(orderIds: readonly string[]): RawBuilder<{
  order_id: string;
  operator_id: string;
  leader_id: string;
  pickup_date: string;
  line_id: string | null;
  campaign_line_id: string | null;
  sku_id: string;
  amount_fen: number;
}> {
  return sql`
    select o.id as order_id, o.operator_id, o.leader_id, o.pickup_date, ol.id as line_id, ol.campaign_line_id, ol.sku_id, ol.amount_fen
    from orders o left join order_lines ol on ol.order_id = o.id
    where o.id = any(${orderIds}::text[])`;
}

/** The SKU of each order line among `lineIds` (`id`, `sku_id`); the list must not be empty. */
export function orderLineSkus(lineIds: readonly string[]): RawBuilder<{ id: string; sku_id: string }> {
  return sql`select id, sku_id from order_lines where id in (${sql.join(lineIds)})`;
}

/** An order's leader and batch, or undefined for an unknown order. */
export async function orderLeaderAndBatch(db: Executor, orderId: string): Promise<{ leaderId: string; pickupDate: string } | undefined> {
  return db
    .selectFrom('orders')
    .select(['leader_id as leaderId', 'pickup_date as pickupDate'])
    .where('id', '=', orderId)
    .executeTakeFirst();
}
