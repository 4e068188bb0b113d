import type { Model, Position } from './model.ts';
import { type Matrix, TravelSource } from './travel.ts';

/**
 * The model compiled into flat typed arrays for the solver. Nodes are numbered depots
 * first (0..nDepots-1), then the servable stops. Vehicles become "slots": one per
 * vehicle, each with its type, so a route always belongs to a slot.
 */
export interface Problem {
  nDepots: number;
  nClients: number;
  nNodes: number;
  dims: number;
  /**
   * n×n, row-major, over nodes (not model locations): Float32 where exact or where travel is an
   * estimate anyway, Float64 for exact Euclidean distances (see `Matrix`). `dist` may be the
   * caller's own matrix (a Float32Array in location order when every stop is servable) and `dur`
   * may be `dist` itself, unless setup times are folded into `dur` (then a Float64Array of its own).
   */
  dist: Matrix;
  dur: Matrix;
  demand: Float64Array;
  service: Float64Array;
  twEarly: Float64Array;
  twLate: Float64Array;
  /** Whether any time data can matter (windows, shifts, duration limits, time costs). */
  hasTime: boolean;
  x: Float64Array;
  y: Float64Array;
  /** Index of the model stop behind each client node (-1 for depots). */
  stopOfNode: Int32Array;
  /** Index of the model depot behind each depot node. */
  depotOfNode: Int32Array;
  nTypes: number;
  capacity: Float64Array;
  fixedCost: Float64Array;
  costPerDistance: Float64Array;
  costPerTime: Float64Array;
  shiftStart: Float64Array;
  shiftEnd: Float64Array;
  maxDuration: Float64Array;
  startDepot: Int32Array;
  endDepot: Int32Array;
  nSlots: number;
  slotType: Int32Array;
  slotVehicleIndex: Int32Array;
  /** Trips a vehicle of each type may make (1 = no reloading); reloads are visits to the start depot. */
  maxTrips: Int32Array;
  /** Cost of each trip after the first (the first is in the fixed cost). */
  reloadCost: Float64Array;
  /** Whether any vehicle type may make more than one trip. */
  multiTrip: boolean;
  /** Each type's driver break window and length (length 0: no break). */
  breakEarly: Float64Array;
  breakLate: Float64Array;
  breakDuration: Float64Array;
  /** Per node: the type index its stop prefers (-1: none, and for depots). */
  preferredType: Int32Array;
  /** Per node: what serving it with a vehicle of another type than the preferred one adds. */
  changeCost: Float64Array;
  /** Whether any stop prefers a vehicle type (so route costs carry change costs). */
  hasPreferences: boolean;
  /** Granular neighbourhoods in CSR form: neighbours of node u are neighList[neighStart[u]..neighStart[u+1]). */
  neighStart: Int32Array;
  neighList: Int32Array;
}

/** What node adds to the cost of a route of vehicle type `type`: its change cost when it prefers another type. */
export function changeCostOf(p: Problem, node: number, type: number): number {
  const preferred = p.preferredType[node]!;
  return preferred >= 0 && preferred !== type ? p.changeCost[node]! : 0;
}

function coordinates(p: Position | undefined): [number, number] {
  if (p === undefined) return [0, 0];
  return 'lat' in p ? [p.lon, p.lat] : [p.x, p.y];
}

/** How many slots an unlimited vehicle type gets: enough routes for the demand, with slack. */
function unlimitedCount(model: Model, capacity: number[], servable: number[], hasTime: boolean): number {
  let ratio = 1;
  for (let d = 0; d < capacity.length; d++) {
    let total = 0;
    for (const s of servable) total += model.stops[s]!.demand[d] ?? 0;
    if (capacity[d]! > 0) ratio = Math.max(ratio, total / capacity[d]!);
  }
  const bound = Math.ceil(1.3 * ratio) + 3;
  return Math.max(1, Math.min(servable.length, hasTime ? 2 * bound : bound));
}

/**
 * Compiles the model. `servable` lists the stop indices to plan (the others were found
 * unservable by the model check); `granularity` is the neighbourhood size.
 */
export function compileProblem(model: Model, servable: number[], granularity = 20): Problem {
  const nDepots = model.depots.length;
  const nClients = servable.length;
  const nNodes = nDepots + nClients;
  const dims = Math.max(1, ...model.vehicleTypes.map((t) => t.capacity.length));
  // The matrices are filled over nodes directly (no matrix over all locations first). Setup
  // times are added to durations below: the duration matrix is then the solver's own, Float64.
  const locations = new Int32Array(nNodes);
  for (let i = 0; i < nNodes; i++) locations[i] = i < nDepots ? i : nDepots + servable[i - nDepots]!;
  const ownDuration = servable.some((s) => (model.stops[s]!.setupTime ?? 0) > 0);
  const { distance: dist, duration: dur } = new TravelSource(model).matrices(locations, { share: true, ownDuration });
  const demand = new Float64Array(nNodes * dims);
  const service = new Float64Array(nNodes);
  const twEarly = new Float64Array(nNodes).fill(-Infinity);
  const twLate = new Float64Array(nNodes).fill(Infinity);
  const x = new Float64Array(nNodes);
  const y = new Float64Array(nNodes);
  const stopOfNode = new Int32Array(nNodes).fill(-1);
  const preferredType = new Int32Array(nNodes).fill(-1);
  const changeCost = new Float64Array(nNodes);
  const typeIndex = new Map(model.vehicleTypes.map((t, k) => [t.id, k]));
  const depotOfNode = new Int32Array(nDepots);
  let hasTime = false;
  for (let i = 0; i < nDepots; i++) {
    depotOfNode[i] = i;
    service[i] = model.depots[i]!.reloadTime ?? 0;
    [x[i], y[i]] = coordinates(model.depots[i]!.position);
  }
  for (let c = 0; c < nClients; c++) {
    const node = nDepots + c;
    const stop = model.stops[servable[c]!]!;
    stopOfNode[node] = servable[c]!;
    for (let d = 0; d < dims; d++) demand[node * dims + d] = stop.demand[d] ?? 0;
    service[node] = stop.serviceTime ?? 0;
    if (stop.timeWindow) {
      [twEarly[node], twLate[node]] = stop.timeWindow;
      hasTime = true;
    }
    [x[node], y[node]] = coordinates(stop.position);
    if (stop.preferredVehicleType !== undefined) {
      preferredType[node] = typeIndex.get(stop.preferredVehicleType)!;
      changeCost[node] = stop.changeCost ?? 0;
    }
  }
  const types = model.vehicleTypes;
  const nTypes = types.length;
  const depotIndex = new Map(model.depots.map((d, i) => [d.id, i]));
  const capacity = new Float64Array(nTypes * dims);
  const fixedCost = new Float64Array(nTypes);
  const costPerDistance = new Float64Array(nTypes);
  const costPerTime = new Float64Array(nTypes);
  const shiftStart = new Float64Array(nTypes);
  const shiftEnd = new Float64Array(nTypes);
  const maxDuration = new Float64Array(nTypes);
  const startDepot = new Int32Array(nTypes);
  const endDepot = new Int32Array(nTypes);
  const maxTrips = new Int32Array(nTypes);
  const reloadCost = new Float64Array(nTypes);
  const breakEarly = new Float64Array(nTypes);
  const breakLate = new Float64Array(nTypes);
  const breakDuration = new Float64Array(nTypes);
  types.forEach((t, k) => {
    if (t.driverBreak) {
      breakEarly[k] = t.driverBreak.earliest;
      breakLate[k] = t.driverBreak.latest;
      breakDuration[k] = t.driverBreak.duration;
      hasTime = true;
    }
    maxTrips[k] = Math.max(1, t.maxTrips ?? 1);
    reloadCost[k] = t.tripCost ?? 0;
    for (let d = 0; d < dims; d++) capacity[k * dims + d] = t.capacity[d] ?? 0;
    fixedCost[k] = (t.fixedCost ?? 0) + (t.tripCost ?? 0);
    costPerDistance[k] = t.costPerDistance ?? 1;
    costPerTime[k] = t.costPerTime ?? 0;
    shiftStart[k] = t.shiftStart ?? 0;
    shiftEnd[k] = t.shiftEnd ?? Infinity;
    maxDuration[k] = t.maxDuration ?? Infinity;
    startDepot[k] = depotIndex.get(t.startDepot)!;
    endDepot[k] = depotIndex.get(t.endDepot ?? t.startDepot)!;
    if (costPerTime[k]! > 0 || maxDuration[k]! < Infinity || shiftEnd[k]! < Infinity) hasTime = true;
  });
  const slotTypes: number[] = [];
  const slotIndices: number[] = [];
  types.forEach((t, k) => {
    const count = t.count ?? unlimitedCount(model, t.capacity, servable, hasTime);
    for (let v = 0; v < count; v++) {
      slotTypes.push(k);
      slotIndices.push(v);
    }
  });
  const problem: Problem = {
    nDepots,
    nClients,
    nNodes,
    dims,
    dist,
    dur,
    demand,
    service,
    twEarly,
    twLate,
    hasTime,
    x,
    y,
    stopOfNode,
    depotOfNode,
    nTypes,
    capacity,
    fixedCost,
    costPerDistance,
    costPerTime,
    shiftStart,
    shiftEnd,
    maxDuration,
    startDepot,
    endDepot,
    maxTrips,
    reloadCost,
    multiTrip: maxTrips.some((m) => m > 1),
    nSlots: slotTypes.length,
    slotType: Int32Array.from(slotTypes),
    slotVehicleIndex: Int32Array.from(slotIndices),
    breakEarly,
    breakLate,
    breakDuration,
    preferredType,
    changeCost,
    hasPreferences: preferredType.some((t) => t >= 0),
    neighStart: new Int32Array(0),
    neighList: new Int32Array(0),
  };
  addSetupTimes(problem, model);
  buildNeighbourhoods(problem, granularity);
  return problem;
}

/**
 * Folds stops' setup times into the travel time towards them, except from another stop of the
 * same site: visits in a row at one place park once.
 */
function addSetupTimes(p: Problem, model: Model): void {
  const setup = new Float64Array(p.nNodes);
  const site = new Int32Array(p.nNodes).fill(-1);
  const siteIds = new Map<string, number>();
  let any = false;
  for (let node = p.nDepots; node < p.nNodes; node++) {
    const stop = model.stops[p.stopOfNode[node]!]!;
    setup[node] = stop.setupTime ?? 0;
    if (setup[node]! > 0) any = true;
    if (stop.site !== undefined) {
      if (!siteIds.has(stop.site)) siteIds.set(stop.site, siteIds.size);
      site[node] = siteIds.get(stop.site)!;
    }
  }
  if (!any) return;
  const n = p.nNodes;
  for (let i = 0; i < n; i++) {
    for (let j = p.nDepots; j < n; j++) {
      if (i !== j && (site[i] === -1 || site[i] !== site[j])) p.dur[i * n + j]! += setup[j]!;
    }
  }
}

/**
 * Proximity of v as a successor of u: distance, plus the waiting and lateness that serving
 * v right after u would cause (so time-window-incompatible pairs rank low).
 */
function proximity(p: Problem, u: number, v: number): number {
  const n = p.nNodes;
  const base = p.dist[u * n + v]! + p.dist[v * n + u]!;
  if (!p.hasTime) return base;
  const travel = p.dur[u * n + v]!;
  const wait = Math.max(0, p.twEarly[v]! - travel - p.service[u]! - p.twLate[u]!);
  const late = Math.max(0, p.twEarly[u]! + p.service[u]! + travel - p.twLate[v]!);
  return base + 0.2 * (Number.isFinite(wait) ? wait : 0) + (Number.isFinite(late) ? late : 0);
}

/**
 * Granular neighbourhoods: for each client, the k = granularity clients of best proximity (ties
 * to the lower node), made symmetric. Each client's k best are kept in a bounded max-heap while
 * scanning the others, O(n² log k) in all; lists are in the order of a stable sort of all
 * candidates by proximity, as the local search expects.
 */
function buildNeighbourhoods(p: Problem, granularity: number): void {
  const sets: Set<number>[] = [];
  for (let u = 0; u < p.nNodes; u++) sets.push(new Set());
  const n = p.nNodes;
  const k = Math.min(granularity, p.nClients - 1);
  const heapNode = new Int32Array(Math.max(0, k));
  const heapScore = new Float64Array(Math.max(0, k));
  const ranked: number[] = [];
  for (let u = p.nDepots; u < p.nNodes && k > 0; u++) {
    let size = 0;
    for (let v = p.nDepots; v < p.nNodes; v++) {
      if (v === u) continue;
      // Without time, both directions score the same sum of the two distances.
      const score = p.hasTime ? Math.min(proximity(p, u, v), proximity(p, v, u)) : p.dist[u * n + v]! + p.dist[v * n + u]!;
      if (size < k) {
        // Sift up: the root holds the worst kept (highest score; on a tie, the later node).
        let i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!worse(score, v, heapScore[parent]!, heapNode[parent]!)) break;
          heapNode[i] = heapNode[parent]!;
          heapScore[i] = heapScore[parent]!;
          i = parent;
        }
        heapNode[i] = v;
        heapScore[i] = score;
      } else if (worse(heapScore[0]!, heapNode[0]!, score, v)) {
        // Better than the worst kept (on an equal score v loses, coming after every kept node). Sift down.
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          if (left >= k) break;
          const right = left + 1;
          const child = right < k && worse(heapScore[right]!, heapNode[right]!, heapScore[left]!, heapNode[left]!) ? right : left;
          if (!worse(heapScore[child]!, heapNode[child]!, score, v)) break;
          heapNode[i] = heapNode[child]!;
          heapScore[i] = heapScore[child]!;
          i = child;
        }
        heapNode[i] = v;
        heapScore[i] = score;
      }
    }
    ranked.length = 0;
    for (let i = 0; i < size; i++) ranked.push(i);
    ranked.sort((a, b) => (worse(heapScore[a]!, heapNode[a]!, heapScore[b]!, heapNode[b]!) ? 1 : -1));
    for (const i of ranked) {
      const v = heapNode[i]!;
      sets[u]!.add(v);
      sets[v]!.add(u);
    }
  }
  const start = new Int32Array(p.nNodes + 1);
  const list: number[] = [];
  for (let u = 0; u < p.nNodes; u++) {
    start[u] = list.length;
    for (const v of sets[u]!) list.push(v);
  }
  start[p.nNodes] = list.length;
  p.neighStart = start;
  p.neighList = Int32Array.from(list);
}

/** Whether (score a, node a) ranks after (score b, node b): higher score, or equal score and later node. */
function worse(scoreA: number, nodeA: number, scoreB: number, nodeB: number): boolean {
  return scoreA > scoreB || (!(scoreA < scoreB) && nodeA > nodeB);
}
