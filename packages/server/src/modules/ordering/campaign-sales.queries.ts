import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { PAID_STATUSES } from './ordering.rules.ts';

/**
 * What a campaign (or a pickup date) sold, as procurement's cutoff and allocation read it: the net
 * paid units, the paid orders and their lines not refunded in full. The cutoff runs over a
 * million lines, so what it aggregates is a fragment for its one statement, not rows.
 */

/**
 * In one pass over a campaign's order lines: its net paid quantity (bought less refunded, over
 * orders that count) and the latest payment deadline of its unpaid orders that can still be paid now.
 */
export async function campaignSalesAtCutoff(
  db: Executor,
  operatorId: string,
  campaignId: string,
  now: Date,
): Promise<{ netQuantity: number; payableUntil: Date | null }> {
  const result = await sql<{ net_quantity: number; payable_until: Date | null }>`
    select coalesce(sum(ol.quantity - ol.refunded_quantity) filter (where o.status in (${sql.join(PAID_STATUSES)})), 0)::int
             as net_quantity,
           max(o.expires_at) filter (where o.status = 'pending_payment' and o.expires_at > ${now}) as payable_until
    from order_lines ol join orders o on o.id = ol.order_id
    where ol.operator_id = ${operatorId} and ol.campaign_id = ${campaignId}
  `.execute(db);
  const row = result.rows[0];
  return { netQuantity: row?.net_quantity ?? 0, payableUntil: row?.payable_until ? new Date(row.payable_until) : null };
}

/**
 * Fragment: a campaign's net paid units per SKU and pickup point (sku_id, pickup_point_id,
 * quantity), leaving out what is refunded in full, for the statement that writes its demand.
 */
export function campaignPaidUnits(operatorId: string, campaignId: string) {
  return sql<{ sku_id: string; pickup_point_id: string; quantity: number }>`
    select ol.sku_id, o.pickup_point_id, sum(ol.quantity - ol.refunded_quantity)::int as quantity
    from order_lines ol
    join orders o on o.id = ol.order_id
    where ol.operator_id = ${operatorId} and ol.campaign_id = ${campaignId}
      and o.status in (${sql.join(PAID_STATUSES)})
    group by ol.sku_id, o.pickup_point_id
    having sum(ol.quantity - ol.refunded_quantity) > 0`;
}

/** Up to `limit` paid orders, in id order, with a line in the campaign not refunded in full. */
export async function paidOrdersWithLinesLeft(db: Executor, operatorId: string, campaignId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select('o.id')
    .distinct()
    .where('ol.operator_id', '=', operatorId)
    .where('ol.campaign_id', '=', campaignId)
    .where('o.status', 'in', PAID_STATUSES)
    .whereRef('ol.refunded_quantity', '<', 'ol.quantity')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** An order's lines in a campaign that are not refunded in full. */
export function campaignLinesLeftOf(db: Executor, orderId: string, campaignId: string) {
  return db
    .selectFrom('order_lines')
    .select(['id', 'quantity', 'refunded_quantity'])
    .where('order_id', '=', orderId)
    .where('campaign_id', '=', campaignId)
    .whereRef('refunded_quantity', '<', 'quantity')
    .execute();
}

/** Fragment: the campaigns each order among `orderIds` buys from (order_id, campaign_id), to match against a set of campaigns. */
export function campaignsOfOrders(db: Executor, orderIds: readonly string[]) {
  return db.selectFrom('order_lines').select(['order_id', 'campaign_id']).distinct().where('order_id', 'in', orderIds);
}

/**
 * The order lines of a pickup date's paid orders not refunded in full, in id order; of one SKU
 * when named: what allocation serves from stock.
 */
export function paidLinesOfPickupDate(db: Executor, operatorId: string, pickupDate: string, skuId?: string) {
  let q = db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select(['ol.id', 'ol.order_id', 'ol.sku_id', 'ol.quantity', 'ol.refunded_quantity', 'o.pickup_point_id', 'o.paid_at', 'o.resident_id'])
    .where('o.operator_id', '=', operatorId)
    .where('o.pickup_date', '=', pickupDate)
    .where('o.status', '=', 'paid')
    .whereRef('ol.refunded_quantity', '<', 'ol.quantity');
  if (skuId) q = q.where('ol.sku_id', '=', skuId);
  return q.orderBy('ol.id').execute();
}

/** Fragment: the operator's orders with the pickup point each goes to (id, pickup_point_id). */
export function orderPickupPoints(operatorId: string) {
  return sql<{ id: string; pickup_point_id: string }>`select id, pickup_point_id from orders where operator_id = ${operatorId}`;
}
