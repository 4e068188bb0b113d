import type { LocalSearch } from './local-search.ts';
import type { RouteState } from './route-state.ts';

/** Improvements smaller than this are rounding noise, not progress. */
export const EPSILON = 1e-7;

/**
 * The moves of the granular local search, each in three parts: a cheap lower bound from
 * distances, an exact price from the route builder (for plain moves, without time, change
 * costs or reloads, from distances and loads directly), and its application by replaying the
 * priced pieces in writing mode. RELOCATE and SWAP variants are all block exchanges.
 */
export class Moves {
  private readonly ls: LocalSearch;
  /**
   * Whether moves are priced exactly from distances and loads alone: no time, no change costs
   * and no reloads (the capacitated VRP), so the route builder is not needed to price them.
   */
  private readonly plain: boolean;
  /** Distance changes of the two routes, left by `exchangeBound`. */
  private changeU = 0;
  private changeV = 0;
  /** Loads of the two routes after a plain move. */
  private readonly loadU: Float64Array;
  private readonly loadV: Float64Array;

  constructor(ls: LocalSearch) {
    this.ls = ls;
    const p = ls.p;
    this.plain = !p.hasTime && !p.hasPreferences && !p.multiTrip;
    this.loadU = new Float64Array(p.dims);
    this.loadV = new Float64Array(p.dims);
  }

  /**
   * Exchanges block [a1, a1+n1) of route ru with block [a2, a2+n2) of route rv; n2 = 0
   * inserts the first block before position a2. Block one may be reversed.
   */
  exchange(ru: RouteState, a1: number, n1: number, rev: boolean, rv: RouteState, a2: number, n2: number): boolean {
    const b1 = a1 + n1 - 1;
    const b2 = a2 + n2 - 1;
    if (ru !== rv) {
      if (b1 > ru.len || b2 > rv.len || a2 < 1) return false;
      if (this.exchangeBound(ru, a1, b1, rev, rv, a2, b2) > -EPSILON) return false;
      const delta = this.plain ? this.plainExchange(ru, a1, b1, rv, a2, b2) : this.priceExchange(ru, a1, n1, rev, rv, a2, n2);
      if (delta > -EPSILON) return false;
    } else if (this.priceExchange(ru, a1, n1, rev, rv, a2, n2) > -EPSILON) return false;
    this.applyExchange(ru, a1, n1, rev, rv, a2, n2);
    return true;
  }

  /** Change of penalised cost of an exchange (see `exchange`); Infinity when it is not a valid move. */
  priceExchange(ru: RouteState, a1: number, n1: number, rev: boolean, rv: RouteState, a2: number, n2: number): number {
    const b1 = a1 + n1 - 1;
    const b2 = a2 + n2 - 1;
    if (b1 > ru.len || b2 > rv.len || a2 < 1) return Infinity;
    this.ls.builder.writing = false;
    if (ru === rv) {
      if (n2 === 0 ? b2 >= a1 - 1 && b2 <= b1 : !(b1 < a2 || b2 < a1)) return Infinity;
      if (this.plain) return this.plainInside(ru, a1, b1, rev, a2, b2);
      return this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 0) - ru.cost;
    }
    if (this.plain) {
      this.exchangeBound(ru, a1, b1, rev, rv, a2, b2);
      return this.plainExchange(ru, a1, b1, rv, a2, b2);
    }
    return this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 0) + this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 1) - ru.cost - rv.cost;
  }

  applyExchange(ru: RouteState, a1: number, n1: number, rev: boolean, rv: RouteState, a2: number, n2: number): void {
    const b1 = a1 + n1 - 1;
    const b2 = a2 + n2 - 1;
    this.ls.builder.writing = true;
    this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 0);
    const len = this.ls.keepWritten();
    if (ru === rv) {
      this.ls.commit(ru, len, null);
    } else {
      this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 1);
      this.ls.commit(ru, len, rv);
    }
  }

  /**
   * Lower bound of the change of an inter-route exchange from distances alone (penalties and
   * time costs can only add), which rules out most candidates before pricing them fully; leaves
   * the two routes' distance changes in `changeU` and `changeV`.
   */
  private exchangeBound(ru: RouteState, a1: number, b1: number, rev: boolean, rv: RouteState, a2: number, b2: number): number {
    const D = this.ls.p.dist;
    const n = this.ls.p.nNodes;
    const U = ru.nodes;
    const V = rv.nodes;
    const inner1 = b1 > a1 ? ru.cumDist[b1]! - ru.cumDist[a1]! : 0;
    const inner1Placed = rev && b1 > a1 ? ru.revDist[b1]! - ru.revDist[a1]! : inner1;
    const inner2 = b2 > a2 ? rv.cumDist[b2]! - rv.cumDist[a2]! : 0;
    const beforeU = U[a1 - 1]!;
    const afterU = U[b1 + 1]!;
    const beforeV = V[a2 - 1]!;
    const afterV = V[b2 + 1]!;
    let changeU = -D[beforeU * n + U[a1]!]! - D[U[b1]! * n + afterU]! - inner1;
    let changeV = D[beforeV * n + (rev ? U[b1]! : U[a1]!)]! + D[(rev ? U[a1]! : U[b1]!) * n + afterV]! + inner1Placed;
    if (b2 >= a2) {
      changeU += D[beforeU * n + V[a2]!]! + inner2 + D[V[b2]! * n + afterU]!;
      changeV -= D[beforeV * n + V[a2]!]! + inner2 + D[V[b2]! * n + afterV]!;
    } else {
      changeU += D[beforeU * n + afterU]!;
      changeV -= D[beforeV * n + afterV]!;
    }
    this.changeU = changeU;
    this.changeV = changeV;
    let bound = ru.costPerDistance * changeU - ru.slack + rv.costPerDistance * changeV - rv.slack;
    if (ru.len - (b1 - a1 + 1) + (b2 - a2 + 1) === 0) bound -= ru.fixedCost;
    if (rv.len === 0) bound += rv.fixedCost;
    return bound;
  }

  /**
   * Exact change of a plain exchange between two routes (see `plain`), from the distance
   * changes `exchangeBound` just left and the blocks' loads.
   */
  private plainExchange(ru: RouteState, a1: number, b1: number, rv: RouteState, a2: number, b2: number): number {
    const dims = this.ls.p.dims;
    for (let d = 0; d < dims; d++) {
      const out = ru.cumLoad[b1 * dims + d]! - ru.cumLoad[(a1 - 1) * dims + d]!;
      const back = b2 >= a2 ? rv.cumLoad[b2 * dims + d]! - rv.cumLoad[(a2 - 1) * dims + d]! : 0;
      this.loadU[d] = ru.cumLoad[ru.len * dims + d]! - out + back;
      this.loadV[d] = rv.cumLoad[rv.len * dims + d]! - back + out;
    }
    const n1 = b1 - a1 + 1;
    const n2 = b2 - a2 + 1;
    return (
      this.plainCost(ru, ru.len - n1 + n2, ru.cumDist[ru.len + 1]! + this.changeU, this.loadU) +
      this.plainCost(rv, rv.len - n2 + n1, rv.cumDist[rv.len + 1]! + this.changeV, this.loadV) -
      ru.cost -
      rv.cost
    );
  }

  /**
   * Exact change of a plain exchange inside route r (see `plain`): its load stays, so only its
   * distance changes; the pieces are those of `composeExchange`.
   */
  private plainInside(r: RouteState, a1: number, b1: number, rev: boolean, a2: number, b2: number): number {
    if (b2 < a2) {
      // A relocation (a2 outside a1..b1+1): the block's two edges and the edge it goes into change.
      const p = this.ls.p;
      const D = p.dist;
      const n = p.nNodes;
      const N = r.nodes;
      const first = rev ? N[b1]! : N[a1]!;
      const last = rev ? N[a1]! : N[b1]!;
      let change =
        D[N[a1 - 1]! * n + N[b1 + 1]!]! -
        D[N[a1 - 1]! * n + N[a1]!]! -
        D[N[b1]! * n + N[b1 + 1]!]! -
        D[N[a2 - 1]! * n + N[a2]!]! +
        D[N[a2 - 1]! * n + first]! +
        D[last * n + N[a2]!]!;
      if (rev) change += r.revDist[b1]! - r.revDist[a1]! - (r.cumDist[b1]! - r.cumDist[a1]!);
      return r.costPerDistance * change;
    }
    this.pieceDist = 0;
    this.pieceLast = -1;
    if (a1 < a2) {
      this.piece(r, 0, a1 - 1, false);
      this.piece(r, a2, b2, false);
      this.piece(r, b1 + 1, a2 - 1, false);
      this.piece(r, a1, b1, rev);
      this.piece(r, b2 + 1, r.len + 1, false);
    } else {
      this.piece(r, 0, a2 - 1, false);
      this.piece(r, a1, b1, rev);
      this.piece(r, b2 + 1, a1 - 1, false);
      this.piece(r, a2, b2, false);
      this.piece(r, b1 + 1, r.len + 1, false);
    }
    return r.costPerDistance * (this.pieceDist - r.cumDist[r.len + 1]!);
  }

  private pieceDist = 0;
  private pieceLast = -1;

  /** Adds positions a..b of route r (from b down to a when `reversed`) to the distance of `plainInside`. */
  private piece(r: RouteState, a: number, b: number, reversed: boolean): void {
    if (a > b) return;
    const p = this.ls.p;
    const first = r.nodes[reversed ? b : a]!;
    if (this.pieceLast >= 0) this.pieceDist += p.dist[this.pieceLast * p.nNodes + first]!;
    this.pieceDist += reversed ? r.revDist[b]! - r.revDist[a]! : r.cumDist[b]! - r.cumDist[a]!;
    this.pieceLast = r.nodes[reversed ? a : b]!;
  }

  /** Exact change of a plain 2-OPT* (see `plain`) whose new routes run `distU` and `distV`. */
  private plainTails(ru: RouteState, pu: number, rv: RouteState, pv: number, distU: number, distV: number): number {
    const dims = this.ls.p.dims;
    for (let d = 0; d < dims; d++) {
      const headU = ru.cumLoad[pu * dims + d]!;
      const headV = rv.cumLoad[pv * dims + d]!;
      this.loadU[d] = headU + rv.cumLoad[rv.len * dims + d]! - headV;
      this.loadV[d] = headV + ru.cumLoad[ru.len * dims + d]! - headU;
    }
    return (
      this.plainCost(ru, pu + rv.len - pv, distU, this.loadU) + this.plainCost(rv, pv + ru.len - pu, distV, this.loadV) - ru.cost - rv.cost
    );
  }

  /** Cost of route r after a plain move: `clients` clients over `distance`, carrying `load`. */
  private plainCost(r: RouteState, clients: number, distance: number, load: Float64Array): number {
    if (clients === 0) return 0;
    const p = this.ls.p;
    const dims = p.dims;
    const weights = this.ls.builder.weights;
    let excess = 0;
    for (let d = 0; d < dims; d++) {
      const over = load[d]! - p.capacity[r.type * dims + d]!;
      if (over > 0) excess += over * weights[d]!;
    }
    return r.fixedCost + r.costPerDistance * distance + this.ls.builder.penalties.load * excess;
  }

  /** Distance of route r's clients from position a to its end, reached from `from` and ending at `endDepot`. */
  private tailDistance(from: number, r: RouteState, a: number, endDepot: number): number {
    const D = this.ls.p.dist;
    const n = this.ls.p.nNodes;
    if (a > r.len) return D[from * n + endDepot]!;
    return D[from * n + r.nodes[a]!]! + r.cumDist[r.len]! - r.cumDist[a]! + D[r.nodes[r.len]! * n + endDepot]!;
  }

  private composeExchange(
    ru: RouteState,
    a1: number,
    b1: number,
    rev: boolean,
    rv: RouteState,
    a2: number,
    b2: number,
    side: 0 | 1,
  ): number {
    const b = this.ls.builder;
    if (ru === rv) {
      if (a1 < a2) {
        b.prefix(ru, a1 - 1);
        b.range(ru, a2, b2);
        b.range(ru, b1 + 1, a2 - 1);
        this.block(ru, a1, b1, rev);
        b.suffix(ru, b2 + 1);
      } else {
        b.prefix(ru, a2 - 1);
        this.block(ru, a1, b1, rev);
        b.range(ru, b2 + 1, a1 - 1);
        b.range(ru, a2, b2);
        b.suffix(ru, b1 + 1);
      }
      return b.finish(ru);
    }
    if (side === 0) {
      b.prefix(ru, a1 - 1);
      b.range(rv, a2, b2);
      b.suffix(ru, b1 + 1);
      return b.finish(ru);
    }
    b.prefix(rv, a2 - 1);
    this.block(ru, a1, b1, rev);
    b.suffix(rv, b2 + 1);
    return b.finish(rv);
  }

  private block(r: RouteState, a: number, b: number, rev: boolean): void {
    if (rev) this.ls.builder.reversed(r, a, b);
    else this.ls.builder.range(r, a, b);
  }

  /** 2-OPT: reverses positions pu+1..pv of route r. */
  reverse(r: RouteState, pu: number, pv: number): boolean {
    this.ls.builder.boundOnly = true;
    const bound = this.priceReverse(r, pu, pv);
    this.ls.builder.boundOnly = false;
    if (bound > -EPSILON) return false;
    // Plain moves: the bound is the exact change but for the route's load penalty, which stays.
    if ((this.plain ? bound + r.slack : this.priceReverse(r, pu, pv)) > -EPSILON) return false;
    this.ls.builder.writing = true;
    this.composeReverse(r, pu, pv);
    this.ls.commit(r, this.ls.keepWritten(), null);
    return true;
  }

  priceReverse(r: RouteState, pu: number, pv: number): number {
    this.ls.builder.writing = false;
    return this.composeReverse(r, pu, pv) - r.cost;
  }

  private composeReverse(r: RouteState, pu: number, pv: number): number {
    const b = this.ls.builder;
    b.prefix(r, pu);
    b.reversed(r, pu + 1, pv);
    b.suffix(r, pv + 1);
    return b.finish(r);
  }

  /** 2-OPT*: route ru continues after pu with rv's tail after pv, and vice versa. */
  swapTails(ru: RouteState, pu: number, rv: RouteState, pv: number): boolean {
    const distU = ru.cumDist[pu]! + this.tailDistance(ru.nodes[pu]!, rv, pv + 1, ru.endDepot);
    const distV = rv.cumDist[pv]! + this.tailDistance(rv.nodes[pv]!, ru, pu + 1, rv.endDepot);
    const bound = ru.costPerDistance * distU + ru.fixedCost + rv.costPerDistance * distV + (pv > 0 || pu < ru.len ? rv.fixedCost : 0);
    if (bound - ru.cost - rv.cost > -EPSILON) return false;
    if ((this.plain ? this.plainTails(ru, pu, rv, pv, distU, distV) : this.priceTails(ru, pu, rv, pv)) > -EPSILON) return false;
    this.ls.builder.writing = true;
    this.composeTails(ru, pu, rv, pv, 0);
    const len = this.ls.keepWritten();
    this.composeTails(ru, pu, rv, pv, 1);
    this.ls.commit(ru, len, rv);
    return true;
  }

  /**
   * The other 2-OPT* (move 8 of HGS-CVRP): route ru keeps its head through pu and goes on with
   * rv's head from pv back to its first client; rv starts with ru's tail from its last client
   * back to pu+1 and goes on with its own tail after pv (pv = 0: rv's head is empty). It joins
   * the two heads' loads and the two tails', where `swapTails` joins each head with the other's
   * tail. The local search tries it only without time (a head run backwards seldom keeps its
   * windows) and without reloads.
   */
  crossHeads(ru: RouteState, pu: number, rv: RouteState, pv: number): boolean {
    const clientsV = this.crossDistances(ru, pu, rv, pv);
    const bound =
      ru.costPerDistance * this.crossDistU + ru.fixedCost + (clientsV > 0 ? rv.costPerDistance * this.crossDistV + rv.fixedCost : 0);
    if (bound - ru.cost - rv.cost > -EPSILON) return false;
    if (this.priceCrossKnown(ru, pu, rv, pv) > -EPSILON) return false;
    this.ls.builder.writing = true;
    this.composeCross(ru, pu, rv, pv, 0);
    const len = this.ls.keepWritten();
    this.composeCross(ru, pu, rv, pv, 1);
    this.ls.commit(ru, len, rv);
    return true;
  }

  /** Change of penalised cost of `crossHeads`. */
  priceCross(ru: RouteState, pu: number, rv: RouteState, pv: number): number {
    this.crossDistances(ru, pu, rv, pv);
    return this.priceCrossKnown(ru, pu, rv, pv);
  }

  private crossDistU = 0;
  private crossDistV = 0;

  /** Distances of the two routes after `crossHeads`, into `crossDistU` and `crossDistV`; returns rv's clients after it. */
  private crossDistances(ru: RouteState, pu: number, rv: RouteState, pv: number): number {
    const D = this.ls.p.dist;
    const n = this.ls.p.nNodes;
    const U = ru.nodes;
    const V = rv.nodes;
    let distU = ru.cumDist[pu]!;
    if (pv >= 1) distU += D[U[pu]! * n + V[pv]!]! + rv.revDist[pv]! - rv.revDist[1]! + D[V[1]! * n + ru.endDepot]!;
    else distU += D[U[pu]! * n + ru.endDepot]!;
    const clientsV = ru.len - pu + rv.len - pv;
    let distV = 0;
    if (clientsV > 0) {
      let last = rv.startDepot;
      if (pu < ru.len) {
        distV += D[last * n + U[ru.len]!]! + ru.revDist[ru.len]! - ru.revDist[pu + 1]!;
        last = U[pu + 1]!;
      }
      if (pv < rv.len) {
        distV += D[last * n + V[pv + 1]!]! + rv.cumDist[rv.len]! - rv.cumDist[pv + 1]!;
        last = V[rv.len]!;
      }
      distV += D[last * n + rv.endDepot]!;
    }
    this.crossDistU = distU;
    this.crossDistV = distV;
    return clientsV;
  }

  /** `priceCross` once `crossDistances` has run for the same move. */
  private priceCrossKnown(ru: RouteState, pu: number, rv: RouteState, pv: number): number {
    if (this.plain) {
      const dims = this.ls.p.dims;
      for (let d = 0; d < dims; d++) {
        this.loadU[d] = ru.cumLoad[pu * dims + d]! + rv.cumLoad[pv * dims + d]!;
        this.loadV[d] = ru.cumLoad[ru.len * dims + d]! + rv.cumLoad[rv.len * dims + d]! - this.loadU[d]!;
      }
      const clientsV = ru.len - pu + rv.len - pv;
      return (
        this.plainCost(ru, pu + pv, this.crossDistU, this.loadU) +
        this.plainCost(rv, clientsV, this.crossDistV, this.loadV) -
        ru.cost -
        rv.cost
      );
    }
    this.ls.builder.writing = false;
    return this.composeCross(ru, pu, rv, pv, 0) + this.composeCross(ru, pu, rv, pv, 1) - ru.cost - rv.cost;
  }

  private composeCross(ru: RouteState, pu: number, rv: RouteState, pv: number, side: 0 | 1): number {
    const b = this.ls.builder;
    if (side === 0) {
      b.prefix(ru, pu);
      b.reversed(rv, 1, pv);
      return b.finish(ru);
    }
    b.prefix(rv, 0);
    b.reversed(ru, pu + 1, ru.len);
    b.suffix(rv, pv + 1);
    return b.finish(rv);
  }

  priceTails(ru: RouteState, pu: number, rv: RouteState, pv: number): number {
    if (this.plain && ru !== rv) {
      const distU = ru.cumDist[pu]! + this.tailDistance(ru.nodes[pu]!, rv, pv + 1, ru.endDepot);
      const distV = rv.cumDist[pv]! + this.tailDistance(rv.nodes[pv]!, ru, pu + 1, rv.endDepot);
      return this.plainTails(ru, pu, rv, pv, distU, distV);
    }
    this.ls.builder.writing = false;
    return this.composeTails(ru, pu, rv, pv, 0) + this.composeTails(ru, pu, rv, pv, 1) - ru.cost - rv.cost;
  }

  private composeTails(ru: RouteState, pu: number, rv: RouteState, pv: number, side: 0 | 1): number {
    const b = this.ls.builder;
    if (side === 0) {
      b.prefix(ru, pu);
      b.suffix(rv, pv + 1);
      return b.finish(ru);
    }
    b.prefix(rv, pv);
    b.suffix(ru, pu + 1);
    return b.finish(rv);
  }
}
