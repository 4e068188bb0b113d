import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A pickup point no route serves gets a dispatcher's decision: its orders are postponed to a later
 * pickup date (one row per order moved, so the day report and the order's timeline can say so) or
 * refunded in full with the new refund kind `undeliverable`, which the operator bears. And an
 * operator may let chilled and frozen goods ride on warmer vehicles in insulated boxes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table refunds drop constraint refunds_kind_check;
alter table refunds add constraint refunds_kind_check
  check (kind in ('cancel', 'late_payment', 'campaign_cancelled', 'campaign_failed', 'shortage', 'handover', 'aftersales', 'unpicked', 'undeliverable'));

create table pickup_postponements (
  id text primary key,
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  pickup_point_id text not null references pickup_points(id),
  from_date date not null,
  to_date date not null check (to_date > from_date),
  staff_id text not null references staff(id),
  created_at timestamptz not null
);
create index pickup_postponements_order on pickup_postponements (order_id);
create index pickup_postponements_from on pickup_postponements (operator_id, from_date);

create table delivery_settings (
  operator_id text primary key references operators(id),
  insulated_boxes boolean not null default false,
  boxes_per_vehicle integer not null default 0 check (boxes_per_vehicle between 0 and 1000),
  box_volume_l integer not null default 60 check (box_volume_l between 1 and 1000),
  updated_at timestamptz not null
);
`,
  );
}
