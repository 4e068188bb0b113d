/**
 * The planning model a caller hands to the solver, and the plan it gets back.
 * Units are the caller's: distances and durations only need to agree with the matrix
 * (or with the coordinates and speed used to build it).
 */

/** A point on the earth (degrees) for haversine travel, or on a plane for Euclidean travel. */
export type Position = { lat: number; lon: number } | { x: number; y: number };

export interface Depot {
  id: string;
  position?: Position;
  /** Time to load a vehicle that comes back for another trip (not counted before the first trip). */
  reloadTime?: number;
}

export interface Stop {
  id: string;
  position?: Position;
  /** One amount per capacity dimension (e.g. weight, volume, crates). */
  demand: number[];
  /** Time spent at the stop; counts toward route duration, not distance. */
  serviceTime?: number;
  /** Service must start within [earliest, latest]; arriving early means waiting. */
  timeWindow?: [number, number];
  /**
   * The place the stop is at, when several stops share one (e.g. one delivery per temperature
   * class at one pickup point): visits in a row at one site pay its setup time only once.
   */
  site?: string;
  /**
   * Time to park and walk in, paid on arriving from anywhere but another stop of the same site;
   * counted with the travel before the visit (its arrival is after it).
   */
  setupTime?: number;
  /**
   * The vehicle type expected to serve the stop (e.g. the vehicle of the standing line it is on):
   * a vehicle of another type may serve it, for `changeCost` more.
   */
  preferredVehicleType?: string;
  /** Added to the cost of the route that serves the stop when its vehicle is not of the preferred type (default 0). */
  changeCost?: number;
}

export interface VehicleType {
  id: string;
  /** How many vehicles of this type exist; omitted means as many as needed. */
  count?: number;
  /** One capacity per dimension, same order as stop demands. */
  capacity: number[];
  /** Paid once per vehicle that leaves the depot. */
  fixedCost?: number;
  /**
   * How many trips one vehicle may make within its shift (default 1): it comes back to its start
   * depot, reloads for the depot's reload time and leaves again, with its full capacity per trip.
   */
  maxTrips?: number;
  /** Paid for every trip, the first included (a carrier's price per trip). */
  tripCost?: number;
  costPerDistance?: number;
  costPerTime?: number;
  shiftStart?: number;
  shiftEnd?: number;
  /** Longest allowed time from leaving the start depot to reaching the end depot. */
  maxDuration?: number;
  /**
   * A break the driver takes within the shift: `duration` long, starting within [earliest, latest]
   * (times like the shift's), wherever the vehicle is then — after a visit, before driving on, or
   * at the depot after reloading; not before the first visit (that would be leaving later). A
   * vehicle back at its end depot by `latest` needs none.
   */
  driverBreak?: DriverBreak;
  startDepot: string;
  /** Defaults to the start depot. */
  endDepot?: string;
}

export interface DriverBreak {
  earliest: number;
  latest: number;
  duration: number;
}

/**
 * How travel between locations is measured. Location order for matrices: depots first
 * (in model order), then stops (in model order).
 */
export type Travel =
  | { kind: 'matrix'; distance: ArrayLike<number>; duration?: ArrayLike<number> }
  | { kind: 'haversine'; detourFactor?: number; speed: number }
  | { kind: 'euclidean'; round?: boolean; speed?: number };

export interface Model {
  depots: Depot[];
  stops: Stop[];
  vehicleTypes: VehicleType[];
  travel: Travel;
  /** Optional names of the capacity dimensions, for messages. */
  dimensions?: string[];
}

export interface Visit {
  stopId: string;
  /** Which trip of its vehicle (0-based) serves the stop. */
  trip: number;
  arrival: number;
  /** Start of service: the arrival, or the window opening if the vehicle waits. */
  start: number;
  departure: number;
  /** Load of its trip served up to and including this stop, per dimension. */
  load: number[];
}

/** When the driver rests: after `visitsBefore` of the route's visits (at that stop, or at the depot after a trip). */
export interface PlannedBreak {
  start: number;
  end: number;
  visitsBefore: number;
}

/** One trip of a vehicle: from leaving its depot loaded to coming back. */
export interface Trip {
  /** Leaves the depot (after reloading, for trips after the first). */
  departure: number;
  /** Back at the depot. */
  arrival: number;
  distance: number;
  /** Load carried on this trip, per dimension. */
  load: number[];
  /** Number of the route's visits on this trip; the visits follow each other in `visits`. */
  visits: number;
}

export interface PlannedRoute {
  vehicleTypeId: string;
  /** Which vehicle of its type (0-based), so that counts can be checked. */
  vehicleIndex: number;
  startDepotId: string;
  endDepotId: string;
  visits: Visit[];
  /** The vehicle's trips in order (one unless its type allows several). */
  trips: Trip[];
  /** The driver's break, when its type has one and the route is still out when the break window ends. */
  driverBreak?: PlannedBreak;
  departure: number;
  arrival: number;
  distance: number;
  duration: number;
  /** Most loaded trip, per dimension (what the vehicle must hold at once). */
  load: number[];
  /** Fixed, trip, distance and time costs, and the change costs of the stops it serves off their preferred type. */
  cost: number;
}

/**
 * Why a stop was left out, for programs: its demand fits no vehicle (`too_big`), no vehicle can
 * reach it within its window, shift and duration (`unreachable`), or the vehicles there are could
 * not take it without breaking a limit (`no_vehicle_left`).
 */
export type UnservedCode = 'too_big' | 'unreachable' | 'no_vehicle_left';

export interface UnservedStop {
  stopId: string;
  code: UnservedCode;
  /** The same, for people (English). */
  reason: string;
}

/**
 * Why a stop is served by another vehicle type than its preferred one, for programs: the
 * preferred vehicle has no room on any trip (`capacity`), has room but cannot serve it within
 * its window and the shift (`time`), could take it but serving it otherwise saves more than the
 * change cost (`cheaper`), or no vehicle of that type is available (`no_vehicle`).
 */
export type ChangeCode = 'capacity' | 'time' | 'cheaper' | 'no_vehicle';

export interface PreferenceChange {
  stopId: string;
  preferredVehicleTypeId: string;
  /** The type that serves it. */
  vehicleTypeId: string;
  code: ChangeCode;
  /** The same, for people (English). */
  reason: string;
}

export interface Plan {
  routes: PlannedRoute[];
  unserved: UnservedStop[];
  /** Served stops whose vehicle is not of their preferred type, with the reason. */
  changes: PreferenceChange[];
  totalCost: number;
  totalDistance: number;
}
