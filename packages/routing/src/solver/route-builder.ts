import { changeCostOf, type Problem } from '../problem.ts';
import { scheduleWithBreak } from './break-schedule.ts';
import type { Penalties } from './penalties.ts';
import { BETWEEN_MAX, type RouteState } from './route-state.ts';

/**
 * Prices a candidate route assembled from pieces of existing routes (a prefix, single
 * nodes, forward or reversed ranges, a suffix) without building it: distance and load in
 * constant time per piece from cumulative data, time by concatenating time segments.
 * In writing mode it also emits the node sequence, so a move is applied by replaying the
 * exact pieces that were priced.
 */
export class RouteBuilder {
  private readonly p: Problem;
  /** Weight of one unit of load excess per dimension. */
  readonly weights: Float64Array;
  penalties: Penalties = { load: 1, time: 1 };
  private dist = 0;
  /** Load of the trip being built. */
  private readonly load: Float64Array;
  /** Weighted load excess of the trips already closed by a reload. */
  private closed = 0;
  private reloads = 0;
  /** The route being built (the one `prefix` started from): its vehicle's capacity and depot count. */
  private target: RouteState | null = null;
  /** A moved range brought a reload at another depot than the target vehicle's: not a valid route. */
  private foreignReload = false;
  /** Clients so far (reloads not counted). */
  private count = 0;
  /** Change costs of the clients so far, for the target vehicle's type. */
  private change = 0;
  private last = 0;
  private tDur = 0;
  private tWarp = 0;
  private tEarly = 0;
  private tLate = 0;
  writing = false;
  /**
   * Whether the node sequence is kept in `out`: when writing, and when the target vehicle's driver
   * takes a break (its place is found over the whole sequence, not piece by piece).
   */
  private recording = false;
  /**
   * Bound mode prices distance and fixed cost only (no load, no time): a lower bound of
   * the penalised cost, cheap even for long ranges, to discard moves early.
   */
  boundOnly = false;
  out: Int32Array;
  outLen = 0;

  constructor(p: Problem, weights: Float64Array) {
    this.p = p;
    this.weights = weights;
    this.load = new Float64Array(p.dims);
    // Clients, and the reloads of at most two vehicles' routes (a move may join them).
    let trips = 1;
    for (let t = 0; t < p.nTypes; t++) trips = Math.max(trips, p.maxTrips[t]!);
    this.out = new Int32Array(p.nNodes + 2 + 2 * trips);
  }

  /** Starts with positions 0..pos of route r (its start depot included). */
  prefix(r: RouteState, pos: number): void {
    this.target = r;
    this.foreignReload = false;
    this.recording = this.writing || (this.p.breakDuration[r.type]! > 0 && !this.boundOnly);
    const dims = this.p.dims;
    this.dist = r.cumDist[pos]!;
    for (let d = 0; d < dims; d++) this.load[d] = r.cumLoad[pos * dims + d]!;
    this.closed = r.cumClosed[pos]!;
    this.reloads = r.cumReloads[pos]!;
    this.count = pos - this.reloads;
    this.change = r.cumChange[pos]!;
    this.last = r.nodes[pos]!;
    if (this.p.hasTime) {
      this.tDur = r.fDur[pos]!;
      this.tWarp = r.fWarp[pos]!;
      this.tEarly = r.fEarly[pos]!;
      this.tLate = r.fLate[pos]!;
    }
    if (this.recording) {
      this.outLen = 0;
      for (let i = 1; i <= pos; i++) this.out[this.outLen++] = r.nodes[i]!;
    }
  }

  private concat(first: number, dur: number, warp: number, early: number, late: number): void {
    const travel = this.p.dur[this.last * this.p.nNodes + first]!;
    const delta = this.tDur - this.tWarp + travel;
    const wait = Math.max(early - delta - this.tLate, 0);
    const extraWarp = Math.max(this.tEarly + delta - late, 0);
    this.tDur += dur + travel + wait;
    this.tWarp += warp + extraWarp;
    this.tEarly = Math.max(early - delta, this.tEarly) - wait;
    this.tLate = Math.min(late - delta, this.tLate) + extraWarp;
  }

  /** Ends the trip being built: its excess is kept and the next trip starts empty. */
  private closeTrip(type: number): void {
    const dims = this.p.dims;
    for (let d = 0; d < dims; d++) {
      const over = this.load[d]! - this.p.capacity[type * dims + d]!;
      if (over > 0) this.closed += over * this.weights[d]!;
      this.load[d] = 0;
    }
  }

  /**
   * Adds the load of positions a..b of route r (a reload among them closes the trip being built)
   * and counts its clients; `reverse` when the positions are appended from b down to a.
   */
  private addLoad(r: RouteState, a: number, b: number, reverse: boolean): void {
    const dims = this.p.dims;
    const first = r.nextReload[a]!;
    if (first > b) {
      for (let d = 0; d < dims; d++) this.load[d]! += r.cumLoad[b * dims + d]! - r.cumLoad[(a - 1) * dims + d]!;
      this.count += b - a + 1;
      return;
    }
    // Positions a..first-1 end a trip, b's trip starts at the last reload in the range.
    const inRange = r.cumReloads[b]! - r.cumReloads[a - 1]!;
    this.count += b - a + 1 - inRange;
    this.reloads += inRange;
    let lastReload = first;
    while (r.nextReload[lastReload + 1]! <= b) lastReload = r.nextReload[lastReload + 1]!;
    const headFirst = reverse ? b : first - 1;
    const headFrom = reverse ? lastReload : a - 1;
    for (let d = 0; d < dims; d++) this.load[d]! += r.cumLoad[headFirst * dims + d]! - r.cumLoad[headFrom * dims + d]!;
    const target = this.target ?? r;
    if (r.startDepot !== target.startDepot) this.foreignReload = true;
    this.closeTrip(target.type);
    if (r.type === target.type) {
      this.closed += r.cumClosed[lastReload]! - r.cumClosed[first]!;
    } else {
      // The trips inside the range, measured against the receiving vehicle's capacity.
      const p = this.p;
      for (let j = r.nextReload[first + 1]!; j <= lastReload; j = r.nextReload[j + 1]!) {
        for (let d = 0; d < dims; d++) {
          const over = r.cumLoad[(j - 1) * dims + d]! - p.capacity[target.type * dims + d]!;
          if (over > 0) this.closed += over * this.weights[d]!;
        }
      }
    }
    if (reverse) for (let d = 0; d < dims; d++) this.load[d] = r.cumLoad[(first - 1) * dims + d]! - r.cumLoad[(a - 1) * dims + d]!;
    else for (let d = 0; d < dims; d++) this.load[d] = r.cumLoad[b * dims + d]!;
  }

  /** Adds the change costs of positions a..b of route r, for the target vehicle's type. */
  private addChange(r: RouteState, a: number, b: number): void {
    const p = this.p;
    if (!p.hasPreferences || this.boundOnly) return;
    const type = (this.target ?? r).type;
    if (r.type === type) {
      this.change += r.cumChange[b]! - r.cumChange[a - 1]!;
      return;
    }
    for (let i = a; i <= b; i++) this.change += changeCostOf(p, r.nodes[i]!, type);
  }

  /** Appends a reload: back to depot `depot` (the vehicle's start depot), loading for its reload time. */
  reload(r: RouteState, depot: number): void {
    const p = this.p;
    this.dist += p.dist[this.last * p.nNodes + depot]!;
    this.reloads++;
    if (!this.boundOnly) {
      this.closeTrip(r.type);
      if (p.hasTime) this.concat(depot, p.service[depot]!, 0, p.twEarly[depot]!, p.twLate[depot]!);
    }
    this.last = depot;
    if (this.recording) this.out[this.outLen++] = depot;
  }

  /** Appends a single client. */
  node(x: number): void {
    const p = this.p;
    const dims = p.dims;
    this.dist += p.dist[this.last * p.nNodes + x]!;
    this.count++;
    if (this.boundOnly) {
      this.last = x;
      return;
    }
    for (let d = 0; d < dims; d++) this.load[d]! += p.demand[x * dims + d]!;
    if (p.hasPreferences) this.change += changeCostOf(p, x, this.target!.type);
    if (p.hasTime) this.concat(x, p.service[x]!, 0, p.twEarly[x]!, p.twLate[x]!);
    this.last = x;
    if (this.recording) this.out[this.outLen++] = x;
  }

  /** Appends clients at positions a..b of route r, in order (nothing when a > b). */
  range(r: RouteState, a: number, b: number): void {
    if (a > b) return;
    const p = this.p;
    this.dist += p.dist[this.last * p.nNodes + r.nodes[a]!]! + r.cumDist[b]! - r.cumDist[a]!;
    this.addLoad(r, a, b, false);
    this.addChange(r, a, b);
    if (p.hasTime && !this.boundOnly) {
      if (b > a && r.len <= BETWEEN_MAX) {
        const k = r.between(p, a, b);
        this.concat(r.nodes[a]!, r.mDur![k]!, r.mWarp![k]!, r.mEarly![k]!, r.mLate![k]!);
      } else {
        for (let i = a; i <= b; i++) {
          const x = r.nodes[i]!;
          this.concat(x, p.service[x]!, 0, p.twEarly[x]!, p.twLate[x]!);
          this.last = x;
        }
      }
    }
    this.last = r.nodes[b]!;
    if (this.recording) for (let i = a; i <= b; i++) this.out[this.outLen++] = r.nodes[i]!;
  }

  /** Appends clients at positions b down to a of route r (nothing when a > b). */
  reversed(r: RouteState, a: number, b: number): void {
    if (a > b) return;
    const p = this.p;
    this.dist += p.dist[this.last * p.nNodes + r.nodes[b]!]! + r.revDist[b]! - r.revDist[a]!;
    this.addLoad(r, a, b, true);
    this.addChange(r, a, b);
    if (p.hasTime && !this.boundOnly) {
      for (let i = b; i >= a; i--) {
        const x = r.nodes[i]!;
        this.concat(x, p.service[x]!, 0, p.twEarly[x]!, p.twLate[x]!);
        this.last = x;
      }
    }
    this.last = r.nodes[a]!;
    if (this.recording) for (let i = b; i >= a; i--) this.out[this.outLen++] = r.nodes[i]!;
  }

  /** Appends the clients from position a of route r to its last client. */
  suffix(r: RouteState, a: number): void {
    const len = r.len;
    if (a > len) return;
    const p = this.p;
    this.dist += p.dist[this.last * p.nNodes + r.nodes[a]!]! + r.cumDist[len]! - r.cumDist[a]!;
    this.addLoad(r, a, len, false);
    this.addChange(r, a, len);
    if (p.hasTime && !this.boundOnly) this.concat(r.nodes[a]!, r.bDur[a]!, r.bWarp[a]!, r.bEarly[a]!, r.bLate[a]!);
    this.last = r.nodes[len]!;
    if (this.recording) for (let i = a; i <= len; i++) this.out[this.outLen++] = r.nodes[i]!;
  }

  /**
   * Closes the route at the end depot of route r's vehicle and returns its penalised cost;
   * Infinity when it has more trips than the vehicle may make.
   */
  finish(r: RouteState): number {
    if (this.count === 0) return 0;
    const p = this.p;
    const type = r.type;
    const dims = p.dims;
    if (this.reloads >= p.maxTrips[type]! || this.foreignReload) return Infinity;
    let cost = r.fixedCost + r.costPerDistance * (this.dist + p.dist[this.last * p.nNodes + r.endDepot]!);
    cost += p.reloadCost[type]! * this.reloads;
    if (this.boundOnly) return cost;
    let excess = this.closed;
    for (let d = 0; d < dims; d++) {
      const over = this.load[d]! - p.capacity[type * dims + d]!;
      if (over > 0) excess += over * this.weights[d]!;
    }
    cost += this.change + this.penalties.load * excess;
    if (p.hasTime) {
      this.concat(r.endDepot, 0, 0, p.shiftStart[type]!, p.shiftEnd[type]!);
      if (p.breakDuration[type]! > 0) {
        const withBreak = scheduleWithBreak(p, type, this.out, this.outLen);
        this.tDur = withBreak.duration;
        this.tWarp = withBreak.warp;
      }
      const overtime = Math.max(0, this.tDur - p.maxDuration[type]!);
      cost += p.costPerTime[type]! * this.tDur + this.penalties.time * (this.tWarp + overtime);
    }
    return cost;
  }
}
