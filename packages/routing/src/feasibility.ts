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

function withInserted(route: Int32Array, at: number, node: number): Int32Array {
  const out = new Int32Array(route.length + 1);
  out.set(route.subarray(0, at));
  out[at] = node;
  out.set(route.subarray(at), at + 1);
  return out;
}

/**
 * Turns the search's best solution into a feasible one when it is not (a fleet too small,
 * or a budget too short to reach feasibility): from each route breaking a constraint,
 * removes the stop whose removal cuts the excess most until it complies; then puts each
 * removed stop back at its cheapest feasible place, an unused vehicle included. Returns
 * the stops that fit nowhere; the routes are edited in place.
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
  return removed.filter((node) => !insertCheapest(p, routes, node, weights));
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
    for (let at = 0; at <= route.length; at++) {
      const candidate = withInserted(route, at, node);
      const m = measureRoute(p, slot, candidate, candidate.length, weights);
      if (m.loadExcess + m.timeExcess > TOLERANCE || m.cost - before >= bestDelta) continue;
      bestDelta = m.cost - before;
      bestSlot = slot;
      bestAt = at;
    }
  });
  if (bestSlot < 0) return false;
  routes[bestSlot] = withInserted(routes[bestSlot]!, bestAt, node);
  return true;
}
