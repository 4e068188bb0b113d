import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Model, Plan } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { type SearchProgress, type SolveOptions, type SolveResult, solveInThread, threadCpuMs } from '../src/solve-in-thread.ts';
import { type City, DIMENSIONS, fleetTrips, generateCity } from './city-generator.ts';
import { packRoutes, phaseOneModel } from './two-phase.ts';

const USAGE = `usage: npm run bench:routing:multitrip -- [--points 1000] [--seconds 60 [--cpu] | --iterations N] [--seed 1[,2,3]]
       [--same-type-only] [--bounded-phase1] [--fleet-share 1] [--describe] [--verbose] [--stall 300]
  --points          pickup points of the generated city (about two stops each: one per temperature class)
  --seconds         budget of each solve: the integrated model, and phase 1 of the two-phase baseline
  --seed            seed of the city and of both solves; a list runs one city per seed
  --cpu             count the seconds in CPU time of the solving thread (fair on a busy machine)
  --iterations      a budget in solutions built instead (deterministic, no time limit)
  --same-type-only  the baseline packs a route only onto vehicles of the type phase 1 gave it
  --bounded-phase1  the baseline's phase 1 gets count × maxTrips vehicles of each type, not unlimited
  --fleet-share     keep this share of each vehicle type (rounded down, at least one): a fleet too
                    short for the day, to see how long a solve takes when many points stay unserved
  --describe        print the city and its fleet, solve nothing
  --verbose         print the search's progress on stderr
  --stall           seconds of wall time without progress after which a solve counts as hung and is
                    stopped (default 300; the search checks its budget only between iterations)`;

/**
 * Multi-trip benchmark: a generated city (city-generator.ts: 1,000 pickup points, three
 * temperature classes, a fleet that needs two to three trips a vehicle) planned by the integrated
 * multi-trip model and by a two-phase baseline (two-phase.ts: one-trip routes, then bin-packed
 * into the fleet's shifts) with the same budget, one after the other, each solve in a worker
 * thread (this file is also the worker). Both plans go through `checkPlan` against the real fleet;
 * prints a Markdown table.
 */
interface Row {
  label: string;
  cost: number;
  vehicles: Map<string, number>;
  trips: number;
  maxTrips: number;
  pointsServed: number;
  points: number;
  unservedStops: number;
  distanceKm: number;
  violations: string[];
  wallS: number;
  cpuS: number;
  iterations: number;
  note: string;
  /** Why there is no plan (a solve that hung), if so. */
  failure?: string;
}

function servedPoints(city: City, plan: Plan): number {
  const unserved = new Set(plan.unserved.map((u) => u.stopId));
  return city.points.filter((p) => p.stopIds.every((s) => !unserved.has(s))).length;
}

function row(label: string, city: City, plan: Plan, wallS: number, cpuS: number, iterations: number, note = ''): Row {
  const vehicles = new Map<string, number>();
  for (const r of plan.routes) vehicles.set(r.vehicleTypeId, (vehicles.get(r.vehicleTypeId) ?? 0) + 1);
  return {
    label,
    cost: plan.totalCost,
    vehicles,
    trips: plan.routes.reduce((sum, r) => sum + r.trips.length, 0),
    maxTrips: Math.max(0, ...plan.routes.map((r) => r.trips.length)),
    pointsServed: servedPoints(city, plan),
    points: city.points.length,
    unservedStops: plan.unserved.length,
    distanceKm: plan.totalDistance / 1000,
    violations: checkPlan(city.model, plan),
    wallS,
    cpuS,
    iterations,
    note,
  };
}

const money = (x: number) => Math.round(x).toLocaleString('en-US');

function vehiclesText(model: Model, r: Row): string {
  const total = [...r.vehicles.values()].reduce((a, b) => a + b, 0);
  const parts = model.vehicleTypes.map((t) => `${r.vehicles.get(t.id) ?? 0}/${t.count}`);
  return `${total} (${parts.join(', ')})`;
}

function line(model: Model, r: Row): string {
  if (r.failure) return `| ${r.label} | — | — | — | — | — | — | — | no plan | ${r.wallS.toFixed(1)} | — | ${r.iterations} | ${r.failure} |`;
  const valid = r.violations.length === 0 ? 'yes' : `NO (${r.violations.length}): ${r.violations.slice(0, 2).join('; ')}`;
  return `| ${r.label} | ${money(r.cost)} | ${vehiclesText(model, r)} | ${r.trips} | ${r.maxTrips} | ${r.pointsServed} / ${r.points} | ${r.unservedStops} | ${r.distanceKm.toFixed(0)} | ${valid} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.iterations} |${r.note ? ` ${r.note}` : ''}`;
}

function describe(city: City): string {
  const m = city.model;
  const trips = fleetTrips(m);
  const shops = city.points.filter((p) => p.shop).length;
  const fleet = m.vehicleTypes.map((t) => `${t.count} ${t.id} [${t.capacity.join(', ')}]`).join(', ');
  const demand = city.totals.map((q, d) => `${Math.round(q).toLocaleString('en-US')} ${DIMENSIONS[d]}`).join(', ');
  const needs = trips.map((x, d) => `${DIMENSIONS[d]} ${x.toFixed(2)}`).join(', ');
  return [
    `city: ${city.points.length} points (${shops} shops open from 07:00), ${m.stops.length} stops; demand ${demand}`,
    `fleet: ${fleet}; trips of the whole fleet the demand needs: ${needs}`,
  ].join('\n');
}

/** Trips of the integrated plan that look wasteful, for the notes under the table. */
function tripNotes(city: City, plan: Plan): string {
  const model = city.model;
  const type = new Map(model.vehicleTypes.map((t) => [t.id, t]));
  let mergeable = 0;
  let light = 0;
  let tripsTotal = 0;
  for (const r of plan.routes) {
    const cap = type.get(r.vehicleTypeId)!.capacity;
    tripsTotal += r.trips.length;
    for (const t of r.trips) if (t.load.every((q, d) => cap[d] === 0 || q <= 0.25 * cap[d]!)) light++;
    for (let k = 1; k < r.trips.length; k++) {
      const a = r.trips[k - 1]!;
      const b = r.trips[k]!;
      if (a.load.every((q, d) => q + b.load[d]! <= cap[d]!)) mergeable++;
    }
  }
  // Points whose class stops ride different vehicles or trips (each pays the setup time again).
  const where = new Map<string, string>();
  for (const r of plan.routes) for (const v of r.visits) where.set(v.stopId, `${r.vehicleTypeId}#${r.vehicleIndex}/${v.trip}`);
  const split = city.points.filter((p) => new Set(p.stopIds.map((s) => where.get(s))).size > 1).length;
  const hours = (x: number) => (x / 3600).toFixed(2);
  const tripTime = plan.routes.reduce((sum, r) => sum + r.trips.reduce((s, t) => s + t.arrival - t.departure, 0), 0);
  const dayTime = plan.routes.reduce((sum, r) => sum + r.duration, 0);
  const perVehicle = [1, 2, 3].map((k) => plan.routes.filter((r) => r.trips.length === k).length).join('/');
  return `${tripsTotal} trips (vehicles with 1/2/3 trips: ${perVehicle}), mean trip ${hours(tripTime / Math.max(1, tripsTotal))} h, mean day ${hours(dayTime / Math.max(1, plan.routes.length))} h; ${light} trips carry at most 25 % of every compartment, ${mergeable} consecutive pairs would fit in one trip; ${split} points split over several trips`;
}

/** How the integrated search started (`SolveStats.oneTripStart`). */
function startNote(start: SolveResult['stats']['oneTripStart']): string {
  if (!start) return 'started from nothing';
  return `started from ${start.routes} one-trip routes (${start.iterations} iterations, ${(start.elapsedMs / 1000).toFixed(1)} s of budget) packed into the fleet, ${start.leftOverStops} stops left over`;
}

interface SolveJob {
  model: Model;
  options: Omit<SolveOptions, 'onProgress' | 'signal'>;
}

type WorkerMessage =
  | { kind: 'progress'; progress: SearchProgress }
  | { kind: 'done'; result: SolveResult; cpuMs: number }
  | { kind: 'error'; message: string };

type Solved = { result: SolveResult; wallS: number; cpuS: number } | { hung: string; wallS: number; iterations: number };

/**
 * Solves in a worker thread; stops it when it reports no progress for `stallS` seconds of wall
 * time (a search stuck inside one local search never reaches its budget check).
 */
function solveInWorker(job: SolveJob, stallS: number, onProgress?: (p: SearchProgress) => void): Promise<Solved> {
  const t0 = performance.now();
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    let last = performance.now();
    let iteration = 0;
    let budgetUsed = 0;
    const watchdog = setInterval(() => {
      if (performance.now() - last < stallS * 1000) return;
      clearInterval(watchdog);
      void worker.terminate();
      resolve({
        hung: `hung: no progress for ${stallS} s after iteration ${iteration} (${(budgetUsed / 1000).toFixed(1)} s of budget used); stopped`,
        wallS: (performance.now() - t0) / 1000,
        iterations: iteration,
      });
    }, 1000);
    worker.on('message', (message: WorkerMessage) => {
      last = performance.now();
      if (message.kind === 'progress') {
        iteration = message.progress.iteration;
        budgetUsed = message.progress.elapsedMs;
        onProgress?.(message.progress);
        return;
      }
      clearInterval(watchdog);
      void worker.terminate();
      if (message.kind === 'done') resolve({ result: message.result, wallS: (performance.now() - t0) / 1000, cpuS: message.cpuMs / 1000 });
      else reject(new Error(message.message));
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

/** Worker side: one solve, with progress after every iteration (the watchdog listens to it). */
function workerMain(): void {
  const job = workerData as SolveJob;
  const port = parentPort!;
  try {
    const cpu0 = threadCpuMs();
    const result = solveInThread(job.model, {
      ...job.options,
      onProgress: (progress) => port.postMessage({ kind: 'progress', progress } satisfies WorkerMessage),
    });
    port.postMessage({ kind: 'done', result, cpuMs: threadCpuMs() - cpu0 } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ kind: 'error', message: (error as Error).message } satisfies WorkerMessage);
  }
}

function failedRow(label: string, city: City, solved: { hung: string; wallS: number; iterations: number }): Row {
  return {
    label,
    cost: Number.NaN,
    vehicles: new Map(),
    trips: 0,
    maxTrips: 0,
    pointsServed: 0,
    points: city.points.length,
    unservedStops: city.model.stops.length,
    distanceKm: 0,
    violations: [],
    wallS: solved.wallS,
    cpuS: Number.NaN,
    iterations: solved.iterations,
    note: '',
    failure: solved.hung,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      points: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      iterations: { type: 'string' },
      cpu: { type: 'boolean', default: false },
      'same-type-only': { type: 'boolean', default: false },
      'bounded-phase1': { type: 'boolean', default: false },
      'fleet-share': { type: 'string', default: '1' },
      describe: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      stall: { type: 'string', default: '300' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const points = Number(values.points);
  const seconds = Number(values.seconds);
  const seeds = values.seed.split(',').map(Number);
  const stallS = Number(values.stall);
  const fleetShare = Number(values['fleet-share']);
  if (!(fleetShare > 0 && fleetShare <= 1)) throw new Error(`--fleet-share must be in (0, 1]: ${values['fleet-share']}`);
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  const budget = `${iterations === undefined ? `${seconds} s of ${values.cpu ? 'thread CPU time' : 'wall time'}` : `${iterations} iterations`}${values['bounded-phase1'] ? ', bounded phase 1' : ''}${values['same-type-only'] ? ', same-type packing' : ''}${fleetShare < 1 ? `, ${fleetShare} of the fleet` : ''}`;
  console.log(
    `# multi-trip city: ${points} points, seeds ${seeds.join(', ')}, ${budget} per solve, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, Node ${process.version}, ${new Date().toISOString()}`,
  );
  const results: { seed: number; integrated: Row; twoPhase: Row; hired: Row | null }[] = [];
  for (const seed of seeds) {
    const city = generateCity({ points, seed });
    for (const t of city.model.vehicleTypes) t.count = Math.max(1, Math.floor((t.count ?? 1) * fleetShare));
    console.log(`\n## seed ${seed}\n${describe(city)}`);
    if (values.describe) continue;
    const options: SolveJob['options'] =
      iterations === undefined ? { seed, timeLimitMs: seconds * 1000, cpuTime: values.cpu } : { seed, maxIterations: iterations };
    const progress = (label: string) => {
      if (!values.verbose) return undefined;
      const t0 = performance.now();
      return (p: SearchProgress) =>
        console.error(
          `  ${label} [${((performance.now() - t0) / 1000).toFixed(1)} s wall] iteration ${p.iteration}, ${(p.elapsedMs / 1000).toFixed(1)} s of budget, best ${p.bestCost === null ? 'none' : money(p.bestCost)}`,
        );
    };

    const integrated = await solveInWorker({ model: city.model, options }, stallS, progress('integrated'));
    const a =
      'hung' in integrated
        ? failedRow('integrated', city, integrated)
        : row(
            'integrated',
            city,
            integrated.result.plan,
            integrated.wallS,
            integrated.cpuS,
            integrated.result.stats.iterations,
            startNote(integrated.result.stats.oneTripStart),
          );

    const phase1Model = phaseOneModel(city.model, values['bounded-phase1']);
    const phase1 = await solveInWorker({ model: phase1Model, options }, stallS, progress('phase 1'));
    let b: Row;
    let hired: Row | null = null;
    let twoPhasePlan: Plan | null = null;
    let phase1Violations: string[] = [];
    if ('hung' in phase1) b = failedRow('two-phase', city, phase1);
    else {
      const packT0 = performance.now();
      const packed = packRoutes(city.model, phase1.result.plan, { sameTypeOnly: values['same-type-only'] });
      const packS = (performance.now() - packT0) / 1000;
      twoPhasePlan = packed.plan;
      const p1 = phase1.result.plan;
      phase1Violations = checkPlan(phase1Model, p1);
      b = row(
        'two-phase',
        city,
        packed.plan,
        phase1.wallS + packS,
        phase1.cpuS + packS,
        phase1.result.stats.iterations,
        `phase 1: ${p1.routes.length} one-trip routes, ${(p1.totalDistance / 1000).toFixed(0)} km, cost ${money(p1.totalCost)}, ${p1.unserved.length} unserved, ${phase1Violations.length === 0 ? 'valid' : `INVALID: ${phase1Violations[0]}`}; packing (${packS.toFixed(2)} s): ${packed.otherType} routes on another type, ${packed.droppedRoutes} left out`,
      );
      // The same routes packed with no limit on vehicles: what the two-phase plan costs when it
      // serves everything, hiring vehicles beyond the fleet (checked against the fleet without counts).
      const unlimited: Model = { ...city.model, vehicleTypes: city.model.vehicleTypes.map(({ count: _count, ...t }) => t) };
      const all = packRoutes(unlimited, p1, { sameTypeOnly: values['same-type-only'] });
      hired = row(
        'two-phase, hired vehicles',
        city,
        all.plan,
        b.wallS,
        b.cpuS,
        b.iterations,
        'the same one-trip routes, every one packed: vehicles beyond the fleet hired',
      );
      hired.violations = checkPlan(unlimited, all.plan);
    }
    console.log(
      '| model | cost ¥ | vehicles (reefer, chilled, ambient: used/fleet) | trips | max trips/vehicle | points served | unserved stops | km | valid | wall s | CPU s | iterations | notes |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(line(city.model, a));
    console.log(line(city.model, b));
    if (hired) console.log(line(city.model, hired));
    console.log(
      `cost ratio integrated / two-phase: ${(a.cost / b.cost).toFixed(3)}${hired ? `; integrated / two-phase with hired vehicles: ${(a.cost / hired.cost).toFixed(3)}` : ''}`,
    );
    if (!('hung' in integrated)) console.log(`integrated: ${tripNotes(city, integrated.result.plan)}`);
    if (twoPhasePlan) console.log(`two-phase:  ${tripNotes(city, twoPhasePlan)}`);
    results.push({ seed, integrated: a, twoPhase: b, hired });
    if (a.violations.length + b.violations.length + phase1Violations.length + (hired?.violations.length ?? 0) > 0 || a.failure || b.failure)
      process.exitCode = 1;
  }
  if (results.length > 1) {
    console.log(
      '\n| seed | integrated ¥ | two-phase ¥ | ratio | two-phase + hired ¥ | ratio | vehicles (int. / 2-ph. / hired) | trips (int. / 2-ph.) | points served (int. / 2-ph.) | all valid |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const { seed, integrated: a, twoPhase: b, hired: h } of results) {
      const count = (r: Row | null) => (!r || r.failure ? '—' : [...r.vehicles.values()].reduce((x, y) => x + y, 0));
      const ok = !a.failure && !b.failure && a.violations.length + b.violations.length + (h?.violations.length ?? 0) === 0;
      const cost = (r: Row | null) => (!r ? '—' : r.failure ? 'hung' : money(r.cost));
      console.log(
        `| ${seed} | ${cost(a)} | ${cost(b)} | ${(a.cost / b.cost).toFixed(3)} | ${cost(h)} | ${h ? (a.cost / h.cost).toFixed(3) : '—'} | ${count(a)} / ${count(b)} / ${count(h)} | ${a.trips} / ${b.trips} | ${a.pointsServed} / ${b.pointsServed} of ${a.points} | ${ok ? 'yes' : 'no'} |`,
      );
    }
  }
}

if (isMainThread) await main();
else workerMain();
