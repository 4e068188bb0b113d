/**
 * Flash-sale benchmark: buyers logged in beforehand race for a session's units at its start
 * against the real server (a child process) on PostgreSQL over loopback, once with the Redis gate
 * and once on PostgreSQL alone (no Redis: checkout's statement decides) as the reference. Checks
 * the winners against SQL. Usage: `npm run bench:flash-sale -- --help`.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { newId } from '../src/platform/ids.ts';
import { type Database, openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { Api, failureLabel, loginResidents } from './client.ts';
import { startServer } from './server-process.ts';
import { type CpuSplit, cpuSampler, summarise } from './stats.ts';
import { type BenchWorld, createBenchDatabase, seedWorld } from './world.ts';

const usage = `npm run bench:flash-sale -- [options]

  --buyers 10000        residents logged in beforehand, each trying once at the session's start
  --units 500           units of the session
  --connections 256     concurrent connections the buyers share (each sends its attempt as soon as one is free)
  --gates redis,database
                        one run per gate: redis (REDIS_URL, default redis://127.0.0.1:6379) and database
                        (PostgreSQL alone, no Redis), each on its own server and session
  --pool 32             the server's PostgreSQL pool size

DATABASE_URL names the PostgreSQL admin database (default postgres://postgres@127.0.0.1:5432/test);
a fresh linli_bench_<random> database is created beside it and dropped at the end.
Target (this 2-core machine, redis): ≥ 5,000 attempts/s, p99 ≤ 250 ms, oversold 0, exactly --units winners,
every winner's order in PostgreSQL.`;

const opts = readOptions();

function readOptions() {
  try {
    const { values: a } = parseArgs({
      options: {
        buyers: { type: 'string', default: '10000' },
        units: { type: 'string', default: '500' },
        connections: { type: 'string', default: '256' },
        gates: { type: 'string', default: 'redis,database' },
        pool: { type: 'string', default: '32' },
        help: { type: 'boolean', default: false },
      },
    });
    if (a.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const gates = a.gates.split(',').map((g) => {
      if (g !== 'redis' && g !== 'database') throw new Error(`--gates: redis or database, not ${g}`);
      return g;
    });
    return {
      buyers: positive(a.buyers),
      units: positive(a.units),
      connections: positive(a.connections),
      gates,
      pool: positive(a.pool),
    };
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

function positive(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${s}`);
  return n;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp() {
  for (const step of cleanups.reverse()) await step().catch((err) => process.stderr.write(`cleanup: ${err}\n`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}

/** A staff member who may set up flash sales, logged in through the SMS-code flow. */
async function staffToken(db: Database, api: Api, world: BenchWorld): Promise<string> {
  const operator = await db.selectFrom('operators').select('id').where('slug', '=', world.operatorSlug).executeTakeFirstOrThrow();
  const phone = '13700000001';
  await db
    .insertInto('staff')
    .values({ id: newId('stf'), operator_id: operator.id, phone, name: '秒杀运营', roles: ['merchandiser'], created_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const sent = await api.send('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  const session = await api.send('POST', '/api/v1/auth/sessions', {
    body: { operator: world.operatorSlug, phone, code: sent.body?.devCode, as: 'staff' },
  });
  if (session.status !== 201) throw new Error(`staff login: ${failureLabel(session)}`);
  return session.body.token as string;
}

interface RaceResult {
  gate: string;
  attempts: number;
  seconds: number;
  attemptsPerSecond: number;
  latency: ReturnType<typeof summarise>;
  outcomes: Record<string, number>;
  /** Latency per answer (winners against sold-out): the winners write an order, the others answer from the gate. */
  latencyByOutcome: Record<string, ReturnType<typeof summarise>>;
  winners: number;
  winnerOrderIds: string[];
}

/** Every buyer tries once, all released at the session's start, `connections` in flight at a time. */
async function race(api: Api, saleId: string, tokens: string[], startsAt: number, gate: string, onStart: () => void): Promise<RaceResult> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const byOutcome: Record<string, number[]> = {};
  const winnerOrderIds: string[] = [];
  let next = 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - Date.now() + 20)));
  onStart();
  const started = performance.now();
  const worker = async () => {
    while (next < tokens.length) {
      const i = next++;
      const res = await api.send('POST', `/api/v1/shop/flash-sales/${saleId}/attempts`, {
        token: tokens[i] as string,
        body: { attemptKey: `bench-${i}-${saleId}`.slice(0, 64) },
      });
      latencies.push(res.ms);
      const label = res.status === 201 ? '201 won' : failureLabel(res);
      outcomes[label] = (outcomes[label] ?? 0) + 1;
      const ms = byOutcome[label] ?? [];
      ms.push(res.ms);
      byOutcome[label] = ms;
      if (res.status === 201) winnerOrderIds.push(res.body.order.id as string);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    gate,
    attempts: tokens.length,
    seconds,
    attemptsPerSecond: tokens.length / seconds,
    latency: summarise(latencies),
    outcomes,
    latencyByOutcome: Object.fromEntries(Object.entries(byOutcome).map(([label, ms]) => [label, summarise(ms)])),
    winners: winnerOrderIds.length,
    winnerOrderIds,
  };
}

/** What PostgreSQL holds of the session: its orders (discount applied), units, residents; and whether every winner's order is among them. */
async function checkSql(db: Database, saleId: string, winners: string[]) {
  const sale = await db.selectFrom('flash_sales').selectAll().where('id', '=', saleId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('order_discounts as d')
    .innerJoin('order_lines as l', 'l.order_id', 'd.order_id')
    .select(['d.order_id', 'd.resident_id', 'l.quantity'])
    .where('d.promotion_id', '=', sale.promotion_id)
    .where('d.status', '=', 'applied')
    .execute();
  const orderIds = new Set(rows.map((r) => r.order_id));
  const units = rows.reduce((n, r) => n + r.quantity, 0);
  return {
    orders: orderIds.size,
    units,
    residents: new Set(rows.map((r) => r.resident_id)).size,
    missing: winners.filter((id) => !orderIds.has(id)).length,
    oversold: Math.max(0, units - sale.quantity),
  };
}

function cpuLine(cpu: CpuSplit | undefined): string {
  if (!cpu) return '';
  return `  cpu (cores): server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.postgresBench.toFixed(2)}, client ${cpu.client.toFixed(2)}, machine busy ${cpu.machineBusy.toFixed(2)} of ${cpu.cores}`;
}

/**
 * Removes what the run left in Redis: its session's gate, its buyers' kept sessions, and the
 * login rate-limit counts of 127.0.0.1 and of everyone, which the run pushed far past any window
 * (they are shared with every other server and test on this Redis).
 */
async function forgetInRedis(url: string, saleId: string, tokens: string[]): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = [
      ...(await redis.keys(`linli:flash:{${saleId}}:*`)),
      ...(await redis.keys('linli:rate-limit:*sms-all:all')),
      ...(await redis.keys('linli:rate-limit:*:127.0.0.1')),
      ...tokens.map((t) => `linli:session:${createHash('sha256').update(t).digest('hex')}`),
    ];
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  } finally {
    await redis.quit();
  }
}

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const bench = await createBenchDatabase(adminUrl);
  cleanups.push(() => bench.drop());
  const handle = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
  cleanups.push(() => handle.close());
  await migrateToLatest(handle.db);
  const seeded = performance.now();
  const world = await seedWorld(handle.db, { skus: 2, leaders: 50, residents: opts.buyers, flashStock: 1 });
  const { rows } = await sql<{ server_version: string }>`show server_version`.execute(handle.db);
  const cpus = os.cpus();
  log(`machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2))}`);
  log(`node ${process.version}, PostgreSQL ${rows[0]?.server_version}, database ${bench.name}, server pool ${opts.pool}`);
  log(`seeded ${world.residents.length} residents in ${Math.round(performance.now() - seeded)} ms`);

  let failed = false;
  let tokens: string[] | undefined;
  let staff: string | undefined;
  for (const gate of opts.gates) {
    const server = await startServer(bench.url, opts.pool, { REDIS_URL: gate === 'redis' ? redisUrl : undefined });
    const api = new Api(server.baseUrl, opts.connections);
    // Logged in once, through the first server; the sessions are the database's, so every server takes them.
    const loginStarted = performance.now();
    tokens ??= await loginResidents(api, world.operatorSlug, world.residents, 64);
    log(
      `\n${gate}: ${tokens.length} buyers logged in beforehand (${((performance.now() - loginStarted) / 1000).toFixed(1)} s here, not measured)`,
    );
    staff ??= await staffToken(handle.db, api, world);
    const startsAt = Date.now() + 3_000;
    const created = await api.send('POST', '/api/v1/admin/flash-sales', {
      token: staff,
      body: {
        campaignLineId: world.unlimitedLineIds[0],
        title: `整点秒杀 (${gate})`,
        priceFen: 100,
        quantity: opts.units,
        perResidentLimit: 1,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 3600_000).toISOString(),
      },
    });
    if (created.status !== 201) throw new Error(`flash sale: ${failureLabel(created)} ${JSON.stringify(created.body)}`);
    // CPU is sampled over the race alone, not the wait for the session's start.
    let sampler: ReturnType<typeof cpuSampler> | undefined;
    const result = await race(api, created.body.id, tokens, startsAt, gate, () => {
      sampler = cpuSampler(server.pid, bench.name);
    });
    const cpu = sampler?.stop();
    const check = await checkSql(handle.db, created.body.id, result.winnerOrderIds);
    log(`  ${result.attempts} attempts on ${opts.units} units, ${opts.connections} connections: ${result.seconds.toFixed(2)} s`);
    log(`  attempts/s: ${Math.round(result.attemptsPerSecond)}`);
    log(`  latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
    for (const [label, n] of Object.entries(result.outcomes).sort((a, b) => b[1] - a[1])) {
      const l = result.latencyByOutcome[label];
      log(`  ${String(n).padStart(6)}  ${label}${l ? `  (ms: p50 ${l.p50}, p99 ${l.p99}, max ${l.max})` : ''}`);
    }
    log(cpuLine(cpu));
    log(
      `  winners: ${result.winners}; in PostgreSQL: ${check.orders} orders, ${check.units} units, ${check.residents} residents; winners' orders missing: ${check.missing}`,
    );
    log(`  oversold: ${check.oversold}`);
    const ok = check.oversold === 0 && result.winners === opts.units && check.orders === opts.units && check.missing === 0;
    if (!ok) failed = true;
    const { winnerOrderIds: _ids, ...summary } = result;
    log(JSON.stringify({ bench: 'flash-sale', ...summary, units: opts.units, connections: opts.connections, sql: check, ok }));
    if (server.errors.count > 0) log(`  server logged ${server.errors.count} error lines; the last:\n${server.errors.last.join('\n')}`);
    await api.close();
    await server.stop();
    if (gate === 'redis') await forgetInRedis(redisUrl, created.body.id, tokens);
  }
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanUp();
    process.exit(1);
  });
