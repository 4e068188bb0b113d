/**
 * KPI benchmark: 30,000 leaders over a month of 100,000 paid orders a day (3 M orders with their
 * lines, pickups, unpicked orders, handovers, after-sales cases and sign-ups, generated set-based),
 * then the time of the month's KPI computation for every leader (`computeKpis`, one statement),
 * the median of a few runs, against the target (≤ 30 s). The ranking and a whole period close
 * (KPIs, ranking, levels, rules, probation) are timed once beside it.
 * Usage: `npm run bench:kpis -- [--leaders N] [--orders-per-day N] [--days N] [--runs N] [--keep] [--database URL]`.
 * `--database` times a database a `--keep` run seeded before (no seeding, nothing dropped; its KPI rows replaced).
 * DATABASE_URL names the PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/test);
 * a fresh linli_bench_<random> database is created beside it and dropped at the end.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { closePeriod, computeKpis, periodOf, saveLevels, updateSettings } from '../src/modules/leader-performance/index.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { rankLeaders } from '../src/modules/leader-performance/ranking.report.ts';
import { createBenchDatabase } from './world.ts';

const { values: args } = parseArgs({
  options: {
    leaders: { type: 'string', default: '30000' },
    'orders-per-day': { type: 'string', default: '100000' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const leaders = Number(args.leaders);
const perDay = Number(args['orders-per-day']);
const days = Number(args.days);
const runs = Math.max(1, Number(args.runs));
const orders = perDay * days;
const TARGET_S = 30;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const op = 'opr_bench';
const month = periodOf('month', '2026-11-01');

/**
 * CPU seconds a PostgreSQL backend has used so far (user + system, from /proc when the server runs
 * on this machine; null otherwise): on a machine shared with other work the wall time depends on
 * the load, the CPU time the statement takes does not.
 */
function backendCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the command), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function seed(db: Kysely<DB>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  const at = '2026-10-01T00:00:00Z';
  const residentsPerLeader = 20;
  await run(`insert into operators (id, slug, name) values ('${op}', 'bench', 'Bench City')`);
  await run(`insert into leaders (id, operator_id, phone, name, status, created_at)
    select 'ldr_' || i, '${op}', '137' || lpad(i::text, 8, '0'), '团长' || i, 'active', '${at}' from generate_series(0, ${leaders - 1}) i`);
  await run(`insert into pickup_points (id, operator_id, leader_id, name, address, lat, lng, status, created_at, warehouse_id)
    select 'pp_' || i, '${op}', 'ldr_' || i, '自提点' || i, '路' || i, 28.1 + (i % 100) * 0.004, 112.9 + (i / 100) * 0.004, 'open', '${at}',
           'wh_' || (i % 20)
    from generate_series(0, ${leaders - 1}) i`);
  // Resident k lives at point k mod leaders; a sixth of them signed up in the month.
  await run(`insert into residents (id, operator_id, phone, pickup_point_id, created_at)
    select 'res_' || k, '${op}', '138' || lpad(k::text, 8, '0'), 'pp_' || (k % ${leaders}),
           timestamptz '2026-09-01T00:00:00Z' + (k % 90) * interval '1 day' + (k % 86400) * interval '1 second'
    from generate_series(0, ${leaders * residentsPerLeader - 1}) k`);
  // Order i: day i / perDay of the month; its leader skewed (some leaders sell far more), a resident of that leader.
  await run(`insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status, pickup_code,
                                 total_fen, refunded_fen, expires_at, created_at, updated_at, paid_at)
    select 'ord_' || i, '${op}', 'K' || i, 'res_' || (l + ${leaders} * ((i / 7) % ${residentsPerLeader})), 'pp_' || l, 'ldr_' || l,
           date '2026-11-01' + (i / ${perDay})::int, case when i % 50 = 0 then 'refunded' when i % 20 = 0 then 'delivered' else 'picked_up' end,
           lpad((i % 1000000)::text, 6, '0'),
           1000 + (i % 97) * 37, case when i % 50 = 0 then 1000 + (i % 97) * 37 when i % 40 = 0 then 500 else 0 end,
           ts, ts, ts, ts
    from (select i, case when i % 4 = 0 then (i * 7919) % ${Math.max(1, Math.floor(leaders / 10))} else (i * 7919) % ${leaders} end as l,
                 timestamptz '2026-10-31T16:00:00Z' + (i / ${perDay}) * interval '1 day' - interval '10 hours' as ts
          from generate_series(0::bigint, ${orders - 1}) i) g`);
  await run(`insert into order_lines (id, operator_id, order_id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen)
    select 'oln_' || i, '${op}', 'ord_' || i, 'cmp_' || (i / ${perDay}), 'cml_' || (i % 200), 'sku_' || (i % 200), '商品', 1000 + (i % 97) * 37, 1,
           1000 + (i % 97) * 37
    from generate_series(0, ${orders - 1}) i`);
  // 95 % picked up, a tenth of them the day after the pickup date (late); every 25th order left unpicked.
  await run(`insert into pickup_verifications (id, operator_id, order_id, pickup_point_id, leader_id, method, verified_at)
    select 'pv_' || o.id, '${op}', o.id, o.pickup_point_id, o.leader_id, 'code',
           (o.pickup_date::timestamp at time zone 'Asia/Shanghai') + interval '10 hours'
             + case when substr(o.order_no, 2)::bigint % 10 = 3 then interval '1 day' else interval '0' end
    from orders o where substr(o.order_no, 2)::bigint % 20 <> 0`);
  await run(`insert into unpicked_orders (order_id, operator_id, pickup_point_id, leader_id, pickup_date, rule, status, lines, recorded_at)
    select o.id, '${op}', o.pickup_point_id, o.leader_id, o.pickup_date, 'return_to_warehouse', 'returned', '[]', o.paid_at + interval '3 days'
    from orders o where o.id in (select 'ord_' || i from generate_series(0, ${orders - 1}, 25) i)`);
  // One handover a day at every point, one line each; a few short.
  await run(`insert into handovers (id, operator_id, stop_id, route_id, pickup_point_id, leader_id, seal_intact, confirmed_at)
    select 'ho_' || d || '_' || l, '${op}', 'stp_' || d || '_' || l, 'rt_' || d || '_' || (l % 500), 'pp_' || l, 'ldr_' || l, true,
           timestamptz '2026-10-31T23:00:00Z' + d * interval '1 day'
    from generate_series(0, ${days - 1}) d, generate_series(0, ${leaders - 1}) l`);
  await run(`insert into handover_lines (handover_id, operator_id, sku_id, expected, received, blame)
    select h.id, '${op}', 'sku_1', 40, case when abs(hashtext(h.id)) % 10 = 0 then 38 else 40 end, null from handovers h`);
  // After-sales: about 1 % of orders, most approved.
  await run(`insert into aftersale_cases (id, operator_id, order_id, order_line_id, resident_id, pickup_point_id, type, quantity, requested_fen,
                                          evidence_urls, status, created_at, updated_at)
    select 'as_' || o.id, '${op}', o.id, 'oln_' || substr(o.id, 5), o.resident_id, o.pickup_point_id, 'damaged', 1, 500, '[]',
           case when abs(hashtext(o.id)) % 4 = 0 then 'rejected' else 'refunded' end, o.paid_at + interval '1 day', o.paid_at + interval '1 day'
    from orders o where o.id in (select 'ord_' || i from generate_series(7, ${orders - 1}, 97) i)`);
  // Complaints against the leader on about 0.3 % of orders, a quarter of them resolved as dismissed (not counted).
  await run(`insert into complaints (id, operator_id, order_id, order_line_id, resident_id, target_kind, target_id, leader_id, description,
                                     state, resolution, outcome, created_at, updated_at, resolved_at)
    select 'cmp_' || o.id, '${op}', o.id, null, o.resident_id, 'leader', o.leader_id, o.leader_id, '态度不好',
           'resolved', '已处理', case when abs(hashtext(o.id)) % 4 = 0 then 'dismissed' else 'upheld' end,
           o.paid_at + interval '2 days', o.paid_at + interval '3 days', o.paid_at + interval '3 days'
    from orders o where o.id in (select 'ord_' || i from generate_series(11, ${orders - 1}, 331) i)`);
  // Training: two required published courses and an optional one; most leaders finished both required ones.
  await run(`insert into training_courses (id, operator_id, title, required, status, created_at, updated_at, published_at)
    select 'trc_' || c, '${op}', '课程' || c, c < 2, 'published', '${at}', '${at}', '${at}' from generate_series(0, 2) c`);
  await run(`insert into training_completions (operator_id, leader_id, course_id, score, completed_at)
    select '${op}', 'ldr_' || l, 'trc_' || c, 80, timestamptz '2026-10-15T00:00:00Z' + (l % 40) * interval '1 day'
    from generate_series(0, ${leaders - 1}) l, generate_series(0, 2) c where (l + c) % 7 <> 0`);
  await run('vacuum analyze');
}

const bench = args.database ? { name: 'given', url: args.database, drop: async () => undefined } : await createBenchDatabase(adminUrl);
const handle = await openDatabase({ databaseUrl: bench.url, poolSize: 2 });
try {
  await migrateToLatest(handle.db);
  let t = performance.now();
  if (!args.database) {
    await handle.db.connection().execute(async (conn) => {
      // Generated rows are consistent by construction: skip the per-row foreign-key triggers (needs a superuser).
      await sql`set session_replication_role = replica`.execute(conn);
      await seed(conn);
      await sql`set session_replication_role = origin`.execute(conn);
    });
  } else {
    // A database seeded before: the close below is done again from scratch.
    for (const table of [
      'leader_rule_results',
      'leader_probations',
      'leader_period_results',
      'leader_period_closings',
      'leader_kpis',
    ] as const) {
      await handle.db.deleteFrom(table).execute();
    }
  }
  const counts = await sql<{
    orders: number;
    verifications: number;
    unpicked: number;
    handovers: number;
    cases: number;
    residents: number;
    complaints: number;
    completions: number;
  }>`
    select (select count(*) from orders)::int as orders, (select count(*) from pickup_verifications)::int as verifications,
           (select count(*) from unpicked_orders)::int as unpicked, (select count(*) from handovers)::int as handovers,
           (select count(*) from aftersale_cases)::int as cases, (select count(*) from residents)::int as residents,
           (select count(*) from complaints)::int as complaints, (select count(*) from training_completions)::int as completions`.execute(
    handle.db,
  );
  console.log(
    `${args.database ? 'given' : 'seeded'} in ${seconds(performance.now() - t)} s: ${leaders} leaders, ${JSON.stringify(counts.rows[0])}`,
  );

  const samples: number[] = [];
  const cpu: number[] = [];
  let computed = 0;
  for (let i = 0; i < runs; i++) {
    const load = loadAverage();
    t = performance.now();
    let used: number | null = null;
    computed = await handle.db.transaction().execute(async (trx) => {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
      const before = backendCpuSeconds(pid);
      const n = await computeKpis(trx, op, month, 'Asia/Shanghai');
      const after = backendCpuSeconds(pid);
      used = before === null || after === null ? null : after - before;
      return n;
    });
    samples.push(performance.now() - t);
    if (used !== null) cpu.push(used);
    console.log(
      `run ${i + 1}: KPIs of ${computed} leaders for ${month.start} – ${month.end} in ${seconds(samples[i] as number)} s` +
        `${used !== null ? ` (${(used as number).toFixed(2)} s of the server's CPU)` : ''}, load average before ${load}`,
    );
  }
  const cpuMedian = [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)];
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;
  const rows = await sql<{ n: number }>`select count(*)::int as n from leader_kpis`.execute(handle.db);

  t = performance.now();
  const ranking = await rankLeaders(handle.db, op, month);
  const rankMs = performance.now() - t;

  const now = new Date('2026-12-01T02:00:00Z');
  await handle.db.transaction().execute(async (trx) => {
    await saveLevels(trx, now, op, [
      { level: 1, name: '见习', thresholds: {}, commissionRateBp: 800 },
      { level: 2, name: '银牌', thresholds: { gmv: 300_000, unpicked_rate: 500 }, commissionRateBp: 1000 },
    ]);
    await updateSettings(trx, now, op, { periodKind: 'month' });
  });
  t = performance.now();
  const close = await handle.db.transaction().execute((trx) => closePeriod(trx, now, op, month));
  const closeMs = performance.now() - t;

  console.log(`KPI rows: ${rows.rows[0]?.n}; ranked ${ranking.length} leaders in ${seconds(rankMs)} s`);
  console.log(
    `period close (KPIs + ranking + levels + rules + probation): ${seconds(closeMs)} s, ${close.leaders} leaders, ${close.promoted} promoted`,
  );
  console.log(
    `KPIs for ${leaders} leaders over ${orders} orders: median ${seconds(median)} s of ${runs} runs (${samples.map(seconds).join(', ')})` +
      `${cpuMedian !== undefined ? `, median ${cpuMedian.toFixed(2)} s of server CPU` : ''}; target ≤ ${TARGET_S} s: ${
        median / 1000 <= TARGET_S
          ? 'met'
          : `MISSED on the wall clock${cpuMedian !== undefined && cpuMedian <= TARGET_S ? ' (met in CPU time: the machine was shared)' : ''}`
      }`,
  );
} finally {
  await handle.close();
  if (!args.keep && !args.database) await bench.drop();
  else console.log(`kept ${bench.url}`);
}
