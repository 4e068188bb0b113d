import { changeCostOf, type Problem } from '../problem.ts';
import { scheduleWithBreak } from './break-schedule.ts';
import type { Penalties } from './penalties.ts';

/** A route's measures computed from scratch, by walking its stops in order. */
export interface RouteMeasures {
  distance: number;
  /** Time from leaving the start depot to reaching the end depot, waiting included. */
  duration: number;
  /** Time warp (lateness that would be needed) plus duration beyond the limit. */
  timeExcess: number;
  /** Load beyond capacity, summed over dimensions in capacity fractions. */
  loadExcess: number;
  /** Fixed, trip, distance and time costs and change costs, without penalties. */
  cost: number;
}

/**
 * Evaluates route `nodes[0..len)` for the vehicle of `slot`: clients, and depot nodes where the
 * vehicle reloads between trips. Time follows the time-warp schedule of Vidal et al.: the
 * vehicle may leave as late as useful, waits when early, and lateness is counted as warp rather
 * than forbidden; load excess is counted per trip; a route with more trips than the vehicle may
 * make is infinitely excessive. A driver's break is placed where it costs least (`scheduleWithBreak`).
 */
export function measureRoute(p: Problem, slot: number, nodes: ArrayLike<number>, len: number, weights: Float64Array): RouteMeasures {
  if (len === 0) return { distance: 0, duration: 0, timeExcess: 0, loadExcess: 0, cost: 0 };
  const n = p.nNodes;
  const type = p.slotType[slot]!;
  const start = p.startDepot[type]!;
  const end = p.endDepot[type]!;
  let distance = 0;
  let prev = start;
  const load = new Float64Array(p.dims);
  let loadExcess = 0;
  let reloads = 0;
  let clients = 0;
  let changes = 0;
  const closeTrip = () => {
    for (let d = 0; d < p.dims; d++) {
      loadExcess += Math.max(0, load[d]! - p.capacity[type * p.dims + d]!) * weights[d]!;
      load[d] = 0;
    }
  };
  // Time segment of the route so far (Vidal et al. 2013 concatenation): minimal duration,
  // unavoidable time warp, and the window of start times that achieves both.
  let duration = 0;
  let warp = 0;
  let early = p.shiftStart[type]!;
  let late = p.shiftEnd[type]!;
  for (let i = 0; i <= len; i++) {
    const node = i < len ? nodes[i]! : end;
    const travel = p.dur[prev * n + node]!;
    distance += p.dist[prev * n + node]!;
    const nodeEarly = i < len ? p.twEarly[node]! : p.shiftStart[type]!;
    const nodeLate = i < len ? p.twLate[node]! : p.shiftEnd[type]!;
    const nodeService = i < len ? p.service[node]! : 0;
    const delta = duration - warp + travel;
    const waitHere = Math.max(nodeEarly - delta - late, 0);
    const warpHere = Math.max(early + delta - nodeLate, 0);
    duration += nodeService + travel + waitHere;
    warp += warpHere;
    early = Math.max(nodeEarly - delta, early) - waitHere;
    late = Math.min(nodeLate - delta, late) + warpHere;
    if (i < len && node < p.nDepots) {
      reloads++;
      closeTrip();
    } else if (i < len) {
      clients++;
      if (p.hasPreferences) changes += changeCostOf(p, node, type);
      for (let d = 0; d < p.dims; d++) load[d]! += p.demand[node * p.dims + d]!;
    }
    prev = node;
  }
  if (clients === 0) return { distance: 0, duration: 0, timeExcess: 0, loadExcess: 0, cost: 0 };
  closeTrip();
  if (reloads >= p.maxTrips[type]!) loadExcess = Infinity;
  if (p.breakDuration[type]! > 0) {
    // The driver's break moves everything after it: the schedule with the break at its best place.
    const withBreak = scheduleWithBreak(p, type, nodes, len);
    duration = withBreak.duration;
    warp = withBreak.warp;
  }
  const timeExcess = warp + Math.max(0, duration - p.maxDuration[type]!);
  const cost =
    p.fixedCost[type]! + p.reloadCost[type]! * reloads + p.costPerDistance[type]! * distance + p.costPerTime[type]! * duration + changes;
  return { distance, duration, timeExcess, loadExcess, cost };
}

/** Penalised cost of measured route(s). */
export function penalisedCost(m: RouteMeasures, penalties: Penalties): number {
  return m.cost + penalties.load * m.loadExcess + penalties.time * m.timeExcess;
}
