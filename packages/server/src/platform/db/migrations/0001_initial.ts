import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The order-taking spine: tenants and people, catalog, campaigns, pickup points, orders,
 * payments, refunds, durable jobs and the outbox. Every tenant-owned table carries operator_id
 * and leads its indexes with it, so the schema can later be distributed by tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table settings (
  key text primary key,
  value text not null
);

create table operators (
  id text primary key,
  slug text not null unique,
  name text not null,
  timezone text not null default 'Asia/Shanghai',
  created_at timestamptz not null default now()
);

create table staff (
  id text primary key,
  operator_id text not null references operators(id),
  phone text not null,
  name text not null,
  roles text[] not null,
  active boolean not null default true,
  created_at timestamptz not null,
  unique (operator_id, phone)
);

create table suppliers (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  contact_name text not null default '',
  phone text not null,
  active boolean not null default true,
  created_at timestamptz not null,
  unique (operator_id, phone)
);

create table leaders (
  id text primary key,
  operator_id text not null references operators(id),
  phone text not null,
  name text not null,
  status text not null check (status in ('active', 'suspended')),
  level integer not null default 1,
  created_at timestamptz not null,
  unique (operator_id, phone)
);

create table pickup_points (
  id text primary key,
  operator_id text not null references operators(id),
  leader_id text not null references leaders(id),
  name text not null,
  address text not null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  opening_hours text not null default '',
  status text not null check (status in ('open', 'closed')),
  created_at timestamptz not null
);
create index pickup_points_leader on pickup_points (operator_id, leader_id);
create index pickup_points_open on pickup_points (operator_id, status, lat, lng);

create table residents (
  id text primary key,
  operator_id text not null references operators(id),
  phone text not null,
  name text not null default '',
  pickup_point_id text references pickup_points(id),
  created_at timestamptz not null,
  unique (operator_id, phone)
);

create table drivers (
  id text primary key,
  operator_id text not null references operators(id),
  phone text not null,
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null,
  unique (operator_id, phone)
);

create table sms_codes (
  id text primary key,
  phone text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  attempts integer not null default 0,
  consumed_at timestamptz,
  created_at timestamptz not null
);
create index sms_codes_phone on sms_codes (phone, created_at desc);

create table sessions (
  id text primary key,
  token_hash text not null unique,
  operator_id text not null references operators(id),
  principal_kind text not null check (principal_kind in ('staff', 'resident', 'leader', 'driver', 'supplier')),
  principal_id text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);

create table categories (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  parent_id text references categories(id),
  sort integer not null default 0,
  created_at timestamptz not null
);
create index categories_operator on categories (operator_id, sort);

create table products (
  id text primary key,
  operator_id text not null references operators(id),
  category_id text not null references categories(id),
  supplier_id text not null references suppliers(id),
  name text not null,
  description text not null default '',
  images jsonb not null default '[]',
  temperature_class text not null check (temperature_class in ('ambient', 'chilled', 'frozen')),
  shelf_life_days integer not null check (shelf_life_days > 0),
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index products_operator on products (operator_id, category_id);

create table skus (
  id text primary key,
  operator_id text not null references operators(id),
  product_id text not null references products(id),
  spec text not null,
  unit text not null,
  barcode text,
  images jsonb not null default '[]',
  cost_price_fen bigint not null check (cost_price_fen >= 0),
  list_price_fen bigint not null check (list_price_fen > 0),
  weight_g integer not null check (weight_g >= 0),
  volume_ml integer not null check (volume_ml >= 0),
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index skus_product on skus (operator_id, product_id);

create table campaigns (
  id text primary key,
  operator_id text not null references operators(id),
  title text not null,
  description text not null default '',
  status text not null check (status in ('draft', 'scheduled', 'open', 'closed', 'cancelled')),
  opens_at timestamptz not null,
  cutoff_at timestamptz not null,
  pickup_date date not null,
  leader_scope text not null check (leader_scope in ('all', 'list')),
  min_total_quantity integer not null default 0 check (min_total_quantity >= 0),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  check (cutoff_at > opens_at)
);
create index campaigns_status on campaigns (operator_id, status, cutoff_at);

create table campaign_lines (
  id text primary key,
  operator_id text not null references operators(id),
  campaign_id text not null references campaigns(id),
  sku_id text not null references skus(id),
  group_price_fen bigint not null check (group_price_fen > 0),
  stock_total integer check (stock_total >= 0),
  reserved integer not null default 0,
  per_resident_limit integer check (per_resident_limit > 0),
  sort integer not null default 0,
  unique (campaign_id, sku_id),
  -- stock can never go negative, whatever the code above it does
  check (reserved >= 0 and (stock_total is null or reserved <= stock_total))
);
create index campaign_lines_campaign on campaign_lines (operator_id, campaign_id);

create table campaign_leaders (
  operator_id text not null references operators(id),
  campaign_id text not null references campaigns(id),
  leader_id text not null references leaders(id),
  primary key (campaign_id, leader_id)
);

create table resident_purchases (
  operator_id text not null references operators(id),
  campaign_line_id text not null references campaign_lines(id),
  resident_id text not null references residents(id),
  quantity integer not null check (quantity >= 0),
  primary key (campaign_line_id, resident_id)
);

create sequence order_no_seq;

create table orders (
  id text primary key,
  operator_id text not null references operators(id),
  order_no text not null unique,
  resident_id text not null references residents(id),
  pickup_point_id text not null references pickup_points(id),
  leader_id text not null references leaders(id),
  pickup_date date not null,
  status text not null,
  pickup_code text not null check (pickup_code ~ '^[0-9]{6}$'),
  total_fen bigint not null check (total_fen > 0),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= total_fen),
  expires_at timestamptz not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  paid_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  unique (pickup_point_id, pickup_date, pickup_code)
);
create index orders_resident on orders (operator_id, resident_id, created_at desc);
create index orders_pickup_point on orders (operator_id, pickup_point_id, pickup_date);
create index orders_leader on orders (operator_id, leader_id, pickup_date);
create index orders_unpaid on orders (expires_at) where status = 'pending_payment';

create table order_lines (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  campaign_id text not null references campaigns(id),
  campaign_line_id text not null references campaign_lines(id),
  sku_id text not null references skus(id),
  title text not null,
  unit_price_fen bigint not null check (unit_price_fen > 0),
  quantity integer not null check (quantity > 0),
  amount_fen bigint not null check (amount_fen > 0),
  refunded_quantity integer not null default 0 check (refunded_quantity >= 0 and refunded_quantity <= quantity),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen)
);
create index order_lines_order on order_lines (order_id);
create index order_lines_campaign on order_lines (operator_id, campaign_id);

create table idempotency_keys (
  operator_id text not null references operators(id),
  principal_id text not null,
  key text not null,
  request_hash text not null,
  -- the key is claimed first in the order's transaction, before the order row exists
  order_id text not null references orders(id) deferrable initially deferred,
  created_at timestamptz not null,
  primary key (operator_id, principal_id, key)
);

create table payments (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  provider text not null,
  provider_ref text,
  amount_fen bigint not null check (amount_fen > 0),
  status text not null check (status in ('pending', 'succeeded', 'closed')),
  created_at timestamptz not null,
  succeeded_at timestamptz,
  closed_at timestamptz
);
create index payments_order on payments (order_id);

create table refunds (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  payment_id text not null references payments(id),
  amount_fen bigint not null check (amount_fen > 0),
  reason text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  provider_ref text,
  created_at timestamptz not null,
  succeeded_at timestamptz
);
create index refunds_order on refunds (order_id);
create index refunds_pending on refunds (created_at) where status = 'pending';

create table jobs (
  id text primary key,
  operator_id text references operators(id),
  kind text not null,
  run_at timestamptz not null,
  payload jsonb not null default '{}',
  dedupe_key text unique,
  status text not null check (status in ('pending', 'done', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index jobs_due on jobs (run_at) where status = 'pending';

create table outbox (
  id bigserial primary key,
  operator_id text not null references operators(id),
  event_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  created_at timestamptz not null,
  delivered_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index outbox_undelivered on outbox (id) where delivered_at is null;

create table notifications (
  id text primary key,
  operator_id text not null references operators(id),
  recipient_kind text not null,
  recipient_id text not null,
  title text not null,
  body text not null,
  created_at timestamptz not null,
  read_at timestamptz
);
create index notifications_recipient on notifications (operator_id, recipient_kind, recipient_id, created_at desc);
`,
  );
}
