import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { type BenchInstance, benchDataDir, listInstances, SETS } from './instances.ts';
import type { BenchJob, BenchRow } from './solve-instance.ts';

const USAGE = `usage: npm run bench:routing -- [--set X|A|B|P|CMT|Golden|solomon[,…]] [--instances name,…]
       [--seconds 60 [--cpu] | --iterations N] [--seed 1] [--parallel 1] [--max-n N]
  --cpu counts the seconds in CPU time of each solver thread (fair on a busy machine)`;

/**
 * Benchmark: solves CVRPLIB and Solomon instances from the shared data directory, one
 * solver thread per instance (--parallel of them at once), checks every plan with the
 * independent validator, and prints gap to best-known per instance and per set.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string' },
      instances: { type: 'string' },
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      iterations: { type: 'string' },
      cpu: { type: 'boolean', default: false },
      parallel: { type: 'string', default: '1' },
      'max-n': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const all = listInstances();
  const sets = values.set?.split(',').map((s) => SETS.find((k) => k.toLowerCase() === s.toLowerCase()) ?? s);
  const names = values.instances?.split(',');
  const maxN = values['max-n'] === undefined ? Infinity : Number(values['max-n']);
  const chosen = all.filter((i) => (!sets || sets.includes(i.set)) && (!names || names.includes(i.name)) && i.n <= maxN);
  if (chosen.length === 0) {
    console.error(`no instance matches (data: ${benchDataDir()})\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  const parallel = Math.max(1, Number(values.parallel));
  const cpu = values.cpu ?? false;
  const budget = iterations ? `${iterations} iterations` : `${seconds} s of ${cpu ? 'thread CPU time' : 'wall time'}`;
  console.log(`# ${chosen.length} instances, ${budget} each, seed ${seed}, ${parallel} in parallel, ${new Date().toISOString()}`);
  console.log('| instance | n | cost | BKS | gap % | wall s | CPU s | iterations | ms/LS pass | RSS MB | routes | valid |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const rows = await runPool(chosen, { seconds, iterations, cpu, seed, parallel }, (row) => {
    console.log(
      `| ${row.name} | ${row.n} | ${fmt(row.cost)} | ${fmt(row.bks)} | ${row.gapPercent.toFixed(2)} | ${row.seconds.toFixed(1)} | ${row.cpuSeconds.toFixed(1)} | ${row.iterations} | ${row.msPerLocalSearchPass.toFixed(2)} | ${Math.round(row.rssMegabytes)} | ${row.routes} | ${row.valid ? 'yes' : `NO: ${row.violations.slice(0, 3).join('; ')}`} |`,
    );
  });
  console.log('\n| set | instances | average gap % | min | max | all valid |');
  console.log('|---|---|---|---|---|---|');
  for (const set of SETS) {
    const ofSet = rows.filter((r) => r.set === set);
    if (ofSet.length === 0) continue;
    const gaps = ofSet.map((r) => r.gapPercent);
    const average = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    console.log(
      `| ${set} | ${ofSet.length} | ${average.toFixed(2)} | ${Math.min(...gaps).toFixed(2)} | ${Math.max(...gaps).toFixed(2)} | ${ofSet.every((r) => r.valid) ? 'yes' : 'no'} |`,
    );
  }
  if (rows.some((r) => !r.valid)) process.exitCode = 1;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

function runPool(
  instances: BenchInstance[],
  settings: { seconds: number; iterations: number | undefined; cpu: boolean; seed: number; parallel: number },
  onRow: (row: BenchRow) => void,
): Promise<BenchRow[]> {
  const queue = [...instances];
  const rows: BenchRow[] = [];
  const workers = Math.min(settings.parallel, queue.length);
  return new Promise((resolve, reject) => {
    let running = workers;
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(new URL('./solve-instance.ts', import.meta.url));
      const next = () => {
        const instance = queue.shift();
        if (!instance) {
          void worker.terminate();
          if (--running === 0) resolve(rows);
          return;
        }
        const job: BenchJob = {
          instance,
          seconds: settings.seconds,
          iterations: settings.iterations,
          cpu: settings.cpu,
          seed: settings.seed,
        };
        worker.postMessage(job);
      };
      worker.on('message', (row: BenchRow) => {
        rows.push(row);
        onRow(row);
        next();
      });
      worker.on('error', reject);
      next();
    }
  });
}

await main();
