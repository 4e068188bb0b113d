import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { assertSafeToServe, ConfigError, loadConfig } from '../src/config.ts';
import { phoneForLog } from '../src/modules/identity/sms.provider.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const REFUSAL =
  'refusing to start in production: LINLI_SMS_PROVIDER=dev lets anyone log in as anyone; ' +
  "LINLI_PAYMENT_PROVIDER=dev marks orders paid without money; LINLI_PAYOUT_PROVIDER=dev marks leaders' withdrawals paid without money " +
  '(set real providers, or LINLI_ENV=development)';

describe('LINLI_ENV', () => {
  it('is development on the embedded database and production on PostgreSQL, unless set', () => {
    expect(loadConfig({})).toMatchObject({ env: 'development', host: '127.0.0.1' });
    const pgUrl = 'postgres://postgres@127.0.0.1:5432/linli';
    expect(loadConfig({ DATABASE_URL: pgUrl })).toMatchObject({ env: 'production', host: '0.0.0.0' });
    expect(loadConfig({ DATABASE_URL: pgUrl, LINLI_ENV: 'development' })).toMatchObject({ env: 'development', host: '127.0.0.1' });
    expect(loadConfig({ LINLI_ENV: 'production' })).toMatchObject({ env: 'production', host: '0.0.0.0' });
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({ env: 'development', host: '0.0.0.0' });
    expect(() => loadConfig({ LINLI_ENV: 'staging' })).toThrow(ConfigError);
  });

  it('refuses to start in production with the dev providers, in one line, before touching the database', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'linli-prod-')), 'data');
    try {
      const config = loadConfig({ LINLI_ENV: 'production', LOG_LEVEL: 'silent', LINLI_DATA_DIR: dataDir });
      const refused = await createApp(config).then(
        (app) => app.close().then(() => undefined),
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as Error).message).toBe(REFUSAL);
      expect(existsSync(dataDir)).toBe(false);
      // One provider left dev: the line names that one.
      await expect(createApp({ ...config, smsProvider: 'aliyun', payoutProvider: 'wechatpay' })).rejects.toThrow(
        'refusing to start in production: LINLI_PAYMENT_PROVIDER=dev marks orders paid without money (set a real provider, or LINLI_ENV=development)',
      );
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('starts with Aliyun or Tencent Cloud SMS, and refuses a vendor configured without its keys', () => {
    for (const smsProvider of ['aliyun', 'tencent'] as const) {
      expect(() =>
        assertSafeToServe({ env: 'production', smsProvider, paymentProvider: 'wechatpay', payoutProvider: 'wechatpay' }),
      ).not.toThrow();
    }
    expect(() =>
      assertSafeToServe({ env: 'production', smsProvider: 'aliyun', paymentProvider: 'wechatpay', payoutProvider: 'dev' }),
    ).toThrow(
      "refusing to start in production: LINLI_PAYOUT_PROVIDER=dev marks leaders' withdrawals paid without money (set a real provider, or LINLI_ENV=development)",
    );
    expect(() =>
      assertSafeToServe({ env: 'production', smsProvider: 'dev', paymentProvider: 'wechatpay', payoutProvider: 'wechatpay' }),
    ).toThrow(
      'refusing to start in production: LINLI_SMS_PROVIDER=dev lets anyone log in as anyone (set a real provider, or LINLI_ENV=development)',
    );
    expect(() => loadConfig({ LINLI_ENV: 'production', LINLI_SMS_PROVIDER: 'aliyun', LINLI_SMS_ACCESS_KEY_ID: 'LTAIabcd' })).toThrow(
      new ConfigError('LINLI_SMS_PROVIDER=aliyun needs LINLI_SMS_ACCESS_KEY_SECRET (or …_FILE)'),
    );
  });

  it('makes `linli start` print that line alone, without a stack trace, and exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-prod-cli-'));
    try {
      const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
      const run = spawnSync(process.execPath, [cli, 'start'], {
        env: { PATH: process.env.PATH, LINLI_ENV: 'production', LINLI_DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: '0' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`linli: ${REFUSAL}\n`);
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('login codes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are answered as devCode in development only', async () => {
    expect(t.ctx.config.env).toBe('development');
    const phone = nextPhone();
    const sent = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    expect(sent.status).toBe(202);
    expect(sent.body.devCode).toBe(t.sms.lastCode(phone));
    expect((await t.request('GET', '/api/v1/public/config')).body.devSms).toBe(true);

    // As if the start check were bypassed: production never echoes a code, even with the dev provider.
    t.ctx.config.env = 'production';
    try {
      const other = nextPhone();
      const quiet = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: other } });
      expect(quiet.status).toBe(202);
      expect(quiet.body).toEqual({ expiresInSeconds: 300, retryAfterSeconds: 60 });
      expect(t.sms.lastCode(other)).toMatch(/^\d{6}$/);
      expect((await t.request('GET', '/api/v1/public/config')).body.devSms).toBe(false);
    } finally {
      t.ctx.config.env = 'development';
    }
  });
});

describe('the log', () => {
  let app: App;
  let logged = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    const config = { ...loadConfig({ LOG_LEVEL: 'trace', LINLI_ENV: 'development' }), dataDir: 'memory://' };
    app = await createApp(config, { clock: new ManualClock('2026-11-20T02:00:00Z'), logger: pino({ level: 'trace' }, sink) });
  });
  afterAll(() => app.close());

  it('says a code was issued, with the phone masked, and never the code', async () => {
    const phone = nextPhone();
    const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone } });
    expect(res.statusCode).toBe(202);
    const code = (res.json() as { devCode: string }).devCode;
    expect(code).toMatch(/^\d{6}$/);
    expect(logged).toContain(phoneForLog(phone));
    expect(logged).not.toContain(phone);
    // The code as a number of its own (not inside a longer one, such as a timestamp).
    expect(logged).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  });
});

describe('instant payment', () => {
  let t: TestApp;
  let world: World;
  let resident: string;
  let lineId: string;
  beforeAll(async () => {
    t = await startTestApp();
    world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
    lineId = (await createOpenCampaign(t.ctx, world, { stock: 20 })).lineIds[0] as string;
    resident = await t.login('resident', nextPhone());
    await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: resident, body: { pickupPointId: world.leaders[0]?.pickupPointId } });
  });
  afterAll(() => t.close());

  async function placeOrder(): Promise<string> {
    const placed = await t.request('POST', '/api/v1/shop/orders', {
      token: resident,
      body: { lines: [{ campaignLineId: lineId, quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    return placed.body.id;
  }

  it('is refused outside development, and the order stays unpaid', async () => {
    const orderId = await placeOrder();
    t.ctx.config.env = 'production';
    try {
      const refused = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token: resident, body: { mode: 'instant' } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('INSTANT_PAYMENT_UNAVAILABLE');
    } finally {
      t.ctx.config.env = 'development';
    }
    const order = await t.request('GET', `/api/v1/shop/orders/${orderId}`, { token: resident });
    expect(order.body.status).toBe('pending_payment');
  });

  it('pays at once in development', async () => {
    const orderId = await placeOrder();
    const paid = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token: resident, body: { mode: 'instant' } });
    expect(paid.body).toMatchObject({ status: 'succeeded', orderStatus: 'paid' });
  });
});
