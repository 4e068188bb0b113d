import type { Problem } from '../problem.ts';
import type { Penalties } from './penalties.ts';
import { measureRoute } from './route-eval.ts';

/**
 * Split (Prins 2004, as in HGS): cuts a giant tour into routes by a shortest path over
 * route breaks, pricing each candidate route with the penalised cost of a reference
 * vehicle type (the largest). Routes are then given to vehicle slots, each route to the
 * free type where it is cheapest when the fleet is mixed.
 */
export class Splitter {
  private readonly p: Problem;
  private readonly weights: Float64Array;
  private readonly reference: number;
  private readonly potential: Float64Array;
  private readonly cut: Int32Array;
  private readonly load: Float64Array;

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
  }

  /** Returns routes per slot for the giant tour. */
  split(tour: Int32Array, penalties: Penalties): Int32Array[] {
    const p = this.p;
    const n = tour.length;
    const N = p.nNodes;
    const dims = p.dims;
    const t = this.reference;
    const start = p.startDepot[t]!;
    const end = p.endDepot[t]!;
    const cpd = p.costPerDistance[t]!;
    this.potential.fill(Infinity);
    this.potential[0] = 0;
    for (let i = 0; i < n; i++) {
      const base = this.potential[i]!;
      if (base === Infinity) continue;
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
        if (base + cost < this.potential[j + 1]!) {
          this.potential[j + 1] = base + cost;
          this.cut[j + 1] = i;
        }
        if (overfull) break;
      }
    }
    const pieces: Int32Array[] = [];
    for (let j = n; j > 0; j = this.cut[j]!) pieces.push(tour.slice(this.cut[j]!, j));
    pieces.reverse();
    return this.assignSlots(pieces, penalties);
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
    if (p.nTypes > 1) pieces.sort((a, b) => size(b) - size(a));
    let lastSlot = 0;
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
        lastSlot = bestSlot;
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

function priced(p: Problem, slot: number, route: Int32Array, weights: Float64Array, penalties: Penalties): number {
  const m = measureRoute(p, slot, route, route.length, weights);
  return m.cost + penalties.load * m.loadExcess + penalties.time * m.timeExcess;
}
