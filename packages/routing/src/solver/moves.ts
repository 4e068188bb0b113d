import type { LocalSearch } from './local-search.ts';
import type { RouteState } from './route-state.ts';

/** Improvements smaller than this are rounding noise, not progress. */
export const EPSILON = 1e-7;

/**
 * The moves of the granular local search, each in three parts: a cheap lower bound from
 * distances, an exact price from the route builder, and its application by replaying the
 * priced pieces in writing mode. RELOCATE and SWAP variants are all block exchanges.
 */
export class Moves {
  private readonly ls: LocalSearch;

  constructor(ls: LocalSearch) {
    this.ls = ls;
  }

  /**
   * Exchanges block [a1, a1+n1) of route ru with block [a2, a2+n2) of route rv; n2 = 0
   * inserts the first block before position a2. Block one may be reversed.
   */
  exchange(ru: RouteState, a1: number, n1: number, rev: boolean, rv: RouteState, a2: number, n2: number): boolean {
    if (
      ru !== rv &&
      a1 + n1 - 1 <= ru.len &&
      a2 + n2 - 1 <= rv.len &&
      this.exchangeCannotImprove(ru, a1, a1 + n1 - 1, rev, rv, a2, a2 + n2 - 1)
    )
      return false;
    if (this.priceExchange(ru, a1, n1, rev, rv, a2, n2) > -EPSILON) return false;
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
      return this.composeExchange(ru, a1, b1, rev, rv, a2, b2, 0) - ru.cost;
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
   * Lower bound of an inter-route exchange from distances alone (penalties and time costs
   * can only add), which rules out most candidates before pricing them fully.
   */
  private exchangeCannotImprove(ru: RouteState, a1: number, b1: number, rev: boolean, rv: RouteState, a2: number, b2: number): boolean {
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
    let bound = ru.costPerDistance * changeU - ru.slack + rv.costPerDistance * changeV - rv.slack;
    if (ru.len - (b1 - a1 + 1) + (b2 - a2 + 1) === 0) bound -= ru.fixedCost;
    if (rv.len === 0) bound += rv.fixedCost;
    return bound > -EPSILON;
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
    if (this.priceReverse(r, pu, pv) > -EPSILON) return false;
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
    if (this.priceTails(ru, pu, rv, pv) > -EPSILON) return false;
    this.ls.builder.writing = true;
    this.composeTails(ru, pu, rv, pv, 0);
    const len = this.ls.keepWritten();
    this.composeTails(ru, pu, rv, pv, 1);
    this.ls.commit(ru, len, rv);
    return true;
  }

  priceTails(ru: RouteState, pu: number, rv: RouteState, pv: number): number {
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
