import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// With Redis, a resolved resident session is kept there, so a crowd's requests do not each read
// PostgreSQL; logging out deletes it at once.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The per-network login limits live in Redis, shared by every run on this machine: these tests log in freely.
const LOGINS = {
  LINLI_RATE_LIMIT_SMS_PER_IP: '1000000/1h',
  LINLI_RATE_LIMIT_SMS_GLOBAL: '1000000/1h',
  LINLI_RATE_LIMIT_LOGIN_PER_IP: '1000000/1h',
};

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await startTestApp(undefined, { env: { REDIS_URL, ...LOGINS } });
  world = await createWorld(t.ctx, { slug: 'sessions-redis', skus: 1, leaders: 1, residents: 1 });
});
afterAll(() => t.close());

const keyOf = (token: string) => `linli:session:${createHash('sha256').update(token).digest('hex')}`;

describe('resident sessions in Redis', () => {
  it('are kept from login on, so requests need not read the database, and gone at logout', async () => {
    const token = await t.login('resident', world.residents[0]?.phone as string, world.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    const redis = t.ctx.redis;
    if (!redis) throw new Error('the app has no Redis');
    const kept = JSON.parse((await redis.get(keyOf(token))) ?? 'null');
    expect(kept?.principal).toMatchObject({ kind: 'resident', id: world.residents[0]?.id, operatorId: world.operatorId });
    expect(await redis.ttl(keyOf(token))).toBeGreaterThan(0);

    expect((await t.request('DELETE', '/api/v1/auth/sessions/current', { token })).status).toBe(204);
    expect(await redis.get(keyOf(token))).toBeNull();
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('a logout while Redis fails is still a logout: the session is refused, and its copy is deleted once Redis is back', async () => {
    const redis = t.ctx.redis;
    if (!redis) throw new Error('the app has no Redis');
    const token = await t.login('resident', world.residents[0]?.phone as string, world.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect(await redis.get(keyOf(token))).not.toBeNull();

    redis.disconnect();
    try {
      expect((await t.request('DELETE', '/api/v1/auth/sessions/current', { token })).status).toBe(204);
      // Every lookup reads the database while Redis fails: the session is revoked there.
      expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    } finally {
      await redis.connect();
    }
    // Redis is back with the copy it kept; the job deletes it.
    expect(await redis.get(keyOf(token))).not.toBeNull();
    await t.ctx.jobs.tick();
    expect(await redis.get(keyOf(token))).toBeNull();
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('are not kept for staff, whose roles apply at their next request', async () => {
    const token = await t.login('staff', world.adminPhone, world.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect(await t.ctx.redis?.get(keyOf(token))).toBeNull();
  });
});
