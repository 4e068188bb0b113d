/**
 * Cutoff benchmark: a million paid order lines over 3,000 pickup points and 500 SKUs in one
 * campaign; the time from cutoff to purchase orders and per-pickup-point pick lists written, the
 * peak memory of the process doing it, and the ratio to a bare SQL GROUP BY over the same lines.
 * Usage: `npm run bench:cutoff -- [--lines N] [--points N] [--skus N] [--suppliers N] [--keep]`.
 * DATABASE_URL names the PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/test);
 * a fresh linli_bench_<random> database is created beside it and dropped at the end.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCutoffWorld } from './cutoff-seed.ts';
import { createBenchDatabase } from './world.ts';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    points: { type: 'string', default: '3000' },
    skus: { type: 'string', default: '500' },
    suppliers: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const size = {
  lines: Number(args.lines),
  pickupPoints: Number(args.points),
  skus: Number(args.skus),
  suppliers: Number(args.suppliers),
  linesPerOrder: 4,
};
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const bench = await createBenchDatabase(adminUrl);
const handle = await openDatabase({ databaseUrl: bench.url, poolSize: 2 });
try {
  await migrateToLatest(handle.db);
  const cutoffAt = new Date('2026-11-20T14:00:00Z');
  const t = performance.now();
  const world = await seedCutoffWorld(handle.db, size, cutoffAt);
  console.log(
    `seeded ${size.lines} paid lines in ${world.orders} orders, ${size.pickupPoints} pickup points, ${size.skus} SKUs in ${seconds(performance.now() - t)} s`,
  );

  // The reference: the same lines grouped by SKU and pickup point, counted in the server (no rows shipped).
  // With the same work_mem the cutoff's grouping gets, so the two do the same work the same way.
  const bareGroupBy = () =>
    handle.db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      const start = performance.now();
      await sql`select count(*) from (
        select ol.sku_id, o.pickup_point_id, sum(ol.quantity - ol.refunded_quantity)
        from order_lines ol join orders o on o.id = ol.order_id
        group by ol.sku_id, o.pickup_point_id) g`.execute(trx);
      return performance.now() - start;
    });
  const groupBySamples = [await bareGroupBy(), await bareGroupBy()];

  const worker = fileURLToPath(new URL('./cutoff-worker.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [worker, bench.url, cutoffAt.toISOString()], { maxBuffer: 1 << 20 });
  const run = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    closedMs: number;
    stepsMs: number;
    totalMs: number;
    idleRssMb: number;
    maxRssMb: number;
    stepMs: Record<string, number>;
  };
  groupBySamples.push(await bareGroupBy());
  // Two runs before the cutoff and one after; the median, as the cutoff itself is one run on the same busy machine.
  const groupBy = [...groupBySamples].sort((a, b) => a - b)[1] ?? 0;

  const counts = await sql<{ cutoffs: number; pick: number; pos: number; polines: number; demand: number; ordered: number; stage: string }>`
    select (select count(*) from campaign_cutoffs)::int as cutoffs,
           (select stage from campaign_cutoffs limit 1) as stage,
           (select count(*) from demand_lines)::int as pick,
           (select count(*) from purchase_orders)::int as pos,
           (select count(*) from purchase_order_lines)::int as polines,
           (select sum(quantity) from demand_lines)::int as demand,
           (select sum(quantity) from order_lines)::int as ordered`.execute(handle.db);
  const c = counts.rows[0];
  if (c?.stage !== 'done' || c.demand !== c.ordered) throw new Error(`the cutoff did not finish correctly: ${JSON.stringify(c)}`);
  console.log(
    `written: ${c.pick} pick-list rows (SKU × pickup point), ${c.pos} purchase orders with ${c.polines} lines, ${c.demand} units`,
  );
  console.log('');
  console.log(`whole cutoff (close → purchase orders + pick lists): ${seconds(run.totalMs)} s   (target ≤ 15 s)`);
  const steps = Object.entries(run.stepMs).map(([step, ms]) => `${step} ${seconds(ms)} s`);
  console.log(`  closing the campaign: ${seconds(run.closedMs)} s; cutoff steps: ${seconds(run.stepsMs)} s (${steps.join(', ')})`);
  console.log(
    `peak RSS of the server process: ${run.maxRssMb.toFixed(0)} MB (${run.idleRssMb.toFixed(0)} MB after start)   (target ≤ 512 MB)`,
  );
  console.log(`bare SQL GROUP BY sku, pickup point: ${seconds(groupBy)} s (median of ${groupBySamples.map(seconds).join(', ')} s)`);
  console.log(`ratio cutoff / GROUP BY: ${(run.totalMs / groupBy).toFixed(2)}   (target ≤ 5)`);
} finally {
  await handle.close();
  if (!args.keep) await bench.drop();
  else console.log(`kept database ${bench.name}`);
}
