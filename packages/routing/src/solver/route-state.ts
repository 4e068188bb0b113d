import { changeCostOf, type Problem } from '../problem.ts';

/** Routes up to this many clients cache the time segment of every sub-range. */
export const BETWEEN_MAX = 64;
const STRIDE = BETWEEN_MAX + 2;

/**
 * One route of the local search with per-position cumulative data, so that the cost of a
 * route made of a prefix, a few nodes and a suffix of existing routes costs constant time.
 * Position 0 is the start depot, 1..len the clients, len+1 the end depot.
 */
export class RouteState {
  readonly slot: number;
  readonly type: number;
  readonly startDepot: number;
  readonly endDepot: number;
  readonly fixedCost: number;
  readonly costPerDistance: number;
  len = 0;
  nodes: Int32Array;
  /** Distance from the start depot to each position. */
  cumDist: Float64Array;
  /** Distance of the reversed path from each position back to the start depot. */
  revDist: Float64Array;
  /**
   * Load of the current trip through each position, per dimension (position * dims + d): it
   * starts again from zero at every reload (a visit to the depot between two trips).
   */
  cumLoad: Float64Array;
  /** Weighted load excess of the trips that ended (at a reload) at or before each position. */
  cumClosed: Float64Array;
  /** Reloads at or before each position. */
  cumReloads: Int32Array;
  /** First reload at or after each position (len + 1 when none). */
  nextReload: Int32Array;
  /** Change costs (stops preferring another vehicle type) through each position. */
  cumChange: Float64Array;
  /** Clients (not reloads) on the route. */
  clients = 0;
  /** Time segment from the start depot through each position. */
  fDur: Float64Array;
  fWarp: Float64Array;
  fEarly: Float64Array;
  fLate: Float64Array;
  /** Time segment of the clients from each position to the last client. */
  bDur: Float64Array;
  bWarp: Float64Array;
  bEarly: Float64Array;
  bLate: Float64Array;
  /**
   * Time segments of every range i..j (at i * STRIDE + j), computed on first use after a
   * change, so moves inside a route price in constant time too.
   */
  private betweenReady = false;
  mDur: Float64Array | null = null;
  mWarp: Float64Array | null = null;
  mEarly: Float64Array | null = null;
  mLate: Float64Array | null = null;
  /** Penalised cost under the penalties of the current local search. */
  cost = 0;
  /** Part of the cost beyond fixed and distance cost (penalties, time cost): what a move could at most save besides distance. */
  slack = 0;
  /** Move counter value when the route last changed (to skip unchanged pairs). */
  lastModified = -1;
  /** Changes whenever the route does, across local-search runs (for caches). */
  version = 0;
  /** Polar sector of the route around its start depot (start angle and arc length), for SWAP*. */
  sectorStart = 0;
  sectorLength = 0;

  private readonly weights: Float64Array;

  constructor(p: Problem, slot: number, weights: Float64Array) {
    this.weights = weights;
    this.slot = slot;
    this.type = p.slotType[slot]!;
    this.startDepot = p.startDepot[this.type]!;
    this.endDepot = p.endDepot[this.type]!;
    this.fixedCost = p.fixedCost[this.type]!;
    this.costPerDistance = p.costPerDistance[this.type]!;
    const size = 16;
    this.nodes = new Int32Array(size);
    this.cumDist = new Float64Array(size);
    this.revDist = new Float64Array(size);
    this.cumLoad = new Float64Array(size * p.dims);
    this.cumClosed = new Float64Array(size);
    this.cumReloads = new Int32Array(size);
    this.nextReload = new Int32Array(size);
    this.cumChange = new Float64Array(size);
    this.fDur = new Float64Array(size);
    this.fWarp = new Float64Array(size);
    this.fEarly = new Float64Array(size);
    this.fLate = new Float64Array(size);
    this.bDur = new Float64Array(size);
    this.bWarp = new Float64Array(size);
    this.bEarly = new Float64Array(size);
    this.bLate = new Float64Array(size);
  }

  /** Replaces the clients and recomputes all cumulative data. */
  assign(p: Problem, clients: ArrayLike<number>, len: number): void {
    if (len + 2 > this.nodes.length) this.grow(p, Math.max(len + 2, this.nodes.length * 2));
    this.len = len;
    this.nodes[0] = this.startDepot;
    for (let i = 0; i < len; i++) this.nodes[i + 1] = clients[i]!;
    this.nodes[len + 1] = this.endDepot;
    this.recompute(p);
  }

  private grow(p: Problem, size: number): void {
    const nodes = new Int32Array(size);
    nodes.set(this.nodes);
    this.nodes = nodes;
    this.cumDist = new Float64Array(size);
    this.revDist = new Float64Array(size);
    this.cumLoad = new Float64Array(size * p.dims);
    this.cumClosed = new Float64Array(size);
    this.cumReloads = new Int32Array(size);
    this.nextReload = new Int32Array(size);
    this.cumChange = new Float64Array(size);
    this.fDur = new Float64Array(size);
    this.fWarp = new Float64Array(size);
    this.fEarly = new Float64Array(size);
    this.fLate = new Float64Array(size);
    this.bDur = new Float64Array(size);
    this.bWarp = new Float64Array(size);
    this.bEarly = new Float64Array(size);
    this.bLate = new Float64Array(size);
  }

  /** Index of range i..j in the between-segment arrays, computing them if needed. */
  between(p: Problem, i: number, j: number): number {
    if (!this.betweenReady) this.computeBetween(p);
    return i * STRIDE + j;
  }

  private computeBetween(p: Problem): void {
    if (this.mDur === null) {
      this.mDur = new Float64Array(STRIDE * STRIDE);
      this.mWarp = new Float64Array(STRIDE * STRIDE);
      this.mEarly = new Float64Array(STRIDE * STRIDE);
      this.mLate = new Float64Array(STRIDE * STRIDE);
    }
    const mDur = this.mDur;
    const mWarp = this.mWarp!;
    const mEarly = this.mEarly!;
    const mLate = this.mLate!;
    const n = p.nNodes;
    for (let i = 1; i <= this.len; i++) {
      const first = this.nodes[i]!;
      let dur = p.service[first]!;
      let warp = 0;
      let early = p.twEarly[first]!;
      let late = p.twLate[first]!;
      let last = first;
      for (let j = i; j <= this.len; j++) {
        if (j > i) {
          const x = this.nodes[j]!;
          const travel = p.dur[last * n + x]!;
          const delta = dur - warp + travel;
          const wait = Math.max(p.twEarly[x]! - delta - late, 0);
          const extra = Math.max(early + delta - p.twLate[x]!, 0);
          dur += p.service[x]! + travel + wait;
          warp += extra;
          early = Math.max(p.twEarly[x]! - delta, early) - wait;
          late = Math.min(p.twLate[x]! - delta, late) + extra;
          last = x;
        }
        const k = i * STRIDE + j;
        mDur[k] = dur;
        mWarp[k] = warp;
        mEarly[k] = early;
        mLate[k] = late;
      }
    }
    this.betweenReady = true;
  }

  private recompute(p: Problem): void {
    this.betweenReady = false;
    const n = p.nNodes;
    const dims = p.dims;
    const nodes = this.nodes;
    const last = this.len + 1;
    this.cumDist[0] = 0;
    this.revDist[0] = 0;
    this.cumClosed[0] = 0;
    this.cumReloads[0] = 0;
    this.cumChange[0] = 0;
    this.clients = 0;
    for (let d = 0; d < dims; d++) this.cumLoad[d] = 0;
    for (let i = 1; i <= last; i++) {
      const a = nodes[i - 1]!;
      const b = nodes[i]!;
      this.cumDist[i] = this.cumDist[i - 1]! + p.dist[a * n + b]!;
      this.revDist[i] = this.revDist[i - 1]! + p.dist[b * n + a]!;
      if (i < last && b < p.nDepots) {
        // A reload closes the trip: its excess is kept, the load starts again.
        let excess = 0;
        for (let d = 0; d < dims; d++) {
          excess += Math.max(0, this.cumLoad[(i - 1) * dims + d]! - p.capacity[this.type * dims + d]!) * this.weights[d]!;
          this.cumLoad[i * dims + d] = 0;
        }
        this.cumClosed[i] = this.cumClosed[i - 1]! + excess;
        this.cumReloads[i] = this.cumReloads[i - 1]! + 1;
      } else {
        for (let d = 0; d < dims; d++) this.cumLoad[i * dims + d] = this.cumLoad[(i - 1) * dims + d]! + p.demand[b * dims + d]!;
        this.cumClosed[i] = this.cumClosed[i - 1]!;
        this.cumReloads[i] = this.cumReloads[i - 1]!;
        if (i < last) this.clients++;
      }
      this.cumChange[i] = this.cumChange[i - 1]! + (p.hasPreferences && i < last ? changeCostOf(p, b, this.type) : 0);
    }
    this.nextReload[last] = last;
    for (let i = last - 1; i >= 0; i--) this.nextReload[i] = i > 0 && nodes[i]! < p.nDepots ? i : this.nextReload[i + 1]!;
    if (!p.hasTime) return;
    this.fDur[0] = 0;
    this.fWarp[0] = 0;
    this.fEarly[0] = p.shiftStart[this.type]!;
    this.fLate[0] = p.shiftEnd[this.type]!;
    for (let i = 1; i <= this.len; i++) {
      const a = nodes[i - 1]!;
      const b = nodes[i]!;
      const travel = p.dur[a * n + b]!;
      const delta = this.fDur[i - 1]! - this.fWarp[i - 1]! + travel;
      const wait = Math.max(p.twEarly[b]! - delta - this.fLate[i - 1]!, 0);
      const warp = Math.max(this.fEarly[i - 1]! + delta - p.twLate[b]!, 0);
      this.fDur[i] = this.fDur[i - 1]! + p.service[b]! + travel + wait;
      this.fWarp[i] = this.fWarp[i - 1]! + warp;
      this.fEarly[i] = Math.max(p.twEarly[b]! - delta, this.fEarly[i - 1]!) - wait;
      this.fLate[i] = Math.min(p.twLate[b]! - delta, this.fLate[i - 1]!) + warp;
    }
    for (let i = this.len; i >= 1; i--) {
      const a = nodes[i]!;
      if (i === this.len) {
        this.bDur[i] = p.service[a]!;
        this.bWarp[i] = 0;
        this.bEarly[i] = p.twEarly[a]!;
        this.bLate[i] = p.twLate[a]!;
        continue;
      }
      const b = nodes[i + 1]!;
      const travel = p.dur[a * n + b]!;
      const delta = p.service[a]! + travel;
      const wait = Math.max(this.bEarly[i + 1]! - delta - p.twLate[a]!, 0);
      const warp = Math.max(p.twEarly[a]! + delta - this.bLate[i + 1]!, 0);
      this.bDur[i] = p.service[a]! + this.bDur[i + 1]! + travel + wait;
      this.bWarp[i] = this.bWarp[i + 1]! + warp;
      this.bEarly[i] = Math.max(this.bEarly[i + 1]! - delta, p.twEarly[a]!) - wait;
      this.bLate[i] = Math.min(this.bLate[i + 1]! - delta, p.twLate[a]!) + warp;
    }
  }
}
