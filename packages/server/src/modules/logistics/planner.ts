import { type ChangeCode, type Model, solve, type UnservedCode } from '@linli/routing';
import type { DistanceProvider, LatLng } from './distance.ts';

/**
 * Capacity dimensions, in this order: weight (g), volume (ml), crates, volume of goods needing a
 * chilled-or-colder vehicle (ml), volume of frozen goods (ml); then, where insulated boxes are
 * allowed, boxes for frozen goods on a chilled vehicle and boxes for chilled and frozen goods on
 * an ambient vehicle (a vehicle cold enough has room without limit there, and a warmer one has
 * room without limit in the cold dimensions, its boxes being the limit).
 */
export type Load = number[];
export const LOAD_DIMENSIONS = [
  'weight (g)',
  'volume (ml)',
  'crates',
  'chilled-or-frozen volume (ml)',
  'frozen volume (ml)',
  'boxes on a chilled vehicle',
  'boxes on an ambient vehicle',
];

export interface PlanStop extends LatLng {
  id: string;
  demand: Load;
  serviceS: number;
  /** Stops at one place (a pickup point's deliveries per temperature class): in a row, they park once. */
  site?: string;
  /** Parking and walking in, paid once per arrival at the site. */
  setupS?: number;
  /** Seconds after departure from the warehouse within which service must start. */
  window: [number, number];
  /** The vehicle type expected to serve it (its standing line's vehicle), and what serving it otherwise costs, fen. */
  preferredVehicleType?: string;
  changeCostFen?: number;
}

export interface PlanVehicleType {
  id: string;
  count: number;
  capacity: Load;
  perKmFen: number;
  perTripFen: number;
  /** Longest shift from leaving the warehouse to coming back, seconds. */
  maxDurationS: number;
  /** Trips one vehicle may make within its shift (default 1). */
  maxTrips?: number;
}

export interface PlanInput {
  depot: LatLng;
  /** Seconds to reload a vehicle between two trips. */
  reloadS?: number;
  /** Every driver rests `durationS`, starting between these seconds after departure (a vehicle back by `untilS` needs no break). */
  driverBreak?: { fromS: number; untilS: number; durationS: number };
  stops: readonly PlanStop[];
  vehicleTypes: readonly PlanVehicleType[];
  distances: DistanceProvider;
  /** Routes to start the search from (the standing lines' vehicles with their stops in order). */
  initialRoutes?: Array<{ vehicleTypeId: string; stopIds: string[] }>;
}

export interface PlannedTrip {
  vehicleTypeId: string;
  /** The vehicle making the trip, the same for all its trips of the plan (type and index). */
  vehicleKey: string;
  /** Which of the vehicle's trips, from 1. */
  tripNo: number;
  /** Leaves the warehouse, seconds after the plan's departure. */
  departureS: number;
  /** Stops in driving order with the planned start of service (seconds after departure). */
  stops: Array<{ stopId: string; arrivalS: number }>;
  distanceM: number;
  /** When the driver rests on this trip: after the stops planned before it, or at the warehouse before leaving. */
  breakS?: { startS: number; durationS: number };
}

export interface PlanResult {
  trips: PlannedTrip[];
  unserved: Array<{ stopId: string; code: UnservedCode | 'no_vehicle'; reason: string }>;
  /** Served stops whose vehicle is not of their preferred type, and why. */
  changes?: Array<{ stopId: string; code: ChangeCode }>;
}

/** Turns stops with demands and windows into trips of the available vehicles. */
export interface RoutePlanner {
  plan(input: PlanInput): Promise<PlanResult>;
}

export interface EnginePlannerOptions {
  /** Wall-clock budget of the search; default 5 s. */
  timeLimitMs?: number;
  /** A deterministic budget instead (tests). */
  maxIterations?: number;
  seed?: number;
}

/**
 * The planner backed by the routing engine (hybrid genetic search in a worker thread), minimising
 * per-trip plus per-kilometre cost; a vehicle may make several trips where its type allows,
 * reloading at the warehouse between them. Travel comes from the distance provider as a matrix.
 */
export function enginePlanner(options: EnginePlannerOptions = {}): RoutePlanner {
  return {
    async plan(input) {
      const vehicleTypes = input.vehicleTypes.filter((v) => v.count > 0);
      if (input.stops.length === 0) return { trips: [], unserved: [] };
      if (vehicleTypes.length === 0) {
        return {
          trips: [],
          unserved: input.stops.map((s) => ({ stopId: s.id, code: 'no_vehicle' as const, reason: 'no vehicle available for these goods' })),
        };
      }
      const { distanceM, durationS } = await input.distances.matrix([input.depot, ...input.stops]);
      const model: Model = {
        depots: [{ id: 'warehouse', reloadTime: input.reloadS ?? 0 }],
        stops: input.stops.map((s) => ({
          id: s.id,
          demand: [...s.demand],
          serviceTime: s.serviceS,
          timeWindow: s.window,
          ...(s.site !== undefined ? { site: s.site, setupTime: s.setupS ?? 0 } : {}),
          ...(s.preferredVehicleType !== undefined && vehicleTypes.some((v) => v.id === s.preferredVehicleType)
            ? { preferredVehicleType: s.preferredVehicleType, changeCost: s.changeCostFen ?? 0 }
            : {}),
        })),
        vehicleTypes: vehicleTypes.map((v) => ({
          id: v.id,
          count: v.count,
          capacity: [...v.capacity],
          tripCost: v.perTripFen,
          maxTrips: v.maxTrips ?? 1,
          costPerDistance: v.perKmFen / 1000,
          shiftStart: 0,
          maxDuration: v.maxDurationS,
          startDepot: 'warehouse',
          ...(input.driverBreak && input.driverBreak.durationS > 0
            ? {
                driverBreak: { earliest: input.driverBreak.fromS, latest: input.driverBreak.untilS, duration: input.driverBreak.durationS },
              }
            : {}),
        })),
        travel: { kind: 'matrix', distance: distanceM, duration: durationS },
        dimensions: LOAD_DIMENSIONS.slice(0, input.stops[0]?.demand.length ?? 5),
      };
      const budget =
        options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : { timeLimitMs: options.timeLimitMs ?? 5000 };
      const { plan } = await solve(model, {
        seed: options.seed ?? 1,
        ...budget,
        ...(input.initialRoutes?.length ? { initialRoutes: input.initialRoutes } : {}),
      });
      return {
        trips: plan.routes.flatMap((r) => {
          let first = 0;
          return r.trips.map((trip, k) => {
            const visits = r.visits.slice(first, first + trip.visits);
            first += trip.visits;
            // The break is on this trip when it falls between the previous trip's return and this one's.
            const rest = r.driverBreak;
            const onTrip =
              rest !== undefined && rest.start >= (k === 0 ? -Infinity : r.trips[k - 1]!.arrival) - 1e-6 && rest.end <= trip.arrival + 1e-6;
            return {
              ...(onTrip ? { breakS: { startS: rest!.start, durationS: rest!.end - rest!.start } } : {}),
              vehicleTypeId: r.vehicleTypeId,
              vehicleKey: `${r.vehicleTypeId}#${r.vehicleIndex}`,
              tripNo: k + 1,
              departureS: trip.departure,
              stops: visits.map((v) => ({ stopId: v.stopId, arrivalS: v.start })),
              distanceM: trip.distance,
            };
          });
        }),
        unserved: plan.unserved.map((u) => ({ stopId: u.stopId, code: u.code, reason: u.reason })),
        changes: plan.changes.map((c) => ({ stopId: c.stopId, code: c.code })),
      };
    },
  };
}
