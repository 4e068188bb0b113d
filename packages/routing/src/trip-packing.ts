/**
 * One-trip routes packed into a fleet's shifts: the start of a multi-trip search, and the
 * second phase of the two-phase baseline the multi-trip benchmark compares with.
 *
 * `oneTripModel` is the model with every vehicle type allowed one trip (`maxTrips: 1`) and as
 * many vehicles as needed (`count` omitted), everything else unchanged (capacities, costs,
 * windows, shift), so each route of its plan is one feasible trip.
 *
 * `packRoutes` packs those routes into the model's vehicles, best-fit decreasing by duration:
 * routes from the longest; each goes onto the vehicle of its own type where it leaves the least
 * free time of the shift (the fullest that can still take it), a new vehicle of its type only
 * when no used one can, at whichever place in that vehicle's sequence of trips its windows
 * allow; trips follow each other with the depot's reload time between them, and the whole must
 * keep every window, the shift, `maxDuration` and `maxTrips` (checked exactly, by concatenating
 * time segments: Vidal et al. 2013). When every vehicle of its type is used and full, a route may
 * go onto a vehicle of another type whose capacity holds its load in every dimension (used
 * vehicles first, then the type with the lowest fixed cost), unless `sameTypeOnly`. A route that
 * fits nowhere is left out: its stops are unserved. (Driver breaks are not taken into account.)
 *
 * The packed plan is built as the engine builds one (each vehicle leaves as late as useful, each
 * trip leaves when the vehicle is reloaded or, if later, when leaving earlier would only mean
 * waiting; visits' times shifted accordingly) and costed as the engine and `checkPlan` cost it:
 * fixed cost per vehicle used + trip cost per trip + cost per distance + cost per time.
 */
import type { InitialRoute } from './initial-routes.ts';
import type { Model, Plan, PlannedRoute, Trip, UnservedStop, VehicleType, Visit } from './model.ts';
import { buildTravelMatrices, type TravelMatrices } from './travel.ts';

/** The model with one trip per vehicle and as many vehicles of each type as wanted. */
export function oneTripModel(model: Model): Model {
  return { ...model, vehicleTypes: model.vehicleTypes.map(({ count: _count, ...t }) => ({ ...t, maxTrips: 1 })) };
}

/** Whether `packRoutes` can pack for this model's fleet: every vehicle ends where it starts. */
export function canPack(model: Model): boolean {
  return model.vehicleTypes.every((t) => (t.endDepot ?? t.startDepot) === t.startDepot);
}

/** A packed plan as routes to start a search from: each vehicle's day of trips. */
export function startFrom(packed: Plan): InitialRoute[] {
  return packed.routes.map((r) => ({
    vehicleTypeId: r.vehicleTypeId,
    trips: r.trips.map((_, k) => r.visits.filter((v) => v.trip === k).map((v) => v.stopId)),
  }));
}

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
  /** Stops of left-out routes put one by one into the packed trips or spare vehicles (`placeLeftOvers`). */
  placedLeftOvers: number;
}

/**
 * Packs the one-trip routes of `onePerTrip` (a plan of `oneTripModel(model)`) into `model`'s
 * vehicles. `placeLeftOvers`: the stops of routes that fit nowhere are then put one by one, the
 * most constrained first (fewest vehicle types that can carry them, then the largest), at the
 * cheapest place that keeps every trip within capacity and every day within its windows and
 * shift: into a packed trip, as a new trip of a packed vehicle, or on a spare vehicle.
 */
export function packRoutes(model: Model, onePerTrip: Plan, options: { sameTypeOnly?: boolean; placeLeftOvers?: boolean } = {}): PackResult {
  const travel = buildTravelMatrices(model);
  const nDepots = model.depots.length;
  const stopIndex = new Map(model.stops.map((s, i) => [s.id, i]));
  const typeIndex = new Map(model.vehicleTypes.map((t, i) => [t.id, i]));
  const depotIndex = new Map(model.depots.map((d, i) => [d.id, i]));
  const types = model.vehicleTypes;
  const depotOf = (t: VehicleType) => depotIndex.get(t.startDepot)!;
  if (!canPack(model)) throw new Error('two-phase packing needs vehicles that end where they start');

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
  const leftOver: number[] = [];
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
    leftOver.push(...job.stops);
  }
  const placed = options.placeLeftOvers ? placeStops(model, travel, vehicles, used, leftOver) : new Set<number>();
  for (const s of leftOver) {
    if (placed.has(s)) continue;
    unserved.push({
      stopId: model.stops[s]!.id,
      code: 'no_vehicle_left',
      reason: 'two-phase: its one-trip route fits no vehicle shift of the fleet',
    });
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
    placedLeftOvers: placed.size,
  };
}

/**
 * Puts stops (model indices) one by one at their cheapest feasible place (see `packRoutes`);
 * returns those placed. Places are tried in order of added cost, distance and fixed costs only,
 * and the first that keeps capacity, windows and shift is taken.
 */
function placeStops(model: Model, travel: TravelMatrices, vehicles: Vehicle[], used: number[], stops: number[]): Set<number> {
  const types = model.vehicleTypes;
  const nDepots = model.depots.length;
  const n = travel.size;
  const depots = types.map((t) => model.depots.findIndex((d) => d.id === t.startDepot));
  const depotOf = (t: number) => depots[t]!;
  const carries = (t: number, s: number) => model.stops[s]!.demand.every((q, d) => q <= types[t]!.capacity[d]! + EPS);
  const largest = types[0]!.capacity.map((_, d) => Math.max(...types.map((t) => t.capacity[d]!), EPS));
  const width = new Map(stops.map((s) => [s, types.filter((_, t) => carries(t, s)).length]));
  const size = new Map(stops.map((s) => [s, model.stops[s]!.demand.reduce((sum, q, d) => sum + q / largest[d]!, 0)]));
  const order = [...stops].sort((a, b) => width.get(a)! - width.get(b)! || size.get(b)! - size.get(a)! || a - b);
  const placed = new Set<number>();
  const leg = (from: number, to: number) => travel.distance[from * n + to]!;
  for (const s of order) {
    const node = nDepots + s;
    const demand = model.stops[s]!.demand;
    type Place = { cost: number; vehicle: Vehicle | null; type: number; job: number; at: number };
    const places: Place[] = [];
    for (const vehicle of vehicles) {
      const t = vehicle.type;
      if (!carries(t, s)) continue;
      const type = types[t]!;
      const depot = depotOf(t);
      const cpd = type.costPerDistance ?? 1;
      vehicle.jobs.forEach((job, k) => {
        if (!job.load.every((q, d) => q + demand[d]! <= type.capacity[d]! + EPS)) return;
        for (let at = 0; at <= job.stops.length; at++) {
          const before = at === 0 ? depot : nDepots + job.stops[at - 1]!;
          const after = at === job.stops.length ? depot : nDepots + job.stops[at]!;
          places.push({ cost: cpd * (leg(before, node) + leg(node, after) - leg(before, after)), vehicle, type: t, job: k, at });
        }
      });
      if (vehicle.jobs.length < (type.maxTrips ?? 1)) {
        const trip = (type.tripCost ?? 0) + cpd * (leg(depot, node) + leg(node, depot));
        for (let k = 0; k <= vehicle.jobs.length; k++) places.push({ cost: trip, vehicle, type: t, job: -1 - k, at: 0 });
      }
    }
    types.forEach((type, t) => {
      if (used[t]! >= (type.count ?? Infinity) || !carries(t, s)) return;
      const depot = depotOf(t);
      const cost = (type.fixedCost ?? 0) + (type.tripCost ?? 0) + (type.costPerDistance ?? 1) * (leg(depot, node) + leg(node, depot));
      places.push({ cost, vehicle: null, type: t, job: -1, at: 0 });
    });
    places.sort((a, b) => a.cost - b.cost);
    for (const place of places) {
      const type = types[place.type]!;
      const depot = depotOf(place.type);
      const jobs = place.vehicle?.jobs ?? [];
      let sequence: TripJob[];
      if (place.job >= 0) {
        const job = jobs[place.job]!;
        const stopsOf = [...job.stops.slice(0, place.at), s, ...job.stops.slice(place.at)];
        sequence = jobs.map((j, k) =>
          k === place.job ? { index: j.index, stops: stopsOf, ...tripShape(model, travel, depot, stopsOf) } : j,
        );
      } else {
        const at = -1 - place.job;
        const job = { index: -1, stops: [s], ...tripShape(model, travel, depot, [s]) };
        sequence = [...jobs.slice(0, at), job, ...jobs.slice(at)];
      }
      if (!feasible(type, chainOf(model, type, sequence))) continue;
      if (place.vehicle) place.vehicle.jobs = sequence;
      else vehicles.push({ type: place.type, index: used[place.type]!++, jobs: sequence });
      placed.add(s);
      break;
    }
  }
  return placed;
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
