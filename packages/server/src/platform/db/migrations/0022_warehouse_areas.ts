import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Several warehouses per operator. A pickup point may be assigned to a warehouse (null: the
 * operator's default one, or the nearest when `delivery_settings.warehouse_assignment` says so);
 * a purchase order names the warehouse its goods are delivered to, so the cutoff makes one per
 * supplier and warehouse; a campaign's demand per SKU is kept per warehouse, stock lots lie at
 * the warehouse that received them, and a shortage is allocated per SKU and warehouse. Existing
 * rows get the operator's first warehouse (its first active one by id) where it has one.
 * Nullable columns without a default: adding them rewrites nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table pickup_points add column warehouse_id text references warehouses(id);
alter table purchase_orders add column warehouse_id text references warehouses(id);
alter table campaign_sku_demand add column warehouse_id text references warehouses(id);
alter table stock_lots add column warehouse_id text references warehouses(id);
alter table shortage_allocations add column warehouse_id text references warehouses(id);
alter table delivery_settings add column warehouse_assignment text not null default 'fixed'
  check (warehouse_assignment in ('fixed', 'nearest'));

-- one open draft per supplier, delivery date and warehouse
drop index purchase_orders_draft;
create unique index purchase_orders_draft on purchase_orders (operator_id, supplier_id, delivery_date, coalesce(warehouse_id, ''))
  where status = 'draft';
-- a campaign's demand per SKU and warehouse
alter table campaign_sku_demand drop constraint campaign_sku_demand_pkey;
create unique index campaign_sku_demand_key on campaign_sku_demand (campaign_id, sku_id, coalesce(warehouse_id, ''));
-- a SKU is allocated once per pickup date and warehouse
alter table shortage_allocations drop constraint shortage_allocations_operator_id_pickup_date_sku_id_key;
create unique index shortage_allocations_key on shortage_allocations (operator_id, pickup_date, sku_id, coalesce(warehouse_id, ''));
create index pickup_points_warehouse on pickup_points (operator_id, warehouse_id);

update pickup_points t set warehouse_id = f.id
  from (select distinct on (operator_id) operator_id, id from warehouses order by operator_id, active desc, id) f
  where f.operator_id = t.operator_id;
update purchase_orders t set warehouse_id = f.id
  from (select distinct on (operator_id) operator_id, id from warehouses order by operator_id, active desc, id) f
  where f.operator_id = t.operator_id;
update campaign_sku_demand t set warehouse_id = f.id
  from (select distinct on (operator_id) operator_id, id from warehouses order by operator_id, active desc, id) f
  where f.operator_id = t.operator_id;
update stock_lots t set warehouse_id = f.id
  from (select distinct on (operator_id) operator_id, id from warehouses order by operator_id, active desc, id) f
  where f.operator_id = t.operator_id;
update shortage_allocations t set warehouse_id = f.id
  from (select distinct on (operator_id) operator_id, id from warehouses order by operator_id, active desc, id) f
  where f.operator_id = t.operator_id;
`,
  );
}
