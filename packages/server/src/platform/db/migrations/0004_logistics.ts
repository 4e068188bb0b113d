import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Logistics: warehouses, the fleet (vehicle types, carriers with rate cards), delivery routes
 * with their stops, and handovers at the pickup points with their discrepancies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table warehouses (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  address text not null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  active boolean not null default true,
  created_at timestamptz not null
);
create index warehouses_operator on warehouses (operator_id, name);

create table carriers (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  phone text not null,
  -- { perTripFen, perStopFen, zones: [{ uptoKm, feeFen }] }, see logistics.rules.ts
  rate_card jsonb not null,
  active boolean not null default true,
  created_at timestamptz not null
);
create index carriers_operator on carriers (operator_id, name);

create table vehicle_types (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  -- null: our own fleet; else the carrier whose vehicles these are
  carrier_id text references carriers(id),
  capacity_weight_kg integer not null check (capacity_weight_kg > 0),
  capacity_volume_l integer not null check (capacity_volume_l > 0),
  capacity_crates integer not null check (capacity_crates > 0),
  temperature_class text not null check (temperature_class in ('ambient', 'chilled', 'frozen')),
  cost_per_km_fen bigint not null check (cost_per_km_fen >= 0),
  cost_per_trip_fen bigint not null check (cost_per_trip_fen >= 0),
  available_count integer not null check (available_count >= 0),
  active boolean not null default true,
  created_at timestamptz not null
);
create index vehicle_types_operator on vehicle_types (operator_id, name);

create table delivery_routes (
  id text primary key,
  operator_id text not null references operators(id),
  warehouse_id text not null references warehouses(id),
  delivery_date date not null,
  route_no integer not null,
  status text not null check (status in ('draft', 'published', 'loading', 'in_transit', 'completed', 'cancelled')),
  locked boolean not null default false,
  vehicle_type_id text not null references vehicle_types(id),
  driver_id text references drivers(id),
  carrier_id text references carriers(id),
  departure_at timestamptz not null,
  -- every stop must be reached by then; each stop takes service_s
  deadline_at timestamptz not null,
  service_s integer not null check (service_s >= 0),
  distance_m bigint not null default 0,
  cost_fen bigint,
  cost_detail jsonb,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz
);
create index delivery_routes_date on delivery_routes (operator_id, delivery_date, warehouse_id);
create index delivery_routes_driver on delivery_routes (operator_id, driver_id, delivery_date);

create table route_stops (
  id text primary key,
  operator_id text not null references operators(id),
  route_id text not null references delivery_routes(id),
  delivery_date date not null,
  pickup_point_id text not null references pickup_points(id),
  seq integer not null,
  planned_arrival_at timestamptz,
  status text not null check (status in ('pending', 'arrived', 'handed_over', 'confirmed', 'failed')),
  arrived_at timestamptz,
  handed_over_at timestamptz,
  confirmed_at timestamptz,
  failure_reason text
);
-- a pickup point is served by one route a day
create unique index route_stops_point_date on route_stops (operator_id, delivery_date, pickup_point_id);
create index route_stops_route on route_stops (route_id, seq);

create table handovers (
  id text primary key,
  operator_id text not null references operators(id),
  stop_id text not null unique references route_stops(id),
  route_id text not null references delivery_routes(id),
  pickup_point_id text not null references pickup_points(id),
  leader_id text not null references leaders(id),
  seal_intact boolean not null,
  confirmed_at timestamptz not null
);

create table handover_lines (
  handover_id text not null references handovers(id),
  operator_id text not null references operators(id),
  sku_id text not null references skus(id),
  expected integer not null check (expected >= 0),
  received integer not null check (received >= 0),
  blame text check (blame in ('driver', 'warehouse')),
  primary key (handover_id, sku_id)
);
`,
  );
}
