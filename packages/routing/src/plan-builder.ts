import type { Model, Plan, PlannedRoute, UnservedStop, Visit } from './model.ts';
import type { Problem } from './problem.ts';

/** Turns solver routes into the caller's plan: visits with times and loads, and costs. */
export function buildPlan(model: Model, p: Problem, routes: Int32Array[], unserved: UnservedStop[]): Plan {
  const planned: PlannedRoute[] = [];
  const n = p.nNodes;
  routes.forEach((route, slot) => {
    if (route.length === 0) return;
    const t = p.slotType[slot]!;
    const type = model.vehicleTypes[t]!;
    const start = p.startDepot[t]!;
    const end = p.endDepot[t]!;
    const departure = bestDeparture(p, t, route);
    let time = departure;
    let prev = start;
    let distance = 0;
    const load = new Array<number>(p.dims).fill(0);
    const visits: Visit[] = [];
    for (const node of route) {
      distance += p.dist[prev * n + node]!;
      const arrival = time + p.dur[prev * n + node]!;
      const begin = Math.max(arrival, p.twEarly[node]!);
      time = begin + p.service[node]!;
      for (let d = 0; d < p.dims; d++) load[d] = load[d]! + p.demand[node * p.dims + d]!;
      visits.push({ stopId: model.stops[p.stopOfNode[node]!]!.id, arrival, start: begin, departure: time, load: [...load] });
      prev = node;
    }
    distance += p.dist[prev * n + end]!;
    const arrival = time + p.dur[prev * n + end]!;
    const duration = arrival - departure;
    planned.push({
      vehicleTypeId: type.id,
      vehicleIndex: p.slotVehicleIndex[slot]!,
      startDepotId: model.depots[start]!.id,
      endDepotId: model.depots[end]!.id,
      visits,
      departure,
      arrival,
      distance,
      duration,
      load,
      cost: p.fixedCost[t]! + p.costPerDistance[t]! * distance + p.costPerTime[t]! * duration,
    });
  });
  return {
    routes: planned,
    unserved,
    totalCost: planned.reduce((sum, r) => sum + r.cost, 0),
    totalDistance: planned.reduce((sum, r) => sum + r.distance, 0),
  };
}

/**
 * Latest useful departure: leaving at the start of the route's feasible start window
 * (from the time-segment concatenation) avoids all waiting that can be avoided.
 */
function bestDeparture(p: Problem, t: number, route: Int32Array): number {
  const n = p.nNodes;
  let dur = 0;
  let warp = 0;
  let early = p.shiftStart[t]!;
  let late = p.shiftEnd[t]!;
  let prev = p.startDepot[t]!;
  for (const node of route) {
    const travel = p.dur[prev * n + node]!;
    const delta = dur - warp + travel;
    const wait = Math.max(p.twEarly[node]! - delta - late, 0);
    const extra = Math.max(early + delta - p.twLate[node]!, 0);
    dur += p.service[node]! + travel + wait;
    warp += extra;
    early = Math.max(p.twEarly[node]! - delta, early) - wait;
    late = Math.min(p.twLate[node]! - delta, late) + extra;
    prev = node;
  }
  return Number.isFinite(early) ? early : p.shiftStart[t]!;
}
