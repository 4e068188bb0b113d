import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { campaignPickupDate } from '../campaign/index.ts';
import { skuProducts } from '../catalog/index.ts';
import { servingWarehouses } from '../logistics/index.ts';
import { campaignPaidUnits, orderPickupPoints } from '../ordering/index.ts';

/**
 * Writes a campaign's pick lists (net paid quantity per SKU, supplier and pickup point) and its
 * demand per SKU and warehouse (the one serving each pickup point, `servingWarehouses`), each in
 * one set-based statement, so a million order lines never pass through the process. Run once per
 * campaign, in the step's transaction.
 */
export async function aggregateCampaignDemand(trx: Tx, operatorId: string, campaignId: string): Promise<void> {
  // Which warehouse serves each of the operator's points: a few thousand rows at most, passed in
  // as two arrays ('' for none: no active warehouse).
  const serving = await servingWarehouses(trx, operatorId);
  const pointIds = [...serving.keys()];
  const warehouseIds = pointIds.map((p) => serving.get(p) ?? '');
  // The grouping is the whole cost: give it memory enough not to spill to disk. The step is
  // idempotent and records its own completion in this transaction, so a commit lost in a crash
  // only means the step runs again: no need to wait for the WAL flush (this transaction only).
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local synchronous_commit = off`.execute(trx);
  // A campaign's lines share its pickup date, so grouping by SKU and pickup point is enough (the
  // grouping is ordering's `campaignPaidUnits`). One grouping feeds both tables; the supplier is
  // looked up per SKU (catalog's `skuProducts`), the warehouse per point, not per line.
  await sql`
    with groups as (${campaignPaidUnits(operatorId, campaignId)}), pick_lists as (
      insert into demand_lines (operator_id, campaign_id, pickup_date, sku_id, pickup_point_id, quantity)
      select ${operatorId}, ${campaignId}, c.pickup_date, g.sku_id, g.pickup_point_id, g.quantity
      from groups g cross join (${campaignPickupDate(campaignId)}) c
    )
    insert into campaign_sku_demand (operator_id, campaign_id, sku_id, supplier_id, pickup_date, warehouse_id, quantity)
    select ${operatorId}, ${campaignId}, g.sku_id, k.supplier_id, c.pickup_date, nullif(coalesce(m.warehouse_id, ''), ''), sum(g.quantity)::int
    from groups g
    cross join (${campaignPickupDate(campaignId)}) c
    join (${skuProducts(operatorId)}) k on k.sku_id = g.sku_id
    left join unnest(${pointIds}::text[], ${warehouseIds}::text[]) as m(pickup_point_id, warehouse_id) on m.pickup_point_id = g.pickup_point_id
    group by g.sku_id, k.supplier_id, c.pickup_date, coalesce(m.warehouse_id, '')
  `.execute(trx);
}

/**
 * The lots a warehouse may use: its own, and lots received before the operator had a warehouse
 * (no warehouse). With no warehouse (the operator has no active one) every lot counts.
 */
export function lotsAt(warehouseId: string | null) {
  return warehouseId === null ? sql<boolean>`true` : sql<boolean>`(warehouse_id = ${warehouseId} or warehouse_id is null)`;
}

/** Units on hand per SKU at a warehouse (`lotsAt`) in lots still good after `onDate` (no expiry, or expiring later). */
export async function usableStockBySku(
  db: Executor,
  operatorId: string,
  skuIds: readonly string[],
  onDate: string,
  warehouseId: string | null,
): Promise<Map<string, number>> {
  if (skuIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_lots')
    .select(['sku_id', sql<number>`sum(quantity_on_hand)::int`.as('quantity')])
    .where('operator_id', '=', operatorId)
    .where('sku_id', 'in', [...skuIds])
    .where('quantity_on_hand', '>', 0)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>', onDate)]))
    .where(lotsAt(warehouseId))
    .groupBy('sku_id')
    .execute();
  return new Map(rows.map((r) => [r.sku_id, r.quantity]));
}

/** Units of a SKU on hand at a warehouse (`lotsAt`) in lots still good after `onDate` (no expiry, or expiring later). */
export async function usableStock(
  db: Executor,
  operatorId: string,
  skuId: string,
  onDate: string,
  warehouseId: string | null,
): Promise<number> {
  const row = await db
    .selectFrom('stock_lots')
    .select(sql<number>`coalesce(sum(quantity_on_hand), 0)::int`.as('quantity'))
    .where('operator_id', '=', operatorId)
    .where('sku_id', '=', skuId)
    .where('quantity_on_hand', '>', 0)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>', onDate)]))
    .where(lotsAt(warehouseId))
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
 * The pick lists of a pickup date: per pickup point and SKU, the units that go into that leader's
 * crate: the demand aggregated at cutoff over the date's campaigns, less what shortage allocation
 * took away. Sorting sheets and labels read this.
 */
export async function pickListsFor(db: Executor, operatorId: string, pickupDate: string): Promise<PickListRow[]> {
  const result = await sql<{ pickup_point_id: string; sku_id: string; supplier_id: string; quantity: number }>`
    with campaign_suppliers as (
      -- a campaign's demand for a SKU may be split over warehouses: one supplier per campaign and SKU
      select campaign_id, sku_id, min(supplier_id) as supplier_id
      from campaign_sku_demand
      where operator_id = ${operatorId} and pickup_date = ${pickupDate}
      group by campaign_id, sku_id
    ), demand as (
      select d.pickup_point_id, d.sku_id, min(k.supplier_id) as supplier_id, sum(d.quantity)::int as quantity
      from demand_lines d
      join campaign_suppliers k on k.campaign_id = d.campaign_id and k.sku_id = d.sku_id
      where d.operator_id = ${operatorId} and d.pickup_date = ${pickupDate}
      group by d.pickup_point_id, d.sku_id
    ), shorted as (
      select o.pickup_point_id, a.sku_id, sum(l.quantity)::int as quantity
      from shortage_allocations a
      join shortage_lines l on l.allocation_id = a.id
      join (${orderPickupPoints(operatorId)}) o on o.id = l.order_id
      where a.operator_id = ${operatorId} and a.pickup_date = ${pickupDate}
      group by o.pickup_point_id, a.sku_id
    )
    select d.pickup_point_id, d.sku_id, d.supplier_id, d.quantity - coalesce(s.quantity, 0) as quantity
    from demand d left join shorted s on s.pickup_point_id = d.pickup_point_id and s.sku_id = d.sku_id
    where d.quantity - coalesce(s.quantity, 0) > 0
    order by d.pickup_point_id, d.sku_id
  `.execute(db);
  return result.rows.map((r) => ({ pickupPointId: r.pickup_point_id, skuId: r.sku_id, supplierId: r.supplier_id, quantity: r.quantity }));
}
