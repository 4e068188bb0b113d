import type { Model, Plan } from './model.ts';
import { checkModel } from './model-check.ts';
import { makeFeasible } from './feasibility.ts';
import { type InitialRoute, initialSolution } from './initial-routes.ts';
import { buildPlan } from './plan-builder.ts';
import { compileProblem } from './problem.ts';
import { hybridGeneticSearch, type SearchProgress } from './solver/hgs.ts';

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
   * solution, so they may change where that pays.
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
}

export interface SolveResult {
  plan: Plan;
  stats: SolveStats;
}

const DEFAULT_TIME_LIMIT_MS = 10_000;

/** CPU time of the calling thread (Node ≥ 23.9; older versions lack process.threadCpuUsage). */
export function threadCpuMs(): number {
  if (typeof process.threadCpuUsage !== 'function') throw new Error('cpuTime needs Node 23.9 or later (process.threadCpuUsage)');
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
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
  const result = hybridGeneticSearch(problem, {
    seed: options.seed ?? 1,
    ...(options.initialRoutes?.length && problem.nClients > 0 ? { initial: initialSolution(model, problem, options.initialRoutes) } : {}),
    timeLimitMs,
    maxIterations: options.maxIterations,
    onProgress: options.onProgress,
    clock: options.cpuTime ? threadCpuMs : undefined,
    shouldStop: () => {
      cancelled ||= (options.signal?.aborted ?? false) || (shouldStop?.() ?? false);
      return cancelled || nextWouldOverrun();
    },
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
      iterations: result.iterations,
      elapsedMs: result.elapsedMs,
      restarts: result.restarts,
      localSearchPasses: result.localSearchPasses,
      msPerLocalSearchPass: result.msPerPass,
      prepareMs,
      cancelled,
    },
  };
}
