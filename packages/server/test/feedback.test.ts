import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderFeedbackRates, supplierFeedbackRates } from '../src/modules/feedback/index.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createSku, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

/**
 * The residents' voice on a real database: a resident rates a picked-up order once (not before
 * pickup, not someone else's), complains about its leader or a line's supplier; staff take and
 * resolve the complaint, the resident appeals once; the leader's rates and the supplier's
 * scorecard follow.
 */

let t: TestApp;
let world: World;
let lineIds: string[];
let secondSupplierId: string;
let residentToken: string;
let otherToken: string;
let leaderToken: string;
let staffToken: string;
let purchaserToken: string;

const DAY = '2026-11-21';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 1, leaders: 2, residents: 2 });
  // A second supplier's SKU, so an order carries two suppliers' goods.
  const now = t.ctx.clock.now();
  secondSupplierId = newId('sup');
  await t.ctx.db
    .insertInto('suppliers')
    .values({ id: secondSupplierId, operator_id: world.operatorId, name: '洞庭水产', phone: '13900000001', created_at: now })
    .execute();
  const productId = newId('prd');
  await t.ctx.db
    .insertInto('products')
    .values({
      id: productId,
      operator_id: world.operatorId,
      category_id: world.categoryId,
      supplier_id: secondSupplierId,
      name: '洞庭鱼',
      images: '[]',
      temperature_class: 'chilled',
      shelf_life_days: 3,
      created_at: now,
      updated_at: now,
    })
    .execute();
  world.skuIds.push(await createSku(t.ctx, world.operatorId, productId));
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: DAY, cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  residentToken = await t.login('resident', world.residents[0]!.phone);
  otherToken = await t.login('resident', world.residents[1]!.phone);
  leaderToken = await t.login('leader', world.leaders[0]!.phone);
  staffToken = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  purchaserToken = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['purchaser'])).phone);
  t.clock.set('2026-11-21T01:00:00Z');
});
afterAll(() => t.close());

async function pickedUpOrder(residentIndex = 0, lines: Array<[string, number]> = [[lineIds[0]!, 1]]) {
  const order = await fulfilledOrder(t, world, world.residents[residentIndex]!.id, lines);
  const res = await t.request('POST', '/api/v1/leader/pickups/verify', {
    token: leaderToken,
    body: { scan: `linli:pickup:${order.id}:${order.pickup_code}` },
  });
  expect(res.status).toBe(200);
  return order;
}

const scores = { itemsScore: 4, freshnessScore: 5, serviceScore: 3, comment: '橙子很甜' };
const rateOrder = (token: string, orderId: string, body: unknown = scores) =>
  t.request('POST', `/api/v1/shop/orders/${orderId}/rating`, { token, body });
const complain = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/shop/complaints', { token, body });
const leaderRates = async () => {
  const res = await t.request('GET', `/api/v1/admin/leader-feedback-rates?from=${DAY}&to=${DAY}`, { token: staffToken });
  expect(res.status).toBe(200);
  return res.body.items.find((r: { leaderId: string }) => r.leaderId === world.leaders[0]!.id);
};
const notices = (kind: string, id: string) =>
  t.ctx.db
    .selectFrom('notifications')
    .select(['title', 'body'])
    .where('recipient_kind', '=', kind as 'leader')
    .where('recipient_id', '=', id)
    .execute();

describe('rating an order', () => {
  it('is refused before pickup, for someone else’s order, and with a score out of 1–5; given once after pickup', async () => {
    const delivered = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]]);
    const early = await rateOrder(residentToken, delivered.id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_STATE');
    expect((await t.request('GET', `/api/v1/shop/orders/${delivered.id}/feedback`, { token: residentToken })).body).toMatchObject({
      mayRate: false,
      mayComplain: true,
      rating: null,
    });

    const order = await pickedUpOrder(0, [
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    expect((await rateOrder(otherToken, order.id)).body.code).toBe('NOT_FOUND');
    const bad = await rateOrder(residentToken, order.id, { ...scores, serviceScore: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const rated = await rateOrder(residentToken, order.id);
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({
      mayRate: false,
      rating: { itemsScore: 4, freshnessScore: 5, serviceScore: 3, comment: '橙子很甜' },
    });
    const again = await rateOrder(residentToken, order.id, { ...scores, serviceScore: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const rows = await t.ctx.db.selectFrom('order_ratings').selectAll().where('order_id', '=', order.id).execute();
    expect(rows.map((r) => r.service_score)).toEqual([3]);

    // The rating counts for the leader's service and for both suppliers' goods.
    const [leader] = await leaderFeedbackRates(t.ctx.db, world.operatorId, DAY, DAY);
    expect(leader).toMatchObject({ leaderId: world.leaders[0]!.id, ratings: 1, avgServiceScore: 3, complaints: 0 });
    const suppliers = await supplierFeedbackRates(t.ctx.db, world.operatorId, DAY, DAY);
    expect(suppliers.map((s) => [s.supplierId, s.ratings, s.avgItemsScore, s.avgFreshnessScore]).sort()).toEqual(
      [
        [world.supplierId, 1, 4, 5],
        [secondSupplierId, 1, 4, 5],
      ].sort(),
    );
    // Another day's period does not see it.
    expect(await leaderFeedbackRates(t.ctx.db, world.operatorId, '2026-11-22', '2026-11-30')).toEqual([]);
  });
});

describe('complaints', () => {
  it('names the target from the order, tells the leader or supplier, and refuses someone else’s order and a second complaint on the same target', async () => {
    const order = await pickedUpOrder(0, [
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    const before = await leaderRates();

    expect((await complain(otherToken, { orderId: order.id, target: 'leader', description: '态度不好' })).body.code).toBe('NOT_FOUND');
    const unnamed = await complain(residentToken, { orderId: order.id, target: 'supplier', description: '鱼不新鲜' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.details).toMatchObject({ field: 'orderLineId' });
    const noDriver = await complain(residentToken, { orderId: order.id, target: 'driver', description: '送晚了' });
    expect(noDriver.body.code).toBe('INVALID_STATE');

    const fish = order.lines.find((l) => l.campaign_line_id === lineIds[1])!;
    const supplier = await complain(residentToken, {
      orderId: order.id,
      target: 'supplier',
      orderLineId: fish.id,
      description: '鱼不新鲜',
    });
    expect(supplier.status).toBe(201);
    expect(supplier.body).toMatchObject({ target: 'supplier', targetId: secondSupplierId, targetName: '洞庭水产', state: 'open' });
    // The supplier is told in its portal.
    const toSupplier = await notices('supplier', secondSupplierId);
    expect(toSupplier.at(-1)).toMatchObject({ title: '收到一条投诉' });
    expect(toSupplier.at(-1)!.body).toContain('您供应的商品');

    const leaderNoticesBefore = (await notices('leader', world.leaders[0]!.id)).length;
    const filed = await complain(residentToken, { orderId: order.id, target: 'leader', description: '自提点经常不开门' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ target: 'leader', targetId: world.leaders[0]!.id, state: 'open', mayAppeal: false });
    expect(filed.body.steps).toMatchObject([{ step: 'opened', actorKind: 'resident' }]);
    const leaderNotices = await notices('leader', world.leaders[0]!.id);
    expect(leaderNotices).toHaveLength(leaderNoticesBefore + 1);
    expect(leaderNotices.at(-1)!.title).toBe('收到一条投诉');

    const twice = await complain(residentToken, { orderId: order.id, target: 'leader', description: '再投诉一次' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CONFLICT');

    // The leader's complaint rate moved: one more complaint over the same picked-up orders.
    const after = await leaderRates();
    expect(after.complaints).toBe(before.complaints + 1);
    expect(after.pickedUpOrders).toBe(before.pickedUpOrders);
    expect(after.complaintRate).toBe(Math.round(((before.complaints + 1) / before.pickedUpOrders) * 10_000) / 10_000);

    const mine = await t.request('GET', '/api/v1/shop/complaints', { token: residentToken });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([filed.body.id, supplier.body.id]));
    expect((await t.request('GET', '/api/v1/shop/complaints', { token: otherToken })).body.items).toEqual([]);
  });

  it('goes open → assigned → resolved → appealed → resolved, once appealed, with each step in its history and the resident told', async () => {
    const order = await pickedUpOrder(0);
    const filed = await complain(residentToken, { orderId: order.id, target: 'leader', description: '少给了一个橙子' });
    const id = filed.body.id as string;

    const queue = await t.request('GET', '/api/v1/admin/complaints?status=unresolved&target=leader', { token: staffToken });
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((c: { id: string }) => c.id === id);
    expect(row).toMatchObject({ state: 'open', leaderId: world.leaders[0]!.id, leaderRates: { leaderId: world.leaders[0]!.id } });
    expect(row.leaderRates.complaints).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/v1/admin/complaints', { token: purchaserToken })).status).toBe(403);

    expect(
      (await t.request('POST', `/api/v1/shop/complaints/${id}/appeal`, { token: residentToken, body: { reason: '还没处理' } })).body.code,
    ).toBe('INVALID_STATE');
    const assigned = await t.request('POST', `/api/v1/admin/complaints/${id}/assign`, { token: staffToken, body: {} });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: 'assigned' });
    expect(assigned.body.assigneeName).toBeTruthy();

    const resolved = await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, {
      token: staffToken,
      body: { resolution: '已补发一个橙子' },
    });
    expect(resolved.body).toMatchObject({ state: 'resolved', resolution: '已补发一个橙子' });
    const told = await notices('resident', world.residents[0]!.id);
    expect(told.at(-1)).toMatchObject({ title: '您的投诉已处理' });
    expect(told.at(-1)!.body).toContain('已补发一个橙子');
    expect(
      (await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, { token: staffToken, body: { resolution: '再次处理' } })).body
        .code,
    ).toBe('INVALID_STATE');

    expect(
      (await t.request('POST', `/api/v1/shop/complaints/${id}/appeal`, { token: otherToken, body: { reason: '不满意' } })).body.code,
    ).toBe('NOT_FOUND');
    const appealed = await t.request('POST', `/api/v1/shop/complaints/${id}/appeal`, {
      token: residentToken,
      body: { reason: '补发的也是坏的' },
    });
    expect(appealed.status).toBe(200);
    expect(appealed.body).toMatchObject({ state: 'appealed', appealReason: '补发的也是坏的', mayAppeal: false });

    const final = await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, {
      token: staffToken,
      body: { resolution: '全额退款' },
    });
    expect(final.body).toMatchObject({ state: 'resolved', resolution: '全额退款' });
    const mine = (await t.request('GET', '/api/v1/shop/complaints', { token: residentToken })).body.items.find(
      (c: { id: string }) => c.id === id,
    );
    expect(mine.mayAppeal).toBe(false);
    expect(mine.steps.map((s: { step: string }) => s.step)).toEqual(['opened', 'assigned', 'resolved', 'appealed', 'resolved']);
    const second = await t.request('POST', `/api/v1/shop/complaints/${id}/appeal`, {
      token: residentToken,
      body: { reason: '还是不满意' },
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('INVALID_STATE');

    const resolvedQueue = await t.request('GET', `/api/v1/admin/complaints?status=resolved&targetId=${world.leaders[0]!.id}`, {
      token: staffToken,
    });
    expect(resolvedQueue.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('a complaint’s outcome', () => {
  it('dismissed, it leaves the target’s complaint rate; appealed, it counts again until resolved again', async () => {
    const order = await pickedUpOrder(1);
    const before = (await leaderRates()).complaints as number;
    const filed = await complain(otherToken, { orderId: order.id, target: 'leader', description: '团长态度不好' });
    const id = filed.body.id as string;
    expect((await leaderRates()).complaints).toBe(before + 1);

    const bad = await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, {
      token: staffToken,
      body: { resolution: '经核实不属实', outcome: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.request('GET', `/api/v1/admin/complaints?status=open&targetId=${world.leaders[0]!.id}`, { token: staffToken })
      ).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);

    const dismissed = await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, {
      token: staffToken,
      body: { resolution: '经核实不属实', outcome: 'dismissed' },
    });
    expect(dismissed.body).toMatchObject({ state: 'resolved', outcome: 'dismissed' });
    expect((await leaderRates()).complaints).toBe(before);

    await t.request('POST', `/api/v1/shop/complaints/${id}/appeal`, { token: otherToken, body: { reason: '有录音为证' } });
    expect((await leaderRates()).complaints).toBe(before + 1);
    const upheld = await t.request('POST', `/api/v1/admin/complaints/${id}/resolve`, {
      token: staffToken,
      body: { resolution: '复核属实，已处理团长' },
    });
    expect(upheld.body).toMatchObject({ state: 'resolved', outcome: 'upheld' });
    expect((await leaderRates()).complaints).toBe(before + 1);
  });
});

describe('the leader’s own feedback', () => {
  it('shows the leader their rates, newest ratings and complaints, without who gave them', async () => {
    const res = await t.request('GET', `/api/v1/leader/feedback?from=${DAY}&to=${DAY}`, { token: leaderToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const admin = await leaderRates();
    expect(res.body.rates).toEqual(admin);
    expect(res.body.ratings.length).toBe(Math.min(20, admin.ratings));
    expect(res.body.ratings[0]).toMatchObject({ serviceScore: expect.any(Number), createdAt: expect.any(String) });
    expect(res.body.complaints.length).toBeGreaterThan(0);
    expect(res.body.complaints.map((c: { outcome: string | null }) => c.outcome)).toEqual(expect.arrayContaining(['upheld', null]));
    const text = JSON.stringify(res.body);
    for (const r of world.residents) {
      expect(text).not.toContain(r!.id);
      expect(text).not.toContain(r!.phone);
    }
    expect((await t.request('GET', '/api/v1/leader/feedback', { token: residentToken })).status).toBe(403);
  });
});

describe('supplier scorecard', () => {
  it('counts purchase orders on time, late and not received, short lines and rejects, beside complaints and ratings', async () => {
    const now = t.ctx.clock.now();
    const po = async (status: 'sent' | 'received', receivedAt: string | null, lines: Array<[number, number | null, number | null]>) => {
      const id = newId('po');
      await t.ctx.db
        .insertInto('purchase_orders')
        .values({
          id,
          operator_id: world.operatorId,
          supplier_id: secondSupplierId,
          delivery_date: DAY,
          warehouse_id: null,
          status,
          created_at: now,
          updated_at: now,
          sent_at: now,
          confirmed_at: null,
          received_at: receivedAt ? new Date(receivedAt) : null,
          confirmed_by_staff_id: null,
          confirmation_note: null,
        })
        .execute();
      for (const [i, [ordered, received, rejected]] of lines.entries()) {
        await t.ctx.db
          .insertInto('purchase_order_lines')
          .values({
            id: newId('pol'),
            operator_id: world.operatorId,
            purchase_order_id: id,
            sku_id: world.skuIds[i]!,
            demand_quantity: ordered,
            stock_quantity: 0,
            suggested_quantity: ordered,
            ordered_quantity: ordered,
            confirmed_quantity: null,
            received_quantity: received,
            rejected_quantity: rejected,
            accepted_quantity: received === null ? null : received - (rejected ?? 0),
            over_quantity: null,
            over_accepted: null,
            short_reason: null,
            lot_code: null,
            expires_on: null,
            cost_price_fen: 500,
          })
          .execute();
      }
    };
    // 23:30 on the delivery date in Shanghai: on time; 00:30 the day after: late.
    await po('received', '2026-11-21T15:30:00Z', [
      [10, 10, 1],
      [5, 3, 0],
    ]);
    await po('received', '2026-11-21T16:30:00Z', [[10, 10, 0]]);
    await po('sent', null, [[4, null, null]]);

    const res = await t.request('GET', `/api/v1/admin/supplier-scorecards?from=${DAY}&to=${DAY}`, { token: purchaserToken });
    expect(res.status).toBe(200);
    const card = res.body.items.find((c: { supplierId: string }) => c.supplierId === secondSupplierId);
    expect(card).toMatchObject({
      supplierName: '洞庭水产',
      purchaseOrders: 3,
      received: 2,
      onTime: 1,
      late: 1,
      notReceived: 1,
      onTimeRate: 0.5,
      linesReceived: 3,
      shortLines: 1,
      shortShipRate: 0.3333,
      unitsReceived: 23,
      unitsRejected: 1,
      rejectRate: 0.0435,
    });
    expect(card.complaints).toBeGreaterThanOrEqual(1);
    expect(card.ratings).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/api/v1/admin/supplier-scorecards', { token: staffToken })).status).toBe(403);
    const bad = await t.request('GET', '/api/v1/admin/supplier-scorecards?from=2026-02-30', { token: purchaserToken });
    expect(bad.status).toBe(400);
  });
});
