import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator, nextPhone } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the dev SMS code in the answer', () => {
  it('comes back with the dev provider, and logs in', async () => {
    await createOperator(t.ctx, 'test-op');
    const phone = nextPhone();
    const sent = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ expiresInSeconds: 300, retryAfterSeconds: 60, devCode: t.sms.lastCode(phone) });
    expect(sent.body.devCode).toMatch(/^\d{6}$/);
    const session = await t.request('POST', '/api/v1/auth/sessions', {
      body: { operator: 'test-op', phone, code: sent.body.devCode, as: 'resident' },
    });
    expect(session.status).toBe(201);
  });
});

describe('GET /api/v1/public/config', () => {
  it('names the only operator, no map tiles and the dev SMS provider, without a login', async () => {
    const res = await t.request('GET', '/api/v1/public/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ operator: 'test-op', mapTileUrl: null, devSms: true, wechatLogin: false });
  });

  it('names no operator when there are several, unless one is configured; passes the tile URL on', async () => {
    await createOperator(t.ctx, 'another-op');
    expect((await t.request('GET', '/api/v1/public/config')).body.operator).toBeNull();
    const config = t.ctx.config;
    const tiles = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    t.ctx.config = { ...config, webOperator: 'another-op', mapTileUrl: tiles };
    try {
      expect((await t.request('GET', '/api/v1/public/config')).body).toEqual({
        operator: 'another-op',
        mapTileUrl: tiles,
        devSms: true,
        wechatLogin: false,
      });
    } finally {
      t.ctx.config = config;
    }
  });
});
