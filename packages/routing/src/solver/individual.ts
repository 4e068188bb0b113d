import type { Problem } from '../problem.ts';
import type { Penalties } from './penalties.ts';
import { measureRoute } from './route-eval.ts';

/**
 * A solution of the genetic search: routes per vehicle slot, the giant tour (all clients
 * in route order) that crossover works on, and the neighbour relations that the
 * broken-pairs distance compares.
 */
export class Individual {
  routes: Int32Array[];
  giantTour: Int32Array;
  /** Next/previous client of each client in its route, -1 for a depot. */
  succ: Int32Array;
  pred: Int32Array;
  /** Fixed, distance and time costs, without penalties. */
  baseCost = 0;
  loadExcess = 0;
  timeExcess = 0;
  penalisedCost = 0;
  feasible = false;
  nbRoutes = 0;
  biasedFitness = 0;
  /** Other members of the sub-population by increasing broken-pairs distance. */
  proximity: { other: Individual; distance: number }[] = [];

  constructor(p: Problem, routes: Int32Array[]) {
    this.routes = routes;
    this.giantTour = new Int32Array(p.nClients);
    this.succ = new Int32Array(p.nNodes);
    this.pred = new Int32Array(p.nNodes);
  }

  /** Recomputes costs, relations and the giant tour from the routes. */
  evaluate(p: Problem, weights: Float64Array, penalties: Penalties): void {
    this.baseCost = 0;
    this.loadExcess = 0;
    this.timeExcess = 0;
    this.nbRoutes = 0;
    for (let s = 0; s < this.routes.length; s++) {
      const route = this.routes[s]!;
      if (route.length === 0) continue;
      this.nbRoutes++;
      const m = measureRoute(p, s, route, route.length, weights);
      this.baseCost += m.cost;
      this.loadExcess += m.loadExcess;
      this.timeExcess += m.timeExcess;
      // A reload (a depot node) ends a trip: the clients beside it have a depot as neighbour.
      const clientAt = (i: number) => (i >= 0 && i < route.length && route[i]! >= p.nDepots ? route[i]! : -1);
      for (let i = 0; i < route.length; i++) {
        if (route[i]! < p.nDepots) continue;
        this.pred[route[i]!] = clientAt(i - 1);
        this.succ[route[i]!] = clientAt(i + 1);
      }
    }
    this.feasible = this.loadExcess < 1e-9 && this.timeExcess < 1e-9;
    this.reprice(penalties);
    this.buildGiantTour(p);
  }

  reprice(penalties: Penalties): void {
    this.penalisedCost = this.baseCost + penalties.load * this.loadExcess + penalties.time * this.timeExcess;
  }

  /** Concatenates routes by polar angle of their centre, so crossover keeps nearby routes together. */
  private buildGiantTour(p: Problem): void {
    const order: { slot: number; angle: number }[] = [];
    this.routes.forEach((route, slot) => {
      if (route.length === 0) return;
      const depot = p.startDepot[p.slotType[slot]!]!;
      let x = 0;
      let y = 0;
      for (const c of route) {
        if (c < p.nDepots) continue;
        x += p.x[c]! - p.x[depot]!;
        y += p.y[c]! - p.y[depot]!;
      }
      order.push({ slot, angle: Math.atan2(y, x) });
    });
    order.sort((a, b) => a.angle - b.angle);
    let k = 0;
    for (const { slot } of order) for (const c of this.routes[slot]!) if (c >= p.nDepots) this.giantTour[k++] = c;
  }

  /** Broken-pairs distance: share of clients whose neighbours differ between the two solutions. */
  distanceTo(other: Individual, p: Problem): number {
    let broken = 0;
    for (let c = p.nDepots; c < p.nNodes; c++) {
      const s = this.succ[c]!;
      const q = this.pred[c]!;
      if (s !== other.succ[c]! && s !== other.pred[c]!) broken++;
      if (q === -1 && other.pred[c]! !== -1 && other.succ[c]! !== -1) broken++;
    }
    return broken / p.nClients;
  }
}
