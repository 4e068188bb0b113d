import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Pickup verification (核销) per order line, the unpicked-order rule, and after-sales claims.
 * A line can be verified once (unique order_line_id); an order is recorded unpicked once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
-- one row per operator that changed the defaults; absent means the defaults below
create table aftersales_settings (
  operator_id text primary key references operators(id),
  unpicked_after_days integer not null default 2 check (unpicked_after_days between 0 and 30),
  unpicked_rule text not null default 'return_to_warehouse' check (unpicked_rule in ('return_to_warehouse', 'leader_disposal')),
  unpicked_refund boolean not null default false,
  claim_window_hours integer not null default 48 check (claim_window_hours between 1 and 720),
  updated_at timestamptz not null
);

create table pickup_verifications (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  pickup_point_id text not null references pickup_points(id),
  leader_id text not null references leaders(id),
  method text not null check (method in ('code', 'scan')),
  verified_at timestamptz not null
);
create index pickup_verifications_order on pickup_verifications (order_id);

create table pickup_verification_lines (
  verification_id text not null references pickup_verifications(id),
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  order_line_id text not null references order_lines(id),
  quantity integer not null check (quantity > 0),
  primary key (verification_id, order_line_id)
);
-- a line is handed out once, whatever races above it
create unique index pickup_verification_lines_once on pickup_verification_lines (order_line_id);
create index pickup_verification_lines_order on pickup_verification_lines (order_id);

create table unpicked_orders (
  order_id text primary key references orders(id),
  operator_id text not null references operators(id),
  pickup_point_id text not null references pickup_points(id),
  leader_id text not null references leaders(id),
  pickup_date date not null,
  rule text not null check (rule in ('return_to_warehouse', 'leader_disposal')),
  status text not null check (status in ('to_return', 'returned', 'to_dispose', 'disposed')),
  lines jsonb not null,
  refund_id text references refunds(id),
  recorded_at timestamptz not null,
  closed_at timestamptz,
  closed_by text
);
create index unpicked_orders_status on unpicked_orders (operator_id, status, pickup_date);
create index unpicked_orders_leader on unpicked_orders (operator_id, leader_id, status);

create table aftersale_cases (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  order_line_id text not null references order_lines(id),
  resident_id text not null references residents(id),
  pickup_point_id text not null references pickup_points(id),
  type text not null check (type in ('missing', 'damaged', 'quality', 'wrong_item')),
  quantity integer not null check (quantity > 0),
  requested_fen bigint not null check (requested_fen > 0),
  description text not null default '',
  evidence_urls jsonb not null default '[]',
  status text not null check (status in ('submitted', 'approved', 'refunded', 'rejected', 'withdrawn')),
  blame text check (blame in ('supplier', 'warehouse', 'driver', 'leader', 'none')),
  approved_fen bigint check (approved_fen > 0 and approved_fen <= requested_fen),
  decision_reason text,
  decided_by_kind text check (decided_by_kind in ('leader', 'staff')),
  decided_by_id text,
  decided_at timestamptz,
  refund_id text references refunds(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index aftersale_cases_queue on aftersale_cases (operator_id, status, created_at);
create index aftersale_cases_resident on aftersale_cases (operator_id, resident_id, created_at desc);
create index aftersale_cases_point on aftersale_cases (operator_id, pickup_point_id, status);
create index aftersale_cases_line on aftersale_cases (order_line_id);
`,
  );
}
