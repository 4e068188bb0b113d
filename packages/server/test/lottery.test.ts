import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { Principal } from '../src/modules/identity/index.ts';
import { auditDraw, draw } from '../src/modules/lottery/index.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createResident, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let adminToken: string;
let other: App | undefined;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 0 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-20', cutoffAt: new Date('2027-12-31T00:00:00Z') }));
  adminToken = await t.login('staff', world.adminPhone);
  other = await t.twin();
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

const newResident = async () => {
  const r = await createResident(t.ctx, world.operatorId, world.leaders[0]!.pickupPointId);
  const principal: Principal = { kind: 'resident', id: r.id, operatorId: world.operatorId, sessionId: 'test', roles: [] };
  return { ...r, principal, token: await t.login('resident', r.phone) };
};
const window = () => {
  const at = t.clock.now().getTime();
  return { startsAt: new Date(at - HOUR).toISOString(), endsAt: new Date(at + 30 * DAY).toISOString() };
};
const couponTemplate = async (body: Record<string, unknown> = {}) => {
  const res = await t.request('POST', '/api/v1/admin/promotions', {
    token: adminToken,
    body: {
      name: '抽奖券 减3元',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 300,
      scope: { kind: 'operator', ids: [] },
      ...window(),
      ...body,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const createLottery = async (body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/admin/lotteries', {
    token: adminToken,
    body: { name: '幸运大转盘', ...window(), pointsPerDraw: 0, signInDraws: 0, dailyLimit: null, ...body },
  });
const lotteryOf = async (prizes: unknown[], body: Record<string, unknown> = {}) => {
  const res = await createLottery({ prizes, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; prizes: Array<{ id: string; kind: string; drawn: number }> };
};
const none = (weightBp: number) => ({ kind: 'none', title: '谢谢参与', weightBp, stock: null });
const adjust = (residentId: string, delta: number) =>
  t.request('POST', `/api/v1/admin/residents/${residentId}/points/adjustments`, { token: adminToken, body: { delta, reason: '测试' } });
const balanceOf = async (residentId: string) =>
  (await t.ctx.db.selectFrom('points_balances').select('balance').where('resident_id', '=', residentId).executeTakeFirst())?.balance ?? 0;
const drawsOf = (lotteryId: string) => t.ctx.db.selectFrom('lottery_draws').selectAll().where('lottery_id', '=', lotteryId).execute();

describe('setting up a lottery', () => {
  it('takes an odds table whose weights sum to 10000 with one unlimited none prize, and shows residents every prize with its odds', async () => {
    const template = await couponTemplate();
    const created = await createLottery({
      pointsPerDraw: 10,
      prizes: [
        { kind: 'coupon', title: '3元券', couponTemplateId: template, weightBp: 1_250, stock: 100 },
        { kind: 'points', title: '20积分', points: 20, weightBp: 3_750, stock: null },
        none(5_000),
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', oddsVersion: 1, results: { draws: 0 } });
    const r = await newResident();
    const shop = await t.request('GET', '/api/v1/shop/lotteries', { token: r.token });
    expect(shop.status).toBe(200);
    const mine = shop.body.items.find((l: { id: string }) => l.id === created.body.id);
    expect(mine.prizes.map((p: { title: string; probability: string; left: number | null }) => [p.title, p.probability, p.left])).toEqual([
      ['3元券', '12.50%', 100],
      ['20积分', '37.50%', null],
      ['谢谢参与', '50.00%', null],
    ]);
    expect(mine).toMatchObject({ pointsPerDraw: 10, freeDrawsLeft: 0, drawsToday: 0, pointsBalance: 0 });
  });

  it.each([
    [
      'weights not summing to 10000',
      [{ kind: 'points', title: 'p', points: 5, weightBp: 5_000, stock: null }, none(4_000)],
      'VALIDATION_FAILED',
    ],
    [
      'no none prize',
      [
        { kind: 'points', title: 'p', points: 5, weightBp: 5_000, stock: null },
        { kind: 'points', title: 'q', points: 1, weightBp: 5_000, stock: null },
      ],
      'VALIDATION_FAILED',
    ],
    ['a coupon prize without its template', [{ kind: 'coupon', title: 'c', weightBp: 5_000, stock: 1 }, none(5_000)], 'VALIDATION_FAILED'],
    ['a points prize without its points', [{ kind: 'points', title: 'p', weightBp: 5_000, stock: 1 }, none(5_000)], 'VALIDATION_FAILED'],
    [
      'an unknown coupon template',
      [{ kind: 'coupon', title: 'c', couponTemplateId: 'prm_nope', weightBp: 5_000, stock: 1 }, none(5_000)],
      'COUPON_TEMPLATE_INVALID',
    ],
  ])('refuses %s (400, nothing written)', async (_why, prizes, code) => {
    const before = await t.ctx.db.selectFrom('lotteries').select('id').execute();
    const res = await createLottery({ prizes });
    expect(res).toMatchObject({ status: 400, body: { code } });
    expect(await t.ctx.db.selectFrom('lotteries').select('id').execute()).toHaveLength(before.length);
  });
});

describe('drawing', () => {
  it('spends the points a draw costs, and short of them is 409 POINTS_INSUFFICIENT with nothing changed', async () => {
    const l = await lotteryOf([{ kind: 'points', title: '1积分', points: 1, weightBp: 10_000, stock: null }, none(0)], {
      pointsPerDraw: 10,
    });
    const r = await newResident();
    await adjust(r.id, 25);
    const url = `/api/v1/shop/lotteries/${l.id}/draws`;
    const first = await t.request('POST', url, { token: r.token, body: {} });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ paidWith: 'points', pointsSpent: 10, pointsGiven: 1, prize: { kind: 'points' }, fellBack: false });
    expect((await t.request('POST', url, { token: r.token, body: {} })).status).toBe(201);
    expect(await balanceOf(r.id)).toBe(25 - 20 + 2);
    const short = await t.request('POST', url, { token: r.token, body: {} });
    expect(short).toMatchObject({ status: 409, body: { code: 'POINTS_INSUFFICIENT' } });
    expect(await balanceOf(r.id)).toBe(7);
    expect(await drawsOf(l.id)).toHaveLength(2);
    const reasons = await t.ctx.db
      .selectFrom('points_entries')
      .select(['reason', 'delta', 'document_id'])
      .where('resident_id', '=', r.id)
      .where('reason', 'in', ['lottery_draw', 'lottery_prize'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(reasons.map((e) => [e.reason, e.delta])).toEqual([
      ['lottery_draw', -10],
      ['lottery_prize', 1],
      ['lottery_draw', -10],
      ['lottery_prize', 1],
    ]);
    const mine = await t.request('GET', url, { token: r.token });
    expect(mine.body).toMatchObject({ total: 2 });
  });

  it('uses a free draw each sign-in day earned before points, never more than earned', async () => {
    const l = await lotteryOf([{ kind: 'points', title: '1积分', points: 1, weightBp: 10_000, stock: null }, none(0)], {
      pointsPerDraw: 100,
      signInDraws: 1,
    });
    const r = await newResident();
    const url = `/api/v1/shop/lotteries/${l.id}/draws`;
    expect(await t.request('POST', url, { token: r.token, body: {} })).toMatchObject({
      status: 409,
      body: { code: 'POINTS_INSUFFICIENT' },
    });
    expect((await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token })).status).toBe(201);
    const shop = await t.request('GET', '/api/v1/shop/lotteries', { token: r.token });
    expect(shop.body.items.find((x: { id: string }) => x.id === l.id)).toMatchObject({ freeDrawsLeft: 1 });
    const free = await t.request('POST', url, { token: r.token, body: {} });
    expect(free.body).toMatchObject({ paidWith: 'free_draw', pointsSpent: 0 });
    // The sign-in's 5 points and the prize's 1 do not pay for a draw of 100.
    expect(await t.request('POST', url, { token: r.token, body: {} })).toMatchObject({
      status: 409,
      body: { code: 'POINTS_INSUFFICIENT' },
    });
    const after = await t.request('GET', '/api/v1/shop/lotteries', { token: r.token });
    expect(after.body.items.find((x: { id: string }) => x.id === l.id)).toMatchObject({ freeDrawsLeft: 0, drawsToday: 1 });
  });

  it('keeps to the daily limit, counted by the operator-local day', async () => {
    const l = await lotteryOf([{ kind: 'points', title: '1积分', points: 1, weightBp: 5_000, stock: null }, none(5_000)], {
      dailyLimit: 2,
    });
    const r = await newResident();
    for (let i = 0; i < 2; i++) expect((await draw(t.ctx, r.principal, l.id)).paidWith).toBe('free');
    await expect(draw(t.ctx, r.principal, l.id)).rejects.toMatchObject({ code: 'LOTTERY_DAILY_LIMIT' });
    t.clock.advance(DAY);
    expect((await draw(t.ctx, r.principal, l.id)).paidWith).toBe('free');
  });

  it('gives a coupon prize until its stock is spent, then the none prize, recorded as a fallback', async () => {
    const template = await couponTemplate();
    const l = await lotteryOf([{ kind: 'coupon', title: '3元券', couponTemplateId: template, weightBp: 10_000, stock: 2 }, none(0)]);
    const r = await newResident();
    const draws = [];
    for (let i = 0; i < 3; i++) draws.push(await draw(t.ctx, r.principal, l.id));
    expect(draws.map((d) => [d.prize.kind, d.fellBack, d.couponId !== null])).toEqual([
      ['coupon', false, true],
      ['coupon', false, true],
      ['none', true, false],
    ]);
    const coupons = await t.ctx.db.selectFrom('coupons').select(['source', 'source_id']).where('promotion_id', '=', template).execute();
    expect(coupons.map((c) => c.source)).toEqual(['lottery', 'lottery']);
    expect(new Set(coupons.map((c) => c.source_id))).toEqual(new Set([draws[0]!.id, draws[1]!.id]));
    for (const d of draws) expect((await auditDraw(t.ctx.db, world.operatorId, d.id)).consistent).toBe(true);
  });

  it('falls back when the coupon cannot be issued (the resident at its limit), and the stock taken is given back', async () => {
    const template = await couponTemplate({ perResidentLimit: 1 });
    const l = await lotteryOf([{ kind: 'item', title: '免费一份', couponTemplateId: template, weightBp: 10_000, stock: 5 }, none(0)]);
    const r = await newResident();
    expect((await draw(t.ctx, r.principal, l.id)).prize.kind).toBe('item');
    expect(await draw(t.ctx, r.principal, l.id)).toMatchObject({ prize: { kind: 'none' }, fellBack: true });
    const prizes = await t.ctx.db
      .selectFrom('lottery_prizes')
      .select(['kind', 'drawn'])
      .where('lottery_id', '=', l.id)
      .orderBy('position')
      .execute();
    expect(prizes).toEqual([
      { kind: 'item', drawn: 1 },
      { kind: 'none', drawn: 1 },
    ]);
  });

  it('is refused while paused (409 LOTTERY_UNAVAILABLE) and again after it ended, which stays ended', async () => {
    const l = await lotteryOf([{ kind: 'points', title: '1积分', points: 1, weightBp: 5_000, stock: null }, none(5_000)]);
    const r = await newResident();
    const status = (s: string) => t.request('POST', `/api/v1/admin/lotteries/${l.id}/status`, { token: adminToken, body: { status: s } });
    expect((await status('paused')).body).toMatchObject({ status: 'paused' });
    await expect(draw(t.ctx, r.principal, l.id)).rejects.toMatchObject({ code: 'LOTTERY_UNAVAILABLE' });
    expect((await status('active')).body).toMatchObject({ status: 'active' });
    await draw(t.ctx, r.principal, l.id);
    expect((await status('ended')).body).toMatchObject({ status: 'ended' });
    expect(await status('active')).toMatchObject({ status: 409, body: { code: 'INVALID_STATE' } });
    await expect(draw(t.ctx, r.principal, l.id)).rejects.toMatchObject({ code: 'LOTTERY_UNAVAILABLE' });
    expect((await t.request('POST', '/api/v1/shop/lotteries/lot_nope/draws', { token: r.token, body: {} })).status).toBe(404);
  });
});

describe('audit, attribution and results', () => {
  it('recomputes each draw from its recorded value, and tells a record that does not match', async () => {
    const l = await lotteryOf([
      { kind: 'points', title: '1积分', points: 1, weightBp: 3_000, stock: null },
      { kind: 'points', title: '2积分', points: 2, weightBp: 3_000, stock: null },
      none(4_000),
    ]);
    const r = await newResident();
    for (let i = 0; i < 10; i++) await draw(t.ctx, r.principal, l.id);
    for (const d of await drawsOf(l.id)) {
      const audit = await t.request('GET', `/api/v1/admin/lottery-draws/${d.id}/audit`, { token: adminToken });
      expect(audit.body).toMatchObject({ consistent: true, recomputedPrizeId: d.picked_prize_id, randomValue: Number(d.random_value) });
    }
    const d = (await drawsOf(l.id))[0]!;
    const other = l.prizes.find((p) => p.id !== d.picked_prize_id && p.kind !== 'none')!;
    await t.ctx.db.updateTable('lottery_draws').set({ picked_prize_id: other.id, prize_id: other.id }).where('id', '=', d.id).execute();
    expect((await auditDraw(t.ctx.db, world.operatorId, d.id)).consistent).toBe(false);
  });

  it("records the leader whose link brought a draw and counts it on the leader's list (an unknown one is no one)", async () => {
    const l = await lotteryOf([{ kind: 'points', title: '1积分', points: 1, weightBp: 5_000, stock: null }, none(5_000)]);
    const leader = world.leaders[0]!;
    const r = await newResident();
    await draw(t.ctx, r.principal, l.id, leader.id);
    await draw(t.ctx, r.principal, l.id, 'ldr_unknown');
    expect((await drawsOf(l.id)).map((d) => d.shared_by_leader_id).sort()).toEqual([leader.id, null]);
    const leaderToken = await t.login('leader', leader.phone);
    const list = await t.request('GET', '/api/v1/leader/lotteries', { token: leaderToken });
    expect(list.status).toBe(200);
    expect(list.body.items.find((x: { id: string }) => x.id === l.id)).toMatchObject({
      draws: 1,
      residents: 1,
      sharePath: `/shop/lottery/${l.id}?leader=${leader.id}`,
    });
  });

  it("counts the play's results: draws, new residents, points, coupons and the orders and discounts they made", async () => {
    const template = await couponTemplate({ amountOffFen: 200 });
    const l = await lotteryOf([{ kind: 'coupon', title: '2元券', couponTemplateId: template, weightBp: 10_000, stock: null }, none(0)], {
      pointsPerDraw: 5,
    });
    const r = await newResident();
    await adjust(r.id, 5);
    const won = await t.request('POST', `/api/v1/shop/lotteries/${l.id}/draws`, { token: r.token, body: {} });
    const placed = await t.request('POST', '/api/v1/shop/orders', {
      token: r.token,
      body: { lines: [{ campaignLineId: lineIds[0], quantity: 1 }], couponId: won.body.couponId },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const view = await t.request('GET', `/api/v1/admin/lotteries/${l.id}`, { token: adminToken });
    expect(view.body.results).toEqual({
      draws: 1,
      entrants: 1,
      newResidents: 1,
      pointsSpent: 5,
      pointsGiven: 0,
      couponsIssued: 1,
      couponsUsed: 1,
      orders: 1,
      costFen: 200,
      ordersFen: 0,
    });
    const list = await t.request('GET', '/api/v1/admin/lotteries', { token: adminToken });
    expect(list.body.items.find((x: { id: string }) => x.id === l.id).results.orders).toBe(1);
    const draws = await t.request('GET', `/api/v1/admin/lotteries/${l.id}/draws`, { token: adminToken });
    expect(draws.body).toMatchObject({ total: 1, items: [{ residentId: r.id, couponId: won.body.couponId }] });
  });
});

describe('stock under concurrency', () => {
  it('200 concurrent draws never give more of a prize than its stock; every draw is recorded and audits', async () => {
    const template = await couponTemplate();
    const l = await lotteryOf([
      { kind: 'coupon', title: '3元券', couponTemplateId: template, weightBp: 9_000, stock: 7 },
      { kind: 'points', title: '5积分', points: 5, weightBp: 500, stock: 3 },
      none(500),
    ]);
    const residents = await residentPrincipals(t.ctx, world, 40);
    const apps = [t.ctx, ...(other ? [other.ctx] : [])];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => draw(apps[i % apps.length]!, residents[i % residents.length]!, l.id)),
    );
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([]);
    const prizes = await t.ctx.db
      .selectFrom('lottery_prizes')
      .select(['id', 'kind', 'stock', 'drawn'])
      .where('lottery_id', '=', l.id)
      .orderBy('position')
      .execute();
    const draws = await drawsOf(l.id);
    expect(draws).toHaveLength(200);
    const given = (id: string) => draws.filter((d) => d.prize_id === id).length;
    const [coupon, points, nothing] = prizes;
    // The coupon is picked ~180 times in 200: its 7 are surely gone (p of fewer than 8 picks ≈ 1e-170).
    expect(coupon).toMatchObject({ drawn: 7 });
    expect(given(coupon!.id)).toBe(7);
    expect(points!.drawn).toBeLessThanOrEqual(3);
    expect(given(points!.id)).toBe(points!.drawn);
    expect(nothing!.drawn).toBe(given(nothing!.id));
    expect(coupon!.drawn + points!.drawn + nothing!.drawn).toBe(200);
    expect(draws.filter((d) => d.fell_back).length).toBeGreaterThan(0);
    const coupons = await t.ctx.db.selectFrom('coupons').select('id').where('promotion_id', '=', template).execute();
    expect(coupons).toHaveLength(7);
    const entrants = await t.ctx.db
      .selectFrom('lottery_entrants')
      .select((eb) => eb.fn.sum<number>('draws').as('n'))
      .where('lottery_id', '=', l.id)
      .executeTakeFirstOrThrow();
    expect(Number(entrants.n)).toBe(200);
    for (const d of draws) expect((await auditDraw(t.ctx.db, world.operatorId, d.id)).consistent).toBe(true);
  });
});
