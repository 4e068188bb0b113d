import type { Model, Plan, PlannedRoute } from './model.ts';
import { buildTravelMatrices, type TravelMatrices } from './travel.ts';

const TOLERANCE = 1e-6;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Checks a plan against the model from first principles, sharing nothing with the solver
 * but the travel matrices: every stop served once or reported unserved, capacities per
 * dimension per trip, trips per vehicle, reloading between trips, time windows, shifts,
 * maximum durations, fleet counts, depots, and the reported times, loads, distances and
 * costs. Returns one message per violation.
 */
export function checkPlan(model: Model, plan: Plan): string[] {
  const travel = buildTravelMatrices(model);
  const violations: string[] = [];
  const stopIndex = new Map(model.stops.map((s, i) => [s.id, i]));
  const seen = new Set<string>();
  const vehiclesUsed = new Set<string>();
  const offPreference = new Map<string, string>();
  let totalCost = 0;
  let totalDistance = 0;
  plan.routes.forEach((route, r) => {
    const result = checkRoute(model, travel, stopIndex, route, `route ${r}`, violations);
    totalCost += result.cost;
    totalDistance += result.distance;
    const key = `${route.vehicleTypeId}#${route.vehicleIndex}`;
    if (vehiclesUsed.has(key)) violations.push(`route ${r}: vehicle ${key} is used by more than one route`);
    vehiclesUsed.add(key);
    for (const visit of route.visits) {
      if (seen.has(visit.stopId)) violations.push(`stop ${visit.stopId} is visited more than once`);
      seen.add(visit.stopId);
      const preferred = model.stops[stopIndex.get(visit.stopId) ?? -1]?.preferredVehicleType;
      if (preferred !== undefined && preferred !== route.vehicleTypeId) offPreference.set(visit.stopId, route.vehicleTypeId);
    }
  });
  const explained = new Set<string>();
  for (const c of plan.changes) {
    if (offPreference.get(c.stopId) !== c.vehicleTypeId)
      violations.push(`change of ${c.stopId} reported, but it is not served off its preferred type by ${c.vehicleTypeId}`);
    explained.add(c.stopId);
  }
  for (const stopId of offPreference.keys()) {
    if (!explained.has(stopId)) violations.push(`stop ${stopId} is served off its preferred vehicle type without a reported change`);
  }
  for (const u of plan.unserved) {
    if (!stopIndex.has(u.stopId)) violations.push(`unserved stop ${u.stopId} is not in the model`);
    if (seen.has(u.stopId)) violations.push(`stop ${u.stopId} is both visited and reported unserved`);
    seen.add(u.stopId);
  }
  for (const stop of model.stops) {
    if (!seen.has(stop.id)) violations.push(`stop ${stop.id} is neither visited nor reported unserved`);
  }
  if (!close(totalCost, plan.totalCost)) violations.push(`total cost ${plan.totalCost} differs from recomputed ${totalCost}`);
  if (!close(totalDistance, plan.totalDistance))
    violations.push(`total distance ${plan.totalDistance} differs from recomputed ${totalDistance}`);
  return violations;
}

function checkRoute(
  model: Model,
  travel: TravelMatrices,
  stopIndex: Map<string, number>,
  route: PlannedRoute,
  label: string,
  violations: string[],
): { cost: number; distance: number } {
  const type = model.vehicleTypes.find((t) => t.id === route.vehicleTypeId);
  if (!type) {
    violations.push(`${label}: unknown vehicle type ${route.vehicleTypeId}`);
    return { cost: route.cost, distance: route.distance };
  }
  if (type.count !== undefined && !(route.vehicleIndex >= 0 && route.vehicleIndex < type.count)) {
    violations.push(`${label}: vehicle index ${route.vehicleIndex} exceeds the ${type.count} vehicles of type ${type.id}`);
  }
  const startId = type.startDepot;
  const endId = type.endDepot ?? type.startDepot;
  if (route.startDepotId !== startId || route.endDepotId !== endId) violations.push(`${label}: depots differ from its vehicle type's`);
  const depotAt = (id: string) => model.depots.findIndex((d) => d.id === id);
  const start = depotAt(startId);
  const end = depotAt(endId);
  const n = travel.size;
  const dims = type.capacity.length;
  const trips = route.trips;
  const maxTrips = type.maxTrips ?? 1;
  if (trips.length > maxTrips) violations.push(`${label}: makes ${trips.length} trips, over the ${maxTrips} its vehicle may make`);
  if (trips.reduce((sum, t) => sum + t.visits, 0) !== route.visits.length)
    violations.push(`${label}: its trips do not add up to its visits`);
  if (route.visits.length > 0 && trips.some((t) => t.visits === 0)) violations.push(`${label}: has a trip without visits`);
  const reloadTime = model.depots[start]?.reloadTime ?? 0;
  const peak = new Array<number>(dims).fill(0);
  let distance = 0;
  let clock = route.departure;
  if (clock < (type.shiftStart ?? 0) - TOLERANCE) violations.push(`${label}: leaves before the shift starts`);
  if (trips.length > 0 && !close(trips[0]!.departure, route.departure))
    violations.push(`${label}: its first trip leaves at another time than the route`);
  // The driver's break: within its window, as long as the type says, between two things the vehicle does.
  const rest = route.driverBreak;
  const rule = type.driverBreak && type.driverBreak.duration > 0 ? type.driverBreak : undefined;
  let rested = false;
  if (rest && !rule) violations.push(`${label}: takes a break its vehicle type does not have`);
  if (rest && rule) {
    if (rest.start < rule.earliest - TOLERANCE || rest.start > rule.latest + TOLERANCE)
      violations.push(`${label}: its break starts at ${rest.start}, outside ${rule.earliest}–${rule.latest}`);
    if (rest.end < rest.start + rule.duration - TOLERANCE) violations.push(`${label}: its break is shorter than ${rule.duration}`);
  }
  const takeRest = (at: number) => {
    if (!rest || rested || rest.visitsBefore !== at) return;
    if (rest.start < clock - TOLERANCE) violations.push(`${label}: its break starts before what comes before it is done`);
    clock = rest.end;
    rested = true;
  };
  let v = 0;
  trips.forEach((trip, k) => {
    const tag = `${label} trip ${k}`;
    if (k > 0 && rest && !rested && rest.visitsBefore === v) {
      // At the depot after reloading, before leaving again.
      if (rest.start < trips[k - 1]!.arrival + reloadTime - TOLERANCE) violations.push(`${tag}: the break starts before reloading is done`);
      if (trip.departure < rest.end - TOLERANCE) violations.push(`${tag}: leaves before the break ends`);
      rested = true;
    }
    if (k > 0) {
      // Back at the start depot, reloaded, and out again.
      if (trip.departure < trips[k - 1]!.arrival + reloadTime - TOLERANCE)
        violations.push(`${tag}: leaves before the vehicle is back and reloaded`);
      clock = trip.departure;
    }
    const load = new Array<number>(dims).fill(0);
    let previous = start;
    let previousSite: string | undefined;
    let tripDistance = 0;
    let at = v;
    for (const visit of route.visits.slice(v, v + trip.visits)) {
      // After the visit before, on the same trip.
      if (at > v) takeRest(at);
      at++;
      if (visit.trip !== k) violations.push(`${tag}: visit of ${visit.stopId} says trip ${visit.trip}`);
      const s = stopIndex.get(visit.stopId);
      if (s === undefined) {
        violations.push(`${label}: unknown stop ${visit.stopId}`);
        continue;
      }
      const stop = model.stops[s]!;
      const node = model.depots.length + s;
      tripDistance += travel.distance[previous * n + node]!;
      const sameSite = stop.site !== undefined && previousSite === stop.site;
      const earliestArrival = clock + travel.duration[previous * n + node]! + (sameSite ? 0 : (stop.setupTime ?? 0));
      if (visit.arrival < earliestArrival - TOLERANCE) violations.push(`${label}: arrives at ${stop.id} sooner than travel allows`);
      const [open, closeAt] = stop.timeWindow ?? [-Infinity, Infinity];
      if (visit.start < Math.max(open, visit.arrival) - TOLERANCE)
        violations.push(`${label}: serves ${stop.id} before it opens or before arriving`);
      if (visit.start > closeAt + TOLERANCE)
        violations.push(`${label}: serves ${stop.id} at ${visit.start}, after its window closes at ${closeAt}`);
      if (visit.departure < visit.start + (stop.serviceTime ?? 0) - TOLERANCE)
        violations.push(`${label}: leaves ${stop.id} before service ends`);
      stop.demand.forEach((q, d) => {
        load[d] = load[d]! + q;
      });
      if (visit.load.some((q, d) => !close(q, load[d]!))) violations.push(`${label}: reported load after ${stop.id} is wrong`);
      clock = visit.departure;
      previous = node;
      previousSite = stop.site;
    }
    v += trip.visits;
    // At the trip's last stop, before driving back (a break after the depot comes with the next trip).
    if (rest && rest.start < trip.arrival - TOLERANCE) takeRest(v);
    const home = k + 1 < trips.length ? start : end;
    tripDistance += travel.distance[previous * n + home]!;
    if (trip.arrival < clock + travel.duration[previous * n + home]! - TOLERANCE)
      violations.push(`${tag}: returns sooner than travel allows`);
    clock = trip.arrival;
    distance += tripDistance;
    if (!close(tripDistance, trip.distance)) violations.push(`${tag}: reported distance ${trip.distance} differs from ${tripDistance}`);
    load.forEach((q, d) => {
      if (q > type.capacity[d]! + TOLERANCE) violations.push(`${tag}: load ${q} exceeds capacity ${type.capacity[d]} in dimension ${d}`);
      if (!close(q, trip.load[d] ?? 0)) violations.push(`${tag}: reported load ${trip.load[d]} differs from ${q} in dimension ${d}`);
      peak[d] = Math.max(peak[d]!, q);
    });
  });
  if (rest && !rested) violations.push(`${label}: its break is not between two things the vehicle does`);
  if (rule && !rest && route.visits.length > 0 && route.arrival > rule.latest + TOLERANCE)
    violations.push(`${label}: is still out when its driver's break window closes, without a break`);
  if (trips.length > 0 && !close(trips[trips.length - 1]!.arrival, route.arrival))
    violations.push(`${label}: its last trip comes back at another time than the route`);
  if (route.arrival > (type.shiftEnd ?? Infinity) + TOLERANCE) violations.push(`${label}: returns after the shift ends`);
  const duration = route.arrival - route.departure;
  if (duration > (type.maxDuration ?? Infinity) + TOLERANCE)
    violations.push(`${label}: lasts ${duration}, over the maximum ${type.maxDuration}`);
  peak.forEach((q, d) => {
    if (!close(q, route.load[d] ?? 0)) violations.push(`${label}: reported load ${route.load[d]} differs from ${q} in dimension ${d}`);
  });
  if (!close(distance, route.distance)) violations.push(`${label}: reported distance ${route.distance} differs from ${distance}`);
  if (!close(duration, route.duration)) violations.push(`${label}: reported duration ${route.duration} differs from ${duration}`);
  const cost =
    (route.visits.length > 0 ? (type.fixedCost ?? 0) + (type.tripCost ?? 0) * trips.length : 0) +
    (type.costPerDistance ?? 1) * distance +
    (type.costPerTime ?? 0) * duration +
    changeCosts(model, stopIndex, route);
  if (!close(cost, route.cost)) violations.push(`${label}: reported cost ${route.cost} differs from ${cost}`);
  return { cost, distance };
}

/** Change costs of the route's stops that prefer another vehicle type. */
function changeCosts(model: Model, stopIndex: Map<string, number>, route: PlannedRoute): number {
  let total = 0;
  for (const visit of route.visits) {
    const stop = model.stops[stopIndex.get(visit.stopId) ?? -1];
    if (stop?.preferredVehicleType !== undefined && stop.preferredVehicleType !== route.vehicleTypeId) total += stop.changeCost ?? 0;
  }
  return total;
}
