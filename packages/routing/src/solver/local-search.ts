import type { Problem } from '../problem.ts';
import type { Penalties } from './penalties.ts';
import type { Rng } from './rng.ts';
import { Moves } from './moves.ts';
import { RouteBuilder } from './route-builder.ts';
import { RouteState } from './route-state.ts';
import { SwapStar } from './swap-star.ts';
import { TripMoves } from './trip-moves.ts';

/**
 * Granular local search of HGS (Vidal 2022): for each client u and each of its neighbours
 * v, try relocations (u, u+x, x+u after v), swaps (1-1, 2-1, 2-2), 2-OPT inside a route
 * and both 2-OPT* between routes (the second, joining the two heads, only without time and
 * reloads), first improvement applied; pairs whose routes did not change
 * since they were last tried are skipped. SWAP* between routes follows each pass, then, when
 * vehicles may make several trips, the moves that add, remove and merge trips. Blocks moved
 * by the other moves may hold a reload, so stops also move across trips of one vehicle.
 */
export class LocalSearch {
  readonly p: Problem;
  readonly routes: RouteState[];
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  readonly builder: RouteBuilder;
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private readonly neighbours: Int32Array;
  private readonly lastTested: Int32Array;
  private readonly scratch: Int32Array;
  readonly swapStar: SwapStar;
  readonly moves: Moves;
  readonly trips: TripMoves;
  private readonly typeTried: Uint8Array;
  /** Whether the second 2-OPT* (`Moves.crossHeads`) is tried: without time and reloads. */
  private readonly crossHeads: boolean;
  nbMoves = 0;
  private versions = 0;
  /** Local-search passes over all clients since creation, for reporting. */
  passes = 0;

  constructor(p: Problem, weights: Float64Array, rng: Rng) {
    this.p = p;
    this.rng = rng;
    this.builder = new RouteBuilder(p, weights);
    this.routes = [];
    for (let s = 0; s < p.nSlots; s++) this.routes.push(new RouteState(p, s, weights));
    this.routeOf = new Int32Array(p.nNodes);
    this.posOf = new Int32Array(p.nNodes);
    this.order = new Int32Array(p.nClients);
    for (let c = 0; c < p.nClients; c++) this.order[c] = p.nDepots + c;
    this.neighbours = p.neighList.slice();
    this.lastTested = new Int32Array(p.nNodes);
    // As long as anything the builder writes: clients and two vehicles' reloads.
    this.scratch = new Int32Array(this.builder.out.length);
    this.swapStar = new SwapStar(this);
    this.moves = new Moves(this);
    this.trips = new TripMoves(this);
    this.typeTried = new Uint8Array(p.nTypes);
    this.crossHeads = !p.hasTime && !p.multiTrip;
  }

  /** Improves the given routes (client nodes per slot) in place until no move improves. */
  run(slotRoutes: Int32Array[], penalties: Penalties): void {
    this.load(slotRoutes, penalties);
    this.shuffleNeighbours();
    this.rng.shuffle(this.order);
    this.lastTested.fill(-1);
    // As in HGS, a second pass always runs: moves into empty routes are only tried from it on.
    let improved = true;
    for (let loop = 0; improved || loop < 2; loop++) {
      improved = false;
      this.passes++;
      for (let i = 0; i < this.order.length; i++) {
        const u = this.order[i]!;
        const lastTest = this.lastTested[u]!;
        this.lastTested[u] = this.nbMoves;
        const end = this.p.neighStart[u + 1]!;
        for (let k = this.p.neighStart[u]!; k < end; k++) {
          const v = this.neighbours[k]!;
          const ru = this.routes[this.routeOf[u]!]!;
          const rv = this.routes[this.routeOf[v]!]!;
          if (loop > 0 && Math.max(ru.lastModified, rv.lastModified) <= lastTest) continue;
          if (this.tryPair(u, v)) improved = true;
        }
        if (loop > 0 && this.tryEmptyRoutes(u)) improved = true;
      }
      if (this.swapStar.run()) improved = true;
      if (this.p.multiTrip && this.trips.run()) improved = true;
    }
    this.store(slotRoutes);
  }

  private shuffleNeighbours(): void {
    const p = this.p;
    for (let u = p.nDepots; u < p.nNodes; u++) {
      const start = p.neighStart[u]!;
      const end = p.neighStart[u + 1]!;
      if (this.rng.below(20) !== 0) continue;
      for (let i = end - 1; i > start; i--) {
        const j = start + this.rng.below(i - start + 1);
        const tmp = this.neighbours[i]!;
        this.neighbours[i] = this.neighbours[j]!;
        this.neighbours[j] = tmp;
      }
    }
  }

  /** Installs routes (client nodes per slot) under the given penalties. */
  load(slotRoutes: Int32Array[], penalties: Penalties = this.builder.penalties): void {
    this.builder.penalties = penalties;
    this.nbMoves = 0;
    for (const r of this.routes) {
      const clients = slotRoutes[r.slot]!;
      r.assign(this.p, clients, clients.length);
      this.afterChange(r);
    }
  }

  private store(slotRoutes: Int32Array[]): void {
    for (const r of this.routes) slotRoutes[r.slot] = r.nodes.slice(1, r.len + 1);
  }

  /** Penalised cost of route r as it stands. */
  routeCost(r: RouteState): number {
    this.builder.writing = false;
    this.builder.prefix(r, r.len);
    return this.builder.finish(r);
  }

  private afterChange(r: RouteState): void {
    for (let i = 1; i <= r.len; i++) {
      const node = r.nodes[i]!;
      if (node < this.p.nDepots) continue;
      this.routeOf[node] = r.slot;
      this.posOf[node] = i;
    }
    r.cost = this.routeCost(r);
    r.slack = r.cost - (r.clients > 0 ? r.fixedCost : 0) - r.costPerDistance * r.cumDist[r.len + 1]!;
    r.lastModified = this.nbMoves;
    r.version = ++this.versions;
    this.swapStar.updateSector(r);
  }

  /** Installs new contents: route a from the scratch buffer, route b (if any) from the builder (empty when `emptyB`). */
  commit(a: RouteState, aLen: number, b: RouteState | null, emptyB = false): void {
    this.nbMoves++;
    a.assign(this.p, this.scratch, aLen);
    if (b) b.assign(this.p, this.builder.out, emptyB ? 0 : this.builder.outLen);
    this.afterChange(a);
    if (b) this.afterChange(b);
  }

  /** Copies what the builder just wrote into the scratch buffer; returns its length. */
  keepWritten(): number {
    this.scratch.set(this.builder.out.subarray(0, this.builder.outLen));
    return this.builder.outLen;
  }

  private tryPair(u: number, v: number): boolean {
    const ru = this.routes[this.routeOf[u]!]!;
    const rv = this.routes[this.routeOf[v]!]!;
    const pu = this.posOf[u]!;
    const pv = this.posOf[v]!;
    const xIsClient = pu < ru.len;
    if (this.moves.exchange(ru, pu, 1, false, rv, pv + 1, 0)) return true;
    if (xIsClient && this.moves.exchange(ru, pu, 2, false, rv, pv + 1, 0)) return true;
    if (xIsClient && this.moves.exchange(ru, pu, 2, true, rv, pv + 1, 0)) return true;
    if (this.moves.exchange(ru, pu, 1, false, rv, pv, 1)) return true;
    if (xIsClient && this.moves.exchange(ru, pu, 2, false, rv, pv, 1)) return true;
    if (xIsClient && pv < rv.len && this.moves.exchange(ru, pu, 2, false, rv, pv, 2)) return true;
    if (ru === rv ? pu < pv - 1 && this.moves.reverse(ru, pu, pv) : this.moves.swapTails(ru, pu, rv, pv)) return true;
    if (ru !== rv && this.crossHeads && this.moves.crossHeads(ru, pu, rv, pv)) return true;
    if (pv === 1) {
      // v opens its route: also try placing u right after the depot.
      if (this.moves.exchange(ru, pu, 1, false, rv, 1, 0)) return true;
      if (xIsClient && this.moves.exchange(ru, pu, 2, false, rv, 1, 0)) return true;
      if (xIsClient && this.moves.exchange(ru, pu, 2, true, rv, 1, 0)) return true;
      if (ru !== rv && this.moves.swapTails(ru, pu, rv, 0)) return true;
      if (ru !== rv && this.crossHeads && this.moves.crossHeads(ru, pu, rv, 0)) return true;
    }
    return false;
  }

  /** Moves u (and its successor) or the tail of its route into an empty vehicle of each type. */
  private tryEmptyRoutes(u: number): boolean {
    const tried = this.typeTried;
    tried.fill(0);
    for (const r of this.routes) {
      if (r.len > 0 || tried[r.type] === 1) continue;
      tried[r.type] = 1;
      const ru = this.routes[this.routeOf[u]!]!;
      const pu = this.posOf[u]!;
      if (this.moves.exchange(ru, pu, 1, false, r, 1, 0)) return true;
      if (pu < ru.len && this.moves.exchange(ru, pu, 2, false, r, 1, 0)) return true;
      if (this.moves.swapTails(ru, pu, r, 0)) return true;
    }
    return false;
  }
}
