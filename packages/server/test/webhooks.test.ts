import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emit } from '../src/platform/events.ts';
import { unseal } from '../src/platform/sealed.ts';
import { createOperator, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** What the local receiver got: one entry per request, with the test clock's time. */
type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: Date };

let t: TestApp;
let world: World;
let admin: string;
let otherAdmin: string;
let otherOperatorId: string;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status codes a path answers, one per request in turn; the last is repeated; 200 when none. */
const answers = new Map<string, number[]>();

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
  admin = await t.login('staff', world.adminPhone);
  otherOperatorId = await createOperator(t.ctx, 'other-op');
  otherAdmin = await t.login('staff', (await createStaff(t.ctx, otherOperatorId, ['admin'])).phone, 'other-op');
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: t.clock.now() });
      const queue = answers.get(path) ?? [];
      const status = (queue.length > 1 ? queue.shift() : queue[0]) ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `failing ${'x'.repeat(1000)}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await t.close();
});
beforeEach(() => {
  received.length = 0;
});

const api = (method: string, url: string, body?: unknown, token = admin) =>
  t.request(method, `/api/v1/admin/webhooks${url}`, { token, body });

async function register(path: string, eventTypes: string[], token = admin) {
  const res = await api('POST', '', { url: `${base}${path}`, description: path, eventTypes }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

const campaign = (id: string) => ({
  campaignId: id,
  pickupDate: '2026-11-22',
  opensAt: '2026-11-20T00:00:00.000Z',
  cutoffAt: '2026-11-21T12:00:00.000Z',
  minTotalQuantity: 0,
});

/** Emits an event as a module would (events no module subscribes to), delivers the outbox, runs the sweep. */
async function happen(type: 'campaign.opened' | 'campaign.published', operatorId: string, campaignId: string) {
  await t.ctx.db.transaction().execute(async (trx) => {
    if (type === 'campaign.opened') await emit(trx, t.clock, { type, operatorId, aggregateId: campaignId, payload: campaign(campaignId) });
    else await emit(trx, t.clock, { type, operatorId, aggregateId: campaignId, payload: { ...campaign(campaignId), status: 'open' } });
  });
  await t.ctx.events.drain();
  await t.ctx.jobs.tick();
}

async function deliveries(endpointId: string, token = admin) {
  const res = await api('GET', `/${endpointId}/deliveries?pageSize=100`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; items: Array<Record<string, any>> };
}

/** The signature checked independently of the module: HMAC-SHA256 of "<t>.<body>" with the secret. */
function signatureOk(secret: string, r: Received): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['linli-signature']));
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${r.body}`).digest('hex');
  return expected === match[2] && Number(match[1]) === Math.floor(r.at.getTime() / 1000);
}

describe('webhook endpoints', () => {
  it('shows the secret once, never lists it, and keeps it sealed', async () => {
    const created = await register('/secret', ['campaign.opened']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await api('GET', '');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((e: { id: string }) => e.id === created.id);
    expect(listed).toMatchObject({ url: `${base}/secret`, eventTypes: ['campaign.opened'], active: true, lastDelivery: null });
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    expect(listed).not.toHaveProperty('secret');
    const patched = await api('PATCH', `/${created.id}`, { description: 'renamed' });
    expect(JSON.stringify(patched.body)).not.toContain(created.secret);

    const row = await t.ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(created.secret.slice(6));
    expect(row.secret_sealed.startsWith('v1.')).toBe(true);
    expect(unseal(t.ctx.secret, row.secret_sealed)).toBe(created.secret);
  });

  it('delivers an event once, signed, to the endpoints of its operator that take its type', async () => {
    const opened = await register('/opened', ['campaign.opened']);
    const published = await register('/published', ['campaign.published']);
    const everything = await register('/other-op', ['*'], otherAdmin);

    await happen('campaign.opened', world.operatorId, 'cmp_1');
    await t.ctx.events.drain();
    await t.ctx.jobs.tick();

    const got = received.filter((r) => r.path === '/opened');
    expect(got).toHaveLength(1);
    expect(received.filter((r) => r.path === '/published' || r.path === '/other-op')).toEqual([]);
    const [r] = got as [Received];
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['linli-event-type']).toBe('campaign.opened');
    expect(signatureOk(opened.secret, r)).toBe(true);
    expect(signatureOk(published.secret, r)).toBe(false);
    const body = JSON.parse(r.body);
    expect(Object.keys(body)).toEqual(['id', 'type', 'createdAt', 'operatorId', 'data']);
    expect(body).toEqual({
      id: r.headers['linli-event-id'],
      type: 'campaign.opened',
      createdAt: t.clock.now().toISOString(),
      operatorId: world.operatorId,
      data: campaign('cmp_1'),
    });

    const log = await deliveries(opened.id);
    expect(log.items).toEqual([
      expect.objectContaining({ eventType: 'campaign.opened', status: 'succeeded', attempts: 1, lastStatusCode: 200, replayOf: null }),
    ]);
    expect((await deliveries(published.id)).total).toBe(0);
    expect((await deliveries(everything.id, otherAdmin)).total).toBe(0);
    const listed = (await api('GET', '')).body.items.find((e: { id: string }) => e.id === opened.id);
    expect(listed.lastDelivery).toMatchObject({ status: 'succeeded', eventType: 'campaign.opened', lastStatusCode: 200 });

    // The other operator's '*' endpoint gets its own operator's events, of any type.
    await happen('campaign.published', otherOperatorId, 'cmp_2');
    const paths = received.map((x) => x.path).filter((p) => ['/opened', '/published', '/other-op'].includes(p));
    expect(paths).toEqual(['/opened', '/other-op']);
  });

  it('retries a failing receiver after 1, 2, 4 minutes until it answers 2xx', async () => {
    answers.set('/flaky', [500, 502, 500, 204]);
    const flaky = await register('/flaky', ['campaign.opened']);
    const start = t.clock.now().getTime();
    await happen('campaign.opened', world.operatorId, 'cmp_3');
    expect((await deliveries(flaky.id)).items[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect((await deliveries(flaky.id)).items[0]?.lastResponse).toHaveLength(500);

    t.clock.advance(59_000);
    await t.ctx.jobs.tick();
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(1);
    for (let i = 0; i < 20 && (await deliveries(flaky.id)).items[0]?.status === 'pending'; i++) {
      t.clock.advance(1_000);
      await t.ctx.jobs.tick();
      t.clock.advance(59_000);
      await t.ctx.jobs.tick();
    }
    const attempts = received.filter((r) => r.path === '/flaky');
    expect(attempts.map((r) => (r.at.getTime() - start) / 60_000)).toEqual([0, 1, 3, 7]);
    expect(attempts.every((r) => signatureOk(flaky.secret, r))).toBe(true);
    expect(new Set(attempts.map((r) => r.headers['linli-event-id'])).size).toBe(1);
    expect((await deliveries(flaky.id)).items[0]).toMatchObject({ status: 'succeeded', attempts: 4, lastStatusCode: 204, lastError: null });
  });

  it('gives a delivery up as failed a day after its first attempt', async () => {
    answers.set('/down', [503]);
    const down = await register('/down', ['campaign.opened']);
    const start = t.clock.now().getTime();
    await happen('campaign.opened', world.operatorId, 'cmp_4');
    for (let i = 0; i < 100; i++) {
      const [d] = (await deliveries(down.id)).items;
      if (d?.status !== 'pending') break;
      t.clock.set(d.nextAttemptAt);
      await t.ctx.jobs.tick();
    }
    const [d] = (await deliveries(down.id)).items;
    expect(d).toMatchObject({ status: 'failed', lastStatusCode: 503, nextAttemptAt: null });
    const times = received.filter((r) => r.path === '/down').map((r) => r.at.getTime() - start);
    expect(d?.attempts).toBe(times.length);
    const gaps = times.slice(1).map((x, i) => (x - (times[i] ?? 0)) / 60_000);
    expect(gaps.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(gaps.every((g) => g <= 60)).toBe(true);
    expect(times.at(-1)).toBeLessThanOrEqual(24 * 3_600_000);
    expect(times.at(-1)).toBeGreaterThan(23 * 3_600_000);
  });

  it('replays a delivery as a new one of the same event', async () => {
    answers.set('/replayed', [200]);
    const ep = await register('/replayed', ['campaign.opened']);
    await happen('campaign.opened', world.operatorId, 'cmp_5');
    const [first] = (await deliveries(ep.id)).items;
    const replay = await api('POST', `/deliveries/${first?.id}/replay`);
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect((await api('POST', `/deliveries/${first?.id}/replay`, undefined, otherAdmin)).status).toBe(404);
    await t.ctx.jobs.tick();
    const got = received.filter((r) => r.path === '/replayed');
    expect(got).toHaveLength(2);
    expect(got[1]?.body).toBe(got[0]?.body);
    expect(got[1]?.headers['linli-event-id']).toBe(got[0]?.headers['linli-event-id']);
    expect(signatureOk(ep.secret, got[1] as Received)).toBe(true);
    const log = (await deliveries(ep.id)).items;
    expect(log[0]).toMatchObject({ id: replay.body.id, replayOf: first?.id, status: 'succeeded', attempts: 1 });
  });

  it('sends nothing to an inactive endpoint, and a test ping on request', async () => {
    const ep = await register('/inactive', ['*']);
    expect((await api('PATCH', `/${ep.id}`, { active: false })).body).toMatchObject({ active: false });
    await happen('campaign.opened', world.operatorId, 'cmp_6');
    expect(received.filter((r) => r.path === '/inactive')).toEqual([]);
    expect((await deliveries(ep.id)).total).toBe(0);

    expect((await api('PATCH', `/${ep.id}`, { active: true })).status).toBe(200);
    const ping = await api('POST', `/${ep.id}/test`);
    expect(ping.status).toBe(202);
    await t.ctx.jobs.tick();
    const [r] = received.filter((x) => x.path === '/inactive');
    expect(r?.headers['linli-event-type']).toBe('webhook.test');
    expect(JSON.parse(r?.body ?? '{}')).toMatchObject({ id: ping.body.id, type: 'webhook.test', data: { endpointId: ep.id } });
    expect(signatureOk(ep.secret, r as Received)).toBe(true);
  });

  it('signs with the new secret after a rotation', async () => {
    const ep = await register('/rotated', ['campaign.opened']);
    const rotated = await api('POST', `/${ep.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(ep.secret);
    await happen('campaign.opened', world.operatorId, 'cmp_7');
    const [r] = received.filter((x) => x.path === '/rotated');
    expect(signatureOk(rotated.body.secret, r as Received)).toBe(true);
    expect(signatureOk(ep.secret, r as Received)).toBe(false);
  });

  it("answers 404 for another operator's endpoint and 403 to staff who are not admins", async () => {
    const ep = await register('/mine', ['campaign.opened']);
    for (const [method, url, body] of [
      ['PATCH', `/${ep.id}`, { active: false }],
      ['DELETE', `/${ep.id}`, undefined],
      ['POST', `/${ep.id}/rotate-secret`, undefined],
      ['POST', `/${ep.id}/test`, undefined],
      ['GET', `/${ep.id}/deliveries`, undefined],
    ] as const) {
      const res = await api(method, url, body, otherAdmin);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await api('GET', '', undefined, otherAdmin)).body.items.map((e: { id: string }) => e.id)).not.toContain(ep.id);
    const support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
    expect((await api('GET', '', undefined, support)).status).toBe(403);
    expect((await api('POST', '', { url: `${base}/x`, eventTypes: ['*'] }, support)).status).toBe(403);
  });

  it('refuses bad URLs and event types and stores nothing', async () => {
    const count = async () =>
      (
        await t.ctx.db
          .selectFrom('webhook_endpoints')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    for (const [body, code] of [
      [{ url: 'ftp://hooks.example.com/', eventTypes: ['*'] }, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'https://user:pw@hooks.example.com/', eventTypes: ['*'] }, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'not a url', eventTypes: ['*'] }, 'WEBHOOK_URL_REFUSED'],
      [{ url: `https://hooks.example.com/${'a'.repeat(500)}`, eventTypes: ['*'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/', eventTypes: ['order.vanished'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/', eventTypes: ['webhook.test'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/', eventTypes: ['Not A Type'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/', eventTypes: [] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/' }, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await api('POST', '', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code, JSON.stringify(body)).toBe(code);
    }
    const ep = await register('/kept', ['campaign.opened']);
    expect((await api('PATCH', `/${ep.id}`, { url: 'https://a:b@hooks.example.com/' })).status).toBe(400);
    expect((await api('PATCH', `/${ep.id}`, { eventTypes: ['order.vanished'] })).status).toBe(400);
    expect(Number(await count())).toBe(before + 1);
    const row = (await api('GET', '')).body.items.find((e: { id: string }) => e.id === ep.id);
    expect(row).toMatchObject({ url: `${base}/kept`, eventTypes: ['campaign.opened'] });
  });

  it('removes an endpoint with its log', async () => {
    const ep = await register('/removed', ['campaign.opened']);
    await happen('campaign.opened', world.operatorId, 'cmp_8');
    expect((await api('DELETE', `/${ep.id}`)).status).toBe(204);
    expect((await api('GET', `/${ep.id}/deliveries`)).status).toBe(404);
    const left = await t.ctx.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', ep.id).execute();
    expect(left).toEqual([]);
  });

  it('lists every event type with the JSON Schema of its payload, also in the OpenAPI document', async () => {
    const res = await api('GET', '/event-types');
    expect(res.status).toBe(200);
    const opened = res.body.items.find((i: { type: string }) => i.type === 'campaign.opened');
    expect(opened.payloadSchema).toMatchObject({ type: 'object', properties: { campaignId: { type: 'string' } } });
    expect(res.body.items.map((i: { type: string }) => i.type)).toContain('order.paid');
    const doc = (await t.request('GET', '/api/docs/json')).body;
    const route = doc.paths['/api/v1/admin/webhooks/event-types'].get;
    expect(route.description).toContain('`campaign.opened`');
    expect(route.description).toContain('Linli-Signature');
  });
});
