import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readVrp } from '../src/formats/cvrplib.ts';
import { readSolomon } from '../src/formats/solomon.ts';
import { checkPlan } from '../src/plan-check.ts';
import { canMeasureThreadCpu, solveInThread, threadCpuMs } from '../src/solve-in-thread.ts';
import type { BenchInstance } from './instances.ts';

export interface BenchJob {
  instance: BenchInstance;
  seconds: number;
  /** When set, an iteration budget replaces the time limit (reproducible across machines). */
  iterations?: number;
  /** Count the time budget in CPU time of the solver thread. */
  cpu: boolean;
  seed: number;
}

export interface BenchRow {
  name: string;
  set: string;
  n: number;
  cost: number;
  bks: number;
  gapPercent: number;
  seconds: number;
  cpuSeconds: number;
  /** Resident memory of the whole benchmark process after the solve. */
  rssMegabytes: number;
  iterations: number;
  msPerLocalSearchPass: number;
  routes: number;
  valid: boolean;
  violations: string[];
}

/** Solves one instance in this thread and checks the plan independently. */
export function solveInstance(job: BenchJob): BenchRow {
  const { instance } = job;
  const text = readFileSync(instance.path, 'utf8');
  const { model } = instance.format === 'vrp' ? readVrp(text, { round: instance.round, vehicles: instance.vehicles }) : readSolomon(text);
  const wallStart = performance.now();
  // CPU time needs Node ≥ 23.9 or Linux; elsewhere the column shows NaN.
  const cpuClock = canMeasureThreadCpu() ? threadCpuMs : () => Number.NaN;
  const cpuStart = cpuClock();
  const budget = job.iterations ? { maxIterations: job.iterations } : { timeLimitMs: job.seconds * 1000, cpuTime: job.cpu };
  const { plan, stats } = solveInThread(model, { seed: job.seed, ...budget });
  const cpuSeconds = (cpuClock() - cpuStart) / 1000;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const violations = checkPlan(model, plan);
  if (plan.unserved.length > 0) violations.push(`${plan.unserved.length} stops unserved`);
  return {
    name: instance.name,
    set: instance.set,
    n: instance.n,
    cost: plan.totalCost,
    bks: instance.bks,
    gapPercent: ((plan.totalCost - instance.bks) / instance.bks) * 100,
    seconds: wallSeconds,
    cpuSeconds,
    rssMegabytes: process.memoryUsage().rss / 1e6,
    iterations: stats.iterations,
    msPerLocalSearchPass: stats.msPerLocalSearchPass,
    routes: plan.routes.length,
    valid: violations.length === 0,
    violations,
  };
}

// As a worker of the benchmark pool: solve each job received, answer with its row.
parentPort?.on('message', (job: BenchJob) => {
  parentPort!.postMessage(solveInstance(job));
});
