import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** The coupon lists the screens read: the leader's, the resident's, and what the OpenAPI document says of them. */

let t: TestApp;
let world: World;
let staff: string;
let leader: string;
let lineId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  lineId = (await createOpenCampaign(t.ctx, world, { stock: 100 })).lineIds[0]!;
  staff = await t.login('staff', world.adminPhone);
  leader = await t.login('leader', world.leaders[0]!.phone);
});
afterAll(() => t.close());

async function template(body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/admin/promotions', {
    token: staff,
    body: {
      trigger: 'coupon',
      scope: { kind: 'operator' },
      claimable: true,
      startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
      endsAt: new Date(t.clock.now().getTime() + 7 * 24 * 60 * MINUTE).toISOString(),
      ...body,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

describe("the leader's coupons", () => {
  it('carry the whole discount terms: kind, cap and newcomers only', async () => {
    const capped = await template({ name: '9折券', discountKind: 'percent', percentOff: 10, maxOffFen: 800, newcomerOnly: true });
    const plain = await template({ name: '满39减5', discountKind: 'amount', amountOffFen: 500, thresholdFen: 3900 });
    const res = await t.request('GET', '/api/v1/leader/coupons', { token: leader });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((c: { promotionId: string }) => [c.promotionId, c]));
    expect(byId.get(capped.id)).toMatchObject({
      discountKind: 'percent',
      percentOff: 10,
      amountOffFen: null,
      maxOffFen: 800,
      thresholdFen: 0,
      newcomerOnly: true,
    });
    expect(byId.get(plain.id)).toMatchObject({
      discountKind: 'amount',
      amountOffFen: 500,
      percentOff: null,
      maxOffFen: null,
      thresholdFen: 3900,
      newcomerOnly: false,
    });
  });
});

let phones = 13700000000;
const resident = () => t.login('resident', String(++phones));

async function claim(token: string, templateId: string): Promise<string> {
  const res = await t.request('POST', `/api/v1/shop/coupons/${templateId}/claim`, { token, body: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.couponId;
}

async function placeWith(token: string, couponId: string) {
  const res = await t.request('POST', '/api/v1/shop/orders', {
    token,
    body: { pickupPointId: world.leaders[0]!.pickupPointId, lines: [{ campaignLineId: lineId, quantity: 5 }], couponId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; orderNo: string };
}

async function pay(token: string, orderId: string) {
  const intent = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token, body: {} });
  expect(intent.status).toBe(201);
  expect((await t.request('POST', '/api/v1/payments/dev/notify', { body: intent.body.devNotification })).status).toBe(200);
  for (let i = 0; i < 3; i++) await t.ctx.events.drain();
}

const mine = async (token: string, query: string) => {
  const res = await t.request('GET', `/api/v1/shop/coupons?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Array<{ id: string; status: string; orderId: string | null; orderNo: string | null; usedAt: string | null }>;
};

describe("the resident's coupons", () => {
  it('name the order that holds or used them by its number, and when they were used', async () => {
    const tpl = await template({ name: '满5减1', discountKind: 'amount', amountOffFen: 100, thresholdFen: 500 });
    const me = await resident();
    const couponId = await claim(me, tpl.id);
    expect(await mine(me, 'status=available')).toEqual([
      expect.objectContaining({ id: couponId, orderId: null, orderNo: null, usedAt: null }),
    ]);
    const order = await placeWith(me, couponId);
    expect(await mine(me, 'status=held')).toEqual([
      expect.objectContaining({ id: couponId, orderId: order.id, orderNo: order.orderNo, usedAt: null }),
    ]);
    t.clock.advance(MINUTE);
    await pay(me, order.id);
    const [used] = await mine(me, 'status=used');
    expect(used).toMatchObject({ id: couponId, orderId: order.id, orderNo: order.orderNo });
    expect(used?.usedAt).toBe(t.clock.now().toISOString());
  });
});

describe('listing my coupons by state', () => {
  it('takes several states, comma-separated or repeated, in one request', async () => {
    const tpl = await template({ name: '满5减2', discountKind: 'amount', amountOffFen: 200, thresholdFen: 500, perResidentLimit: 3 });
    const me = await resident();
    const free = await claim(me, tpl.id);
    const held = await claim(me, tpl.id);
    const used = await claim(me, tpl.id);
    await placeWith(me, held);
    await pay(me, (await placeWith(me, used)).id);
    const ids = async (query: string) => (await mine(me, query)).map((c) => c.id).sort();
    expect(await ids('status=available,held')).toEqual([free, held].sort());
    expect(await ids('status=held&status=used')).toEqual([held, used].sort());
    expect(await ids('status=used,held&status=available')).toEqual([free, held, used].sort());
    expect(await ids('status=used')).toEqual([used]);
    expect(await ids('status=available,available')).toEqual([free]);
    expect(await ids('')).toEqual([free, held, used].sort());
    // Past its window, an available coupon reads expired in either list it is asked for.
    t.clock.advance(8 * 24 * 60 * MINUTE);
    expect(await ids('status=available,held')).toEqual([held]);
    expect(await ids('status=expired,used')).toEqual([free, used].sort());
  });

  it('refuses an unknown state with 400 VALIDATION_FAILED', async () => {
    const me = await resident();
    for (const query of [
      'status=bogus',
      'status=available,bogus',
      'status=',
      'status=available,',
      'status=available&status=nope',
      'status=AVAILABLE',
    ]) {
      const res = await t.request('GET', `/api/v1/shop/coupons?${query}`, { token: me });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the coupon list filter and the coupon and leader coupon fields', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body;
    const op = doc.paths['/api/v1/shop/coupons'].get;
    const status = op.parameters.find((p: { name: string; in: string }) => p.name === 'status' && p.in === 'query');
    expect(status).toBeDefined();
    const text = JSON.stringify(status.schema);
    expect(text).toContain('available');
    expect(text).toContain('"array"');
    const schemaText = JSON.stringify(doc);
    for (const field of ['orderNo', 'usedAt', 'newcomerOnly', 'maxOffFen', 'discountKind']) expect(schemaText).toContain(field);
    const leader = doc.paths['/api/v1/leader/coupons'].get.responses['200'];
    const leaderText = JSON.stringify(leader);
    for (const field of ['discountKind', 'maxOffFen', 'newcomerOnly']) expect(leaderText).toContain(field);
    const mineText = JSON.stringify(op.responses['200']);
    for (const field of ['orderNo', 'usedAt']) expect(mineText).toContain(field);
  });
});
