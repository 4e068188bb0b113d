import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Model, Stop, VehicleType } from '../src/model.ts';
import { checkModel } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { compileProblem } from '../src/problem.ts';
import { solve } from '../src/solve.ts';
import { threadCpuMs } from '../src/solve-in-thread.ts';
import { haversineMetres } from '../src/travel.ts';
import { nearestNeighbourTour } from '../src/solver/initial-tours.ts';
import { LocalSearch } from '../src/solver/local-search.ts';
import { initialPenalties, loadWeights } from '../src/solver/penalties.ts';
import { Rng } from '../src/solver/rng.ts';
import { Splitter } from '../src/solver/split.ts';

const USAGE = `usage: npm run bench:routing:scale -- [--sizes 1000,2000,5000] [--seconds S] [--runs 1] [--seed 1]
       [--cpu] [--windows] [--matrix] [--no-check] [--ls N]
  --sizes     stop counts to plan, one warehouse each (default 1000,2000,5000)
  --seconds   wall-clock budget per solve (default 30 s up to 1,000 stops, 60 s up to 2,000, 120 s above)
  --runs      solves per size, each in a fresh process so that peak RSS is its own (median printed)
  --seed      seed of the city and of the solver
  --cpu       count the budget in CPU time of the solver thread (fair on a busy machine)
  --windows   30 % of the stops get a 2-hour window; service times; a 10-hour shift
  --matrix    give travel as distance and duration matrices (Float32Array on a SharedArrayBuffer,
              computed from the same coordinates) instead of haversine
  --no-check  skip the independent plan check after the solve
  --ls N      instead of solving: compile in this thread, then N local-search descents from
              nearest-neighbour tours (as the search's seeding does), timed in thread CPU time`;

/**
 * Scale benchmark: a seeded city (one warehouse, N pickup points in a 30 km square, two demand
 * dimensions, three vehicle types whose counts leave about 15 % spare capacity) solved by `solve`
 * (worker thread, as the server runs it). Per run: time from the call to the start of the
 * search (model check, matrices, neighbour lists, worker start-up), time to the first feasible
 * plan, ms per local-search pass, peak RSS of the process, and the plan's cost.
 */
interface ScaleRow {
  stops: number;
  seconds: number;
  prepMs: number;
  /** The solver's own figure for the model check, matrices and neighbour lists (`stats.prepareMs`). */
  compileMs: number;
  firstFeasibleMs: number | null;
  msPerPass: number;
  passes: number;
  iterations: number;
  /** Highest `process.memoryUsage().rss` sampled every 50 ms from the call until the solve returned. */
  sampledRssMb: number;
  /** `process.resourceUsage().maxRSS` when the solve returned (the whole process so far). */
  maxRssMb: number;
  wallMs: number;
  /** CPU time of the process (the solver thread, mostly) from the call until the solve returned. */
  cpuSeconds: number;
  cost: number;
  routes: number;
  unserved: number;
  valid: boolean | null;
  violations: string[];
}

type NumericKey = { [K in keyof ScaleRow]: ScaleRow[K] extends number ? K : never }[keyof ScaleRow];

const CENTRE = { lat: 31.23, lon: 121.47 };
const SIDE_KM = 30;

/** mulberry32: a small seeded generator, independent of the solver's. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded city: 60 % of the stops around 25 neighbourhood centres, the rest anywhere. */
export function scaleCity(stops: number, seed: number, windows: boolean): Model {
  const next = random(seed * 7919 + stops);
  const degLat = SIDE_KM / 111.32;
  const degLon = SIDE_KM / (111.32 * Math.cos((CENTRE.lat * Math.PI) / 180));
  const at = (fx: number, fy: number) => ({
    lat: CENTRE.lat + (Math.min(1, Math.max(0, fy)) - 0.5) * degLat,
    lon: CENTRE.lon + (Math.min(1, Math.max(0, fx)) - 0.5) * degLon,
  });
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const centres = Array.from({ length: 25 }, () => [0.05 + 0.9 * next(), 0.05 + 0.9 * next()] as const);
  const sigma = 1.2 / SIDE_KM;
  const list: Stop[] = [];
  let kg = 0;
  let crates = 0;
  for (let i = 0; i < stops; i++) {
    let position: { lat: number; lon: number };
    if (next() < 0.6) {
      const [cx, cy] = centres[Math.floor(next() * centres.length)]!;
      position = at(cx + sigma * gauss(), cy + sigma * gauss());
    } else position = at(next(), next());
    const demand = [10 + Math.floor(61 * next()), 1 + Math.floor(5 * next())];
    kg += demand[0]!;
    crates += demand[1]!;
    const stop: Stop = { id: `p${i}`, position, demand };
    if (windows) {
      stop.serviceTime = 180 + Math.floor(121 * next());
      if (next() < 0.3) {
        const open = 1800 * Math.floor(next() * 17);
        stop.timeWindow = [open, open + 7200];
      }
    }
    list.push(stop);
  }
  // Capacity shares: vans 25 %, light trucks 35 %, trucks 40 %, with 15 % to spare overall.
  const shapes = [
    { id: 'van', capacity: [800, 60], fixedCost: 60, costPerDistance: 0.0012, share: 0.25 },
    { id: 'light-truck', capacity: [1500, 110], fixedCost: 90, costPerDistance: 0.0018, share: 0.35 },
    { id: 'truck', capacity: [3000, 220], fixedCost: 150, costPerDistance: 0.0025, share: 0.4 },
  ];
  const vehicleTypes: VehicleType[] = shapes.map(({ share, ...t }) => ({
    ...t,
    count: Math.ceil(1.15 * share * Math.max(kg / t.capacity[0]!, crates / t.capacity[1]!)),
    startDepot: 'warehouse',
    ...(windows ? { shiftStart: 0, shiftEnd: 36_000 } : {}),
  }));
  return {
    depots: [{ id: 'warehouse', position: at(0.15, 0.5) }],
    stops: list,
    vehicleTypes,
    travel: { kind: 'haversine', detourFactor: 1.3, speed: 8 },
    dimensions: ['kg', 'crates'],
  };
}

/** One solve, in this process (the parent forks one process per run). */
/** The city with travel as shared Float32 matrices of the haversine values, as a caller with its own matrices would pass them. */
function withMatrices(model: Model): Model {
  const travel = model.travel as { detourFactor: number; speed: number };
  const points = [...model.depots, ...model.stops].map((l) => l.position as { lat: number; lon: number });
  const size = points.length;
  const distance = new Float32Array(new SharedArrayBuffer(4 * size * size));
  const duration = new Float32Array(new SharedArrayBuffer(4 * size * size));
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const d = i === j ? 0 : haversineMetres(points[i]!, points[j]!) * travel.detourFactor;
      distance[i * size + j] = d;
      duration[i * size + j] = d / travel.speed;
    }
  }
  return { ...model, travel: { kind: 'matrix', distance, duration } };
}

interface RunOptions {
  cpu: boolean;
  windows: boolean;
  matrix: boolean;
  check: boolean;
}

async function runOne(stops: number, seconds: number, seed: number, { cpu, windows, matrix, check }: RunOptions): Promise<ScaleRow> {
  const city = scaleCity(stops, seed, windows);
  const model = matrix ? withMatrices(city) : city;
  let sampled = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 50);
  let searchStart: number | null = null;
  let firstFeasible: number | null = null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { plan, stats } = await solve(model, {
    seed,
    timeLimitMs: seconds * 1000,
    cpuTime: cpu,
    onProgress: (p) => {
      // The search reports after each solution it builds (at most every 0.5 s), with its own elapsed time.
      searchStart ??= performance.now() - p.elapsedMs;
      if (firstFeasible === null && p.bestCost !== null) firstFeasible = searchStart + p.elapsedMs - t0;
    },
  });
  const wallMs = performance.now() - t0;
  const cpuUsed = process.cpuUsage(cpu0);
  clearInterval(sampler);
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const violations = check ? checkPlan(model, plan) : [];
  return {
    stops,
    seconds,
    prepMs: searchStart === null ? Number.NaN : searchStart - t0,
    // Older versions of the solver did not report it.
    compileMs: (stats as { prepareMs?: number }).prepareMs ?? Number.NaN,
    firstFeasibleMs: firstFeasible,
    msPerPass: stats.msPerLocalSearchPass,
    passes: stats.localSearchPasses,
    iterations: stats.iterations,
    sampledRssMb: sampled / 2 ** 20,
    maxRssMb,
    wallMs,
    cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    cost: plan.totalCost,
    routes: plan.routes.length,
    unserved: plan.unserved.length,
    valid: check ? violations.length === 0 : null,
    violations: violations.slice(0, 3),
  };
}

interface LocalSearchRow {
  stops: number;
  compileCpuMs: number;
  descents: number;
  passes: number;
  /** Thread CPU time per local-search pass: not inflated when other processes share the cores. */
  cpuMsPerPass: number;
  wallMsPerPass: number;
  rssMb: number;
}

/** Local-search passes alone, in this thread, timed with the thread's CPU clock. */
function localSearchPasses(stops: number, seed: number, windows: boolean, descents: number): LocalSearchRow {
  const model = scaleCity(stops, seed, windows);
  const c0 = threadCpuMs();
  const p = compileProblem(model, checkModel(model).servable);
  const compileCpuMs = threadCpuMs() - c0;
  const rng = new Rng(seed);
  const weights = loadWeights(p);
  const penalties = initialPenalties(p);
  const ls = new LocalSearch(p, weights, rng);
  const splitter = new Splitter(p, weights);
  let cpu = 0;
  let wall = 0;
  for (let i = 0; i < descents; i++) {
    const routes = splitter.split(nearestNeighbourTour(p, rng), penalties);
    const c = threadCpuMs();
    const w = performance.now();
    ls.run(routes, penalties);
    cpu += threadCpuMs() - c;
    wall += performance.now() - w;
  }
  return {
    stops,
    compileCpuMs,
    descents,
    passes: ls.passes,
    cpuMsPerPass: cpu / ls.passes,
    wallMsPerPass: wall / ls.passes,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function defaultSeconds(stops: number): number {
  return stops <= 1000 ? 30 : stops <= 2000 ? 60 : 120;
}

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

function line(label: string, r: ScaleRow): string {
  const valid = r.valid === null ? 'not checked' : r.valid ? 'yes' : `NO: ${r.violations.join('; ')}`;
  return `| ${label} | ${r.seconds} | ${f1(r.wallMs / 1000)} | ${f1(r.cpuSeconds)} | ${f2(r.prepMs / 1000)} | ${f2(r.compileMs / 1000)} | ${r.firstFeasibleMs === null ? 'none' : f1(r.firstFeasibleMs / 1000)} | ${f2(r.msPerPass)} | ${r.passes} | ${r.iterations} | ${f0(r.sampledRssMb)} | ${f0(r.maxRssMb)} | ${f2(r.cost)} | ${r.routes} | ${r.unserved} | ${valid} |`;
}

function forkRun<Row>(args: string[]): Promise<Row> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', ...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Structured clone rather than JSON, so that a missing figure (NaN) stays one.
      serialization: 'advanced',
    });
    let row: Row | null = null;
    child.on('message', (message) => {
      row = message as Row;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (row) resolve(row);
      else reject(new Error(`run ${args.join(' ')} ended without a result (code ${code}, signal ${signal})`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,2000,5000' },
      seconds: { type: 'string' },
      runs: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      cpu: { type: 'boolean', default: false },
      windows: { type: 'boolean', default: false },
      matrix: { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      child: { type: 'boolean', default: false },
      ls: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  const seed = Number(values.seed);
  const check = !values['no-check'];
  if (values.child && values.ls !== undefined) {
    process.send!(localSearchPasses(sizes[0]!, seed, values.windows, Number(values.ls)));
    return;
  }
  if (values.child) {
    const stops = sizes[0]!;
    const row = await runOne(stops, Number(values.seconds ?? defaultSeconds(stops)), seed, {
      cpu: values.cpu,
      windows: values.windows,
      matrix: values.matrix,
      check,
    });
    process.send!(row);
    return;
  }
  const runs = Math.max(1, Number(values.runs));
  if (values.ls !== undefined) {
    console.log(`# local-search passes: ${sizes.join(', ')} stops, ${values.ls} descents, seed ${seed}, load ${loadavg()[0]!.toFixed(2)}`);
    console.log('| stops (run) | compile CPU s | descents | passes | CPU ms/LS pass | wall ms/LS pass | maxRSS MB |');
    console.log('|---|---|---|---|---|---|---|');
    for (const stops of sizes) {
      for (let run = 0; run < runs; run++) {
        const args = ['--sizes', String(stops), '--seed', String(seed), '--ls', values.ls];
        if (values.windows) args.push('--windows');
        const r = await forkRun<LocalSearchRow>(args);
        console.log(
          `| ${stops} (${run + 1}) | ${f2(r.compileCpuMs / 1000)} | ${r.descents} | ${r.passes} | ${f2(r.cpuMsPerPass)} | ${f2(r.wallMsPerPass)} | ${f0(r.rssMb)} |`,
        );
      }
    }
    return;
  }
  console.log(
    `# scale: ${sizes.join(', ')} stops, ${runs} run(s) each, seed ${seed}${values.cpu ? ', budget in CPU time' : ''}${values.windows ? ', with windows' : ''}${values.matrix ? ', travel as shared Float32 matrices' : ''}, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    '| stops (run) | budget s | wall s | CPU s | prep s | compile s | first feasible s | ms/LS pass | LS passes | iterations | peak RSS MB (sampled) | maxRSS MB | cost | routes | unserved | valid |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const stops of sizes) {
    const seconds = values.seconds ?? String(defaultSeconds(stops));
    const rows: ScaleRow[] = [];
    for (let run = 0; run < runs; run++) {
      const args = ['--sizes', String(stops), '--seconds', seconds, '--seed', String(seed)];
      if (values.cpu) args.push('--cpu');
      if (values.windows) args.push('--windows');
      if (values.matrix) args.push('--matrix');
      if (!check) args.push('--no-check');
      try {
        const row = await forkRun<ScaleRow>(args);
        rows.push(row);
        console.log(line(`${stops} (${run + 1})`, row));
      } catch (error) {
        console.log(`| ${stops} (${run + 1}) | ${seconds} | failed: ${(error as Error).message} |`);
        process.exitCode = 1;
      }
    }
    if (rows.length > 1) {
      const m = (key: NumericKey) => median(rows.map((r) => r[key]));
      const feasible = rows.map((r) => r.firstFeasibleMs).filter((x): x is number => x !== null);
      const summary: ScaleRow = {
        stops,
        seconds: Number(seconds),
        prepMs: m('prepMs'),
        compileMs: m('compileMs'),
        firstFeasibleMs: feasible.length === rows.length ? median(feasible) : null,
        msPerPass: m('msPerPass'),
        passes: m('passes'),
        iterations: m('iterations'),
        sampledRssMb: m('sampledRssMb'),
        maxRssMb: m('maxRssMb'),
        wallMs: m('wallMs'),
        cpuSeconds: m('cpuSeconds'),
        cost: m('cost'),
        routes: m('routes'),
        unserved: m('unserved'),
        valid: rows.every((r) => r.valid === null) ? null : rows.every((r) => r.valid !== false),
        violations: [],
      };
      console.log(line(`**${stops} median**`, summary));
    }
  }
}

// Run when started as a script (scaleCity is also imported by other scripts).
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
