import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';

/** Orders whose lines count for fulfilment (paid and not refunded in full). */
export const FULFILLED_STATUSES = ['paid', 'allocated', 'delivered', 'picked_up'] as const;

/** Net paid quantity of a campaign (bought less refunded, over orders that count). */
export async function campaignNetQuantity(db: Executor, operatorId: string, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select(sql<number>`coalesce(sum(ol.quantity - ol.refunded_quantity), 0)::int`.as('quantity'))
    .where('ol.operator_id', '=', operatorId)
    .where('ol.campaign_id', '=', campaignId)
    .where('o.status', 'in', FULFILLED_STATUSES)
    .executeTakeFirstOrThrow();
  return row.quantity;
}

/** The latest payment deadline of a campaign's unpaid orders that can still be paid now, if any. */
export async function lastPayableUntil(db: Executor, operatorId: string, campaignId: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select((eb) => eb.fn.max('o.expires_at').as('until'))
    .where('ol.operator_id', '=', operatorId)
    .where('ol.campaign_id', '=', campaignId)
    .where('o.status', '=', 'pending_payment')
    .where('o.expires_at', '>', now)
    .executeTakeFirst();
  return row?.until ?? null;
}

/**
 * Writes a campaign's pick lists (net paid quantity per SKU, supplier and pickup point) and its
 * demand per SKU, each in one set-based statement, so a million order lines never pass through
 * the process. Run once per campaign, in the step's transaction.
 */
export async function aggregateCampaignDemand(trx: Tx, operatorId: string, campaignId: string): Promise<void> {
  await sql`
    insert into demand_lines (operator_id, campaign_id, pickup_date, sku_id, supplier_id, pickup_point_id, quantity)
    select ${operatorId}, ${campaignId}, o.pickup_date, ol.sku_id, p.supplier_id, o.pickup_point_id, sum(ol.quantity - ol.refunded_quantity)
    from order_lines ol
    join orders o on o.id = ol.order_id
    join skus s on s.id = ol.sku_id
    join products p on p.id = s.product_id
    where ol.operator_id = ${operatorId} and ol.campaign_id = ${campaignId}
      and o.status in ('paid', 'allocated', 'delivered', 'picked_up')
    group by o.pickup_date, ol.sku_id, p.supplier_id, o.pickup_point_id
    having sum(ol.quantity - ol.refunded_quantity) > 0
  `.execute(trx);
  await sql`
    insert into campaign_sku_demand (operator_id, campaign_id, sku_id, supplier_id, pickup_date, quantity)
    select ${operatorId}, ${campaignId}, sku_id, supplier_id, min(pickup_date), sum(quantity)
    from demand_lines
    where operator_id = ${operatorId} and campaign_id = ${campaignId}
    group by sku_id, supplier_id
  `.execute(trx);
}

/** Units of a SKU on hand in lots still good after `onDate` (no expiry, or expiring later). */
export async function usableStock(db: Executor, operatorId: string, skuId: string, onDate: string): Promise<number> {
  const row = await db
    .selectFrom('stock_lots')
    .select(sql<number>`coalesce(sum(quantity_on_hand), 0)::int`.as('quantity'))
    .where('operator_id', '=', operatorId)
    .where('sku_id', '=', skuId)
    .where('quantity_on_hand', '>', 0)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>', onDate)]))
    .executeTakeFirstOrThrow();
  return row.quantity;
}

export interface PickListRow {
  pickupPointId: string;
  skuId: string;
  supplierId: string;
  quantity: number;
}

/**
 * The pick lists of a pickup date: per pickup point and SKU, the net quantity that goes into that
 * leader's crate, summed over the date's campaigns that passed cutoff. Sorting sheets read this.
 */
export async function pickListsFor(db: Executor, operatorId: string, pickupDate: string): Promise<PickListRow[]> {
  const rows = await db
    .selectFrom('demand_lines')
    .select(['pickup_point_id', 'sku_id', 'supplier_id', sql<number>`sum(quantity)::int`.as('quantity')])
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', pickupDate)
    .groupBy(['pickup_point_id', 'sku_id', 'supplier_id'])
    .orderBy('pickup_point_id')
    .orderBy('sku_id')
    .execute();
  return rows.map((r) => ({ pickupPointId: r.pickup_point_id, skuId: r.sku_id, supplierId: r.supplier_id, quantity: r.quantity }));
}
