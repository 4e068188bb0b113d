import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { DevSmsProvider } from '../src/modules/identity/sms.provider.ts';
import type { DevPaymentProvider } from '../src/modules/payment/payment.provider.ts';
import { ManualClock, MINUTE } from '../src/platform/clock.ts';
import { adminQuery } from './test-databases.ts';

export interface TestApp {
  app: App;
  ctx: App['ctx'];
  clock: ManualClock;
  sms: DevSmsProvider;
  payments: DevPaymentProvider;
  /** Sends a request through the real server (no socket). */
  request(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  /** Logs in through the SMS-code flow and returns the bearer token. */
  login(as: 'resident' | 'leader' | 'staff' | 'driver' | 'supplier', phone: string, operator?: string): Promise<string>;
  /** Stops the server and starts a new one on the same database (needs `persistent`). */
  restart(): Promise<TestApp>;
  /**
   * A second server process's app on the same PostgreSQL database (its own pool, providers and
   * clock reading the same ManualClock); undefined on PGlite, whose database one process owns.
   * The caller closes it.
   */
  twin(): Promise<App | undefined>;
  close(): Promise<void>;
}

/**
 * A real server on a fresh, migrated database: PGlite in memory by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (created here, dropped at close).
 */
export async function startTestApp(
  start = '2026-11-20T02:00:00Z',
  options: { persistent?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const clock = new ManualClock(start);
  const baseUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dataDir = 'memory://';
  let dropDatabase: (() => Promise<void>) | undefined;
  if (!baseUrl && options.persistent) {
    dataDir = mkdtempSync(join(tmpdir(), 'linli-test-'));
    dropDatabase = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  if (baseUrl) {
    const name = `linli_test_${randomBytes(6).toString('hex')}`;
    // From the database test/global-setup.ts migrated once for this run, when there is one.
    const template = inject('postgresTemplate');
    await adminQuery(baseUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
  }
  const config = {
    // Development whatever DATABASE_URL says: the tests log in with the dev providers.
    ...loadConfig({ LOG_LEVEL: 'silent', LINLI_ENV: 'development', ...options.env }),
    databaseUrl,
    dataDir,
    dbPoolSize: 40,
  };
  // In memory on PGlite: from the cluster test/global-setup.ts migrated once for this run.
  const template = dataDir === 'memory://' && !baseUrl ? migratedTemplate() : undefined;
  const open = async (poolSize = config.dbPoolSize) =>
    // checkEvents: every emit checks its payload against its event type's schema, and throws on a mismatch.
    createApp(
      { ...config, dbPoolSize: poolSize },
      {
        clock,
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        checkEvents: true,
        ...(template ? { databaseTemplate: template } : {}),
      },
    );
  // The twin's pool is small: test files run in parallel on a server of 100 connections.
  return wrap(await open(), clock, open, dropDatabase, databaseUrl ? () => open(8) : undefined);
}

let dumped: { file: string; blob: Blob } | undefined;

/** The migrated cluster test/global-setup.ts dumped for this run, if there is one (not on PostgreSQL); read once per worker. */
function migratedTemplate(): Blob | undefined {
  const file = inject('pgliteTemplate');
  if (!file) return undefined;
  if (dumped?.file !== file) dumped = { file, blob: new Blob([readFileSync(file)]) };
  return dumped.blob;
}

function wrap(
  app: App,
  clock: ManualClock,
  reopen: () => Promise<App>,
  dropDatabase: (() => Promise<void>) | undefined,
  openTwin: (() => Promise<App>) | undefined,
): TestApp {
  const sms = app.ctx.sms as DevSmsProvider;
  const payments = app.ctx.payments as DevPaymentProvider;

  const request: TestApp['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await app.server.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {}
    return { status: res.statusCode, body };
  };

  const login: TestApp['login'] = async (as, phone, operator = 'test-op') => {
    let sent = await request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    if (sent.status === 429) {
      clock.advance(MINUTE);
      sent = await request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    }
    if (sent.status !== 202) throw new Error(`sms code: ${JSON.stringify(sent.body)}`);
    const code = sms.lastCode(phone);
    const res = await request('POST', '/api/v1/auth/sessions', { body: { operator, phone, code, as } });
    if (res.status !== 201) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };

  return {
    app,
    ctx: app.ctx,
    clock,
    sms,
    payments,
    request,
    login,
    async restart() {
      await app.close();
      return wrap(await reopen(), clock, reopen, dropDatabase, openTwin);
    },
    async twin() {
      return openTwin?.();
    },
    async close() {
      await app.close();
      await dropDatabase?.();
    },
  };
}
