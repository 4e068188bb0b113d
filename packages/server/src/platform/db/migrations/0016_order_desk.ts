import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The orders desk (support):
 * - `order_redeliveries`: a missing line sent again with a later delivery to the order's pickup
 *   point. The sorting sheet of that delivery date and the leader's deliveries list it; it moves
 *   no money and changes no order line.
 * - `order_desk_log`: what staff did to an order at the desk that no other table records
 *   (moved to another pickup point, pickup code sent again), for the order's timeline.
 * Like every tenant table since 0008, operator_id has no foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table order_redeliveries (
  id text primary key,
  operator_id text not null,
  order_id text not null references orders(id),
  order_line_id text not null references order_lines(id),
  pickup_point_id text not null,
  delivery_date date not null,
  quantity integer not null check (quantity > 0),
  reason text not null,
  created_by text not null references staff(id),
  created_at timestamptz not null
);
create index order_redeliveries_date on order_redeliveries (operator_id, delivery_date, pickup_point_id);
create index order_redeliveries_order on order_redeliveries (order_id);
create table order_desk_log (
  id text primary key,
  operator_id text not null,
  order_id text not null references orders(id),
  staff_id text not null references staff(id),
  action text not null check (action in ('moved', 'code_resent')),
  note text not null,
  created_at timestamptz not null
);
create index order_desk_log_order on order_desk_log (order_id, created_at);
`,
  );
}
