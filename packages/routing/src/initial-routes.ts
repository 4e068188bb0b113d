import type { Model } from './model.ts';
import type { Problem } from './problem.ts';

/**
 * A route to start the search from: a vehicle type and its stops in order, as one trip
 * (`stopIds`) or as the vehicle's day of trips (`trips`, each reloaded at the start depot).
 */
export type InitialRoute =
  | { vehicleTypeId: string; stopIds: readonly string[] }
  | { vehicleTypeId: string; trips: readonly (readonly string[])[] };

/**
 * Turns routes to start from (e.g. the standing lines' vehicles) into solver routes per slot: each
 * takes the next free vehicle of its type (one without any left is dropped); unknown, unservable
 * or repeated stops are skipped; trips beyond the type's `maxTrips` join its last allowed trip;
 * the stops in none are put one by one at their cheapest place by distance, an empty vehicle
 * included. The search improves the result like any other solution (an overfull or late
 * vehicle is repaired by its penalties).
 */
export function initialSolution(model: Model, p: Problem, routes: readonly InitialRoute[]): Int32Array[] {
  const nodeOf = new Map<string, number>();
  for (let node = p.nDepots; node < p.nNodes; node++) nodeOf.set(model.stops[p.stopOfNode[node]!]!.id, node);
  const typeIndex = new Map(model.vehicleTypes.map((t, k) => [t.id, k]));
  const lists: number[][] = Array.from({ length: p.nSlots }, () => []);
  const used = new Set<number>();
  const placed = new Set<number>();
  for (const route of routes) {
    const type = typeIndex.get(route.vehicleTypeId);
    if (type === undefined) continue;
    let slot = -1;
    for (let s = 0; s < p.nSlots; s++) {
      if (p.slotType[s] === type && !used.has(s)) {
        slot = s;
        break;
      }
    }
    if (slot < 0) continue;
    used.add(slot);
    const trips = 'trips' in route ? route.trips : [route.stopIds];
    const list = lists[slot]!;
    trips.forEach((trip, k) => {
      // A reload is a visit to the start depot between two trips.
      if (k > 0 && k < p.maxTrips[type]! && list.length > 0 && list[list.length - 1]! >= p.nDepots) list.push(p.startDepot[type]!);
      for (const id of trip) {
        const node = nodeOf.get(id);
        if (node === undefined || placed.has(node)) continue;
        placed.add(node);
        list.push(node);
      }
    });
    if (list.length > 0 && list[list.length - 1]! < p.nDepots) list.pop();
  }
  const n = p.nNodes;
  for (let node = p.nDepots; node < p.nNodes; node++) {
    if (placed.has(node)) continue;
    let best = Infinity;
    let bestSlot = -1;
    let bestAt = 0;
    for (let s = 0; s < p.nSlots; s++) {
      const list = lists[s]!;
      const depot = p.startDepot[p.slotType[s]!]!;
      const end = p.endDepot[p.slotType[s]!]!;
      const scale = p.costPerDistance[p.slotType[s]!]!;
      for (let at = 0; at <= list.length; at++) {
        const before = at === 0 ? depot : list[at - 1]!;
        const after = at === list.length ? end : list[at]!;
        const cost =
          scale * (p.dist[before * n + node]! + p.dist[node * n + after]! - p.dist[before * n + after]!) +
          (list.length === 0 ? p.fixedCost[p.slotType[s]!]! : 0);
        if (cost < best) {
          best = cost;
          bestSlot = s;
          bestAt = at;
        }
      }
    }
    lists[bestSlot]!.splice(bestAt, 0, node);
  }
  return lists.map((l) => Int32Array.from(l));
}
