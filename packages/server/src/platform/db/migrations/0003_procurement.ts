import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Cutoff, procurement, receiving and shortage: what each campaign's cutoff decided, the demand it
 * aggregated (per SKU and per pickup point: the pick lists), purchase orders to suppliers, stock
 * lots received at the warehouse, and how shortages were allocated to order lines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table procurement_settings (
  operator_id text primary key references operators(id),
  buffer_percent integer not null default 0 check (buffer_percent between 0 and 100),
  shortage_rule text not null default 'latest_paid_first' check (shortage_rule in ('latest_paid_first', 'pro_rata')),
  updated_at timestamptz not null
);

-- one row per closed campaign, written by the cutoff's first step; stage says which step is next
create table campaign_cutoffs (
  campaign_id text primary key references campaigns(id),
  operator_id text not null references operators(id),
  pickup_date date not null,
  outcome text not null check (outcome in ('succeeded', 'failed')),
  ordered_quantity integer not null,
  min_total_quantity integer not null,
  stage text not null check (stage in ('refunding', 'aggregating', 'procuring', 'done')),
  decided_at timestamptz not null,
  finished_at timestamptz
);
create index campaign_cutoffs_date on campaign_cutoffs (operator_id, pickup_date);

-- the pick lists: net paid quantity per campaign, SKU and pickup point (the supplier is per SKU, in
-- campaign_sku_demand). Derived from order lines in one statement at cutoff, hundreds of thousands
-- of rows: kept narrow, and without foreign keys to check per row.
create table demand_lines (
  operator_id text not null,
  campaign_id text not null,
  pickup_date date not null,
  sku_id text not null,
  pickup_point_id text not null,
  quantity integer not null check (quantity > 0)
);
-- constant within one campaign's insert, so the index costs little to maintain; a pickup point's
-- rows are found among its date's (sorting reads a whole date anyway)
create index demand_lines_date on demand_lines (operator_id, pickup_date, campaign_id);

create table purchase_orders (
  id text primary key,
  operator_id text not null references operators(id),
  supplier_id text not null references suppliers(id),
  delivery_date date not null,
  status text not null check (status in ('draft', 'sent', 'confirmed', 'short_confirmed', 'receiving', 'received', 'cancelled')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  sent_at timestamptz,
  confirmed_at timestamptz,
  received_at timestamptz
);
-- later demand for a supplier and date joins the open draft, or starts a new one once it was sent
create unique index purchase_orders_draft on purchase_orders (operator_id, supplier_id, delivery_date) where status = 'draft';
create index purchase_orders_date on purchase_orders (operator_id, delivery_date, status);
create index purchase_orders_supplier on purchase_orders (operator_id, supplier_id, delivery_date desc);

create table purchase_order_lines (
  id text primary key,
  operator_id text not null references operators(id),
  purchase_order_id text not null references purchase_orders(id),
  sku_id text not null references skus(id),
  demand_quantity integer not null check (demand_quantity >= 0),
  stock_quantity integer not null check (stock_quantity >= 0),
  suggested_quantity integer not null check (suggested_quantity >= 0),
  ordered_quantity integer not null check (ordered_quantity >= 0),
  adjusted boolean not null default false,
  confirmed_quantity integer check (confirmed_quantity >= 0),
  received_quantity integer check (received_quantity >= 0),
  rejected_quantity integer check (rejected_quantity >= 0 and rejected_quantity <= received_quantity),
  accepted_quantity integer check (accepted_quantity >= 0),
  over_quantity integer check (over_quantity >= 0),
  over_accepted boolean,
  lot_code text,
  expires_on date,
  cost_price_fen bigint not null check (cost_price_fen >= 0),
  unique (purchase_order_id, sku_id)
);

-- a campaign's demand per SKU, and the purchase-order line that buys it (null until procured)
create table campaign_sku_demand (
  operator_id text not null references operators(id),
  campaign_id text not null references campaigns(id),
  sku_id text not null references skus(id),
  supplier_id text not null references suppliers(id),
  pickup_date date not null,
  quantity integer not null check (quantity > 0),
  purchase_order_line_id text references purchase_order_lines(id),
  primary key (campaign_id, sku_id)
);

create table stock_lots (
  id text primary key,
  operator_id text not null references operators(id),
  sku_id text not null references skus(id),
  lot_code text not null,
  expires_on date,
  received_quantity integer not null check (received_quantity >= 0),
  quantity_on_hand integer not null check (quantity_on_hand >= 0),
  purchase_order_line_id text references purchase_order_lines(id),
  received_at timestamptz not null
);
create index stock_lots_sku on stock_lots (operator_id, sku_id, expires_on);

create table shortage_allocations (
  id text primary key,
  operator_id text not null references operators(id),
  pickup_date date not null,
  sku_id text not null references skus(id),
  demand_quantity integer not null,
  available_quantity integer not null,
  short_quantity integer not null check (short_quantity >= 0),
  rule text not null check (rule in ('latest_paid_first', 'pro_rata')),
  blame text not null check (blame in ('supplier', 'operator', 'none')),
  created_at timestamptz not null,
  unique (operator_id, pickup_date, sku_id)
);

create table shortage_lines (
  allocation_id text not null references shortage_allocations(id),
  operator_id text not null references operators(id),
  order_line_id text not null references order_lines(id),
  order_id text not null references orders(id),
  quantity integer not null check (quantity > 0),
  primary key (allocation_id, order_line_id)
);
`,
  );
}
