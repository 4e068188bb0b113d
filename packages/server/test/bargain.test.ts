import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buyBargain, cutBargain, startBargain } from '../src/modules/bargain/index.ts';
import type { Principal } from '../src/modules/identity/index.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createResident, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let adminToken: string;
let other: App | undefined;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 0 });
  // Line 0 at 1000 fen, line 1 at 1100.
  ({ lineIds } = await createOpenCampaign(t.ctx, world, {
    pickupDate: '2026-11-22',
    cutoffAt: new Date('2026-12-31T00:00:00Z'),
    priceFen: 1000,
    stock: 500,
  }));
  adminToken = await t.login('staff', world.adminPhone);
  other = await t.twin();
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

const resident = async () => {
  const r = await createResident(t.ctx, world.operatorId, world.leaders[0]!.pickupPointId);
  const principal: Principal = { kind: 'resident', id: r.id, operatorId: world.operatorId, sessionId: 'test', roles: [] };
  return { ...r, principal };
};
/** A resident who uses the shop's routes (logs in: the SMS limits allow a few per test file). */
const shopper = async () => {
  const r = await resident();
  return { ...r, token: await t.login('resident', r.phone) };
};
const window = () => {
  const at = t.clock.now().getTime();
  return { startsAt: new Date(at - HOUR).toISOString(), endsAt: new Date(at + 10 * DAY).toISOString() };
};
const createOffer = (body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/admin/bargain-offers', {
    token: adminToken,
    body: {
      campaignLineId: lineIds[0],
      title: '砍价 鸡蛋',
      floorFen: 100,
      helpersNeeded: 3,
      durationMinutes: 24 * 60,
      newcomerOnly: false,
      dailyCutLimit: 5,
      totalLimit: null,
      ...window(),
      ...body,
    },
  });
const offerOf = async (body: Record<string, unknown> = {}) => {
  const res = await createOffer(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; promotionId: string; priceFen: number };
};
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, reason: err.details?.reason };
    throw err;
  }
  return { code: 'none' };
};
let devices = 0;
const device = () => `device-${++devices}-abcdef`;

describe('bargain offers', () => {
  it('start at the line’s group price, with a play promotion of their own', async () => {
    const offer = await offerOf();
    expect(offer).toMatchObject({ priceFen: 1000, status: 'active', results: { bargains: 0 } });
    const promotion = await t.ctx.db
      .selectFrom('promotions')
      .select(['trigger', 'status'])
      .where('id', '=', offer.promotionId)
      .executeTakeFirstOrThrow();
    expect(promotion).toEqual({ trigger: 'play', status: 'active' });
  });
  it.each([
    ['a floor too close to the price for the helpers', { floorFen: 998, helpersNeeded: 3 }],
    ['a floor at the price', { floorFen: 1000, helpersNeeded: 1 }],
    ['another line', { campaignLineId: 'cml_nope' }],
  ])('refuses %s (400, nothing written)', async (_why, body) => {
    const before = (await t.ctx.db.selectFrom('bargain_offers').select('id').execute()).length;
    expect(await createOffer(body)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await t.ctx.db.selectFrom('bargain_offers').select('id').execute()).toHaveLength(before);
  });
});

describe('a bargain', () => {
  it('is cut by its helpers, larger first on average, to the floor exactly at the last one, and no further', async () => {
    const offer = await offerOf({ helpersNeeded: 3 });
    const starter = await shopper();
    const started = await t.request('POST', `/api/v1/shop/bargain-offers/${offer.id}/bargains`, { token: starter.token, body: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ currentPriceFen: 1000, floorFen: 100, helpers: 0, state: 'open', mine: true });
    // Starting again answers the same bargain.
    const again = await t.request('POST', `/api/v1/shop/bargain-offers/${offer.id}/bargains`, { token: starter.token, body: {} });
    expect(again.body.id).toBe(started.body.id);
    const cuts = [];
    for (let i = 0; i < 3; i++) {
      const h = await shopper();
      const cut = await t.request('POST', `/api/v1/shop/bargains/${started.body.id}/cuts`, {
        token: h.token,
        headers: { 'x-device-id': device() },
      });
      expect(cut.status, JSON.stringify(cut.body)).toBe(201);
      cuts.push(cut.body);
    }
    expect(cuts.reduce((s, c) => s + c.amountFen, 0)).toBe(900);
    expect(cuts.map((c) => c.helpersLeft)).toEqual([2, 1, 0]);
    expect(cuts[2]!.priceAfterFen).toBe(100);
    const late = await shopper();
    expect(await codeOf(cutBargain(t.ctx, late.principal, started.body.id, device()))).toEqual({
      code: 'BARGAIN_CUT_REFUSED',
      reason: 'no_cuts_left',
    });
    const view = await t.request('GET', `/api/v1/shop/bargains/${started.body.id}`, { token: late.token });
    expect(view.body).toMatchObject({ currentPriceFen: 100, helpers: 3, mine: false, helpedByMe: false });
    expect(view.body.cuts).toHaveLength(3);
  });

  it('keeps the abuse limits: own bargain, one cut per helper and per device, the daily limits', async () => {
    const offer = await offerOf({ helpersNeeded: 10, dailyCutLimit: 2, durationMinutes: 3 * 24 * 60 });
    const starters = await Promise.all([resident(), resident(), resident(), resident()]);
    const ids = [];
    for (const s of starters) ids.push(await startBargain(t.ctx, s.principal, offer.id));
    const [a, b, c, d] = ids as [string, string, string, string];
    const h = await resident();
    const shared = device();
    expect(await codeOf(cutBargain(t.ctx, starters[0]!.principal, a, device()))).toEqual({
      code: 'BARGAIN_CUT_REFUSED',
      reason: 'own_bargain',
    });
    await cutBargain(t.ctx, h.principal, a, shared);
    expect(await codeOf(cutBargain(t.ctx, h.principal, a, device()))).toEqual({ code: 'BARGAIN_CUT_REFUSED', reason: 'already_helped' });
    // Another account on the same device, on the same bargain.
    const h2 = await resident();
    expect(await codeOf(cutBargain(t.ctx, h2.principal, a, shared))).toEqual({ code: 'BARGAIN_CUT_REFUSED', reason: 'device_used' });
    await cutBargain(t.ctx, h.principal, b, device());
    // The helper's third cut of the day, on a third bargain.
    expect(await codeOf(cutBargain(t.ctx, h.principal, c, device()))).toEqual({ code: 'BARGAIN_CUT_REFUSED', reason: 'daily_limit' });
    // The shared device cut twice today already? Once (a); a second account's second cut on it is its second.
    await cutBargain(t.ctx, h2.principal, b, shared);
    expect(await codeOf(cutBargain(t.ctx, (await resident()).principal, d, shared))).toEqual({
      code: 'BARGAIN_CUT_REFUSED',
      reason: 'device_daily_limit',
    });
    // A new day, new cuts.
    t.clock.advance(DAY);
    await cutBargain(t.ctx, h.principal, c, device());
    const refusedLeft = await t.ctx.db.selectFrom('bargain_cuts').select('helper_id').where('bargain_id', 'in', ids).execute();
    expect(refusedLeft).toHaveLength(4);
  });

  it('for newcomers only, takes cuts only from residents who signed up after it started', async () => {
    const offer = await offerOf({ newcomerOnly: true });
    const old = await resident();
    t.clock.advance(HOUR);
    const starter = await resident();
    const id = await startBargain(t.ctx, starter.principal, offer.id);
    expect(await codeOf(cutBargain(t.ctx, old.principal, id, device()))).toEqual({ code: 'BARGAIN_CUT_REFUSED', reason: 'newcomers_only' });
    t.clock.advance(60_000);
    const fresh = await shopper();
    await cutBargain(t.ctx, fresh.principal, id, device());
    const view = await t.request('GET', `/api/v1/shop/bargains/${id}`, { token: fresh.token });
    expect(view.body.cuts).toMatchObject([{ newcomer: true }]);
  });

  it('is bought once by its starter at its price then, through checkout, the discount the offer’s', async () => {
    const offer = await offerOf({ helpersNeeded: 2 });
    const starter = await shopper();
    const id = await startBargain(t.ctx, starter.principal, offer.id);
    const cut = await cutBargain(t.ctx, (await resident()).principal, id, device());
    const friend = await resident();
    expect(await codeOf(buyBargain(t.ctx, friend.principal, id))).toEqual({ code: 'NOT_FOUND', reason: undefined });
    const bought = await t.request('POST', `/api/v1/shop/bargains/${id}/purchase`, { token: starter.token });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    expect(bought.body.totalFen).toBe(cut.priceAfterFen);
    expect(bought.body.lines).toMatchObject([{ campaignLineId: lineIds[0], quantity: 1 }]);
    const discounts = await t.ctx.db
      .selectFrom('order_discounts')
      .select(['promotion_id', 'amount_fen'])
      .where('order_id', '=', bought.body.id)
      .execute();
    expect(discounts).toEqual([{ promotion_id: offer.promotionId, amount_fen: 1000 - cut.priceAfterFen }]);
    expect(await codeOf(buyBargain(t.ctx, starter.principal, id))).toMatchObject({ code: 'BARGAIN_UNAVAILABLE' });
    // Bought, it takes no more cuts.
    expect(await codeOf(cutBargain(t.ctx, (await resident()).principal, id, device()))).toEqual({
      code: 'BARGAIN_CUT_REFUSED',
      reason: 'not_open',
    });
    const results = await t.request('GET', `/api/v1/admin/bargain-offers/${offer.id}`, { token: adminToken });
    expect(results.body.results).toMatchObject({
      bargains: 1,
      bought: 1,
      cuts: 1,
      helpers: 1,
      orders: 1,
      costFen: 1000 - cut.priceAfterFen,
    });
    const list = await t.request('GET', `/api/v1/admin/bargain-offers/${offer.id}/bargains`, { token: adminToken });
    expect(list.body).toMatchObject({ total: 1, items: [{ id, state: 'bought', orderId: bought.body.id, starterId: starter.id }] });
  });

  it('past its time is neither cut nor bought; a paused offer starts none', async () => {
    const offer = await offerOf({ durationMinutes: 60 });
    const starter = await resident();
    const id = await startBargain(t.ctx, starter.principal, offer.id);
    t.clock.advance(61 * 60_000);
    expect(await codeOf(cutBargain(t.ctx, (await resident()).principal, id, device()))).toEqual({
      code: 'BARGAIN_CUT_REFUSED',
      reason: 'not_open',
    });
    expect(await codeOf(buyBargain(t.ctx, starter.principal, id))).toMatchObject({ code: 'BARGAIN_UNAVAILABLE' });
    const paused = await t.request('POST', `/api/v1/admin/bargain-offers/${offer.id}/status`, {
      token: adminToken,
      body: { status: 'paused' },
    });
    expect(paused.body).toMatchObject({ status: 'paused' });
    expect(await codeOf(startBargain(t.ctx, (await resident()).principal, offer.id))).toMatchObject({ code: 'BARGAIN_UNAVAILABLE' });
  });

  it("counts the bargains a leader's link started on the leader's list", async () => {
    const offer = await offerOf();
    const leader = world.leaders[0]!;
    await startBargain(t.ctx, (await resident()).principal, offer.id, leader.id);
    await startBargain(t.ctx, (await resident()).principal, offer.id, 'ldr_unknown');
    const list = await t.request('GET', '/api/v1/leader/bargain-offers', { token: await t.login('leader', leader.phone) });
    expect(list.body.items.find((x: { id: string }) => x.id === offer.id)).toMatchObject({
      bargains: 1,
      bought: 0,
      sharePath: `/shop/bargain?offer=${offer.id}&leader=${leader.id}`,
    });
  });
});

describe('cuts under concurrency', () => {
  it('30 helpers at once: exactly the helpers needed cut, summing to price − floor, never below the floor', async () => {
    const offer = await offerOf({ helpersNeeded: 10, floorFen: 1 });
    const id = await startBargain(t.ctx, (await resident()).principal, offer.id);
    const helpers = await Promise.all(Array.from({ length: 30 }, () => resident()));
    const apps = [t.ctx, ...(other ? [other.ctx] : [])];
    const outcomes = await Promise.allSettled(helpers.map((h, i) => cutBargain(apps[i % apps.length]!, h.principal, id, device())));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(20);
    expect(refused.every((e) => e instanceof AppError && e.details?.reason === 'no_cuts_left')).toBe(true);
    const cuts = await t.ctx.db.selectFrom('bargain_cuts').select(['amount_fen', 'price_after_fen']).where('bargain_id', '=', id).execute();
    expect(cuts).toHaveLength(10);
    expect(cuts.reduce((s, c) => s + c.amount_fen, 0)).toBe(999);
    expect(Math.min(...cuts.map((c) => c.price_after_fen))).toBe(1);
    const b = await t.ctx.db.selectFrom('bargains').select(['current_price_fen', 'helpers']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(b).toEqual({ current_price_fen: 1, helpers: 10 });
  });
});
