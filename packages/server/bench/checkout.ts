/**
 * Checkout benchmark: residents place 2-line orders and pay them through the dev provider's
 * notification, against the real server (a child process) on PostgreSQL over loopback; then 500
 * buyers race for 100 units to prove nothing is oversold. Usage: `npm run bench:checkout -- --help`.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { Api, loginResidents } from './client.ts';
import { oversellRun, type ThroughputResult, throughputRun } from './load.ts';
import { startServer } from './server-process.ts';
import { type CpuSplit, cpuSampler } from './stats.ts';
import { createBenchDatabase, seedPromotions, seedWorld, setAutomaticPromotion } from './world.ts';
import { checkPaidOrders, checkScarceLine } from './verify.ts';
import { type DatabaseProfile, databaseSampler, deliveryCounts, type WalWritten, walCounter } from './db-profile.ts';

const usage = `npm run bench:checkout -- [options]

  --clients 16,64   concurrent clients of the throughput runs, one run per value
  --seconds 20      measured seconds per run
  --warmup 3        seconds before measuring (excluded from every figure)
  --pool 32         the server's PostgreSQL pool size (LINLI_DB_POOL_SIZE)
  --buyers 500      residents racing in the oversell run (0 skips it)
  --stock 100       units of the scarce line in the oversell run
  --skus 20         SKUs, hence lines of the unlimited campaign the orders spread over
  --promotions      each run again right after it, every order priced with a threshold discount
                    (满10减1) and a coupon of its resident's (立减0.5): the priced checkout against
                    the plain one (the threshold discount is paused for the plain runs); each
                    order names its coupon with the coupon's promotion, as the shop's confirm
                    screen does (the server prices it without looking the coupon up)
  --coupon-lookup   with --promotions: name the coupon alone, so the server looks it up first
                    (what a client that sends no couponPromotionId costs)

DATABASE_URL names the PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/test);
a fresh linli_bench_<random> database is created beside it and dropped at the end.
Target: at least 600 paid orders/s at 64 clients with p99 under 100 ms.`;

const { clients: clientCounts, seconds, warmup, pool: poolSize, buyers, stock, skus, promotions, couponLookup } = readOptions();
const maxClients = Math.max(...clientCounts);

/** The command line, checked: a bad value prints the usage and exits 2 before anything is created. */
function readOptions() {
  try {
    const { values: args } = parseArgs({
      options: {
        clients: { type: 'string', default: '16,64' },
        seconds: { type: 'string', default: '20' },
        warmup: { type: 'string', default: '3' },
        pool: { type: 'string', default: '32' },
        buyers: { type: 'string', default: '500' },
        stock: { type: 'string', default: '100' },
        skus: { type: 'string', default: '20' },
        promotions: { type: 'boolean', default: false },
        'coupon-lookup': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (args.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return {
      clients: args.clients.split(',').map(positive),
      seconds: positive(args.seconds),
      warmup: count(args.warmup),
      pool: positive(args.pool),
      buyers: count(args.buyers),
      stock: positive(args.stock),
      skus: Math.max(2, positive(args.skus)),
      promotions: args.promotions,
      couponLookup: args['coupon-lookup'],
    };
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

const cleanups: Array<() => Promise<unknown>> = [];
// Aborted on Ctrl-C: the load loops stop at once (a closed pool fails requests without any I/O,
// so a loop left running would starve the event loop and the clean-up with it).
const stopping = new AbortController();
let cleaning: Promise<void> | undefined;
/** Runs the clean-up steps once, newest first; a second caller waits for the same run. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) await step().catch((err) => process.stderr.write(`cleanup: ${err}\n`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the server and dropping the bench database\n`);
    stopping.abort();
    void cleanUp().then(() => process.exit(130));
  });
}

/** How long the server keeps an operator's automatic promotions (promotions.checkout.ts), with a margin. */
const PROMOTIONS_KEPT_MS = 2_500;
/** At most this long waiting for the earlier runs' events before a run starts anyway. */
const BACKLOG_SECONDS = 180;

/** Waits until the server has delivered every event (at most BACKLOG_SECONDS); how long it took. */
async function waitForDelivery(db: Database): Promise<{ seconds: number }> {
  const started = performance.now();
  while ((await deliveryCounts(db)).undelivered > 0 && performance.now() - started < BACKLOG_SECONDS * 1000 && !stopping.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** Coupons each shopper holds for the priced runs: more than a client places in a run. */
const COUPONS_PER_SHOPPER = 1_000;

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const bench = await createBenchDatabase(adminUrl);
  cleanups.push(() => bench.drop());
  const handle = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
  cleanups.push(() => handle.close());
  await migrateToLatest(handle.db);
  const seedStarted = performance.now();
  const world = await seedWorld(handle.db, { skus, leaders: 50, residents: Math.max(2000, maxClients + buyers), flashStock: stock });
  const { rows } = await sql<{ server_version: string }>`show server_version`.execute(handle.db);
  const cpus = os.cpus();
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${os.platform()} ${os.release()}, load ${os.loadavg().map((l) => l.toFixed(2))}`,
  );
  log(`node ${process.version}, PostgreSQL ${rows[0]?.server_version}, database ${bench.name}, server pool ${poolSize}`);
  log(`seeded ${skus} SKUs, 50 pickup points, ${world.residents.length} residents in ${ms(seedStarted)}`);

  const server = await startServer(bench.url, poolSize);
  cleanups.push(() => server.stop());
  const api = new Api(server.baseUrl, maxClients);
  cleanups.push(() => api.close());

  const loginStarted = performance.now();
  const shoppers = world.residents.slice(0, maxClients);
  const racers = world.residents.slice(maxClients, maxClients + buyers);
  const tokens = await loginResidents(api, world.operatorSlug, shoppers, 16);
  const racerTokens = await loginResidents(api, world.operatorSlug, racers, 16);
  log(`logged in ${shoppers.length + racers.length} residents in ${ms(loginStarted)} (not measured)`);

  const probe = await api.send('POST', '/api/v1/shop/orders', { body: {} });
  if (probe.status === 404) throw new Error('POST /api/v1/shop/orders does not exist on this server yet');

  let broken = false;
  const runs: ThroughputResult[] = [];
  const priced: ThroughputResult[] = [];
  // With --promotions, each client count runs plain then priced, one after the other, so that both
  // meet the same database and machine; the automatic promotion is paused for the plain runs.
  const coupons = promotions ? await seedPromotions(handle.db, world, tokens, shoppers, COUPONS_PER_SHOPPER, !couponLookup) : undefined;
  const plans = clientCounts.flatMap((clients) => [{ clients }, ...(coupons ? [{ clients, coupons }] : [])]);
  for (const { clients, coupons } of plans) {
    if (promotions) await setAutomaticPromotion(handle.db, coupons !== undefined);
    // Every run starts with the events of the runs before it delivered: a backlog would be
    // delivered during this run, its cost charged to this run's orders.
    const backlog = await waitForDelivery(handle.db);
    if (backlog.seconds > 0.5)
      log(`\n(the earlier runs' events were delivered in ${backlog.seconds.toFixed(1)} s before this run; not measured)`);
    // And with current statistics: the bench's tables grew from nothing in the runs before, faster
    // than autovacuum analyzes them, and a plan made from a table's old size (a hash join over all
    // its rows) would charge a later run for what a database in service does not pay. Not before
    // the first run: statistics of empty tables mislead the plans while they fill even more.
    if (runs.length + priced.length > 0) await sql`analyze`.execute(handle.db);
    if (promotions) {
      // The server keeps the operator's promotions for two seconds: past that, every order sees the change.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, PROMOTIONS_KEPT_MS - backlog.seconds * 1000)));
    }
    if (coupons)
      log(
        `\nwith promotions (满10减1 on every order, and a coupon of the resident's, 立减0.5, named ${couponLookup ? 'alone: looked up' : 'with its promotion'}):`,
      );
    const paidBefore = await checkPaidOrders(handle.db, world.unlimitedCampaignId);
    let sampler: ReturnType<typeof cpuSampler> | undefined;
    let database: ReturnType<typeof databaseSampler> | undefined;
    let deliveredAtStart: ReturnType<typeof deliveryCounts> | undefined;
    const startSampling = setTimeout(() => {
      sampler = cpuSampler(server.pid, bench.name);
      database = databaseSampler(handle.db, bench.name);
      deliveredAtStart = deliveryCounts(handle.db);
    }, warmup * 1000);
    const result = await throughputRun(api, tokens.slice(0, clients), world.unlimitedLineIds, warmup, seconds, stopping.signal, coupons);
    clearTimeout(startSampling);
    const cpu = sampler?.stop();
    const profile = await database?.stop();
    const delivery = deliveredAtStart && (await measureDelivery(handle.db, server.pid, bench.name, result, await deliveredAtStart));
    if (stopping.signal.aborted) return 130;
    const paidInDatabase = (await checkPaidOrders(handle.db, world.unlimitedCampaignId)) - paidBefore;
    (coupons ? priced : runs).push(result);
    printRun(result, cpu, profile, delivery);
    const agrees = paidInDatabase === result.paidSeenByClient;
    log(`  paid check: client saw ${result.paidSeenByClient}, database has ${paidInDatabase} → ${agrees ? 'ok' : 'MISMATCH'}`);
    if (!agrees || result.paidSeenByClient === 0) broken = true;
  }
  printSummary(runs);
  if (priced.length > 0) {
    log('\nwith promotions:');
    printSummary(priced);
    for (const p of priced) {
      const plain = runs.find((r) => r.clients === p.clients);
      if (plain)
        log(`  ${p.clients} clients: priced / plain paid orders/s ${(p.paidPerSecond / plain.paidPerSecond).toFixed(2)} (target ≥ 0.90)`);
    }
  }

  let oversold = 0;
  if (buyers > 0 && !stopping.signal.aborted) {
    const racerApi = new Api(server.baseUrl, 128);
    cleanups.push(() => racerApi.close());
    const race = await oversellRun(racerApi, racerTokens, world.flashLineId);
    const line = await checkScarceLine(handle.db, world.flashLineId);
    oversold = Math.max(0, line.paidUnits - stock);
    log(`\noversell run: ${race.buyers} buyers at once for ${stock} units (1 per resident), ${race.ms} ms`);
    for (const [label, n] of Object.entries(race.outcomes).sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(5)}  ${label}`);
    log(`  paid units in database: ${line.paidUnits}; reserved ${line.reserved} of ${line.stockTotal}`);
    log(`  sold out answers: ${Object.entries(race.outcomes).reduce((n, [label, k]) => n + (label.includes('SOLD_OUT') ? k : 0), 0)}`);
    log(`oversold: ${oversold}`);
    log(`negative stock: ${line.reserved < 0 || (line.stockTotal !== null && line.reserved > line.stockTotal) ? 'yes' : 'no'}`);
    log(JSON.stringify({ bench: 'checkout-oversell', ...race, stock, paidUnits: line.paidUnits, oversold }));
  }
  if (server.errors.count > 0) log(`\nserver logged ${server.errors.count} error lines; the last:\n${server.errors.last.join('\n')}`);
  if (server.exited()) throw new Error('the server exited during the benchmark');
  return oversold > 0 || broken ? 1 : 0;
}

/**
 * The events of a run's orders are delivered in batches by the server (the ledger posts from them),
 * and under load that delivery can fall behind: its cost is then partly outside the measured window.
 * This counts the paid orders whose `order.paid` was delivered during the window, then lets the
 * server deliver alone for up to DRAIN_SECONDS and measures the CPU per order delivered, so a run
 * can estimate the cost per paid order with all its events delivered.
 */
const DRAIN_SECONDS = 10;
interface Delivery {
  paid: number;
  deliveredInWindow: number;
  undeliveredAtEnd: number;
  drain: { orders: number; seconds: number; cpu: CpuSplit | undefined; wal: WalWritten };
}
async function measureDelivery(
  db: Database,
  serverPid: number,
  databaseName: string,
  r: ThroughputResult,
  atStart: { deliveredOrders: number },
): Promise<Delivery> {
  const end = await deliveryCounts(db);
  const sampler = cpuSampler(serverPid, databaseName);
  const wal = walCounter(db);
  const started = performance.now();
  let last = end;
  while (last.undelivered > 0 && performance.now() - started < DRAIN_SECONDS * 1000 && !stopping.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await deliveryCounts(db);
  }
  return {
    paid: r.paidSinceWarmup,
    deliveredInWindow: end.deliveredOrders - atStart.deliveredOrders,
    undeliveredAtEnd: end.undelivered,
    drain: {
      orders: last.deliveredOrders - end.deliveredOrders,
      seconds: (performance.now() - started) / 1000,
      cpu: sampler?.stop(),
      wal: await wal.stop(),
    },
  };
}

function printRun(r: ThroughputResult, cpu: CpuSplit | undefined, database: DatabaseProfile | undefined, delivery?: Delivery): void {
  log(`\n${r.clients} clients, ${r.seconds} s: ${r.paidPerSecond} paid orders/s (${r.paid} paid)`);
  log(`  place → paid  p50 ${r.iteration.p50} ms  p90 ${r.iteration.p90} ms  p99 ${r.iteration.p99} ms  max ${r.iteration.max} ms`);
  for (const [kind, s] of Object.entries(r.requests))
    log(`  ${kind.padEnd(7)} p50 ${s.p50} ms  p99 ${s.p99} ms  max ${s.max} ms  (${s.count})`);
  const errors = Object.entries(r.errors);
  log(`  errors: ${errors.length ? errors.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}`);
  if (cpu) {
    log(
      `  cpu (cores of ${cpu.cores}): server ${cpu.server}, postgres ${cpu.postgresBench} (+${cpu.postgresOther} other postgres), ` +
        `client ${cpu.client}, machine busy ${cpu.machineBusy}`,
    );
    const perOrder = (cores: number) => (r.paidSinceWarmup ? ((cores * cpu.seconds * 1000) / r.paidSinceWarmup).toFixed(1) : '-');
    log(
      `  cpu per paid order: server ${perOrder(cpu.server)} ms, postgres ${perOrder(cpu.postgresBench)} ms, client ${perOrder(cpu.client)} ms`,
    );
    const others = cpu.machineBusy - cpu.server - cpu.postgresBench - cpu.postgresOther - cpu.client;
    if (others > 0.2) log(`  WARNING: other processes used ${others.toFixed(2)} cores during this run: the figures understate the stack`);
  }
  if (database) {
    const perOrder = r.paidSinceWarmup ? (database.commits / r.paidSinceWarmup).toFixed(1) : '-';
    log(
      `  postgres: ${perOrder} transactions per paid order (single-statement reads count as one); backends on average: ${database.waits.map((w) => `${w.state} ${w.backends}`).join(', ')}`,
    );
  }
  if (delivery) printDelivery(cpu, delivery);
  if (database && delivery?.paid) {
    // As for the CPU: the window's WAL, plus what delivery alone writes per order for the orders left undelivered.
    const d = delivery;
    const missing = (d.paid - d.deliveredInWindow) / d.paid;
    const drained = d.drain.orders > 0 ? d.drain.orders : 1;
    const records = database.wal.records / d.paid + missing * (d.drain.wal.records / drained);
    const bytes = database.wal.bytes / d.paid + missing * (d.drain.wal.bytes / drained);
    log(
      `  wal per paid order: window ${(database.wal.records / d.paid).toFixed(1)} records, ${(database.wal.bytes / d.paid / 1024).toFixed(1)} kB; ` +
        `with its events delivered (estimate) ${records.toFixed(1)} records, ${(bytes / 1024).toFixed(1)} kB` +
        `${d.drain.orders > 0 ? `; delivery alone ${(d.drain.wal.records / d.drain.orders).toFixed(1)} records per order` : ''}`,
    );
  }
  log(JSON.stringify({ bench: 'checkout', ...r, cpu, database, delivery }));
}

function printDelivery(cpu: CpuSplit | undefined, d: Delivery): void {
  const share = d.paid ? Math.round((100 * d.deliveredInWindow) / d.paid) : 0;
  log(
    `  events: order.paid delivered in the window for ${d.deliveredInWindow} orders (${share} % of the ${d.paid} paid); ` +
      `${d.undeliveredAtEnd} events undelivered at its end`,
  );
  const drainCpu = d.drain.cpu;
  if (!drainCpu || d.drain.orders === 0) return;
  const perDelivered = (cores: number) => (cores * drainCpu.seconds * 1000) / d.drain.orders;
  log(
    `  delivery alone afterwards: ${d.drain.orders} orders' events in ${d.drain.seconds.toFixed(1)} s, cpu per order: ` +
      `server ${perDelivered(drainCpu.server).toFixed(2)} ms, postgres ${perDelivered(drainCpu.postgresBench).toFixed(2)} ms`,
  );
  if (!cpu || !d.paid) return;
  // The window paid for the deliveries it did; the orders it left undelivered cost what delivery alone costs.
  const missing = (d.paid - d.deliveredInWindow) / d.paid;
  const window = (cores: number) => (cores * cpu.seconds * 1000) / d.paid;
  const server = window(cpu.server) + missing * perDelivered(drainCpu.server);
  const postgres = window(cpu.postgresBench) + missing * perDelivered(drainCpu.postgresBench);
  const client = window(cpu.client);
  log(
    `  cpu per paid order with its events delivered (estimate): server ${server.toFixed(1)} ms, postgres ${postgres.toFixed(1)} ms, ` +
      `client ${client.toFixed(1)} ms, total ${(server + postgres + client).toFixed(1)} ms`,
  );
}

function printSummary(runs: ThroughputResult[]): void {
  log('\n clients   paid/s   p50 ms   p90 ms   p99 ms   max ms  place p99  pay p99  notify p99  errors');
  for (const r of runs) {
    const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
    const cells = [r.paidPerSecond, r.iteration.p50, r.iteration.p90, r.iteration.p99, r.iteration.max];
    const requestCells = [r.requests.place.p99, r.requests.pay.p99, r.requests.notify.p99];
    log(
      ` ${String(r.clients).padStart(7)}${cells.map((c) => String(c).padStart(9)).join('')}` +
        `${requestCells.map((c, i) => String(c).padStart(i === 0 ? 11 : i === 1 ? 9 : 12)).join('')}${String(errors).padStart(8)}`,
    );
  }
  const at64 = runs.find((r) => r.clients === 64);
  if (at64) {
    const met = at64.paidPerSecond >= 600 && at64.iteration.p99 < 100;
    log(`target (≥ 600 paid/s at 64 clients, p99 < 100 ms): ${met ? 'met' : 'missed'}`);
  }
}

function positive(text: string): number {
  const n = count(text);
  if (n < 1) throw new Error(`not a positive integer: ${text}`);
  return n;
}

function count(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${text}`);
  return n;
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main()
  .then(
    (code) => code,
    (err) => {
      process.stderr.write(`bench:checkout failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
