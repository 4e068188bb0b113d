import type { Generated } from 'kysely';
import type { Json, TemperatureClass, Timestamp } from './schema.ts';

export interface WarehousesTable {
  id: string;
  operator_id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** Minutes to reload a vehicle coming back for another trip. */
  reload_minutes: Generated<number>;
}

/** What an outsourced carrier charges (see logistics.rules.ts carrierCost). */
export interface RateCard {
  perTripFen: number;
  perStopFen: number;
  /** Ascending by uptoKm; the route's distance falls in the first zone reaching it, the last zone beyond. */
  zones: Array<{ uptoKm: number; feeFen: number }>;
}

export interface CarriersTable {
  id: string;
  operator_id: string;
  name: string;
  phone: string;
  rate_card: Json<RateCard>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface VehicleTypesTable {
  id: string;
  operator_id: string;
  name: string;
  carrier_id: string | null;
  capacity_weight_kg: number;
  capacity_volume_l: number;
  capacity_crates: number;
  /** The coldest of its compartments (migration 0025): kept in step with the two volumes below. */
  temperature_class: TemperatureClass;
  /** Litres of `capacity_volume_l` kept chilled and frozen; the rest is ambient. */
  chilled_volume_l: Generated<number>;
  frozen_volume_l: Generated<number>;
  cost_per_km_fen: number;
  cost_per_trip_fen: number;
  available_count: number;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** Trips one vehicle may make within its shift (1: one trip). */
  max_trips: Generated<number>;
}

export type RouteStatus = 'draft' | 'published' | 'loading' | 'in_transit' | 'completed' | 'cancelled';
export type StopStatus = 'pending' | 'arrived' | 'handed_over' | 'confirmed' | 'failed';

export interface DeliveryRoutesTable {
  id: string;
  operator_id: string;
  warehouse_id: string;
  delivery_date: string;
  route_no: number;
  status: RouteStatus;
  locked: Generated<boolean>;
  vehicle_type_id: string;
  driver_id: string | null;
  carrier_id: string | null;
  departure_at: Timestamp;
  deadline_at: Timestamp;
  service_s: number;
  distance_m: Generated<number>;
  cost_fen: number | null;
  cost_detail: Json<Record<string, unknown>> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** Which vehicle of its plan makes this trip (null: planned before vehicles made several trips). */
  vehicle_no: number | null;
  /** Which of the vehicle's trips this route is, from 1. */
  trip_no: Generated<number>;
  /** The standing line whose vehicle makes this trip (migration 0026); null: no line. */
  standing_line_id: string | null;
  /** When the driver rests on this trip, and how long (migration 0027); null: no break on it. */
  break_at: Timestamp | null;
  break_minutes: number | null;
}

export interface RouteStopsTable {
  id: string;
  operator_id: string;
  route_id: string;
  delivery_date: string;
  pickup_point_id: string;
  seq: number;
  planned_arrival_at: Timestamp | null;
  status: StopStatus;
  arrived_at: Timestamp | null;
  handed_over_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  failure_reason: string | null;
  /** The temperature classes of the point's goods this stop carries; null: all of them. */
  goods_classes: TemperatureClass[] | null;
  /** Why the stop is not on its point's standing line (migration 0026); null: on it, or the point has none. */
  line_change: LineChange | null;
}

export interface HandoversTable {
  id: string;
  operator_id: string;
  stop_id: string;
  route_id: string;
  pickup_point_id: string;
  leader_id: string;
  seal_intact: boolean;
  confirmed_at: Timestamp;
}

export interface HandoverLinesTable {
  handover_id: string;
  operator_id: string;
  sku_id: string;
  expected: number;
  received: number;
  blame: 'driver' | 'warehouse' | null;
}

/** Table types of the logistics area (migration 0004_logistics). */
/** An order moved to a later pickup date because no route served its point (migration 0020). */
export interface PickupPostponementsTable {
  id: string;
  operator_id: string;
  order_id: string;
  pickup_point_id: string;
  from_date: string;
  to_date: string;
  staff_id: string;
  created_at: Timestamp;
}

/** Whether cold goods may ride on warmer vehicles in insulated boxes (migration 0020). */
export interface DeliverySettingsTable {
  operator_id: string;
  insulated_boxes: boolean;
  boxes_per_vehicle: number;
  box_volume_l: number;
  /** Which warehouse serves a pickup point with none assigned (migration 0022). */
  warehouse_assignment: Generated<WarehouseAssignment>;
  /** What moving a point off its standing line costs a plan, fen (migration 0026). */
  line_change_cost_fen: Generated<number>;
  /** Every driver's break (migration 0027): its length (0: none) and when it may start, minutes after the plan's departure. */
  break_minutes: Generated<number>;
  break_from_minutes: Generated<number>;
  break_until_minutes: Generated<number>;
  updated_at: Timestamp;
}

/** A standing line (固定线路, migration 0026): points a warehouse delivers with one vehicle and driver. */
export interface StandingLinesTable {
  id: string;
  operator_id: string;
  warehouse_id: string;
  name: string;
  vehicle_type_id: string;
  driver_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StandingLinePointsTable {
  operator_id: string;
  pickup_point_id: string;
  line_id: string;
  /** Order on the line, from 1. */
  seq: number;
  /** The point's goods of this class are on the line (migration 0028); null: all its goods. */
  goods_class: TemperatureClass | null;
}

/** Why a stop is not on its point's standing line: the line's vehicle was full, could not keep its hours, another was cheaper, or it was not out. */
export type LineChange = 'capacity' | 'time' | 'cheaper' | 'no_vehicle';

/** 'fixed': a point without a warehouse of its own is served from the default one (the first active by id); 'nearest': from the nearest active one. */
export type WarehouseAssignment = 'fixed' | 'nearest';

/** Where the operator's road distances come from (migration 0021); no row: the estimate with its defaults. */
export interface MapSettingsTable {
  operator_id: string;
  provider: 'estimate' | 'osrm' | 'amap';
  osrm_url: string | null;
  /** Never sent back in full (the settings answer masks it). */
  amap_key: string | null;
  amap_url: string | null;
  detour_factor: number;
  speed_kmh: number;
  updated_at: Timestamp;
}

export interface LogisticsTables {
  warehouses: WarehousesTable;
  carriers: CarriersTable;
  vehicle_types: VehicleTypesTable;
  delivery_routes: DeliveryRoutesTable;
  route_stops: RouteStopsTable;
  handovers: HandoversTable;
  handover_lines: HandoverLinesTable;
  pickup_postponements: PickupPostponementsTable;
  delivery_settings: DeliverySettingsTable;
  map_settings: MapSettingsTable;
  standing_lines: StandingLinesTable;
  standing_line_points: StandingLinePointsTable;
}
