/**
 * The two-phase baseline of the multi-trip benchmark: first plan one-trip routes, then pack them
 * into the real fleet's shifts.
 *
 * Phase 1 solves the model with every vehicle type allowed one trip (`maxTrips: 1`) and as many
 * vehicles as needed (`count` omitted), everything else unchanged (capacities, costs, windows,
 * shift), so each route is one feasible trip. (Variant `bounded`: count × maxTrips vehicles of
 * each type instead of unlimited.)
 *
 * Phase 2 packs those routes into the model's vehicles, best-fit decreasing by duration: routes
 * from the longest; each goes onto the vehicle of its own type where it leaves the least free
 * time of the shift (the fullest that can still take it), a new vehicle of its type only when no
 * used one can, at whichever place in that vehicle's sequence of trips its windows allow; trips
 * follow each other with the depot's reload time between them, and the whole must keep every
 * window, the shift, `maxDuration` and `maxTrips` (checked exactly, by concatenating time
 * segments: Vidal et al. 2013). When every vehicle of its type is used and full, a route may go
 * onto a vehicle of another type whose capacity holds its load in every dimension (used
 * vehicles first, then the type with the lowest fixed cost), unless `sameTypeOnly`. A route that
 * fits nowhere is left out: its stops are unserved.
 *
 * The packed plan is built as the engine builds one (each vehicle leaves as late as useful, each
 * trip leaves when the vehicle is reloaded or, if later, when leaving earlier would only mean
 * waiting; visits' times shifted accordingly) and costed as the engine and `checkPlan` cost it:
 * fixed cost per vehicle used + trip cost per trip + cost per distance + cost per time.
 */
import type { Model, Plan, PlannedRoute, Trip, UnservedStop, VehicleType, Visit } from '../src/model.ts';
import { type SolveOptions, type SolveResult, solveInThread } from '../src/solve-in-thread.ts';
import { buildTravelMatrices, type TravelMatrices } from '../src/travel.ts';

const EPS = 1e-6;

/** Time segment (Vidal et al. 2013): minimal duration, unavoidable lateness, window of start times achieving both. */
interface Segment {
  dur: number;
  warp: number;
  early: number;
  late: number;
}

function concat(a: Segment, travel: number, b: Segment): Segment {
  const delta = a.dur - a.warp + travel;
  const wait = Math.max(b.early - delta - a.late, 0);
  const extra = Math.max(a.early + delta - b.late, 0);
  return {
    dur: a.dur + travel + b.dur + wait,
    warp: a.warp + b.warp + extra,
    early: Math.max(b.early - delta, a.early) - wait,
    late: Math.min(b.late - delta, a.late) + extra,
  };
}

/** One phase-1 route: a single trip. */
interface TripJob {
  index: number;
  stops: number[];
  /** Depot → stops → depot, no shift. */
  segment: Segment;
  load: number[];
  distance: number;
}

interface Vehicle {
  type: number;
  index: number;
  jobs: TripJob[];
}

export interface PackResult {
  plan: Plan;
  /** Phase-1 routes that fit no vehicle's shift (their stops are in `plan.unserved`). */
  droppedRoutes: number;
  /** Phase-1 routes carried by a vehicle of another type than phase 1 chose. */
  otherType: number;
}

export interface TwoPhaseResult extends PackResult {
  phase1: SolveResult;
  phase1Model: Model;
}

/**
 * The model phase 1 solves: one trip per vehicle, unlimited vehicles, nothing else changed.
 * `bounded`: as many one-trip vehicles of each type as the fleet can make trips of it
 * (count × maxTrips), a variant that keeps phase 1 from planning more trips of a type than
 * exist (the default follows the usual two-phase method: unlimited).
 */
export function phaseOneModel(model: Model, bounded = false): Model {
  return {
    ...model,
    vehicleTypes: model.vehicleTypes.map(({ count, ...t }) => ({
      ...t,
      maxTrips: 1,
      ...(bounded && count !== undefined ? { count: count * (t.maxTrips ?? 1) } : {}),
    })),
  };
}

/** Both phases: solve one-trip routes with `options`, then pack them into `model`'s fleet. */
export function solveTwoPhase(
  model: Model,
  options: SolveOptions,
  pack: { sameTypeOnly?: boolean; bounded?: boolean } = {},
): TwoPhaseResult {
  const phase1Model = phaseOneModel(model, pack.bounded);
  const phase1 = solveInThread(phase1Model, options);
  return { phase1, phase1Model, ...packRoutes(model, phase1.plan, pack) };
}

/** Phase 2: packs the one-trip routes of `onePerTrip` (a plan of `phaseOneModel(model)`) into `model`'s vehicles. */
export function packRoutes(model: Model, onePerTrip: Plan, options: { sameTypeOnly?: boolean } = {}): PackResult {
  const travel = buildTravelMatrices(model);
  const nDepots = model.depots.length;
  const stopIndex = new Map(model.stops.map((s, i) => [s.id, i]));
  const typeIndex = new Map(model.vehicleTypes.map((t, i) => [t.id, i]));
  const depotIndex = new Map(model.depots.map((d, i) => [d.id, i]));
  const types = model.vehicleTypes;
  const depotOf = (t: VehicleType) => depotIndex.get(t.startDepot)!;
  if (types.some((t) => (t.endDepot ?? t.startDepot) !== t.startDepot))
    throw new Error('two-phase packing needs vehicles that end where they start');

  const jobs: (TripJob & { phaseType: number })[] = onePerTrip.routes.map((route, index) => {
    const phaseType = typeIndex.get(route.vehicleTypeId)!;
    const stops = route.visits.map((v) => stopIndex.get(v.stopId)!);
    const depot = depotOf(types[phaseType]!);
    return { index, phaseType, stops, ...tripShape(model, travel, depot, stops) };
  });

  const vehicles: Vehicle[] = [];
  const used = types.map(() => 0);
  const unserved: UnservedStop[] = [...onePerTrip.unserved];
  let droppedRoutes = 0;
  let otherType = 0;
  const fits = (t: number, job: TripJob) => job.load.every((q, d) => q <= types[t]!.capacity[d]! + EPS);

  // Best place for a job among the used vehicles of types `allowed`: least free time left.
  const bestPlace = (job: TripJob, allowed: (t: number) => boolean) => {
    let best: { vehicle: Vehicle; at: number; free: number } | null = null;
    for (const vehicle of vehicles) {
      const type = types[vehicle.type]!;
      if (!allowed(vehicle.type) || vehicle.jobs.length >= (type.maxTrips ?? 1)) continue;
      for (let at = 0; at <= vehicle.jobs.length; at++) {
        const sequence = [...vehicle.jobs.slice(0, at), job, ...vehicle.jobs.slice(at)];
        const chain = chainOf(model, type, sequence);
        if (!feasible(type, chain)) continue;
        const free = (type.maxDuration ?? Infinity) - chain.dur;
        if (best === null || free < best.free) best = { vehicle, at, free };
      }
    }
    return best;
  };
  const open = (t: number, job: TripJob): boolean => {
    const type = types[t]!;
    if (used[t]! >= (type.count ?? Infinity)) return false;
    if (!feasible(type, chainOf(model, type, [job]))) return false;
    vehicles.push({ type: t, index: used[t]!++, jobs: [job] });
    return true;
  };

  const order = [...jobs].sort((a, b) => b.segment.dur - a.segment.dur || a.index - b.index);
  for (const job of order) {
    const own = job.phaseType;
    const place = bestPlace(job, (t) => t === own);
    if (place) {
      place.vehicle.jobs.splice(place.at, 0, job);
      continue;
    }
    if (open(own, job)) continue;
    if (!options.sameTypeOnly) {
      const other = (t: number) => t !== own && fits(t, job);
      const elsewhere = bestPlace(job, other);
      if (elsewhere) {
        elsewhere.vehicle.jobs.splice(elsewhere.at, 0, job);
        otherType++;
        continue;
      }
      const byFixedCost = types
        .map((_, t) => t)
        .filter(other)
        .sort((a, b) => (types[a]!.fixedCost ?? 0) - (types[b]!.fixedCost ?? 0));
      if (byFixedCost.some((t) => open(t, job))) {
        otherType++;
        continue;
      }
    }
    droppedRoutes++;
    for (const s of job.stops) {
      unserved.push({
        stopId: model.stops[s]!.id,
        code: 'no_vehicle_left',
        reason: 'two-phase: its one-trip route fits no vehicle shift of the fleet',
      });
    }
  }

  const routes = vehicles.map((v) => plannedRoute(model, travel, nDepots, v));
  return {
    plan: {
      routes,
      unserved,
      changes: [],
      totalCost: routes.reduce((sum, r) => sum + r.cost, 0),
      totalDistance: routes.reduce((sum, r) => sum + r.distance, 0),
    },
    droppedRoutes,
    otherType,
  };
}

/** Travel time from location `from` to stop `s` (location index), setup time included unless at the same site. */
function legTime(model: Model, travel: TravelMatrices, from: number, fromSite: string | undefined, s: number): number {
  const stop = model.stops[s]!;
  const node = model.depots.length + s;
  const same = stop.site !== undefined && stop.site === fromSite;
  return travel.duration[from * travel.size + node]! + (same ? 0 : (stop.setupTime ?? 0));
}

function tripShape(model: Model, travel: TravelMatrices, depot: number, stops: number[]): Omit<TripJob, 'index' | 'stops'> {
  const n = travel.size;
  const dims = model.vehicleTypes[0]!.capacity.length;
  const load = new Array<number>(dims).fill(0);
  let segment: Segment = { dur: 0, warp: 0, early: -Infinity, late: Infinity };
  let prev = depot;
  let prevSite: string | undefined;
  let distance = 0;
  for (const s of stops) {
    const stop = model.stops[s]!;
    const node = model.depots.length + s;
    const [open, close] = stop.timeWindow ?? [-Infinity, Infinity];
    segment = concat(segment, legTime(model, travel, prev, prevSite, s), { dur: stop.serviceTime ?? 0, warp: 0, early: open, late: close });
    distance += travel.distance[prev * n + node]!;
    stop.demand.forEach((q, d) => {
      load[d]! += q;
    });
    prev = node;
    prevSite = stop.site;
  }
  segment = concat(segment, travel.duration[prev * n + depot]!, { dur: 0, warp: 0, early: -Infinity, late: Infinity });
  distance += travel.distance[prev * n + depot]!;
  return { segment, load, distance };
}

/** The vehicle's day: shift start, trips with reloads between them, shift end. */
function chainOf(model: Model, type: VehicleType, jobs: TripJob[]): Segment {
  const reload = model.depots.find((d) => d.id === type.startDepot)?.reloadTime ?? 0;
  const shift: Segment = { dur: 0, warp: 0, early: type.shiftStart ?? 0, late: type.shiftEnd ?? Infinity };
  let chain = shift;
  jobs.forEach((job, k) => {
    if (k > 0) chain = concat(chain, 0, { dur: reload, warp: 0, early: -Infinity, late: Infinity });
    chain = concat(chain, 0, job.segment);
  });
  return concat(chain, 0, shift);
}

function feasible(type: VehicleType, chain: Segment): boolean {
  return chain.warp <= EPS && chain.dur <= (type.maxDuration ?? Infinity) + EPS;
}

/** The packed vehicle as the engine would report it: leaves as late as useful, trips one after the other. */
function plannedRoute(model: Model, travel: TravelMatrices, nDepots: number, vehicle: Vehicle): PlannedRoute {
  const type = model.vehicleTypes[vehicle.type]!;
  const depot = model.depots.findIndex((d) => d.id === type.startDepot);
  const reload = model.depots[depot]!.reloadTime ?? 0;
  const n = travel.size;
  const dims = type.capacity.length;
  const chain = chainOf(model, type, vehicle.jobs);
  const visits: Visit[] = [];
  const trips: Trip[] = [];
  const peak = new Array<number>(dims).fill(0);
  let ready = Number.isFinite(chain.early) ? chain.early : (type.shiftStart ?? 0);
  vehicle.jobs.forEach((job, k) => {
    // Leaving before the trip's own earliest start would only mean waiting on the way.
    const departure = Math.max(ready, job.segment.early);
    let time = departure;
    let prev = depot;
    let prevSite: string | undefined;
    let distance = 0;
    const load = new Array<number>(dims).fill(0);
    for (const s of job.stops) {
      const stop = model.stops[s]!;
      const node = nDepots + s;
      const arrival = time + legTime(model, travel, prev, prevSite, s);
      const start = Math.max(arrival, stop.timeWindow?.[0] ?? -Infinity);
      time = start + (stop.serviceTime ?? 0);
      distance += travel.distance[prev * n + node]!;
      stop.demand.forEach((q, d) => {
        load[d]! += q;
      });
      visits.push({ stopId: stop.id, trip: k, arrival, start, departure: time, load: [...load] });
      prev = node;
      prevSite = stop.site;
    }
    distance += travel.distance[prev * n + depot]!;
    const arrival = time + travel.duration[prev * n + depot]!;
    trips.push({ departure, arrival, distance, load, visits: job.stops.length });
    load.forEach((q, d) => {
      peak[d] = Math.max(peak[d]!, q);
    });
    ready = arrival + reload;
  });
  const departure = trips[0]!.departure;
  const arrival = trips[trips.length - 1]!.arrival;
  const distance = trips.reduce((sum, t) => sum + t.distance, 0);
  const duration = arrival - departure;
  return {
    vehicleTypeId: type.id,
    vehicleIndex: vehicle.index,
    startDepotId: type.startDepot,
    endDepotId: type.endDepot ?? type.startDepot,
    visits,
    trips,
    departure,
    arrival,
    distance,
    duration,
    load: peak,
    cost:
      (type.fixedCost ?? 0) +
      (type.tripCost ?? 0) * trips.length +
      (type.costPerDistance ?? 1) * distance +
      (type.costPerTime ?? 0) * duration,
  };
}
