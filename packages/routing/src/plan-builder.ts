import type { Model, Plan, PlannedBreak, PlannedRoute, Trip, UnservedStop, Visit } from './model.ts';
import { explainChanges } from './preferences.ts';
import { changeCostOf, type Problem } from './problem.ts';
import { scheduleWithBreak } from './solver/break-schedule.ts';

/**
 * Turns solver routes into the caller's plan: visits with times and loads per trip, the trips
 * (reloads between them take the depot's reload time), and costs.
 */
export function buildPlan(model: Model, p: Problem, routes: Int32Array[], unserved: UnservedStop[]): Plan {
  const planned: PlannedRoute[] = [];
  const n = p.nNodes;
  routes.forEach((solverRoute, slot) => {
    const route = withoutIdleReloads(p, solverRoute);
    if (route.length === 0) return;
    const t = p.slotType[slot]!;
    const type = model.vehicleTypes[t]!;
    const start = p.startDepot[t]!;
    const end = p.endDepot[t]!;
    // With a driver break, the departure and the break's place come from the schedule that has it.
    const withBreak = p.breakDuration[t]! > 0 ? scheduleWithBreak(p, t, route, route.length) : null;
    const departure =
      withBreak === null ? bestDeparture(p, t, route) : Number.isFinite(withBreak.early) ? withBreak.early : p.shiftStart[t]!;
    let time = departure;
    let driverBreak: PlannedBreak | undefined;
    const rest = (gap: number) => {
      if (withBreak?.gap !== gap) return;
      const start = Math.max(time, p.breakEarly[t]!);
      time = start + p.breakDuration[t]!;
      driverBreak = { start, end: time, visitsBefore: visits.length };
    };
    let prev = start;
    let distance = 0;
    let changes = 0;
    const peak = new Array<number>(p.dims).fill(0);
    const visits: Visit[] = [];
    const trips: Trip[] = [];
    let trip: Trip = { departure, arrival: departure, distance: 0, load: new Array<number>(p.dims).fill(0), visits: 0 };
    const closeTrip = (arrival: number) => {
      trip.arrival = arrival;
      // A reload with nothing after it (or two in a row) makes no trip.
      if (trip.visits > 0) trips.push(trip);
      for (let d = 0; d < p.dims; d++) peak[d] = Math.max(peak[d]!, trip.load[d]!);
    };
    // The break's place: after the i-th node (i ≥ 1) — a visit's service, or a reload.
    for (const [i, node] of route.entries()) {
      const leg = p.dist[prev * n + node]!;
      distance += leg;
      trip.distance += leg;
      const arrival = time + p.dur[prev * n + node]!;
      if (node < p.nDepots) {
        closeTrip(arrival);
        time = arrival + p.service[node]!;
        rest(i + 1);
        trip = { departure: time, arrival: time, distance: 0, load: new Array<number>(p.dims).fill(0), visits: 0 };
        prev = node;
        continue;
      }
      const begin = Math.max(arrival, p.twEarly[node]!);
      time = begin + p.service[node]!;
      for (let d = 0; d < p.dims; d++) trip.load[d] = trip.load[d]! + p.demand[node * p.dims + d]!;
      trip.visits++;
      changes += changeCostOf(p, node, t);
      visits.push({
        stopId: model.stops[p.stopOfNode[node]!]!.id,
        trip: trips.length,
        arrival,
        start: begin,
        departure: time,
        load: [...trip.load],
      });
      rest(i + 1);
      prev = node;
    }
    const back = p.dist[prev * n + end]!;
    distance += back;
    trip.distance += back;
    const arrival = time + p.dur[prev * n + end]!;
    closeTrip(arrival);
    const duration = arrival - departure;
    planned.push({
      vehicleTypeId: type.id,
      vehicleIndex: p.slotVehicleIndex[slot]!,
      startDepotId: model.depots[start]!.id,
      endDepotId: model.depots[end]!.id,
      visits,
      trips,
      ...(driverBreak ? { driverBreak } : {}),
      departure,
      arrival,
      distance,
      duration,
      load: peak,
      cost:
        p.fixedCost[t]! + p.reloadCost[t]! * (trips.length - 1) + p.costPerDistance[t]! * distance + p.costPerTime[t]! * duration + changes,
    });
  });
  return {
    routes: planned,
    unserved,
    changes: explainChanges(model, p, routes),
    totalCost: planned.reduce((sum, r) => sum + r.cost, 0),
    totalDistance: planned.reduce((sum, r) => sum + r.distance, 0),
  };
}

/** The route without reloads that start no trip: first, last, or right after another reload. */
function withoutIdleReloads(p: Problem, route: Int32Array): Int32Array {
  const kept: number[] = [];
  for (const node of route) {
    if (node < p.nDepots && (kept.length === 0 || kept[kept.length - 1]! < p.nDepots)) continue;
    kept.push(node);
  }
  while (kept.length > 0 && kept[kept.length - 1]! < p.nDepots) kept.pop();
  return Int32Array.from(kept);
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
