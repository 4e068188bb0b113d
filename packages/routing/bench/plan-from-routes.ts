import type { Model, Plan, PlannedRoute } from '../src/model.ts';
import { buildTravelMatrices } from '../src/travel.ts';

/** A plan for routes of a model without time windows: leave at the shift start, never wait. */
export function planFromRoutes(model: Model, routes: string[][]): Plan {
  const travel = buildTravelMatrices(model);
  const n = travel.size;
  const type = model.vehicleTypes[0]!;
  const index = new Map(model.stops.map((s, i) => [s.id, i]));
  const planned: PlannedRoute[] = routes.map((ids, k) => {
    let prev = 0;
    let time = type.shiftStart ?? 0;
    let distance = 0;
    const load = [0];
    const visits = ids.map((id) => {
      const s = index.get(id)!;
      const node = model.depots.length + s;
      distance += travel.distance[prev * n + node]!;
      time += travel.duration[prev * n + node]!;
      const start = time;
      time += model.stops[s]!.serviceTime ?? 0;
      load[0]! += model.stops[s]!.demand[0]!;
      prev = node;
      return { stopId: id, trip: 0, arrival: start, start, departure: time, load: [...load] };
    });
    distance += travel.distance[prev * n]!;
    time += travel.duration[prev * n]!;
    const departure = type.shiftStart ?? 0;
    const depot = model.depots[0]!.id;
    return {
      vehicleTypeId: type.id,
      vehicleIndex: k,
      startDepotId: depot,
      endDepotId: depot,
      visits,
      trips: [{ departure, arrival: time, distance, load: [...load], visits: visits.length }],
      departure,
      arrival: time,
      distance,
      duration: time - departure,
      load,
      cost: distance,
    };
  });
  const visited = new Set(routes.flat());
  const total = planned.reduce((s, r) => s + r.distance, 0);
  const unserved = model.stops
    .filter((s) => !visited.has(s.id))
    .map((s) => ({ stopId: s.id, code: 'no_vehicle_left' as const, reason: 'not in the file' }));
  return { routes: planned, unserved, changes: [], totalCost: total, totalDistance: total };
}
