import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundOrderLines } from '../src/modules/ordering/index.ts';
import { issueCoupon } from '../src/modules/promotions/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let staff: string;
let campaign: { id: string; lineIds: string[] };
const lineA = () => campaign.lineIds[0] as string; // 990 fen
const lineB = () => campaign.lineIds[1] as string; // 1090 fen
const point = () => world.leaders[0]?.pickupPointId as string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 0 });
  campaign = await createOpenCampaign(t.ctx, world, { stock: 1000 });
  staff = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

let phones = 13900000000;
const resident = () => t.login('resident', String(++phones));

const window = () => ({
  startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
  endsAt: new Date(t.clock.now().getTime() + 30 * 24 * 60 * MINUTE).toISOString(),
});

async function create(body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/admin/promotions', { token: staff, body: { ...window(), ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

async function order(token: string, lines: Array<[string, number]>, couponId?: string | null) {
  return t.request('POST', '/api/v1/shop/orders', {
    token,
    body: {
      pickupPointId: point(),
      lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })),
      ...(couponId !== undefined ? { couponId } : {}),
    },
  });
}

async function pay(token: string, orderId: string) {
  const intent = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token, body: {} });
  expect(intent.status).toBe(201);
  expect((await t.request('POST', '/api/v1/payments/dev/notify', { body: intent.body.devNotification })).status).toBe(200);
}

const coupon = (id: string) => t.ctx.db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function settle() {
  for (let i = 0; i < 5; i++) {
    await t.ctx.events.drain();
    await t.ctx.jobs.tick();
  }
}

/** The postings of the order's own entries (sale, commission, promotion cost, their reversals) by account code, summed (debit > 0). */
async function postingsOf(orderId: string) {
  const rows = await t.ctx.db
    .selectFrom('journal_postings as p')
    .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['a.code', 'p.amount_fen', 'e.kind'])
    .where('e.document_id', '=', orderId)
    .execute();
  const sums: Record<string, number> = {};
  for (const r of rows) sums[r.code] = (sums[r.code] ?? 0) + Number(r.amount_fen);
  return sums;
}

describe('promotions at checkout', () => {
  it('applies the best combination, holds and uses the coupon, and books the cost in the ledger', async () => {
    const threshold = await create({
      name: '满20减5',
      trigger: 'automatic',
      discountKind: 'amount',
      amountOffFen: 500,
      thresholdFen: 2000,
      scope: { kind: 'operator' },
    });
    const template = await create({
      name: '满15减3',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 300,
      thresholdFen: 1500,
      scope: { kind: 'operator' },
      claimable: true,
      totalLimit: 50,
      perResidentLimit: 1,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, {
      token: me,
      body: { leaderId: world.leaders[0]?.id },
    });
    expect(claimed.status).toBe(201);
    expect((await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} })).body.code).toBe(
      'COUPON_LIMIT_REACHED',
    );

    // Quote: 990 + 1090 = 2080; 满20减5 (500) then the coupon (300, its threshold on what is left: 1580).
    const quote = await t.request('POST', '/api/v1/shop/orders/quote', {
      token: me,
      body: {
        pickupPointId: point(),
        lines: [
          { campaignLineId: lineA(), quantity: 1 },
          { campaignLineId: lineB(), quantity: 1 },
        ],
      },
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body).toMatchObject({ listFen: 2080, discountFen: 800, totalFen: 1280, couponId: claimed.body.couponId });
    expect(quote.body.applied.map((a: { name: string }) => a.name).sort()).toEqual(['满15减3', '满20减5']);

    // Below the threshold, the quote says what is missing.
    const small = await t.request('POST', '/api/v1/shop/orders/quote', {
      token: me,
      body: { pickupPointId: point(), lines: [{ campaignLineId: lineA(), quantity: 1 }] },
    });
    expect(small.body.notApplied).toContainEqual(
      expect.objectContaining({ promotionId: threshold.id, why: { reason: 'below_threshold', missingFen: 1010 } }),
    );

    const placed = await order(
      me,
      [
        [lineA(), 1],
        [lineB(), 1],
      ],
      claimed.body.couponId,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalFen).toBe(1280);
    const amounts = placed.body.lines.map((l: { amountFen: number }) => l.amountFen);
    expect(amounts.reduce((a: number, b: number) => a + b, 0)).toBe(1280);
    expect(await coupon(claimed.body.couponId)).toMatchObject({ status: 'held', order_id: placed.body.id });

    // The same coupon on a second order is refused and changes nothing.
    const again = await order(me, [[lineA(), 2]], claimed.body.couponId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COUPON_UNAVAILABLE');

    await pay(me, placed.body.id);
    await settle();
    expect(await coupon(claimed.body.couponId)).toMatchObject({ status: 'used' });

    // Ledger: sales at the price before discounts, 800 of it paid by marketing.
    const entries = await t.ctx.db
      .selectFrom('journal_entries')
      .select(['id', 'kind', 'meta'])
      .where('document_id', '=', placed.body.id)
      .where('kind', 'in', ['order_sale', 'promotion_cost'])
      .execute();
    // The promotions' cost is part of the order's sale entry, each one's part named.
    expect(entries.map((e) => e.kind)).toEqual(['order_sale']);
    expect((entries[0]?.meta as { promotions?: unknown[] } | undefined)?.promotions).toHaveLength(2);
    const sums = await postingsOf(placed.body.id);
    expect(sums.marketing_expense).toBe(800);
    expect(sums.sales).toBe(-2080);
    expect(sums.resident_prepayments).toBe(1280);

    // The admin list shows the results from the ledger.
    const list = await t.request('GET', '/api/v1/admin/promotions?page=1&pageSize=20', { token: staff });
    const tpl = list.body.items.find((p: { id: string }) => p.id === template.id);
    expect(tpl.results).toMatchObject({
      couponsIssued: 1,
      couponsUsed: 1,
      orders: 1,
      newResidents: 1,
      discountFen: 300,
      costFen: 300,
      gmvFen: 1280,
    });

    // Refunded in full: the coupon comes back, and the cost is reversed.
    const me2 = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/cancel`, { token: me, body: { reason: '不要了' } });
    expect(me2.status, JSON.stringify(me2.body)).toBe(200);
    await settle();
    expect(await coupon(claimed.body.couponId)).toMatchObject({ status: 'available', order_id: null, returned_count: 1 });
    const after = await postingsOf(placed.body.id);
    expect(after.marketing_expense ?? 0).toBe(0);
    // Taken back by one promotion_cost entry, whose parts are the sale's negated; once.
    const returns = await t.ctx.db
      .selectFrom('journal_entries')
      .select(['meta'])
      .where('document_id', '=', placed.body.id)
      .where('kind', '=', 'promotion_cost')
      .execute();
    expect(returns).toHaveLength(1);
    const parts = (returns[0]?.meta as { promotions?: Array<{ amountFen: number }> } | undefined)?.promotions ?? [];
    expect(parts.reduce((sum, p) => sum + p.amountFen, 0)).toBe(-800);
    const list2 = await t.request('GET', '/api/v1/admin/promotions?page=1&pageSize=20', { token: staff });
    expect(list2.body.items.find((p: { id: string }) => p.id === template.id).results).toMatchObject({
      couponsReturned: 1,
      orders: 0,
      costFen: 0,
    });
    await t.request('PATCH', `/api/v1/admin/promotions/${threshold.id}`, { token: staff, body: { status: 'ended' } });
  });

  it('gives the coupon back on cancel and on expiry of an unpaid order, once; a partial refund keeps it used', async () => {
    const template = await create({
      name: '立减2元',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 200,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const couponId = claimed.body.couponId as string;

    const first = await order(me, [[lineA(), 1]], couponId);
    expect(first.body.totalFen).toBe(790);
    await t.request('POST', `/api/v1/shop/orders/${first.body.id}/cancel`, { token: me, body: {} });
    await settle();
    await settle();
    expect(await coupon(couponId)).toMatchObject({ status: 'available', returned_count: 1 });

    const second = await order(me, [[lineA(), 1]], couponId);
    expect(second.status).toBe(201);
    t.clock.advance(31 * MINUTE);
    await settle();
    expect(await coupon(couponId)).toMatchObject({ status: 'available', returned_count: 2 });

    const third = await order(me, [[lineA(), 2]], couponId);
    await pay(me, third.body.id);
    await settle();
    const line = third.body.lines[0] as { id: string; amountFen: number };
    await t.ctx.db.transaction().execute((trx) =>
      refundOrderLines(t.ctx, trx, {
        operatorId: world.operatorId,
        orderId: third.body.id,
        lines: [{ orderLineId: line.id, quantity: 1, amountFen: Math.floor(line.amountFen / 2) }],
        kind: 'aftersales',
        blame: 'none',
        reason: 'one was bruised',
        sourceId: newId('cas'),
      }),
    );
    await settle();
    expect(await coupon(couponId)).toMatchObject({ status: 'used', returned_count: 2 });
  });

  it('keeps a newcomer 0-yuan item to one per resident and to its budget, and never a 0-yuan order', async () => {
    const free = await create({
      name: '新人0元购',
      trigger: 'automatic',
      discountKind: 'free_unit',
      scope: { kind: 'sku', ids: [world.skuIds[0]] },
      newcomerOnly: true,
      perResidentLimit: 1,
      budgetFen: 1980,
    });
    const a = await resident();
    expect((await order(a, [[lineA(), 1]])).body.code).toBe('ORDER_TOTAL_ZERO');
    const first = await order(a, [
      [lineA(), 1],
      [lineB(), 1],
    ]);
    expect(first.body.totalFen, JSON.stringify(first.body)).toBe(1090);
    // No longer a newcomer: the offer is not applied again.
    const second = await order(a, [
      [lineA(), 1],
      [lineB(), 1],
    ]);
    expect(second.body.totalFen).toBe(2080);
    const b = await resident();
    expect(
      (
        await order(b, [
          [lineA(), 1],
          [lineB(), 1],
        ])
      ).body.totalFen,
    ).toBe(1090);
    // The budget (two items) is spent: a third newcomer pays the full price.
    const c = await resident();
    expect(
      (
        await order(c, [
          [lineA(), 1],
          [lineB(), 1],
        ])
      ).body.totalFen,
    ).toBe(2080);
    const row = await t.ctx.db
      .selectFrom('promotions')
      .select(['used_count', 'spent_fen'])
      .where('id', '=', free.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ used_count: 2, spent_fen: 1980 });
    // A cancel gives the budget back.
    await t.request('POST', `/api/v1/shop/orders/${first.body.id}/cancel`, { token: a, body: {} });
    await settle();
    expect(
      await t.ctx.db.selectFrom('promotions').select(['used_count', 'spent_fen']).where('id', '=', free.id).executeTakeFirstOrThrow(),
    ).toEqual({
      used_count: 1,
      spent_fen: 990,
    });
    await t.request('PATCH', `/api/v1/admin/promotions/${free.id}`, { token: staff, body: { status: 'ended' } });
  });

  it('refuses bad rules and bad coupons with clear codes, changing nothing', async () => {
    const bad = await t.request('POST', '/api/v1/admin/promotions', {
      token: staff,
      body: { ...window(), name: 'x', trigger: 'automatic', discountKind: 'percent', scope: { kind: 'operator' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'percentOff' } });
    const me = await resident();
    const unknown = await order(me, [[lineA(), 1]], 'cpn_nope');
    expect(unknown.body.code).toBe('COUPON_UNAVAILABLE');
    const template = await create({
      name: '满100减10',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 1000,
      thresholdFen: 10000,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const notYet = await order(me, [[lineA(), 1]], claimed.body.couponId);
    expect(notYet.status).toBe(409);
    expect(notYet.body).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', details: { why: { reason: 'below_threshold' } } });
    expect(await coupon(claimed.body.couponId)).toMatchObject({ status: 'available' });
  });
});

describe('a retried submission', () => {
  it('is answered with its first order, whose coupon it names and holds', async () => {
    const template = await create({
      name: '重试券',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const submit = () =>
      t.request('POST', '/api/v1/shop/orders', {
        token: me,
        headers: { 'idempotency-key': 'retry-with-coupon' },
        body: { pickupPointId: point(), lines: [{ campaignLineId: lineA(), quantity: 1 }], couponId: claimed.body.couponId },
      });
    const first = await submit();
    expect(first.status).toBe(201);
    const again = await submit();
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('an order that names its coupon’s promotion, as the quote showed it', () => {
  const named = (token: string, couponId: string, couponPromotionId: string) =>
    t.request('POST', '/api/v1/shop/orders', {
      token,
      body: { pickupPointId: point(), lines: [{ campaignLineId: lineA(), quantity: 1 }], couponId, couponPromotionId },
    });

  it('is priced from that promotion; a wrong one is caught by the hold and costs a lookup, never a wrong price', async () => {
    const coupon = { trigger: 'coupon', discountKind: 'amount', scope: { kind: 'operator' }, claimable: true };
    const small = await create({ ...coupon, name: '立减0.5', amountOffFen: 50 });
    const big = await create({ ...coupon, name: '立减5', amountOffFen: 500 });
    const automatic = await create({
      name: '满50减10',
      trigger: 'automatic',
      discountKind: 'amount',
      amountOffFen: 1000,
      thresholdFen: 5000,
      scope: { kind: 'operator' },
    });
    const me = await resident();
    const claim = async (id: string) =>
      (await t.request('POST', `/api/v1/shop/coupons/${id}/claim`, { token: me, body: {} })).body.couponId as string;

    const first = await claim(small.id);
    const right = await named(me, first, small.id);
    expect(right.status, JSON.stringify(right.body)).toBe(201);
    expect(right.body.totalFen).toBe(940);

    // Named as the 5-yuan promotion: the hold refuses it as of that one, the order is priced again as its own.
    const second = await claim(small.id);
    const wrong = await named(me, second, big.id);
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(201);
    expect(wrong.body.totalFen).toBe(940);
    const discounts = await t.ctx.db
      .selectFrom('order_discounts')
      .select(['promotion_id', 'amount_fen'])
      .where('order_id', '=', wrong.body.id)
      .execute();
    expect(discounts).toEqual([{ promotion_id: small.id, amount_fen: 50 }]);

    // Named as one whose threshold the order misses: the coupon's own applies after the lookup.
    const high = await create({ ...coupon, name: '满100减20', amountOffFen: 2000, thresholdFen: 10_000 });
    const fifth = await claim(small.id);
    const missed = await named(me, fifth, high.id);
    expect(missed.status, JSON.stringify(missed.body)).toBe(201);
    expect(missed.body.totalFen).toBe(940);

    // Not a coupon promotion, or an unknown id: looked up as if not named.
    const third = await claim(small.id);
    expect((await named(me, third, automatic.id)).body.totalFen).toBe(940);
    const fourth = await claim(small.id);
    expect((await named(me, fourth, 'prm_nothing')).body.totalFen).toBe(940);

    // A coupon used already: COUPON_UNAVAILABLE as without the name, and nothing written.
    const orders = async () => (await t.ctx.db.selectFrom('orders').select('id').execute()).length;
    const before = await orders();
    const used = await named(me, first, small.id);
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('COUPON_UNAVAILABLE');
    expect(await orders()).toBe(before);
    // Another resident's coupon, named rightly: refused too.
    const other = await resident();
    const theirs = await named(other, second, small.id);
    expect(theirs.body.code).toBe('COUPON_UNAVAILABLE');
  });

  it('uses one coupon once when its resident races 20 such orders with it', async () => {
    const template = await create({
      name: '一张券2',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const results = await Promise.all(Array.from({ length: 20 }, () => named(me, claimed.body.couponId, template.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status !== 201).map((r) => r.body.code))).toEqual(new Set(['COUPON_UNAVAILABLE']));
  });
});

describe('coupons under concurrency', () => {
  it('hands a coupon with a total of 100 to exactly 100 of 1,000 residents claiming at once', async () => {
    const template = await create({
      name: '限量100张',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      scope: { kind: 'operator' },
      totalLimit: 100,
    });
    const now = t.clock.now();
    const ids = Array.from({ length: 1000 }, () => newId('res'));
    await t.ctx.db
      .insertInto('residents')
      .values(
        ids.map((id, i) => ({
          id,
          operator_id: world.operatorId,
          phone: String(15000000000 + i),
          pickup_point_id: point(),
          created_at: now,
        })),
      )
      .execute();
    const results = await Promise.allSettled(
      ids.map((residentId) =>
        t.ctx.db
          .transaction()
          .execute((trx) => issueCoupon(trx, now, { operatorId: world.operatorId, templateId: template.id, residentId, source: 'claim' })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(new Set(refused.map((r) => (r.reason as { code: string }).code))).toEqual(new Set(['COUPONS_GONE']));
    const holders = await t.ctx.db.selectFrom('coupons').select('resident_id').distinct().where('promotion_id', '=', template.id).execute();
    expect(holders).toHaveLength(100);
  });

  it('uses one coupon once when its resident races 20 orders with it', async () => {
    const template = await create({
      name: '一张券',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const results = await Promise.all(Array.from({ length: 20 }, () => order(me, [[lineA(), 1]], claimed.body.couponId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status !== 201).map((r) => r.body.code))).toEqual(new Set(['COUPON_UNAVAILABLE']));
    const discounted = await t.ctx.db
      .selectFrom('order_discounts')
      .select('order_id')
      .where('coupon_id', '=', claimed.body.couponId)
      .execute();
    expect(discounted).toHaveLength(1);
  });

  it('returns a coupon exactly once when cancel and expiry race', async () => {
    const template = await create({
      name: '竞速券',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      scope: { kind: 'operator' },
      claimable: true,
    });
    const me = await resident();
    const claimed = await t.request('POST', `/api/v1/shop/coupons/${template.id}/claim`, { token: me, body: {} });
    const placed = await order(me, [[lineA(), 1]], claimed.body.couponId);
    t.clock.advance(31 * MINUTE);
    await Promise.allSettled([
      t.request('POST', `/api/v1/shop/orders/${placed.body.id}/cancel`, { token: me, body: {} }),
      t.ctx.jobs.tick(),
      t.ctx.jobs.tick(),
    ]);
    await settle();
    await settle();
    expect(await coupon(claimed.body.couponId)).toMatchObject({ status: 'available', returned_count: 1 });
    const returned = await t.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('event_type', '=', 'promotion.returned')
      .where('aggregate_id', '=', placed.body.id)
      .execute();
    expect(returned).toHaveLength(1);
  });
});
