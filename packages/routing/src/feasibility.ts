import type { Problem } from './problem.ts';
import { loadWeights } from './solver/penalties.ts';
import { measureRoute } from './solver/route-eval.ts';

const TOLERANCE = 1e-9;

function without(route: Int32Array, at: number): Int32Array {
  const out = new Int32Array(route.length - 1);
  out.set(route.subarray(0, at));
  out.set(route.subarray(at + 1), at);
  return out;
}

/** A copy of the route with `node` inserted at position `at`. */
export function withInserted(route: Int32Array, at: number, node: number): Int32Array {
  const out = new Int32Array(route.length + 1);
  out.set(route.subarray(0, at));
  out[at] = node;
  out.set(route.subarray(at), at + 1);
  return out;
}

/**
 * A copy of the route with `node` inserted at `at`; `at` past the end (route.length + 1) puts it
 * on a trip of its own at the end of the vehicle's day, after a reload at its start depot.
 */
function withPlaced(p: Problem, slot: number, route: Int32Array, at: number, node: number): Int32Array {
  if (at <= route.length) return withInserted(route, at, node);
  return withInserted(withInserted(route, route.length, p.startDepot[p.slotType[slot]!]!), route.length + 1, node);
}

/**
 * Turns the search's best solution into a feasible one when it is not (a fleet too small,
 * or a budget too short to reach feasibility): from each route breaking a constraint,
 * removes the stop whose removal cuts the excess most until it complies; then puts each
 * removed stop back at its cheapest feasible place, an unused vehicle or a new trip of a
 * vehicle allowed several included; a stop that fits nowhere may still go where one other
 * stop makes room by moving to a feasible place of its own (a full reefer's ambient stop
 * moved to a van to make room for a frozen one), or where several make room (a reefer whose
 * shift is full hands several ambient stops to vans). Returns the stops that fit nowhere even so;
 * the routes are edited in place.
 */
export function makeFeasible(p: Problem, routes: Int32Array[]): number[] {
  const weights = loadWeights(p);
  const excess = (slot: number, route: Int32Array) => excessOf(p, slot, route, weights);
  const removed: number[] = [];
  routes.forEach((route, slot) => {
    let current = route;
    while (excess(slot, current) > TOLERANCE) {
      let bestAt = 0;
      let bestExcess = Infinity;
      for (let i = 0; i < current.length; i++) {
        if (current[i]! < p.nDepots) continue;
        const score = excess(slot, without(current, i));
        if (score < bestExcess) {
          bestExcess = score;
          bestAt = i;
        }
      }
      removed.push(current[bestAt]!);
      current = without(current, bestAt);
    }
    routes[slot] = current;
  });
  // Making room costs far more than a plain insertion: once it has failed for a few stops in a
  // row the fleet is full (a short fleet leaves hundreds of stops), so the rest only try a place.
  let roomless = 0;
  return removed.filter((node) => {
    if (insertCheapest(p, routes, node, weights)) return false;
    if (roomless >= MAX_ROOMLESS) return true;
    const candidates = roomCandidates(p, routes, node, weights);
    if (insertMakingRoom(p, routes, node, candidates, weights) || insertEjecting(p, routes, node, candidates, weights)) {
      roomless = 0;
      return false;
    }
    roomless++;
    return true;
  });
}

/** Load and time excess of the route on the slot's vehicle (0 when it complies). */
function excessOf(p: Problem, slot: number, route: Int32Array, weights: Float64Array): number {
  const m = measureRoute(p, slot, route, route.length, weights);
  return m.loadExcess + m.timeExcess;
}

/** Takes the routes of a trial that worked. */
function keep(routes: Int32Array[], trial: Int32Array[]): void {
  trial.forEach((route, slot) => {
    routes[slot] = route;
  });
}

/** Stops in a row for which making room failed, after which `makeFeasible` stops trying. */
const MAX_ROOMLESS = 3;
/** Vehicles `insertMakingRoom` and `insertEjecting` try for one stop, those it overfills least first. */
const ROOM_CANDIDATES = 16;

/**
 * The vehicles that could carry `node`, each with the place where inserting it breaks the fewest
 * constraints (then costs least), those it overfills least first, at most `ROOM_CANDIDATES`.
 */
function roomCandidates(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): { slot: number; at: number }[] {
  const candidates: { slot: number; at: number; excess: number }[] = [];
  routes.forEach((route, slot) => {
    if (route.length === 0 || !fitsType(p, node, p.slotType[slot]!)) return;
    let best = { at: -1, excess: Infinity, cost: Infinity };
    for (let at = 0; at <= route.length; at++) {
      const candidate = withInserted(route, at, node);
      const m = measureRoute(p, slot, candidate, candidate.length, weights);
      const e = m.loadExcess + m.timeExcess;
      if (e < best.excess - TOLERANCE || (e <= best.excess + TOLERANCE && m.cost < best.cost)) best = { at, excess: e, cost: m.cost };
    }
    candidates.push({ slot, at: best.at, excess: best.excess });
  });
  return candidates.sort((a, b) => a.excess - b.excess).slice(0, ROOM_CANDIDATES);
}

/** Most stops `insertEjecting` moves out of one vehicle to make room for another. */
const MAX_EJECTED = 8;

/** Whether vehicle type t can carry the stop's demand on a trip of its own. */
function fitsType(p: Problem, node: number, t: number): boolean {
  for (let d = 0; d < p.dims; d++) if (p.demand[node * p.dims + d]! > p.capacity[t * p.dims + d]!) return false;
  return true;
}

/** Whether a vehicle of another type than `type` in the fleet could carry the stop. */
function fitsAnotherType(p: Problem, node: number, type: number, fleetTypes: Set<number>): boolean {
  for (const t of fleetTypes) if (t !== type && fitsType(p, node, t)) return true;
  return false;
}

/**
 * Puts `node` into a vehicle whose day it overfills, then moves stops out of that vehicle one by
 * one until its day complies (at most `MAX_EJECTED`): each time the stop whose removal cuts the
 * excess most among those a vehicle of another type could carry, so that a reefer whose shift is
 * full of ambient stops hands several of them to vans to take a frozen stop. The moved stops go
 * to their cheapest feasible places (spare vehicles included). The vehicles the stop overfills
 * least are tried (`roomCandidates`); the first where every moved stop finds a place is kept.
 */
function insertEjecting(
  p: Problem,
  routes: Int32Array[],
  node: number,
  candidates: { slot: number; at: number }[],
  weights: Float64Array,
): boolean {
  const fleetTypes = new Set(p.slotType);
  for (const { slot, at } of candidates) {
    const type = p.slotType[slot]!;
    let current = withInserted(routes[slot]!, at, node);
    let currentExcess = excessOf(p, slot, current, weights);
    const ejected: number[] = [];
    while (ejected.length < MAX_EJECTED && currentExcess > TOLERANCE) {
      let bestI = -1;
      let bestExcess = Infinity;
      for (let i = 0; i < current.length; i++) {
        const x = current[i]!;
        if (x < p.nDepots || x === node || !fitsAnotherType(p, x, type, fleetTypes)) continue;
        const e = excessOf(p, slot, without(current, i), weights);
        if (e < bestExcess) {
          bestExcess = e;
          bestI = i;
        }
      }
      if (bestI < 0) break;
      ejected.push(current[bestI]!);
      current = without(current, bestI);
      currentExcess = bestExcess;
    }
    if (currentExcess > TOLERANCE) continue;
    const trial = routes.slice();
    trial[slot] = current;
    if (!ejected.every((x) => insertCheapest(p, trial, x, weights))) continue;
    keep(routes, trial);
    return true;
  }
  return false;
}

/**
 * Puts `node` into a vehicle where it breaks a constraint that taking one other stop out repairs,
 * that stop going to its cheapest feasible place elsewhere; of the vehicles it overfills least
 * (`roomCandidates`), the cheapest such pair of changes (by the first vehicle's cost) that works
 * is kept.
 */
function insertMakingRoom(
  p: Problem,
  routes: Int32Array[],
  node: number,
  candidates: { slot: number; at: number }[],
  weights: Float64Array,
): boolean {
  const options: { slot: number; at: number; i: number; delta: number }[] = [];
  for (const { slot, at } of candidates) {
    const route = routes[slot]!;
    const before = measureRoute(p, slot, route, route.length, weights).cost;
    const candidate = withInserted(route, at, node);
    for (let i = 0; i < candidate.length; i++) {
      if (i === at || candidate[i]! < p.nDepots) continue;
      const next = without(candidate, i);
      const m = measureRoute(p, slot, next, next.length, weights);
      if (m.loadExcess + m.timeExcess > TOLERANCE) continue;
      options.push({ slot, at, i, delta: m.cost - before });
    }
  }
  options.sort((a, b) => a.delta - b.delta);
  for (const option of options) {
    const candidate = withInserted(routes[option.slot]!, option.at, node);
    const trial = routes.slice();
    trial[option.slot] = without(candidate, option.i);
    if (!insertCheapest(p, trial, candidate[option.i]!, weights)) continue;
    keep(routes, trial);
    return true;
  }
  return false;
}

/** For each trip of the route (trips end at reloads), whether it has room for the stop's load. */
function tripsWithRoom(p: Problem, type: number, route: Int32Array, node: number): boolean[] {
  const dims = p.dims;
  const load = new Float64Array(dims);
  const room: boolean[] = [];
  const close = () => {
    let fits = true;
    for (let d = 0; d < dims; d++) {
      if (load[d]! + p.demand[node * dims + d]! > p.capacity[type * dims + d]! + TOLERANCE) fits = false;
      load[d] = 0;
    }
    room.push(fits);
  };
  for (const x of route) {
    if (x < p.nDepots) close();
    else for (let d = 0; d < dims; d++) load[d]! += p.demand[x * dims + d]!;
  }
  close();
  return room;
}

function insertCheapest(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): boolean {
  // Every place with room for the stop's load, with the cost its added distance implies (a lower
  // bound of what it adds: times, change costs and penalties only add), then places measured in
  // that order until the bound alone costs more than the best feasible place found: most are
  // never measured.
  const D = p.dist;
  const n = p.nNodes;
  const places: { slot: number; at: number; bound: number }[] = [];
  const emptyTried = new Set<number>();
  routes.forEach((route, slot) => {
    const type = p.slotType[slot]!;
    const cpd = p.costPerDistance[type]!;
    const start = p.startDepot[type]!;
    const end = p.endDepot[type]!;
    if (!fitsType(p, node, type)) return;
    if (route.length === 0) {
      // Unused vehicles of one type are interchangeable: try one of each.
      if (emptyTried.has(type)) return;
      emptyTried.add(type);
      places.push({ slot, at: 0, bound: p.fixedCost[type]! + cpd * (D[start * n + node]! + D[node * n + end]!) });
      return;
    }
    const room = tripsWithRoom(p, type, route, node);
    let trip = 0;
    for (let at = 0; at <= route.length; at++) {
      if (at > 0 && route[at - 1]! < p.nDepots) trip++;
      if (!room[trip]) continue;
      const before = at === 0 ? start : route[at - 1]!;
      const after = at === route.length ? end : route[at]!;
      places.push({ slot, at, bound: cpd * (D[before * n + node]! + D[node * n + after]! - D[before * n + after]!) });
    }
    // A vehicle with a trip left may also take the stop on a trip of its own at the end.
    if (p.maxTrips[type]! > 1) {
      const last = route[route.length - 1]!;
      const bound = p.reloadCost[type]! + cpd * (D[last * n + start]! + D[start * n + node]! + D[node * n + end]! - D[last * n + end]!);
      places.push({ slot, at: route.length + 1, bound });
    }
  });
  places.sort((a, b) => a.bound - b.bound);
  const costBefore = new Map<number, number>();
  let best: { slot: number; at: number } | null = null;
  let bestDelta = Infinity;
  for (const { slot, at, bound } of places) {
    if (bound >= bestDelta) break;
    const route = routes[slot]!;
    let before = costBefore.get(slot);
    if (before === undefined) {
      before = route.length === 0 ? 0 : measureRoute(p, slot, route, route.length, weights).cost;
      costBefore.set(slot, before);
    }
    const candidate = withPlaced(p, slot, route, at, node);
    const m = measureRoute(p, slot, candidate, candidate.length, weights);
    if (m.loadExcess + m.timeExcess > TOLERANCE || m.cost - before >= bestDelta) continue;
    bestDelta = m.cost - before;
    best = { slot, at };
  }
  if (best === null) return false;
  routes[best.slot] = withPlaced(p, best.slot, routes[best.slot]!, best.at, node);
  return true;
}

/**
 * Empties vehicles whose stops all fit elsewhere for less than the vehicle costs: vehicles with
 * the fewest stops first, each stop put at the first feasible place in the other used vehicles
 * in order of added distance (a new trip of one included), the change kept only if the whole
 * costs less. The
 * local search rarely empties a vehicle by itself (each stop moved out alone saves nothing until
 * the last), so a start that opened spare vehicles would keep them. `routes` must be feasible;
 * they are edited in place. Returns how many vehicles were emptied.
 */
export function emptyVehicles(p: Problem, routes: Int32Array[]): number {
  const weights = loadWeights(p);
  const cost = (rs: Int32Array[]) =>
    rs.reduce((sum, r, slot) => sum + (r.length === 0 ? 0 : measureRoute(p, slot, r, r.length, weights).cost), 0);
  const clients = (r: Int32Array) => r.reduce((n, node) => n + (node >= p.nDepots ? 1 : 0), 0);
  const order = routes
    .map((_, slot) => slot)
    .filter((slot) => routes[slot]!.length > 0)
    .sort((a, b) => clients(routes[a]!) - clients(routes[b]!) || a - b);
  let current = cost(routes);
  let emptied = 0;
  for (const slot of order) {
    const route = routes[slot]!;
    if (route.length === 0) continue;
    const trial = routes.slice();
    trial[slot] = new Int32Array(0);
    let placed = true;
    for (const node of route) {
      if (node < p.nDepots) continue;
      if (!insertNearby(p, trial, node, weights)) {
        placed = false;
        break;
      }
    }
    if (!placed) continue;
    const after = cost(trial);
    if (after >= current - TOLERANCE) continue;
    keep(routes, trial);
    current = after;
    emptied++;
  }
  return emptied;
}

/**
 * Puts `node` into a used vehicle at the first place, in order of added distance cost (a new trip
 * at the end of the day included, with its trip cost), that keeps the vehicle feasible. Only the
 * places tried are measured, so this is much cheaper than `insertCheapest` at thousands of stops.
 */
function insertNearby(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): boolean {
  const n = p.nNodes;
  const places: { slot: number; at: number; cost: number }[] = [];
  routes.forEach((route, slot) => {
    if (route.length === 0) return;
    const type = p.slotType[slot]!;
    const depot = p.startDepot[type]!;
    const end = p.endDepot[type]!;
    const cpd = p.costPerDistance[type]!;
    for (let at = 0; at <= route.length; at++) {
      const before = at === 0 ? depot : route[at - 1]!;
      const after = at === route.length ? end : route[at]!;
      places.push({ slot, at, cost: cpd * (p.dist[before * n + node]! + p.dist[node * n + after]! - p.dist[before * n + after]!) });
    }
    if (p.maxTrips[type]! > 1) {
      const last = route[route.length - 1]!;
      const cost =
        p.reloadCost[type]! +
        cpd * (p.dist[last * n + depot]! + p.dist[depot * n + node]! + p.dist[node * n + end]! - p.dist[last * n + end]!);
      places.push({ slot, at: route.length + 1, cost });
    }
  });
  places.sort((a, b) => a.cost - b.cost);
  for (const { slot, at } of places) {
    const candidate = withPlaced(p, slot, routes[slot]!, at, node);
    const m = measureRoute(p, slot, candidate, candidate.length, weights);
    if (m.loadExcess + m.timeExcess > TOLERANCE) continue;
    routes[slot] = candidate;
    return true;
  }
  return false;
}
