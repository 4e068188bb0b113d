import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Vehicles make several trips a day: a vehicle type says how many trips one vehicle may make
 * within its shift, a warehouse how long reloading takes between trips, and a planned route (one
 * trip) which vehicle of its plan it belongs to and which of that vehicle's trips it is. Routes
 * planned before keep a null vehicle number: each was a vehicle of its own.
 *
 * And a pickup point may get one drop per temperature class (its frozen goods on a freezer truck,
 * the rest on a van): a stop says which classes of the point's goods it carries (null: all of
 * them), so a point may have several stops a day, one per set of classes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table vehicle_types add column max_trips integer not null default 1 check (max_trips between 1 and 6);
alter table warehouses add column reload_minutes integer not null default 30 check (reload_minutes between 0 and 240);
alter table delivery_routes add column vehicle_no integer check (vehicle_no >= 1);
alter table delivery_routes add column trip_no integer not null default 1 check (trip_no >= 1);
create index delivery_routes_vehicle on delivery_routes (operator_id, delivery_date, vehicle_no);
alter table route_stops add column goods_classes text[]
  check (goods_classes is null or (cardinality(goods_classes) between 1 and 3 and goods_classes <@ array['ambient', 'chilled', 'frozen']::text[]));
drop index route_stops_point_date;
create unique index route_stops_point_date_goods
  on route_stops (operator_id, delivery_date, pickup_point_id, (coalesce(goods_classes, array[]::text[])));
`,
  );
}
