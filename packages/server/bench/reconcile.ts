/**
 * Reconciliation benchmark: a year of ledger history (every order's payment, sale and commission
 * entries, its commission lines and payment), written set-based, then one day's reconciliation
 * timed both ways: the full recomputation (`reconcileFull`, every posting and commission line ever
 * written, as the daily check did before) and the incremental one the daily check runs now
 * (`closeDay` from the previous day's closing, then `reconcile`). Each timed run is a transaction
 * rolled back, so every run does the same work; the median of `--runs` is reported.
 * Usage: `npm run bench:reconcile -- [--orders N] [--lines-per-order N] [--days N] [--runs N] [--keep]`.
 * DATABASE_URL names the PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/test);
 * a fresh linli_bench_<random> database is created beside it and dropped at the end.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { closeDay, reconcile, reconcileFull } from '../src/modules/ledger/ledger.reconcile.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCutoffWorld } from './cutoff-seed.ts';
import { createBenchDatabase } from './world.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '120000' },
    'lines-per-order': { type: 'string', default: '4' },
    days: { type: 'string', default: '365' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const orders = Number(args.orders);
const perOrder = Number(args['lines-per-order']);
const days = Number(args.days);
const runs = Number(args.runs);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ms = (x: number) => `${x.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// The year ends on the day checked: 2026-11-20 (Asia/Shanghai); order i is paid on day i % days of it.
const lastDay = '2026-11-20';
const firstDay = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
const dayBefore = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Payments, journal entries and postings, commission lines and account balances of every order, set-based. */
async function seedLedger(db: Database, op: string): Promise<void> {
  await db.connection().execute(async (conn) => {
    const run = (text: string) => sql.raw(text).execute(conn);
    // the journal's guard triggers (balance at commit, append-only) would run per row: the rows are balanced by construction
    await run('set session_replication_role = replica');
    // order i: paid on day i % days at 10:00 Shanghai + a few seconds, picked up the next day
    const paidAtOf = (i: string) =>
      `(timestamptz '${firstDay} 10:00:00+08' + (${i} % ${days}) * interval '1 day' + (${i} / ${days}) * interval '1 second')`;
    const paidAt = paidAtOf('i');
    await run(
      `update orders o set pickup_date = (date '${firstDay}' + (substr(o.id, 5)::int % ${days}) + 1) where o.operator_id = '${op}'`,
    );
    await run(`insert into commission_lines (order_line_id, operator_id, order_id, leader_id, sku_id, rate_bp, base_fen, accrued_fen, status, accrued_at)
      select l.id, '${op}', l.order_id, o.leader_id, l.sku_id, 1000, l.amount_fen, l.amount_fen / 10, 'pending',
             ${paidAtOf('substr(o.id, 5)::int')}
      from order_lines l join orders o on o.id = l.order_id`);
    await run(`insert into payments (id, operator_id, order_id, provider, amount_fen, status, created_at, succeeded_at)
      select 'pay_' || i, '${op}', 'ord_' || i, 'dev', o.total_fen, 'succeeded', ${paidAt}, ${paidAt}
      from generate_series(0, ${orders - 1}) i join orders o on o.id = 'ord_' || i`);
    await run(`insert into ledger_accounts (id, operator_id, code, party_kind, party_id, normal_side, created_at)
      select 'acc_' || c, '${op}', c, 'operator', '${op}', n, timestamptz '${firstDay} 00:00:00+08'
      from (values ('payment_clearing', 'debit'), ('resident_prepayments', 'credit'), ('sales', 'credit'), ('commission_expense', 'debit')) v(c, n)`);
    await run(`insert into ledger_accounts (id, operator_id, code, party_kind, party_id, normal_side, created_at)
      select 'acc_pending_' || id, '${op}', 'commission_pending', 'leader', id, 'credit', timestamptz '${firstDay} 00:00:00+08'
      from leaders where operator_id = '${op}'`);
    // three entries per order: payment captured, sale, commission accrual
    await run(`insert into journal_entries (id, operator_id, idempotency_key, kind, document_type, document_id, meta, occurred_at, recorded_at, batch_date)
      select 'jre_' || k || '_' || i, '${op}', k || ':' || i, k,
             case when k = 'payment_captured' then 'payment' else 'order' end,
             case when k = 'payment_captured' then 'pay_' || i else 'ord_' || i end,
             case when k = 'payment_captured' then jsonb_build_object('orderId', 'ord_' || i) else '{}'::jsonb end,
             ${paidAt}, ${paidAt}, date '${firstDay}' + (i % ${days}) + 1
      from generate_series(0, ${orders - 1}) i,
           (values ('payment_captured'), ('order_sale'), ('commission_accrual')) v(k)`);
    await run(`insert into journal_postings (entry_id, operator_id, account_id, amount_fen, sku_id)
      select 'jre_' || v.k || '_' || i, '${op}', v.acc, v.sign * o.total_fen, null
      from generate_series(0, ${orders - 1}) i join orders o on o.id = 'ord_' || i,
           (values ('payment_captured', 'acc_payment_clearing', 1), ('payment_captured', 'acc_resident_prepayments', -1),
                   ('order_sale', 'acc_resident_prepayments', 1), ('order_sale', 'acc_sales', -1)) v(k, acc, sign)`);
    await run(`insert into journal_postings (entry_id, operator_id, account_id, amount_fen, sku_id)
      select 'jre_commission_accrual_' || substr(c.order_id, 5), '${op}', a.acc, a.sign * c.total, null
      from (select order_id, leader_id, sum(accrued_fen) as total from commission_lines group by order_id, leader_id) c,
           lateral (values ('acc_commission_expense', 1), ('acc_pending_' || c.leader_id, -1)) a(acc, sign)
      where c.total > 0`);
    await run(`update ledger_accounts a set balance_fen = s.total
      from (select account_id, sum(amount_fen) as total from journal_postings group by account_id) s where s.account_id = a.id`);
    await run('set session_replication_role = origin');
    await run('vacuum analyze');
  });
}

/** A timed run in a transaction rolled back at the end, so the next run finds the same state. */
async function timed(db: Database, work: (trx: Database) => Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  let out: { ms: number; result: unknown } = { ms: 0, result: null };
  const rollback = new Error('rollback');
  try {
    await db.transaction().execute(async (trx) => {
      const start = performance.now();
      const result = await work(trx as unknown as Database);
      out = { ms: performance.now() - start, result };
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return out;
}

const bench = await createBenchDatabase(adminUrl);
const handle = await openDatabase({ databaseUrl: bench.url, poolSize: 2 });
try {
  await migrateToLatest(handle.db);
  const t = performance.now();
  const world = await seedCutoffWorld(
    handle.db,
    { lines: orders * perOrder, pickupPoints: 300, skus: 60, suppliers: 5, linesPerOrder: perOrder },
    new Date(`${lastDay}T06:00:00Z`),
  );
  await seedLedger(handle.db, world.operatorId);
  const counts = await sql<{ entries: number; postings: number; lines: number }>`
    select (select count(*) from journal_entries)::int as entries, (select count(*) from journal_postings)::int as postings,
           (select count(*) from commission_lines)::int as lines`.execute(handle.db);
  const c = counts.rows[0];
  console.log(
    `seeded ${days} days: ${orders} orders, ${c?.entries} journal entries, ${c?.postings} postings, ${c?.lines} commission lines in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const op = world.operatorId;
  const now = new Date(`${lastDay}T18:00:00Z`); // 11-21 02:00 in Shanghai: the daily check of 11-20

  // Before: the full recomputation of one day.
  const full: number[] = [];
  let fullOk: unknown;
  for (let i = 0; i < runs; i++) {
    const r = await timed(handle.db, (db) => reconcileFull(db, op, lastDay));
    full.push(r.ms);
    fullOk = (r.result as { ok: boolean }).ok;
  }
  // Catching up once: the first closing ever reads the whole journal (then never again).
  const first = performance.now();
  await handle.db.transaction().execute((trx) => closeDay(trx, op, dayBefore, new Date(`${dayBefore}T18:00:00Z`)));
  const catchUp = performance.now() - first;
  // After: what the daily check does for 11-20: close it from 11-19's closing, then check it.
  const incremental: number[] = [];
  let incOk: unknown;
  for (let i = 0; i < runs; i++) {
    const r = await timed(handle.db, async (trx) => {
      await closeDay(trx as never, op, lastDay, now);
      return reconcile(trx, op, lastDay);
    });
    incremental.push(r.ms);
    incOk = (r.result as { ok: boolean }).ok;
  }
  console.log(`full recomputation (before):   median ${ms(median(full))}  runs ${full.map(ms).join(', ')}  ok=${fullOk}`);
  console.log(`incremental close + check:     median ${ms(median(incremental))}  runs ${incremental.map(ms).join(', ')}  ok=${incOk}`);
  console.log(`first closing ever (catch-up): ${ms(catchUp)}`);
  console.log(`ratio full ÷ incremental: ${(median(full) / median(incremental)).toFixed(1)}`);
} finally {
  await handle.close();
  if (!args.keep) await bench.drop();
}
