import { existsSync, readFileSync } from 'node:fs';
import { readSol, readVrp } from '../src/formats/cvrplib.ts';
import { checkPlan } from '../src/plan-check.ts';
import { listInstances } from './instances.ts';
import { planFromRoutes } from './plan-from-routes.ts';

/**
 * Checks the readers and the plan check against every published CVRPLIB solution of the shared
 * benchmark data (outside the repository, so not a test): each must re-cost to its best-known
 * value and pass the plan check. `npm run bench:routing:check` (LINLI_BENCH_DATA names the data).
 */
// Known flaws of the published files (data README): one solution misses a customer, one re-costs differently.
const flawed = new Set(['B-n50-k8', 'B-n57-k7']);
let passed = 0;
let failed = 0;
for (const instance of listInstances()) {
  const sol = instance.path.replace(/\.vrp$/, '.sol');
  if (instance.format !== 'vrp' || !existsSync(sol) || flawed.has(instance.name) || instance.n > 400) continue;
  const { model } = readVrp(readFileSync(instance.path, 'utf8'), { round: instance.round });
  const plan = planFromRoutes(model, readSol(readFileSync(sol, 'utf8')).routes);
  const problems = checkPlan(model, plan);
  const ratio = plan.totalCost / instance.bks;
  if (problems.length === 0 && Math.abs(ratio - 1) < 5e-5) passed++;
  else {
    failed++;
    process.stdout.write(`${instance.name}: cost ratio ${ratio.toFixed(6)}, ${problems.length} plan problems\n`);
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
