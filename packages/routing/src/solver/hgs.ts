import type { Problem } from '../problem.ts';
import { emptyVehicles, makeFeasible } from '../feasibility.ts';
import { crossover } from './crossover.ts';
import { Individual } from './individual.ts';
import { nearestNeighbourTour } from './initial-tours.ts';
import { LocalSearch } from './local-search.ts';
import { initialPenalties, loadWeights, type Penalties } from './penalties.ts';
import { Population, POPULATION } from './population.ts';
import { Rng } from './rng.ts';
import { Splitter } from './split.ts';

export interface SearchProgress {
  iteration: number;
  elapsedMs: number;
  /** Cost of the best feasible solution so far, or null while none is feasible. */
  bestCost: number | null;
}

export interface SearchOptions {
  seed: number;
  timeLimitMs?: number;
  /** Total number of solutions built (initial population included). */
  maxIterations?: number;
  /** Restart the population after this many iterations without a better feasible solution. */
  restartAfter?: number;
  onProgress?: (progress: SearchProgress) => void;
  progressIntervalMs?: number;
  shouldStop?: () => boolean;
  /** Clock in milliseconds for the time limit and progress; wall time by default. */
  clock?: () => number;
  /** Routes per slot to improve first (a warm start), before the usual initial population. */
  initial?: Int32Array[];
}

export interface SearchResult {
  best: Individual;
  iterations: number;
  elapsedMs: number;
  restarts: number;
  localSearchPasses: number;
  /** Mean wall time of one local-search pass over all clients (ms). */
  msPerPass: number;
}

/** Penalty adaptation of HGS: aim at about 20 % feasible local-search outcomes. */
const TARGET_FEASIBLE = 0.2;
const PENALTY_WINDOW = 100;
/**
 * Until a penalty first brings its feasible share down to the target, it adapts after this many
 * outcomes instead of PENALTY_WINDOW. The starting load penalty (HGS's longest edge per largest
 * demand) is often far too high: on X-n284-k15 every outcome stayed feasible for the first 400
 * solutions and the share reached the target after 1,200, a fifth of a 60 s budget; now after 240.
 */
const SETTLING_WINDOW = 20;
const SEEDING_SHARE = 0.15;

/**
 * Hybrid genetic search (Vidal 2022): a population of solutions improved by ordered
 * crossover of giant tours, Split, granular local search and repair, with penalties for
 * load and time excess that adapt to the share of feasible outcomes.
 */
export function hybridGeneticSearch(p: Problem, options: SearchOptions): SearchResult {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const elapsed = () => clock() - started;
  const rng = new Rng(options.seed);
  const weights = loadWeights(p);
  const penalties: Penalties = initialPenalties(p);
  const ls = new LocalSearch(p, weights, rng);
  const splitter = new Splitter(p, weights);
  const population = new Population(p, rng);
  const restartAfter = options.restartAfter ?? 20_000;
  const maxIterations = options.maxIterations ?? Infinity;
  const timeLimit = options.timeLimitMs ?? Infinity;
  const progressInterval = options.progressIntervalMs ?? 500;
  let best: Individual | null = null;
  let fallback: Individual | null = null;
  let iterations = 0;
  let sinceImprovement = 0;
  let restarts = 0;
  let lsTime = 0;
  let lastProgress = 0;
  const loadFeasible: boolean[] = [];
  const timeFeasible: boolean[] = [];

  const consider = (ind: Individual) => {
    if (ind.feasible && (best === null || ind.baseCost < best.baseCost - 1e-9)) {
      best = ind;
      sinceImprovement = 0;
    }
    const excess = ind.loadExcess + ind.timeExcess;
    if (fallback === null || excess < fallback.loadExcess + fallback.timeExcess) fallback = ind;
  };

  const improve = (routes: Int32Array[], searchPenalties: Penalties): Individual => {
    const t0 = performance.now();
    ls.run(routes, searchPenalties);
    lsTime += performance.now() - t0;
    const ind = new Individual(p, routes);
    ind.evaluate(p, weights, penalties);
    return ind;
  };

  const educate = (tour: Int32Array) => {
    iterations++;
    sinceImprovement++;
    const ind = improve(splitter.split(tour, penalties), penalties);
    loadFeasible.push(ind.loadExcess < 1e-9);
    timeFeasible.push(ind.timeExcess < 1e-9);
    population.add(ind);
    consider(ind);
    if (!ind.feasible && rng.unit() < 0.5) {
      const repaired = improve(ind.routes.slice(), { load: penalties.load * 10, time: penalties.time * 10 });
      if (repaired.feasible) {
        population.add(repaired);
        consider(repaired);
      }
    }
    adaptPenalties();
  };

  // Without time (the capacitated VRP), each penalty adapts after SETTLING_WINDOW outcomes until
  // its feasible share first comes down to the target, then after PENALTY_WINDOW. With time it
  // made Solomon worse at 10 s (0.07 → 0.19 %, with SWAP*'s relocations): problems with time
  // keep HGS's window throughout.
  let loadSettling = !p.hasTime;
  let timeSettling = !p.hasTime;
  const due = (settling: boolean, outcomes: boolean[]) => outcomes.length >= (settling ? SETTLING_WINDOW : PENALTY_WINDOW);
  const adaptPenalties = () => {
    let changed = false;
    if (due(loadSettling, loadFeasible)) {
      if (share(loadFeasible) <= TARGET_FEASIBLE + 0.05) loadSettling = false;
      penalties.load = adapted(penalties.load, loadFeasible);
      loadFeasible.length = 0;
      changed = true;
    }
    if (due(timeSettling, timeFeasible)) {
      if (share(timeFeasible) <= TARGET_FEASIBLE + 0.05) timeSettling = false;
      penalties.time = adapted(penalties.time, timeFeasible);
      timeFeasible.length = 0;
      changed = true;
    }
    if (!changed) return;
    for (const ind of population.infeasible) ind.reprice(penalties);
    population.resortInfeasible();
  };

  const stop = () => iterations >= maxIterations || elapsed() >= timeLimit || (options.shouldStop?.() ?? false);

  const report = (force: boolean) => {
    if (!options.onProgress) return;
    const now = elapsed();
    if (!force && now - lastProgress < progressInterval) return;
    lastProgress = now;
    const current: Individual | null = best;
    options.onProgress({ iteration: iterations, elapsedMs: now, bestCost: current === null ? null : current.baseCost });
  };

  const seedPopulation = () => {
    const tour = new Int32Array(p.nClients);
    for (let c = 0; c < p.nClients; c++) tour[c] = p.nDepots + c;
    // The first solution is always built, so even a tiny budget returns a complete plan; when
    // there is one already (a warm start, a restart), the budget decides, as for any other:
    // at 1,000 stops with several trips a descent takes seconds. Seeding may use at most a share
    // of the time budget: on large instances under short budgets, the genetic search makes
    // better use of the rest than more initial descents.
    const seedingEnds = elapsed() + SEEDING_SHARE * timeLimit;
    const first = () => fallback === null;
    for (let i = 0; i < 4 * POPULATION.minSize && (first() || (!stop() && (i < 2 || elapsed() < seedingEnds))); i++) {
      if (i % 4 === 3) {
        rng.shuffle(tour);
        educate(tour.slice());
      } else {
        educate(nearestNeighbourTour(p, rng));
      }
      report(false);
    }
  };

  if (options.initial) {
    // A warm start (standing lines, packed one-trip routes) is meant to be near a good plan: it
    // is improved with penalties ten times the search's, so that it stays near feasibility
    // rather than trading the plan's structure for a little cost, then, while it breaks a
    // constraint, repaired with penalties a hundred and a thousand times higher. It enters the
    // population first.
    iterations++;
    let routes: Int32Array[] = options.initial.map((r) => r.slice());
    let warm: Individual | null = null;
    for (let scale = 10; scale <= 1000 && (scale === 10 || !stop()); scale *= 10) {
      warm = improve(routes, { load: penalties.load * scale, time: penalties.time * scale });
      population.add(warm);
      consider(warm);
      if (warm.feasible) break;
      routes = warm.routes.slice();
    }
    // Some constraint breaks need more than one move to mend (a frozen stop needs room that only
    // moving another stop off a reefer makes): the repair does that; and vehicles the start
    // opened that the local search cannot empty (each stop moved out alone saves nothing until
    // the last) are emptied where their stops fit elsewhere for less. Both within the budget.
    if (warm !== null && !stop()) {
      routes = warm.routes.slice();
      const left = warm.feasible ? [] : makeFeasible(p, routes);
      if (left.length === 0 && (emptyVehicles(p, routes) > 0 || !warm.feasible)) {
        const mended = new Individual(p, routes);
        mended.evaluate(p, weights, penalties);
        population.add(mended);
        consider(mended);
        if (!stop()) {
          const improved = improve(mended.routes.slice(), { load: penalties.load * 10, time: penalties.time * 10 });
          population.add(improved);
          consider(improved);
        }
      }
    }
  }
  seedPopulation();
  while (!stop() && p.nClients > 1) {
    const child = crossover(population.select().giantTour, population.select().giantTour, rng);
    educate(child);
    report(false);
    if (sinceImprovement >= restartAfter) {
      population.clear();
      restarts++;
      sinceImprovement = 0;
      seedPopulation();
    }
  }
  report(true);
  const result = best ?? fallback ?? improve(splitter.split(new Int32Array(0), penalties), penalties);
  return {
    best: result,
    iterations,
    elapsedMs: elapsed(),
    restarts,
    localSearchPasses: ls.passes,
    msPerPass: ls.passes > 0 ? lsTime / ls.passes : 0,
  };
}

function share(outcomes: boolean[]): number {
  return outcomes.length === 0 ? 0 : outcomes.filter(Boolean).length / outcomes.length;
}

function adapted(penalty: number, outcomes: boolean[]): number {
  if (outcomes.length === 0) return penalty;
  const feasible = share(outcomes);
  if (feasible < TARGET_FEASIBLE - 0.05) return Math.min(penalty * 1.2, 100_000);
  if (feasible > TARGET_FEASIBLE + 0.05) return Math.max(penalty * 0.85, 0.1);
  return penalty;
}
