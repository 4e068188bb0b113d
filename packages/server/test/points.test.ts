import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { signIn } from '../src/modules/points/points.service.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createResident, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitAgain, refund } from './ledger-fixtures.ts';
import { fulfilledOrder, residentPrincipal } from './pickup-fixtures.ts';

// 10:00 on 2026-11-20 in Beijing (the operator's time zone, Asia/Shanghai).
let t: TestApp;
let world: World;
let lineIds: string[];
let adminToken: string;
let supportToken: string;
let other: App | undefined;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 0 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-20', cutoffAt: new Date('2027-12-31T00:00:00Z') }));
  adminToken = await t.login('staff', world.adminPhone);
  supportToken = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  other = await t.twin();
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

const newResident = async () => {
  const r = await createResident(t.ctx, world.operatorId, world.leaders[0]!.pickupPointId);
  return { ...r, token: await t.login('resident', r.phone) };
};
const run = async () => {
  await t.ctx.events.drain();
  await t.ctx.jobs.tick();
  await t.ctx.events.drain();
};
const entries = (residentId: string) =>
  t.ctx.db
    .selectFrom('points_entries')
    .select(['reason', 'delta', 'shortfall', 'balance_after', 'document_id'])
    .where('resident_id', '=', residentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
const balanceOf = async (residentId: string) =>
  (await t.ctx.db.selectFrom('points_balances').select('balance').where('resident_id', '=', residentId).executeTakeFirst())?.balance ?? 0;
const lotsSum = async (residentId: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('points_lots')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('remaining'), eb.lit(0)).as('s'))
        .where('resident_id', '=', residentId)
        .executeTakeFirstOrThrow()
    ).s,
  );
const pickUp = async (orderId: string) => {
  await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [orderId], 'picked_up'));
  await run();
};
const linesOf = (orderId: string) =>
  t.ctx.db.selectFrom('order_lines').select(['id', 'quantity', 'amount_fen']).where('order_id', '=', orderId).orderBy('id').execute();
const setSettings = (body: Record<string, unknown>) =>
  t.request('PUT', '/api/v1/admin/points/settings', {
    token: adminToken,
    body: { enabled: true, pointsPerYuan: 1, lotDays: 365, signInPoints: 5, streakBonuses: [{ day: 7, points: 20 }], ...body },
  });

describe('points earned at pickup', () => {
  it('are granted once the order is picked up, never before, per whole yuan paid', async () => {
    const r = await newResident();
    // Line 0 costs 9.90 yuan, line 1 10.90: 3 + 1 units = 40.60 yuan.
    const order = await fulfilledOrder(t, world, r.id, [
      [lineIds[0]!, 3],
      [lineIds[1]!, 1],
    ]);
    await run();
    expect(await entries(r.id)).toEqual([]);
    await pickUp(order.id);
    expect(await entries(r.id)).toEqual([{ reason: 'order_picked_up', delta: 40, shortfall: 0, balance_after: 40, document_id: order.id }]);
    // The event again (a redelivery) posts nothing.
    const row = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_type', '=', 'order.picked_up')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow();
    await emitAgain(t, world, row);
    expect(await balanceOf(r.id)).toBe(40);
  });

  it('leave out what was refunded before pickup, and that refund takes nothing back', async () => {
    const r = await newResident();
    const order = await fulfilledOrder(t, world, r.id, [[lineIds[0]!, 3]]);
    const [line] = await linesOf(order.id);
    await refund(t, world, order.id, [{ orderLineId: line!.id, quantity: 1 }], 'handover', 'driver');
    await pickUp(order.id);
    // 29.70 − 9.90 = 19.80 yuan paid for what was handed out.
    expect((await entries(r.id)).map((e) => [e.reason, e.delta])).toEqual([['order_picked_up', 19]]);
  });

  it('are taken back by later refunds in their share, rounded down, all of them by a full refund', async () => {
    const r = await newResident();
    const order = await fulfilledOrder(t, world, r.id, [
      [lineIds[0]!, 2],
      [lineIds[1]!, 1],
    ]);
    await pickUp(order.id); // 30.70 yuan: 30 points
    const [l0, l1] = await linesOf(order.id);
    const first = await refund(t, world, order.id, [{ orderLineId: l0!.id, quantity: 1 }]); // 9.90 of 30.70
    expect((await entries(r.id)).at(-1)).toMatchObject({ reason: 'order_refunded', delta: -9, document_id: first.refundId });
    const row = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_type', '=', 'order.refunded')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow();
    await emitAgain(t, world, row);
    expect(await balanceOf(r.id)).toBe(21);
    await refund(t, world, order.id, [
      { orderLineId: l0!.id, quantity: 1 },
      { orderLineId: l1!.id, quantity: 1 },
    ]);
    expect((await entries(r.id)).map((e) => e.delta)).toEqual([30, -9, -21]);
    expect(await balanceOf(r.id)).toBe(0);
    const grant = await t.ctx.db.selectFrom('points_order_grants').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect([grant.points, grant.taken_back]).toEqual([30, 30]);
  });

  it('take back at most the balance, the rest recorded as the shortfall', async () => {
    const r = await newResident();
    const order = await fulfilledOrder(t, world, r.id, [[lineIds[1]!, 2]]);
    await pickUp(order.id); // 21.80 yuan: 21 points
    const spent = await t.request('POST', `/api/v1/admin/residents/${r.id}/points/adjustments`, {
      token: supportToken,
      body: { delta: -15, reason: '兑换礼品（线下）' },
    });
    expect(spent).toMatchObject({ status: 201, body: { delta: -15, balance: 6 } });
    const [line] = await linesOf(order.id);
    await refund(t, world, order.id, [{ orderLineId: line!.id, quantity: 2 }]);
    expect((await entries(r.id)).at(-1)).toMatchObject({ reason: 'order_refunded', delta: -6, shortfall: 15, balance_after: 0 });
    expect(await balanceOf(r.id)).toBe(0);
  });

  it('earn nothing while points are off', async () => {
    expect((await setSettings({ enabled: false })).status).toBe(200);
    const r = await newResident();
    const order = await fulfilledOrder(t, world, r.id, [[lineIds[0]!, 1]]);
    await pickUp(order.id);
    expect(await entries(r.id)).toEqual([]);
    const refused = await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token });
    expect(refused).toMatchObject({ status: 409, body: { code: 'POINTS_DISABLED' } });
    expect((await setSettings({})).status).toBe(200);
  });
});

describe('daily sign-in', () => {
  it('once per operator-local day, a streak of consecutive days, the day-7 bonus', async () => {
    const r = await newResident();
    const start = t.clock.now();
    const first = await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token });
    expect(first).toMatchObject({ status: 201, body: { day: '2026-11-20', streak: 1, points: 5, bonus: 0, balance: 5 } });
    // 23:59 the same day in Beijing is still the same day: refused, nothing changes.
    t.clock.set(new Date('2026-11-20T15:59:00Z'));
    const again = await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_SIGNED_IN' } });
    expect(await entries(r.id)).toHaveLength(1);
    // One minute later it is the 21st in Beijing.
    t.clock.set(new Date('2026-11-20T16:00:00Z'));
    const results = [];
    for (let day = 2; day <= 8; day++) {
      results.push((await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token })).body);
      t.clock.advance(DAY);
    }
    expect(results.map((b) => [b.streak, b.points + b.bonus])).toEqual([
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
      [6, 5],
      [7, 25],
      [8, 5],
    ]);
    // A day missed: the streak starts again.
    t.clock.advance(DAY);
    expect((await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token })).body).toMatchObject({ streak: 1 });
    expect(await balanceOf(r.id)).toBe(5 * 9 + 20);
    expect((await entries(r.id)).filter((e) => e.reason === 'streak_bonus')).toEqual([
      { reason: 'streak_bonus', delta: 20, shortfall: 0, balance_after: 55, document_id: '2026-11-26' },
    ]);

    const calendar = await t.request('GET', '/api/v1/shop/points/sign-ins?month=2026-11', { token: r.token });
    expect(calendar.status).toBe(200);
    expect(calendar.body.days.map((d: { day: string }) => d.day)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-29',
    ]);
    expect(calendar.body).toMatchObject({
      month: '2026-11',
      signedInToday: true,
      signInPoints: 5,
      streakBonuses: [{ day: 7, points: 20 }],
    });
    const now = await t.request('GET', '/api/v1/shop/points/sign-ins', { token: r.token });
    expect(now.body).toMatchObject({ month: '2026-11', today: '2026-11-29', signedInToday: true, streak: 1 });
    const december = await t.request('GET', '/api/v1/shop/points/sign-ins?month=2026-12', { token: r.token });
    expect(december.body).toMatchObject({ month: '2026-12', days: [] });
    expect((await t.request('GET', '/api/v1/shop/points/sign-ins?month=2026-13', { token: r.token })).status).toBe(400);
    t.clock.set(start);
  });

  it('two at once: one signs in, the other is refused, nothing is posted twice', async () => {
    const r = await newResident();
    const who = residentPrincipal(world, r.id);
    const ctxs = [t.ctx, other?.ctx ?? t.ctx];
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => signIn(ctxs[i % 2]!, who)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((o as PromiseRejectedResult).reason as AppError).code).toBe('ALREADY_SIGNED_IN');
    }
    expect(await entries(r.id)).toHaveLength(1);
    expect(await balanceOf(r.id)).toBe(5);
  });
});

describe('lots and expiry', () => {
  it('spending takes the soonest-expiring lot first; the sweep expires what is left of a lot past its date', async () => {
    const r = await newResident();
    const start = t.clock.now();
    expect((await setSettings({ lotDays: 2 })).status).toBe(200);
    await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token }); // 5, expires on the 22nd
    t.clock.advance(DAY);
    expect((await setSettings({ lotDays: 30 })).status).toBe(200);
    await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token }); // 5, expires in 30 days
    const spend = await t.request('POST', `/api/v1/admin/residents/${r.id}/points/adjustments`, {
      token: supportToken,
      body: { delta: -3, reason: '线下兑换' },
    });
    expect(spend.body).toMatchObject({ delta: -3, balance: 7 });
    const lots = await t.ctx.db
      .selectFrom('points_lots')
      .select(['remaining'])
      .where('resident_id', '=', r.id)
      .orderBy('expires_at')
      .execute();
    expect(lots.map((l) => l.remaining)).toEqual([2, 5]);

    const mine = await t.request('GET', '/api/v1/shop/points', { token: r.token });
    expect(mine.body).toMatchObject({ enabled: true, balance: 7, expiringSoonPoints: 7, signedInToday: true, streak: 2 });
    expect(mine.body.expiring).toEqual([
      { date: '2026-11-22', points: 2 },
      { date: '2026-12-21', points: 5 },
    ]);

    t.clock.advance(2 * DAY);
    await run();
    expect((await entries(r.id)).map((e) => [e.reason, e.delta, e.balance_after])).toEqual([
      ['sign_in', 5, 5],
      ['sign_in', 5, 10],
      ['staff_adjustment', -3, 7],
      ['expired', -2, 5],
    ]);
    expect(await balanceOf(r.id)).toBe(5);
    expect(await lotsSum(r.id)).toBe(5);
    // Nothing more to expire: the sweep again changes nothing.
    await run();
    expect(await entries(r.id)).toHaveLength(4);
    t.clock.set(start);
    expect((await setSettings({})).status).toBe(200);
  });
});

describe('the routes', () => {
  it('are in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths).filter((p) => /\/points(\/|$)/.test(p) && !p.includes('/leader-transfers/'))).toEqual([
      '/api/v1/shop/points',
      '/api/v1/shop/points/history',
      '/api/v1/shop/points/sign-ins',
      '/api/v1/shop/points/offers',
      '/api/v1/shop/points/offers/{id}/redemptions',
      '/api/v1/admin/points/offers',
      '/api/v1/admin/points/offers/{id}',
      '/api/v1/admin/points/settings',
      '/api/v1/admin/residents/{id}/points',
      '/api/v1/admin/residents/{id}/points/adjustments',
    ]);
    expect(Object.keys(doc.paths['/api/v1/shop/points/sign-ins'] ?? {}).sort()).toEqual(['get', 'post']);
  });

  it('my history is paged, newest first', async () => {
    const r = await newResident();
    await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token });
    await t.request('POST', `/api/v1/admin/residents/${r.id}/points/adjustments`, {
      token: supportToken,
      body: { delta: 100, reason: '补偿' },
    });
    const page = await t.request('GET', '/api/v1/shop/points/history?page=1&pageSize=1', { token: r.token });
    expect(page.body).toMatchObject({ page: 1, pageSize: 1, total: 2, items: [{ reason: 'staff_adjustment', delta: 100, note: '补偿' }] });
    const staffView = await t.request('GET', `/api/v1/admin/residents/${r.id}/points`, { token: supportToken });
    expect(staffView.body).toMatchObject({ balance: 105, total: 2 });
  });

  it('settings: the defaults, admin sets them, bad ones are refused and change nothing', async () => {
    const fresh = await t.request('GET', '/api/v1/admin/points/settings', { token: adminToken });
    expect(fresh.body).toEqual({ enabled: true, pointsPerYuan: 1, lotDays: 365, signInPoints: 5, streakBonuses: [{ day: 7, points: 20 }] });
    const twice = await setSettings({
      streakBonuses: [
        { day: 7, points: 20 },
        { day: 7, points: 1 },
      ],
    });
    expect(twice).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await setSettings({ lotDays: 0 })).status).toBe(400);
    expect((await t.request('PUT', '/api/v1/admin/points/settings', { token: supportToken, body: fresh.body })).status).toBe(403);
    const set = await setSettings({
      signInPoints: 3,
      streakBonuses: [
        { day: 30, points: 50 },
        { day: 3, points: 5 },
      ],
    });
    expect(set.body.streakBonuses).toEqual([
      { day: 3, points: 5 },
      { day: 30, points: 50 },
    ]);
    expect((await t.request('GET', '/api/v1/admin/points/settings', { token: adminToken })).body).toEqual(set.body);
    expect((await setSettings({})).status).toBe(200);
  });

  it("staff adjustments: a reason, not more than the balance, only the operator's residents", async () => {
    const r = await newResident();
    const url = `/api/v1/admin/residents/${r.id}/points/adjustments`;
    const tooMuch = await t.request('POST', url, { token: supportToken, body: { delta: -1, reason: '测试' } });
    expect(tooMuch).toMatchObject({ status: 409, body: { code: 'POINTS_INSUFFICIENT' } });
    expect(await entries(r.id)).toEqual([]);
    expect((await t.request('POST', url, { token: supportToken, body: { delta: 0, reason: '测试' } })).status).toBe(400);
    expect((await t.request('POST', url, { token: supportToken, body: { delta: 5, reason: ' ' } })).status).toBe(400);
    const elsewhere = await t.request('POST', '/api/v1/admin/residents/res_unknown/points/adjustments', {
      token: supportToken,
      body: { delta: 5, reason: '测试' },
    });
    expect(elsewhere).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await t.request('POST', url, { token: r.token, body: { delta: 5, reason: '测试' } })).status).toBe(403);
  });

  it('concurrent debits never take the balance below zero', async () => {
    const r = await newResident();
    const staff = { kind: 'staff' as const, id: 'stf_test', operatorId: world.operatorId, sessionId: 'test', roles: ['support' as const] };
    const { adjustPoints } = await import('../src/modules/points/points.service.ts');
    await adjustPoints(t.ctx, staff, r.id, { delta: 10, reason: 'seed' });
    const ctxs = [t.ctx, other?.ctx ?? t.ctx];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => adjustPoints(ctxs[i % 2]!, staff, r.id, { delta: -3, reason: 'race' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(await balanceOf(r.id)).toBe(1);
    expect(await lotsSum(r.id)).toBe(1);
    t.clock.advance(HOUR);
  });
});

describe('redeeming points for coupons', () => {
  it('spends the points and issues the coupon together; a refusal of either changes nothing', async () => {
    const at = t.clock.now().getTime();
    const template = await t.request('POST', '/api/v1/admin/promotions', {
      token: adminToken,
      body: {
        name: '积分兑换 立减5元',
        trigger: 'coupon',
        discountKind: 'amount',
        amountOffFen: 500,
        scope: { kind: 'operator' },
        perResidentLimit: 1,
        startsAt: new Date(at - HOUR).toISOString(),
        endsAt: new Date(at + 30 * DAY).toISOString(),
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const offer = await t.request('POST', '/api/v1/admin/points/offers', {
      token: adminToken,
      body: { couponTemplateId: template.body.id, title: '5元券', pointsCost: 50 },
    });
    expect(offer).toMatchObject({ status: 201, body: { pointsCost: 50, active: true } });
    expect((await t.request('POST', '/api/v1/admin/points/offers', { token: supportToken, body: offer.body })).status).toBe(400);

    const r = await newResident();
    const url = `/api/v1/shop/points/offers/${offer.body.id}/redemptions`;
    expect((await t.request('GET', '/api/v1/shop/points/offers', { token: r.token })).body.items).toContainEqual(offer.body);
    await t.request('POST', '/api/v1/shop/points/sign-ins', { token: r.token });
    const short = await t.request('POST', url, { token: r.token });
    expect(short).toMatchObject({ status: 409, body: { code: 'POINTS_INSUFFICIENT' } });
    const coupons = () => t.ctx.db.selectFrom('coupons').select(['id', 'source']).where('resident_id', '=', r.id).execute();
    expect(await coupons()).toEqual([]);

    await t.request('POST', `/api/v1/admin/residents/${r.id}/points/adjustments`, {
      token: supportToken,
      body: { delta: 100, reason: '测试' },
    });
    const redeemed = await t.request('POST', url, { token: r.token });
    expect(redeemed).toMatchObject({ status: 201, body: { pointsSpent: 50, balance: 55 } });
    expect(await coupons()).toEqual([{ id: redeemed.body.couponId, source: 'points' }]);
    expect((await entries(r.id)).at(-1)).toMatchObject({ reason: 'redeemed', delta: -50, document_id: redeemed.body.couponId });

    // One coupon per resident: the second is the coupon's own refusal, and the points stay.
    const again = await t.request('POST', url, { token: r.token });
    expect(again).toMatchObject({ status: 409, body: { code: 'COUPON_LIMIT_REACHED' } });
    expect(await balanceOf(r.id)).toBe(55);
    expect(await coupons()).toHaveLength(1);

    // An offer taken off is not redeemable.
    const off = await t.request('PATCH', `/api/v1/admin/points/offers/${offer.body.id}`, { token: adminToken, body: { active: false } });
    expect(off.body).toMatchObject({ active: false });
    expect((await t.request('POST', url, { token: r.token })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/shop/points/offers', { token: r.token })).body.items).toEqual([]);
  });
  it('for an item: an offer of a free-item coupon gives one unit of its SKU for nothing on the next order', async () => {
    const at = t.clock.now().getTime();
    const template = await t.request('POST', '/api/v1/admin/promotions', {
      token: adminToken,
      body: {
        name: '积分换 一份',
        trigger: 'coupon',
        discountKind: 'free_unit',
        scope: { kind: 'sku', ids: [world.skuIds[0]] },
        startsAt: new Date(at - HOUR).toISOString(),
        endsAt: new Date(at + 30 * DAY).toISOString(),
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const offer = await t.request('POST', '/api/v1/admin/points/offers', {
      token: adminToken,
      body: { couponTemplateId: template.body.id, title: '免费领一份', pointsCost: 30 },
    });
    const r = await newResident();
    await t.request('POST', `/api/v1/admin/residents/${r.id}/points/adjustments`, {
      token: supportToken,
      body: { delta: 30, reason: '测试' },
    });
    const redeemed = await t.request('POST', `/api/v1/shop/points/offers/${offer.body.id}/redemptions`, { token: r.token });
    expect(redeemed).toMatchObject({ status: 201, body: { pointsSpent: 30, balance: 0 } });

    const placed = await t.request('POST', '/api/v1/shop/orders', {
      token: r.token,
      body: {
        lines: [
          { campaignLineId: lineIds[0], quantity: 1 },
          { campaignLineId: lineIds[1], quantity: 1 },
        ],
        couponId: redeemed.body.couponId,
      },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const free = placed.body.lines.find((l: { campaignLineId: string }) => l.campaignLineId === lineIds[0]);
    const paid = placed.body.lines.find((l: { campaignLineId: string }) => l.campaignLineId === lineIds[1]);
    expect(free.amountFen).toBe(0);
    expect(placed.body.totalFen).toBe(paid.amountFen);
    expect(paid.amountFen).toBeGreaterThan(0);
  });
});
