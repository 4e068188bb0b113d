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
