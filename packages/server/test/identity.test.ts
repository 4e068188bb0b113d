import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
});
afterAll(() => t.close());

describe('SMS-code login', () => {
  it('registers a resident at first login and knows them afterwards', async () => {
    const phone = nextPhone();
    const token = await t.login('resident', phone);
    const me = await t.request('GET', '/api/v1/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'resident', phone, operatorId: world.operatorId });
  });

  it('accepts a code once only', async () => {
    const phone = nextPhone();
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    const code = t.sms.lastCode(phone);
    const body = { operator: 'test-op', phone, code, as: 'resident' };
    expect((await t.request('POST', '/api/v1/auth/sessions', { body })).status).toBe(201);
    const again = await t.request('POST', '/api/v1/auth/sessions', { body });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('SMS_CODE_INVALID');
  });

  it('expires codes after five minutes', async () => {
    const phone = nextPhone();
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    const code = t.sms.lastCode(phone);
    t.clock.advance(5 * MINUTE + 1000);
    const res = await t.request('POST', '/api/v1/auth/sessions', { body: { operator: 'test-op', phone, code, as: 'resident' } });
    expect(res.body.code).toBe('SMS_CODE_INVALID');
    expect(res.body.message).toMatch(/expired/);
  });

  it('burns the code after five wrong attempts', async () => {
    const phone = nextPhone();
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    const code = t.sms.lastCode(phone) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await t.request('POST', '/api/v1/auth/sessions', { body: { operator: 'test-op', phone, code: wrong, as: 'resident' } });
      expect(r.body.message).toBe('wrong code');
    }
    const right = await t.request('POST', '/api/v1/auth/sessions', { body: { operator: 'test-op', phone, code, as: 'resident' } });
    expect(right.status).toBe(401);
    expect(right.body.message).toMatch(/too many/);
  });

  it('rate-limits code requests per phone', async () => {
    const phone = nextPhone();
    expect((await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } })).status).toBe(202);
    const second = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('RATE_LIMITED');
    expect(second.body.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('does not log in a leader who does not exist', async () => {
    const phone = nextPhone();
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    const res = await t.request('POST', '/api/v1/auth/sessions', {
      body: { operator: 'test-op', phone, code: t.sms.lastCode(phone), as: 'leader' },
    });
    expect(res.status).toBe(401);
  });

  it('revokes the token at logout', async () => {
    const token = await t.login('staff', world.adminPhone);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).body.roles).toEqual(['admin']);
    expect((await t.request('DELETE', '/api/v1/auth/sessions/current', { token })).status).toBe(204);
    const after = await t.request('GET', '/api/v1/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('stores neither codes nor tokens in the clear', async () => {
    const phone = nextPhone();
    const token = await t.login('resident', phone);
    const sessions = await t.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.some((s) => s.token_hash.includes(token))).toBe(false);
    const codes = await t.ctx.db.selectFrom('sms_codes').select('code_hash').where('phone', '=', phone).execute();
    expect(codes[0]?.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('bad input', () => {
  it('answers malformed JSON, unknown fields, wrong types and oversize bodies with 400 and a code', async () => {
    const malformed = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-codes',
      headers: { 'content-type': 'application/json' },
      payload: '{"phone":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).code).toBe('MALFORMED_JSON');
    const unknown = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: nextPhone(), admin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const wrongType = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: 13800000000 } });
    expect(wrongType.body.code).toBe('VALIDATION_FAILED');
    const huge = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: 'x'.repeat(200_000) } });
    expect(huge.status).toBe(400);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const count = await t.ctx.db
      .selectFrom('sms_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const before = count.n;
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: '12' } });
    const after = await t.ctx.db
      .selectFrom('sms_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before);
  });

  it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.request('GET', '/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/sessions');
  });
});
