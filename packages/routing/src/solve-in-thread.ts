import { existsSync, readFileSync } from 'node:fs';
import type { Model, Plan } from './model.ts';
import { checkModel } from './model-check.ts';
import { makeFeasible } from './feasibility.ts';
import { type InitialRoute, initialSolution } from './initial-routes.ts';
import { buildPlan } from './plan-builder.ts';
import { compileProblem } from './problem.ts';
import { hybridGeneticSearch, type SearchProgress } from './solver/hgs.ts';
import { canPack, oneTripModel, packRoutes, startFrom } from './trip-packing.ts';

export type { SearchProgress } from './solver/hgs.ts';

export interface SolveOptions {
  /** Same seed, same model, same iteration budget: same plan. Default 1. */
  seed?: number;
  /**
   * Wall-clock budget of the whole call: the model check, travel matrices and neighbour lists
   * take their time out of it, the search gets the rest. Defaults to 10 s when no iteration
   * limit is given either.
   */
  timeLimitMs?: number;
  /** Budget in solutions built (deterministic, unlike a time limit). */
  maxIterations?: number;
  /** Neighbours per stop in the local search. Default 20. */
  granularity?: number;
  /**
   * Count the time limit in CPU time of the solving thread instead of wall time, so that a
   * budget means the same on a busy machine (benchmarks).
   */
  cpuTime?: boolean;
  /**
   * Routes to start the search from (e.g. yesterday's standing lines), each on a vehicle of its
   * type; stops in none are put at their cheapest place. The search then improves them as any
   * solution, so they may change where that pays. Without them, a fleet allowed several trips
   * starts from one-trip routes packed into its shifts (see `SolveStats.oneTripStart`).
   */
  initialRoutes?: InitialRoute[];
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
}

export interface SolveStats {
  iterations: number;
  elapsedMs: number;
  restarts: number;
  localSearchPasses: number;
  msPerLocalSearchPass: number;
  /** Model check, travel matrices and neighbour lists before the search (ms, on the budget's clock). */
  prepareMs: number;
  cancelled: boolean;
  /**
   * When vehicles may make several trips and no routes to start from were given, the search
   * starts from one-trip routes (planned with half the budget: half the time, or half the
   * iterations) packed into the fleet's shifts: that part's iterations and time (included in
   * `iterations` and `elapsedMs`), its routes, and the stops its packing left over (put at their
   * cheapest place before the search repairs them).
   */
  oneTripStart?: { iterations: number; elapsedMs: number; routes: number; leftOverStops: number };
}

export interface SolveResult {
  plan: Plan;
  stats: SolveStats;
}

const DEFAULT_TIME_LIMIT_MS = 10_000;

/**
 * CPU time of the calling thread: process.threadCpuUsage (Node ≥ 23.9), or on older versions on
 * Linux the thread's own accounting in /proc/thread-self/stat (user and system time, in clock
 * ticks of 10 ms).
 */
export function threadCpuMs(): number {
  if (typeof process.threadCpuUsage === 'function') {
    const used = process.threadCpuUsage();
    return (used.user + used.system) / 1000;
  }
  if (hasProcThreadStat()) {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }
  throw new Error('cpuTime needs Node 23.9 or later (process.threadCpuUsage), or Linux');
}

let procThreadStat: boolean | undefined;
function hasProcThreadStat(): boolean {
  procThreadStat ??= existsSync('/proc/thread-self/stat');
  return procThreadStat;
}

/** Whether threadCpuMs can measure on this runtime. */
export function canMeasureThreadCpu(): boolean {
  return typeof process.threadCpuUsage === 'function' || hasProcThreadStat();
}

/**
 * Plans routes in the calling thread (blocking it for the whole budget). Servers should
 * use `solve`, which runs this in a worker thread. A `shouldStop` hook lets the worker
 * cancel through shared memory, since its event loop is busy while solving.
 */
export function solveInThread(model: Model, options: SolveOptions = {}, shouldStop?: () => boolean): SolveResult {
  const clock = options.cpuTime ? threadCpuMs : () => performance.now();
  const started = clock();
  const { servable, unserved } = checkModel(model);
  const problem = compileProblem(model, servable, options.granularity);
  const prepareMs = clock() - started;
  const budget = options.timeLimitMs ?? (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  const timeLimitMs = budget === undefined ? undefined : Math.max(0, budget - prepareMs);
  const deadline = budget === undefined ? Infinity : started + budget;
  // The search checks for a stop between solutions, and at thousands of stops building one
  // (Split, then a local-search descent) takes seconds: stop when the next one would likely end
  // past the budget (taking the last one's time, or a decaying longer one) instead of overrunning.
  let lastCheck = Number.NaN;
  let perSolution = 0;
  const nextWouldOverrun = () => {
    const now = clock();
    if (!Number.isNaN(lastCheck)) perSolution = Math.max(now - lastCheck, 0.8 * perSolution);
    lastCheck = now;
    return now + perSolution > deadline;
  };
  let cancelled = false;
  const isCancelled = () => {
    cancelled ||= (options.signal?.aborted ?? false) || (shouldStop?.() ?? false);
    return cancelled;
  };
  const start =
    !options.initialRoutes?.length && problem.multiTrip && problem.nClients > 1 && canPack(model)
      ? oneTripStart(model, options, clock, timeLimitMs === undefined ? undefined : timeLimitMs / 2, isCancelled)
      : undefined;
  const initialRoutes = start?.routes ?? options.initialRoutes;
  const startMs = clock() - started - prepareMs;
  const offset = start ? { iteration: start.stats.iterations, elapsedMs: startMs } : { iteration: 0, elapsedMs: 0 };
  const onProgress = options.onProgress;
  const result = hybridGeneticSearch(problem, {
    seed: options.seed ?? 1,
    ...(initialRoutes?.length && problem.nClients > 0 ? { initial: initialSolution(model, problem, initialRoutes) } : {}),
    timeLimitMs: timeLimitMs === undefined ? undefined : Math.max(0, timeLimitMs - startMs),
    maxIterations: options.maxIterations === undefined ? undefined : Math.max(1, options.maxIterations - offset.iteration),
    onProgress:
      onProgress &&
      ((p) => onProgress({ iteration: p.iteration + offset.iteration, elapsedMs: p.elapsedMs + offset.elapsedMs, bestCost: p.bestCost })),
    clock: options.cpuTime ? threadCpuMs : undefined,
    shouldStop: () => isCancelled() || nextWouldOverrun(),
  });
  const routes = result.best.routes.slice();
  const dropped = makeFeasible(problem, routes);
  const reason = 'no vehicle left that could take it without breaking capacity, time windows or duration limits';
  const plan = buildPlan(model, problem, routes, [
    ...unserved,
    ...dropped.map((node) => ({ stopId: model.stops[problem.stopOfNode[node]!]!.id, code: 'no_vehicle_left' as const, reason })),
  ]);
  return {
    plan,
    stats: {
      iterations: result.iterations + offset.iteration,
      elapsedMs: result.elapsedMs + offset.elapsedMs,
      restarts: result.restarts,
      localSearchPasses: result.localSearchPasses,
      msPerLocalSearchPass: result.msPerPass,
      prepareMs,
      cancelled,
      ...(start ? { oneTripStart: start.stats } : {}),
    },
  };
}

/**
 * The start of a multi-trip search: the one-trip model (`oneTripModel`) solved with half the
 * budget, its routes packed into the fleet's shifts. At 1,000 points and more, a multi-trip
 * local search takes seconds, so a search from nothing makes a handful of iterations in a
 * minute; packed one-trip routes give it a start near a good plan, which it then improves
 * with moves across trips and vehicles and repairs where the packing left stops over.
 */
function oneTripStart(
  model: Model,
  options: SolveOptions,
  clock: () => number,
  timeLimitMs: number | undefined,
  cancelled: () => boolean,
): { routes: InitialRoute[]; stats: NonNullable<SolveStats['oneTripStart']> } {
  const t0 = clock();
  const oneTrip = solveInThread(
    oneTripModel(model),
    {
      seed: options.seed,
      granularity: options.granularity,
      cpuTime: options.cpuTime,
      ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
      ...(options.maxIterations === undefined ? {} : { maxIterations: Math.ceil(options.maxIterations / 2) }),
      ...(options.onProgress ? { onProgress: (p: SearchProgress) => options.onProgress!({ ...p, bestCost: null }) } : {}),
    },
    cancelled,
  );
  const packed = packRoutes(model, oneTrip.plan, { placeLeftOvers: true });
  return {
    routes: startFrom(packed.plan),
    stats: {
      iterations: oneTrip.stats.iterations,
      elapsedMs: clock() - t0,
      routes: oneTrip.plan.routes.length,
      leftOverStops: packed.plan.unserved.length,
    },
  };
}
