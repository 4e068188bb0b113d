import type { Problem } from '../problem.ts';
import type { Penalties } from './penalties.ts';
import { measureRoute } from './route-eval.ts';

/**
 * Split (Prins 2004, as in HGS): cuts a giant tour into routes by a shortest path over
 * route breaks, pricing each candidate route with the penalised cost of a reference
 * vehicle type (the largest); when that needs more trips than the fleet can make, the
 * bounded-fleet variant cuts it into at most that many. Routes are then given to vehicle
 * slots, each to the free type where it is cheapest when the fleet is mixed; once every
 * vehicle has one, further routes become extra trips of vehicles allowed several.
 */
export class Splitter {
  private readonly p: Problem;
  private readonly weights: Float64Array;
  private readonly reference: number;
  private readonly potential: Float64Array;
  private readonly cut: Int32Array;
  private readonly load: Float64Array;
  /** Trips the whole fleet can make (vehicles times their trips). */
  private readonly tripCapacity: number;

  constructor(p: Problem, weights: Float64Array) {
    this.p = p;
    this.weights = weights;
    let best = -1;
    let bestSize = -Infinity;
    for (let t = 0; t < p.nTypes; t++) {
      let size = 0;
      for (let d = 0; d < p.dims; d++) size += p.capacity[t * p.dims + d]! * weights[d]!;
      if (size > bestSize && p.slotType.includes(t)) {
        bestSize = size;
        best = t;
      }
    }
    this.reference = Math.max(best, 0);
    this.potential = new Float64Array(p.nClients + 1);
    this.cut = new Int32Array(p.nClients + 1);
    this.load = new Float64Array(p.dims);
    let trips = 0;
    for (let slot = 0; slot < p.nSlots; slot++) trips += p.maxTrips[p.slotType[slot]!]!;
    this.tripCapacity = Math.max(1, trips);
  }

  /** Returns routes per slot for the giant tour. */
  split(tour: Int32Array, penalties: Penalties): Int32Array[] {
    const n = tour.length;
    this.potential.fill(Infinity);
    this.potential[0] = 0;
    for (let i = 0; i < n; i++) {
      if (this.potential[i]! < Infinity) this.relax(tour, i, this.potential[i]!, penalties, this.potential, this.cut);
    }
    let pieces: Int32Array[] = [];
    for (let j = n; j > 0; j = this.cut[j]!) pieces.push(tour.slice(this.cut[j]!, j));
    pieces.reverse();
    // More trips than the fleet can make: cut again into at most that many (bounded-fleet Split).
    if (pieces.length > this.tripCapacity) pieces = this.splitBounded(tour, penalties, this.tripCapacity) ?? pieces;
    return this.assignSlots(pieces, penalties);
  }

  /**
   * Bounded-fleet Split (Prins 2004, §4): the shortest path over route breaks with at most
   * `limit` routes, by layers (layer k holds the best cost of the first j clients in k routes).
   * Null when no cut into at most `limit` routes exists within the overload cap.
   */
  private splitBounded(tour: Int32Array, penalties: Penalties, limit: number): Int32Array[] | null {
    const n = tour.length;
    const layers = Math.min(limit, n);
    const cost = new Float64Array((layers + 1) * (n + 1)).fill(Infinity);
    const cut = new Int32Array((layers + 1) * (n + 1));
    cost[0] = 0;
    for (let k = 0; k < layers; k++) {
      const from = cost.subarray(k * (n + 1), (k + 1) * (n + 1));
      const to = cost.subarray((k + 1) * (n + 1), (k + 2) * (n + 1));
      const cuts = cut.subarray((k + 1) * (n + 1), (k + 2) * (n + 1));
      for (let i = 0; i < n; i++) if (from[i]! < Infinity) this.relax(tour, i, from[i]!, penalties, to, cuts);
    }
    let bestK = -1;
    for (let k = 1; k <= layers; k++) {
      if (cost[k * (n + 1) + n]! < (bestK < 0 ? Infinity : cost[bestK * (n + 1) + n]!)) bestK = k;
    }
    if (bestK < 0) return null;
    const pieces: Int32Array[] = [];
    for (let k = bestK, j = n; k > 0; k--) {
      const i = cut[k * (n + 1) + j]!;
      pieces.push(tour.slice(i, j));
      j = i;
    }
    return pieces.reverse();
  }

  /**
   * Extends routes starting at tour position i (reached at cost `base`) client by client,
   * recording in `target[j + 1]` the cheapest cost of a route i..j and its start in `cuts`.
   */
  private relax(tour: Int32Array, i: number, base: number, penalties: Penalties, target: Float64Array, cuts: Int32Array): void {
    const p = this.p;
    const n = tour.length;
    const N = p.nNodes;
    const dims = p.dims;
    const t = this.reference;
    const start = p.startDepot[t]!;
    const end = p.endDepot[t]!;
    const cpd = p.costPerDistance[t]!;
    let dist = 0;
    let last = start;
    this.load.fill(0);
    let dur = 0;
    let warp = 0;
    let early = p.shiftStart[t]!;
    let late = p.shiftEnd[t]!;
    for (let j = i; j < n; j++) {
      const x = tour[j]!;
      dist += p.dist[last * N + x]!;
      let excess = 0;
      let overfull = false;
      for (let d = 0; d < dims; d++) {
        this.load[d]! += p.demand[x * dims + d]!;
        const cap = p.capacity[t * dims + d]!;
        if (this.load[d]! > cap) excess += (this.load[d]! - cap) * this.weights[d]!;
        if (this.load[d]! > 1.5 * cap) overfull = true;
      }
      let cost = p.fixedCost[t]! + cpd * (dist + p.dist[x * N + end]!) + penalties.load * excess;
      if (p.hasTime) {
        const travel = p.dur[last * N + x]!;
        const delta = dur - warp + travel;
        const wait = Math.max(p.twEarly[x]! - delta - late, 0);
        const extra = Math.max(early + delta - p.twLate[x]!, 0);
        dur += p.service[x]! + travel + wait;
        warp += extra;
        early = Math.max(p.twEarly[x]! - delta, early) - wait;
        late = Math.min(p.twLate[x]! - delta, late) + extra;
        const back = p.dur[x * N + end]!;
        const endDelta = dur - warp + back;
        const endWait = Math.max(p.shiftStart[t]! - endDelta - late, 0);
        const endWarp = Math.max(early + endDelta - p.shiftEnd[t]!, 0);
        const total = dur + back + endWait;
        cost += p.costPerTime[t]! * total + penalties.time * (warp + endWarp + Math.max(0, total - p.maxDuration[t]!));
      }
      last = x;
      if (base + cost < target[j + 1]!) {
        target[j + 1] = base + cost;
        cuts[j + 1] = i;
      }
      if (overfull) break;
    }
  }

  /** Appends the piece, after a reload, to the vehicle with the fewest trips and clients that may make one more. */
  private addTrip(routes: Int32Array[], trips: Int32Array, piece: Int32Array): boolean {
    const p = this.p;
    let best = -1;
    for (let s = 0; s < p.nSlots; s++) {
      if (trips[s]! === 0 || trips[s]! >= p.maxTrips[p.slotType[s]!]!) continue;
      if (best < 0 || trips[s]! < trips[best]! || (trips[s] === trips[best] && clientsOf(p, routes[s]!) < clientsOf(p, routes[best]!)))
        best = s;
    }
    if (best < 0) return false;
    const route = routes[best]!;
    const merged = new Int32Array(route.length + 1 + piece.length);
    merged.set(route);
    merged[route.length] = p.startDepot[p.slotType[best]!]!;
    merged.set(piece, route.length + 1);
    routes[best] = merged;
    trips[best]!++;
    return true;
  }

  private assignSlots(pieces: Int32Array[], penalties: Penalties): Int32Array[] {
    const p = this.p;
    const routes: Int32Array[] = [];
    for (let s = 0; s < p.nSlots; s++) routes.push(new Int32Array(0));
    const free: number[][] = [];
    for (let t = 0; t < p.nTypes; t++) free.push([]);
    for (let s = p.nSlots - 1; s >= 0; s--) free[p.slotType[s]!]!.push(s);
    const size = (route: Int32Array) => {
      let total = 0;
      for (const c of route) for (let d = 0; d < p.dims; d++) total += p.demand[c * p.dims + d]! * this.weights[d]!;
      return total;
    };
    if (p.nTypes > 1 || p.multiTrip) pieces.sort((a, b) => size(b) - size(a));
    let lastSlot = 0;
    const trips = new Int32Array(p.nSlots);
    for (const piece of pieces) {
      let bestSlot = -1;
      let bestCost = Infinity;
      for (let t = 0; t < p.nTypes; t++) {
        const slot = free[t]!.at(-1);
        if (slot === undefined) continue;
        const cost = p.nTypes === 1 ? 0 : priced(p, slot, piece, this.weights, penalties);
        if (cost < bestCost) {
          bestCost = cost;
          bestSlot = slot;
        }
      }
      if (bestSlot >= 0) {
        free[p.slotType[bestSlot]!]!.pop();
        routes[bestSlot] = piece;
        trips[bestSlot] = 1;
        lastSlot = bestSlot;
      } else if (p.multiTrip && this.addTrip(routes, trips, piece)) {
        // Every vehicle is out: the piece becomes another trip of one that may make more.
      } else {
        // More routes than vehicles: extend the last route and let the local search repair it.
        const merged = new Int32Array(routes[lastSlot]!.length + piece.length);
        merged.set(routes[lastSlot]!);
        merged.set(piece, routes[lastSlot]!.length);
        routes[lastSlot] = merged;
      }
    }
    return routes;
  }
}

/** Length of a route in clients and reloads; used to spread extra trips over vehicles. */
function clientsOf(p: Problem, route: Int32Array): number {
  let count = 0;
  for (const node of route) if (node >= p.nDepots) count++;
  return count;
}

function priced(p: Problem, slot: number, route: Int32Array, weights: Float64Array, penalties: Penalties): number {
  const m = measureRoute(p, slot, route, route.length, weights);
  return m.cost + penalties.load * m.loadExcess + penalties.time * m.timeExcess;
}
