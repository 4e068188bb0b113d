import type { LocalSearch } from './local-search.ts';
import { EPSILON } from './moves.ts';
import type { RouteState } from './route-state.ts';

/**
 * Moves that change the trips of vehicles allowed several: end a trip after a client and
 * reload (a visit to the start depot), drop a reload (two trips become one), and append all
 * of another vehicle's trips after a reload (two vehicles become one). Each is priced by the
 * route builder, so loads per trip, reload times, shifts and windows count exactly.
 */
export class TripMoves {
  private readonly ls: LocalSearch;

  constructor(ls: LocalSearch) {
    this.ls = ls;
  }

  /** One round of every trip move over all routes; whether any improved. */
  run(): boolean {
    let improved = false;
    for (const r of this.ls.routes) {
      if (r.clients === 0 || this.ls.p.maxTrips[r.type]! < 2) continue;
      if (this.removeReload(r)) improved = true;
      if (this.insertReload(r)) improved = true;
    }
    for (const ru of this.ls.routes) {
      if (ru.clients === 0 || this.ls.p.maxTrips[ru.type]! < 2) continue;
      for (const rv of this.ls.routes) {
        if (rv === ru || rv.clients === 0) continue;
        if (this.merge(ru, rv)) improved = true;
        if (ru.clients === 0) break;
      }
    }
    return improved;
  }

  /** Removes the reload whose removal saves most, if any saves. */
  private removeReload(r: RouteState): boolean {
    const b = this.ls.builder;
    let best = -EPSILON;
    let at = -1;
    b.writing = false;
    for (let i = r.nextReload[1]!; i <= r.len; i = r.nextReload[i + 1]!) {
      const delta = this.composeWithout(r, i) - r.cost;
      if (delta < best) {
        best = delta;
        at = i;
      }
    }
    if (at < 0) return false;
    b.writing = true;
    this.composeWithout(r, at);
    this.ls.commit(r, this.ls.keepWritten(), null);
    return true;
  }

  private composeWithout(r: RouteState, at: number): number {
    const b = this.ls.builder;
    b.prefix(r, at - 1);
    b.suffix(r, at + 1);
    return b.finish(r);
  }

  /** Ends a trip after the client where that saves most (a full vehicle reloads instead of overflowing). */
  private insertReload(r: RouteState): boolean {
    const p = this.ls.p;
    if (r.cumReloads[r.len]! + 1 >= p.maxTrips[r.type]!) return false;
    const b = this.ls.builder;
    let best = -EPSILON;
    let at = -1;
    b.writing = false;
    for (let i = 1; i < r.len; i++) {
      if (r.nodes[i]! < p.nDepots || r.nodes[i + 1]! < p.nDepots) continue;
      const delta = this.composeWith(r, i) - r.cost;
      if (delta < best) {
        best = delta;
        at = i;
      }
    }
    if (at < 0) return false;
    b.writing = true;
    this.composeWith(r, at);
    this.ls.commit(r, this.ls.keepWritten(), null);
    return true;
  }

  private composeWith(r: RouteState, after: number): number {
    const b = this.ls.builder;
    b.prefix(r, after);
    b.reload(r, r.startDepot);
    b.suffix(r, after + 1);
    return b.finish(r);
  }

  /** Vehicle ru takes all of rv's trips after its own, with a reload between, when that saves. */
  private merge(ru: RouteState, rv: RouteState): boolean {
    const p = this.ls.p;
    if (ru.cumReloads[ru.len]! + rv.cumReloads[rv.len]! + 2 > p.maxTrips[ru.type]!) return false;
    if (ru.startDepot !== rv.startDepot) return false;
    const b = this.ls.builder;
    b.writing = false;
    if (this.composeMerged(ru, rv) - ru.cost - rv.cost > -EPSILON) return false;
    b.writing = true;
    this.composeMerged(ru, rv);
    this.ls.commit(ru, this.ls.keepWritten(), rv, true);
    return true;
  }

  private composeMerged(ru: RouteState, rv: RouteState): number {
    const b = this.ls.builder;
    b.prefix(ru, ru.len);
    b.reload(ru, ru.startDepot);
    b.suffix(rv, 1);
    return b.finish(ru);
  }
}
