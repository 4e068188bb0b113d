import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Standing lines (固定线路): a warehouse's points grouped into lines, each with its vehicle type and
 * its driver, saved from a day's routes. Plans keep each point on its line's vehicle unless
 * capacity or hours force a change, at `line_change_cost_fen` per point moved; a route made by a
 * line's vehicle names the line, and a stop served off its line keeps why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table standing_lines (
  id text primary key,
  operator_id text not null references operators(id),
  warehouse_id text not null references warehouses(id),
  name text not null check (length(name) between 1 and 40),
  vehicle_type_id text not null references vehicle_types(id),
  driver_id text references drivers(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (operator_id, warehouse_id, name)
);
create index standing_lines_warehouse on standing_lines (operator_id, warehouse_id);

create table standing_line_points (
  operator_id text not null references operators(id),
  pickup_point_id text not null references pickup_points(id),
  line_id text not null references standing_lines(id) on delete cascade,
  seq integer not null check (seq >= 1),
  primary key (operator_id, pickup_point_id)
);
create index standing_line_points_line on standing_line_points (line_id, seq);

alter table delivery_routes add column standing_line_id text references standing_lines(id) on delete set null;
alter table route_stops add column line_change text
  check (line_change in ('capacity', 'time', 'cheaper', 'no_vehicle'));
alter table delivery_settings add column line_change_cost_fen integer not null default 2000
  check (line_change_cost_fen between 0 and 1000000);
`,
  );
}
