import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** The coupon lists the screens read: the leader's, the resident's, and what the OpenAPI document says of them. */

let t: TestApp;
let world: World;
let staff: string;
let leader: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  await createOpenCampaign(t.ctx, world, { stock: 100 });
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
