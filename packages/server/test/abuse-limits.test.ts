import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { limitsOf } from '../src/http/rate-limits.ts';
import { buildServer, type Server } from '../src/http/server.ts';
import { routeModules } from '../src/modules/index.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { AppError } from '../src/platform/errors.ts';
import { SolverPool } from '../src/platform/solver-pool.ts';
import { createStaff, nextPhone } from './fixtures.ts';
import { buildDay, type Day, DELIVERY_DATE } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let t: TestApp;
let day: Day;
const servers: Server[] = [];
const closers: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const close of closers) await close();
  await t.close();
});

type Limits = Config['rateLimits'];
const wide = { max: 1000, windowMs: 60_000 };
const allWide: Limits = { smsCodesPerIp: wide, smsCodesGlobal: wide, loginsPerIp: wide, exports: wide, routePlans: wide };

/**
 * Another API server on the same database, as a second process would be: on PostgreSQL with its
 * own connection pool; on PGlite (one connection per database) on the same handle.
 */
async function instance(
  options: { limits?: Partial<Limits>; redisUrl?: string; solvers?: SolverPool; ownPool?: boolean } = {},
): Promise<Server> {
  let db = t.ctx.db;
  if (options.ownPool && t.ctx.dbKind === 'postgres') {
    const handle = await openDatabase({ databaseUrl: t.ctx.config.databaseUrl, poolSize: 4 });
    closers.push(() => handle.close());
    db = handle.db;
  }
  const ctx: AppContext = {
    ...t.ctx,
    db,
    config: { ...t.ctx.config, rateLimits: { ...allWide, ...options.limits }, redisUrl: options.redisUrl },
    solvers: options.solvers ?? t.ctx.solvers,
  };
  const server = await buildServer(ctx, routeModules);
  await server.ready();
  servers.push(server);
  return server;
}

/** A client address of its own per test (and per run, for the shared Redis). */
const someIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function send(server: Server, method: 'GET' | 'POST', url: string, options: { ip: string; body?: object; token?: string }) {
  const res = await server.inject({
    method,
    url,
    remoteAddress: options.ip,
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    ...(options.body ? { payload: options.body } : {}),
  });
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
}
const askCode = (server: Server, ip: string, phone = nextPhone()) =>
  send(server, 'POST', '/api/v1/auth/sms-codes', { ip, body: { phone } });

function expectLimited(res: Awaited<ReturnType<typeof send>>, limit: string, windowS: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  expect(res.body).toMatchObject({ code: 'RATE_LIMITED', details: { limit } });
  expect(res.body.details.retryAfterSeconds).toBeGreaterThan(0);
  expect(res.body.details.retryAfterSeconds).toBeLessThanOrEqual(windowS);
  expect(res.retryAfter).toBe(String(res.body.details.retryAfterSeconds));
}

describe('rate limits in the database', () => {
  it('limits login codes per client IP; another IP is not affected and no SMS goes out when refused', async () => {
    const server = await instance({ limits: { smsCodesPerIp: { max: 3, windowMs: 60_000 } } });
    const ip = someIp();
    for (let i = 0; i < 3; i++) expect((await askCode(server, ip)).status).toBe(202);
    const phone = nextPhone();
    expectLimited(await askCode(server, ip, phone), 'sms-ip', 60);
    expect(t.sms.lastCode(phone)).toBeUndefined();
    expect((await askCode(server, someIp())).status).toBe(202);
  });

  it('limits login codes of everyone together, whatever their IPs (SMS pumping)', async () => {
    const server = await instance({ limits: { smsCodesGlobal: { max: 4, windowMs: 60_000 } } });
    // The logins of the other tests counted too: this window starts empty.
    await sql`delete from rate_limits where key like 'sms-all:%'`.execute(t.ctx.db);
    for (let i = 0; i < 4; i++) expect((await askCode(server, someIp())).status).toBe(202);
    expectLimited(await askCode(server, someIp()), 'sms-all', 60);
  });

  it('limits login attempts per client IP', async () => {
    const server = await instance({ limits: { loginsPerIp: { max: 3, windowMs: 60_000 } } });
    const ip = someIp();
    const attempt = () =>
      send(server, 'POST', '/api/v1/auth/sessions', {
        ip,
        body: { operator: 'test-op', phone: nextPhone(), code: '000000', as: 'resident' },
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).body.code).toBe('SMS_CODE_INVALID');
    expectLimited(await attempt(), 'login-ip', 60);
  });

  it('limits exports and labels per person, not per IP; strangers get 401', async () => {
    const server = await instance({ limits: { exports: { max: 2, windowMs: 60_000 } } });
    const ip = someIp();
    const labels = `/api/v1/admin/sorting/labels.html?deliveryDate=${DELIVERY_DATE}`;
    const sheet = `/api/v1/admin/sorting/sorting.xlsx?deliveryDate=${DELIVERY_DATE}`;
    expect(
      (await server.inject({ method: 'GET', url: labels, remoteAddress: ip, headers: { authorization: `Bearer ${day.staff}` } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await server.inject({ method: 'GET', url: sheet, remoteAddress: ip, headers: { authorization: `Bearer ${day.staff}` } })).statusCode,
    ).toBe(200);
    expectLimited(await send(server, 'GET', '/api/v1/admin/finance/pnl/export?date=2026-11-20', { ip, token: day.staff }), 'exports', 60);
    const other = await t.login('staff', (await createStaff(t.ctx, day.w.operatorId, ['warehouse'])).phone);
    expect(
      (await server.inject({ method: 'GET', url: labels, remoteAddress: ip, headers: { authorization: `Bearer ${other}` } })).statusCode,
    ).toBe(200);
    expect((await send(server, 'GET', labels, { ip })).body.code).toBe('UNAUTHENTICATED');
  });

  it('shares the counts between two servers on one database, and opens again when the window ends', async () => {
    const rule = { smsCodesPerIp: { max: 4, windowMs: 1500 } };
    const [a, b] = [await instance({ limits: rule }), await instance({ limits: rule, ownPool: true })];
    const ip = someIp();
    const statuses = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await askCode(server, ip)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await askCode(b, ip)).status).toBe(202);
  });

  it('leaves every other route, the checkout among them, without a limiter', () => {
    expect(limitsOf(['POST'], '/api/v1/shop/orders', allWide)).toEqual([]);
    expect(limitsOf(['POST'], '/api/v1/payments/dev/notify', allWide)).toEqual([]);
    expect(limitsOf(['GET', 'HEAD'], '/api/v1/shop/campaigns', allWide)).toEqual([]);
    expect(limitsOf(['GET'], '/api/v1/admin/purchase-orders/:id/export.xlsx', allWide).map((l) => l.name)).toEqual(['exports']);
    expect(limitsOf(['GET'], '/api/v1/admin/finance/leaders/:id/statement/export', allWide).map((l) => l.name)).toEqual(['exports']);
  });
});

describe('rate limits in Redis', () => {
  it('shares the counts between two servers through Redis, with the window as the key’s lifetime', async () => {
    const rule = { smsCodesPerIp: { max: 3, windowMs: 1500 } };
    const a = await instance({ limits: rule, redisUrl: REDIS_URL });
    const b = await instance({ limits: rule, redisUrl: REDIS_URL, ownPool: true });
    const ip = someIp();
    const statuses = [];
    for (const server of [a, b, a, b]) statuses.push((await askCode(server, ip)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expectLimited(await askCode(a, ip), 'sms-ip', 2);

    const redis = new Redis(REDIS_URL);
    closers.push(() => redis.quit());
    const keys = await redis.keys(`linli:rate-limit:*sms-ip:${ip}`);
    expect(keys).toHaveLength(1);
    expect(Number(await redis.get(keys[0]!))).toBe(5);
    expect(await redis.pttl(keys[0]!)).toBeLessThanOrEqual(1500);
    const rows = await t.ctx.db
      .selectFrom('rate_limits' as never)
      .selectAll()
      .execute();
    expect(JSON.stringify(rows)).not.toContain(ip);

    await new Promise((r) => setTimeout(r, 1600));
    expect((await askCode(b, ip)).status).toBe(202);
  });
});

describe('route-planning solver pool', () => {
  it('runs at most `threads` tasks, queues `queue` more and refuses the rest with BUSY', async () => {
    const pool = new SolverPool(1, 1, 7);
    const release: Array<() => void> = [];
    const task = () => new Promise<string>((resolve) => release.push(() => resolve('done')));
    const first = pool.run(task);
    const second = pool.run(task);
    await expect(pool.run(task)).rejects.toMatchObject({ code: 'BUSY', details: { retryAfterSeconds: 7 } });
    expect(pool.load).toEqual({ running: 1, waiting: 1 });
    release[0]!();
    await first;
    await new Promise((r) => setImmediate(r));
    release[1]!();
    expect(await second).toBe('done');
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
    await expect(pool.run(() => Promise.reject(new AppError('CONFLICT', 'x')))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers plan requests beyond the pool with 503 BUSY and Retry-After, never 500, and drains', async () => {
    const pool = new SolverPool(1, 1);
    const server = await instance({ solvers: pool });
    const planOnce = () =>
      server.inject({
        method: 'POST',
        url: '/api/v1/admin/route-plans',
        headers: { authorization: `Bearer ${day.staff}` },
        payload: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, timeLimitMs: 400 },
      });
    const answers = await Promise.all(Array.from({ length: 6 }, planOnce));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const a of busy) {
      expect(a.json()).toMatchObject({ code: 'BUSY', details: { retryAfterSeconds: 10 } });
      expect(a.headers['retry-after']).toBe('10');
    }
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
    expect((await planOnce()).statusCode).toBe(200);
  });
});
