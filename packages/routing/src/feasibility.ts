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
  const excess = (slot: number, route: Int32Array) => {
    const m = measureRoute(p, slot, route, route.length, weights);
    return m.loadExcess + m.timeExcess;
  };
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
  return removed.filter(
    (node) =>
      !insertCheapest(p, routes, node, weights) && !insertMakingRoom(p, routes, node, weights) && !insertEjecting(p, routes, node, weights),
  );
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
 * to their cheapest feasible places (spare vehicles included). Vehicles are tried in order of the
 * excess the stop's best insertion causes; the first where every moved stop finds a place is kept.
 */
function insertEjecting(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): boolean {
  const excess = (slot: number, route: Int32Array) => {
    const m = measureRoute(p, slot, route, route.length, weights);
    return m.loadExcess + m.timeExcess;
  };
  const fleetTypes = new Set(p.slotType);
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
  candidates.sort((a, b) => a.excess - b.excess);
  for (const { slot, at } of candidates) {
    const type = p.slotType[slot]!;
    let current = withInserted(routes[slot]!, at, node);
    const ejected: number[] = [];
    while (ejected.length < MAX_EJECTED && excess(slot, current) > TOLERANCE) {
      let bestI = -1;
      let bestExcess = Infinity;
      for (let i = 0; i < current.length; i++) {
        const x = current[i]!;
        if (x < p.nDepots || x === node || !fitsAnotherType(p, x, type, fleetTypes)) continue;
        const e = excess(slot, without(current, i));
        if (e < bestExcess) {
          bestExcess = e;
          bestI = i;
        }
      }
      if (bestI < 0) break;
      ejected.push(current[bestI]!);
      current = without(current, bestI);
    }
    if (excess(slot, current) > TOLERANCE) continue;
    const trial = routes.slice();
    trial[slot] = current;
    if (!ejected.every((x) => insertCheapest(p, trial, x, weights))) continue;
    trial.forEach((route, s) => {
      routes[s] = route;
    });
    return true;
  }
  return false;
}

/**
 * Puts `node` into a route where it breaks a constraint that taking one other stop out repairs,
 * that stop going to its cheapest feasible place elsewhere; the cheapest such pair of changes
 * (by the first route's cost) that works is kept.
 */
function insertMakingRoom(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): boolean {
  const options: { slot: number; at: number; i: number; delta: number }[] = [];
  routes.forEach((route, slot) => {
    if (route.length === 0) return;
    const before = measureRoute(p, slot, route, route.length, weights).cost;
    for (let at = 0; at <= route.length; at++) {
      const candidate = withInserted(route, at, node);
      for (let i = 0; i < candidate.length; i++) {
        if (i === at || candidate[i]! < p.nDepots) continue;
        const next = without(candidate, i);
        const m = measureRoute(p, slot, next, next.length, weights);
        if (m.loadExcess + m.timeExcess > TOLERANCE) continue;
        options.push({ slot, at, i, delta: m.cost - before });
      }
    }
  });
  options.sort((a, b) => a.delta - b.delta);
  for (const option of options) {
    const candidate = withInserted(routes[option.slot]!, option.at, node);
    const trial = routes.slice();
    trial[option.slot] = without(candidate, option.i);
    if (!insertCheapest(p, trial, candidate[option.i]!, weights)) continue;
    trial.forEach((route, slot) => {
      routes[slot] = route;
    });
    return true;
  }
  return false;
}

function insertCheapest(p: Problem, routes: Int32Array[], node: number, weights: Float64Array): boolean {
  let bestSlot = -1;
  let bestAt = 0;
  let bestDelta = Infinity;
  const emptyTried = new Set<number>();
  routes.forEach((route, slot) => {
    if (route.length === 0) {
      // Unused vehicles of one type are interchangeable: try one of each.
      if (emptyTried.has(p.slotType[slot]!)) return;
      emptyTried.add(p.slotType[slot]!);
    }
    const before = route.length === 0 ? 0 : measureRoute(p, slot, route, route.length, weights).cost;
    const type = p.slotType[slot]!;
    // A vehicle with a trip left may also take the stop on a trip of its own at the end.
    const newTrip = route.length > 0 && p.maxTrips[type]! > 1 ? 1 : 0;
    for (let at = 0; at <= route.length + newTrip; at++) {
      const candidate = withPlaced(p, slot, route, at, node);
      const m = measureRoute(p, slot, candidate, candidate.length, weights);
      if (m.loadExcess + m.timeExcess > TOLERANCE || m.cost - before >= bestDelta) continue;
      bestDelta = m.cost - before;
      bestSlot = slot;
      bestAt = at;
    }
  });
  if (bestSlot < 0) return false;
  const route = routes[bestSlot]!;
  routes[bestSlot] = withPlaced(p, bestSlot, route, bestAt, node);
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
    trial.forEach((r, s) => {
      routes[s] = r;
    });
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
