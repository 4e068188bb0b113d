import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// One group-buying day driven only through HTTP: ordering day 2026-11-20, pickup day 2026-11-21 (Asia/Shanghai).
const ORDER_DATE = '2026-11-20';
const PICKUP_DATE = '2026-11-21';
const PRICE = [990, 1590] as const;

let t: TestApp;
let w: World;
let admin: string;
const residentToken: string[] = [];
const leaderToken: string[] = [];
let campaign: { id: string; cutoffAt: string; lines: Array<{ id: string; skuId: string }> };
let warehouseId: string;
let drivers: Array<{ id: string; token: string }>;
let poId: string;
let route: any;
/** Paid orders by name: r0 and r2 at the first leader's pickup point, r1 at the second's. */
const orders: Record<string, { id: string; lineIds: string[]; pickupCode: string }> = {};

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 4 });
  admin = await t.login('staff', w.adminPhone);
  for (const r of w.residents) residentToken.push(await t.login('resident', r.phone));
  for (const l of w.leaders) leaderToken.push(await t.login('leader', l.phone));
});
afterAll(() => t.close());

/** Runs due jobs and delivers events until nothing is left to do. */
async function settle() {
  for (let i = 0; i < 20; i++) {
    const ran = await t.ctx.jobs.tick();
    const delivered = await t.ctx.events.drain();
    if (ran === 0 && delivered === 0) return;
  }
}

async function ok(method: string, url: string, token: string, body?: unknown, status = method === 'GET' ? 200 : 201) {
  const res = await t.request(method, url, { token, body });
  if (res.status !== status) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const refundsOf = (orderId: string) =>
  t.ctx.db.selectFrom('refunds').select(['kind', 'amount_fen', 'blame']).where('order_id', '=', orderId).orderBy('created_at').execute();
const shopOrder = (i: number, name: string) => ok('GET', `/api/v1/shop/orders/${orders[name]!.id}`, residentToken[i]!);
const lineFor = (skuIndex: number) => campaign.lines.find((l) => l.skuId === w.skuIds[skuIndex])!.id;

/** Resident i orders at their bound pickup point and pays through the dev provider's signed notification. */
async function orderAndPay(i: number, lines: Array<[number, number]>) {
  const placed = await ok('POST', '/api/v1/shop/orders', residentToken[i]!, {
    lines: lines.map(([sku, quantity]) => ({ campaignLineId: lineFor(sku), quantity })),
  });
  expect(placed).toMatchObject({ status: 'pending_payment', pickupDate: PICKUP_DATE });
  const paid = await t.request('POST', '/api/v1/payments/dev/notify', { body: placed.payment.devNotification });
  expect(paid.body).toEqual({ ok: true, changed: true });
  t.clock.advance(MINUTE);
  return { id: placed.id as string, lineIds: placed.lines.map((l: { id: string }) => l.id) as string[], pickupCode: placed.pickupCode };
}

describe('a full-day journey through HTTP', () => {
  it('the admin publishes a campaign and sets up the warehouse, vehicles and drivers', async () => {
    const now = t.clock.now().getTime();
    const draft = await ok('POST', '/api/v1/admin/campaigns', admin, {
      title: '冰糖橙产地直发',
      opensAt: new Date(now).toISOString(),
      cutoffAt: new Date(now + 4 * HOUR).toISOString(),
      pickupDate: PICKUP_DATE,
      lines: w.skuIds.map((skuId, i) => ({ skuId, groupPriceFen: PRICE[i], stockTotal: 100, perResidentLimit: null })),
    });
    expect(draft.status).toBe('draft');
    const published = await ok('POST', `/api/v1/admin/campaigns/${draft.id}/publish`, admin, undefined, 200);
    expect(published.status).toBe('open');
    campaign = published;

    warehouseId = (
      await ok('POST', '/api/v1/admin/warehouses', admin, { name: '雨花仓', address: '长沙市雨花区', lat: 28.19, lng: 112.96 })
    ).id;
    await ok('POST', '/api/v1/admin/vehicle-types', admin, {
      name: '面包车',
      capacityWeightKg: 500,
      capacityVolumeL: 2000,
      capacityCrates: 20,
      temperatureClass: 'ambient',
      costPerKmFen: 250,
      costPerTripFen: 3000,
      availableCount: 1,
    });
    drivers = [];
    for (const name of ['王师傅', '李师傅']) {
      const phone = nextPhone();
      const driver = await ok('POST', '/api/v1/admin/drivers', admin, { name, phone });
      drivers.push({ id: driver.id, token: await t.login('driver', phone) });
    }
  });

  it('residents bind pickup points, browse, order and pay; one cancels before cutoff and is refunded', async () => {
    const points = [0, 1, 0, 1].map((l) => w.leaders[l]!.pickupPointId);
    for (const [i, pickupPointId] of points.entries()) {
      const bound = await ok('PUT', '/api/v1/shop/me/pickup-point', residentToken[i]!, { pickupPointId }, 200);
      expect(bound.pickupPoint.id).toBe(pickupPointId);
    }
    const shop = await ok('GET', '/api/v1/shop/campaigns', residentToken[0]!);
    expect(shop.items.map((c: { id: string }) => c.id)).toEqual([campaign.id]);
    expect(shop.items[0].lines.map((l: { groupPriceFen: number }) => l.groupPriceFen)).toEqual(PRICE);

    orders.r0 = await orderAndPay(0, [
      [0, 3],
      [1, 1],
    ]);
    orders.r1 = await orderAndPay(1, [[0, 2]]);
    orders.r2 = await orderAndPay(2, [
      [0, 1],
      [1, 2],
    ]);
    const changedMind = await orderAndPay(3, [[0, 1]]);
    expect((await ok('GET', `/api/v1/shop/orders/${orders.r0.id}`, residentToken[0]!)).status).toBe('paid');
    expect((await t.request('GET', `/api/v1/shop/orders/${orders.r0.id}`, { token: residentToken[1]! })).status).toBe(404);

    const cancelled = await ok('POST', `/api/v1/shop/orders/${changedMind.id}/cancel`, residentToken[3]!, { reason: '不需要了' }, 200);
    expect(cancelled).toMatchObject({ status: 'refunded', refundedFen: PRICE[0] });
    expect(await refundsOf(changedMind.id)).toMatchObject([{ kind: 'cancel', amount_fen: PRICE[0] }]);
  });

  it('cutoff closes the campaign and drafts a purchase order; the purchaser sends it and the supplier ships one line short', async () => {
    t.clock.set(new Date(new Date(campaign.cutoffAt).getTime() + 5 * MINUTE));
    await settle();
    t.clock.advance(30 * MINUTE);
    await settle();
    expect((await ok('GET', `/api/v1/admin/campaigns/${campaign.id}`, admin)).status).toBe('closed');
    const late = await t.request('POST', '/api/v1/shop/orders', {
      token: residentToken[3]!,
      body: { lines: [{ campaignLineId: lineFor(0), quantity: 1 }] },
    });
    expect(late).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_CLOSED' } });
    const cutoffs = await ok('GET', `/api/v1/admin/cutoffs?pickupDate=${PICKUP_DATE}`, admin);
    expect(cutoffs.items).toMatchObject([{ campaignId: campaign.id, outcome: 'succeeded', orderedQuantity: 9, stage: 'done' }]);

    const drafts = await ok('GET', `/api/v1/admin/purchase-orders?deliveryDate=${PICKUP_DATE}`, admin);
    expect(drafts.total).toBe(1);
    const draft = drafts.items[0];
    poId = draft.id;
    expect(draft).toMatchObject({ supplierId: w.supplierId, status: 'draft' });
    const demand = (po: any, sku: number) => po.lines.find((l: { skuId: string }) => l.skuId === w.skuIds[sku]);
    expect(demand(draft, 0)).toMatchObject({ demandQuantity: 6, orderedQuantity: 6 });
    expect(demand(draft, 1)).toMatchObject({ demandQuantity: 3, orderedQuantity: 3 });
    expect((await ok('POST', `/api/v1/admin/purchase-orders/${poId}/send`, admin, undefined, 200)).status).toBe('sent');

    const supplier = await t.login('supplier', w.supplierPhone);
    const mine = await ok('GET', '/api/v1/supplier/purchase-orders', supplier);
    expect(mine.items.map((p: { id: string }) => p.id)).toEqual([poId]);
    const confirmed = await ok(
      'POST',
      `/api/v1/supplier/purchase-orders/${poId}/confirmation`,
      supplier,
      { lines: [{ lineId: demand(draft, 0).id, confirmedQuantity: 5 }] },
      200,
    );
    expect(confirmed.status).toBe('short_confirmed');

    // Another supplier of the same operator sees none of it.
    const otherPhone = nextPhone();
    await t.ctx.db
      .insertInto('suppliers')
      .values({ id: newId('sup'), operator_id: w.operatorId, name: '岳麓蔬菜', phone: otherPhone, created_at: t.clock.now() })
      .execute();
    const other = await t.login('supplier', otherPhone);
    expect((await ok('GET', '/api/v1/supplier/purchase-orders', other)).items).toEqual([]);
    expect((await t.request('GET', `/api/v1/supplier/purchase-orders/${poId}`, { token: other })).status).toBe(404);
  });

  it('the warehouse receives; the shortage is refunded to the latest payer and the orders are allocated', async () => {
    t.clock.set(new Date('2026-11-20T19:00:00Z')); // 03:00 on the pickup day
    const po = await ok('GET', `/api/v1/admin/purchase-orders/${poId}`, admin);
    const lines = po.lines.map((l: any) => ({
      lineId: l.id,
      receivedQuantity: l.confirmedQuantity,
      lotCode: `L-${l.skuId.slice(-4)}`,
      expiresOn: '2026-12-01',
    }));
    expect((await ok('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, admin, { lines }, 200)).status).toBe('receiving');
    expect((await ok('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, admin, undefined, 200)).status).toBe('received');
    await settle();

    // r1 and r2 both bought SKU 0; r2 paid last, so r2 goes without the missing unit.
    const r2 = await shopOrder(2, 'r2');
    expect(r2).toMatchObject({ status: 'allocated', refundedFen: PRICE[0] });
    expect(await refundsOf(orders.r2!.id)).toMatchObject([{ kind: 'shortage', amount_fen: PRICE[0], blame: 'supplier' }]);
    for (const [i, name] of [
      [0, 'r0'],
      [1, 'r1'],
    ] as const)
      expect(await shopOrder(i, name)).toMatchObject({ status: 'allocated', refundedFen: 0 });
  });

  it('the dispatcher plans and publishes the route; the sorting sheet lists a bundle per pickup point', async () => {
    t.clock.set(new Date('2026-11-20T20:00:00Z'));
    const plan = await ok('POST', '/api/v1/admin/route-plans', admin, { warehouseId, deliveryDate: PICKUP_DATE, maxIterations: 2000 }, 200);
    expect(plan.unserved).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    route = await ok('POST', `/api/v1/admin/routes/${plan.routes[0].id}/publish`, admin, { driverId: drivers[0]!.id }, 200);
    expect(route.status).toBe('published');
    expect(route.stops.map((s: { pickupPointId: string }) => s.pickupPointId).sort()).toEqual(w.leaders.map((l) => l.pickupPointId).sort());

    const sheet = await ok('GET', `/api/v1/admin/sorting?deliveryDate=${PICKUP_DATE}`, admin);
    expect(sheet.routes).toHaveLength(1);
    expect(sheet.routes[0].routeId).toBe(route.id);
    const bundles = Object.fromEntries(
      sheet.routes[0].bundles.map((b: any) => [b.pickupPointId, Object.fromEntries(b.lines.map((l: any) => [l.skuId, l.quantity]))]),
    );
    const [sku0, sku1] = w.skuIds as [string, string];
    expect(bundles).toEqual({
      [w.leaders[0]!.pickupPointId]: { [sku0]: 3, [sku1]: 3 },
      [w.leaders[1]!.pickupPointId]: { [sku0]: 2 },
    });
  });

  it('the driver delivers stop by stop; the leaders confirm, one short of a unit, and the orders are delivered', async () => {
    const [mine, other] = drivers as [{ id: string; token: string }, { id: string; token: string }];
    const listed = await ok('GET', `/api/v1/driver/routes?date=${PICKUP_DATE}`, mine.token);
    expect(listed.items.map((r: { id: string }) => r.id)).toEqual([route.id]);
    expect((await ok('GET', `/api/v1/driver/routes?date=${PICKUP_DATE}`, other.token)).items).toEqual([]);
    expect((await t.request('GET', `/api/v1/driver/routes/${route.id}`, { token: other.token })).status).toBe(404);

    t.clock.set(new Date('2026-11-20T21:00:00Z')); // 05:00
    expect((await ok('POST', `/api/v1/driver/routes/${route.id}/depart`, mine.token, undefined, 200)).status).toBe('in_transit');
    const sku1 = w.skuIds[1]!;
    for (const stop of route.stops) {
      t.clock.advance(10 * MINUTE);
      const step = (action: string) =>
        ok('POST', `/api/v1/driver/routes/${route.id}/stops/${stop.id}/${action}`, mine.token, undefined, 200);
      await step('arrive');
      await step('hand-over');
      const leader = w.leaders.findIndex((l) => l.pickupPointId === stop.pickupPointId);
      const stranger = leaderToken[1 - leader]!;
      expect((await t.request('POST', `/api/v1/leader/deliveries/${stop.id}/confirm`, { token: stranger, body: {} })).status).toBe(404);
      const body = leader === 0 ? { lines: [{ skuId: sku1, received: 2 }] } : {};
      const confirmed = await ok('POST', `/api/v1/leader/deliveries/${stop.id}/confirm`, leaderToken[leader]!, body, 200);
      if (leader === 0) {
        // The seal was intact: the warehouse packed one short; r2 paid after r0 and loses a unit of SKU 1.
        expect(confirmed).toMatchObject({
          discrepancies: [{ skuId: sku1, expected: 3, received: 2, blame: 'warehouse' }],
          refundedFen: PRICE[1],
          ordersDelivered: 2,
        });
      } else expect(confirmed).toMatchObject({ discrepancies: [], refundedFen: 0, ordersDelivered: 1 });
    }
    await settle();
    expect((await ok('GET', `/api/v1/admin/routes/${route.id}`, admin)).status).toBe('completed');
    expect(await refundsOf(orders.r2!.id)).toMatchObject([
      { kind: 'shortage', amount_fen: PRICE[0] },
      { kind: 'handover', amount_fen: PRICE[1], blame: 'warehouse' },
    ]);
    expect(await shopOrder(2, 'r2')).toMatchObject({ status: 'delivered', refundedFen: PRICE[0] + PRICE[1] });
    expect((await shopOrder(0, 'r0')).status).toBe('delivered');
    expect((await shopOrder(1, 'r1')).status).toBe('delivered');
  });

  it('the leaders hand out the orders by pickup code', async () => {
    t.clock.set(new Date('2026-11-21T02:00:00Z')); // 10:00
    for (const [i, leader, name] of [
      [0, 0, 'r0'],
      [1, 1, 'r1'],
      [2, 0, 'r2'],
    ] as const) {
      const verified = await ok(
        'POST',
        '/api/v1/leader/pickups/verify',
        leaderToken[leader]!,
        { code: orders[name]!.pickupCode, pickupDate: PICKUP_DATE },
        200,
      );
      expect(verified.order).toMatchObject({ orderId: orders[name]!.id, state: 'picked' });
      expect((await shopOrder(i, name)).status).toBe('picked_up');
    }
  });

  it('a claim approved by the leader is refunded', async () => {
    t.clock.set(new Date('2026-11-21T04:00:00Z'));
    const claim = await ok('POST', '/api/v1/shop/aftersales', residentToken[0]!, {
      orderLineId: orders.r0!.lineIds[0],
      type: 'damaged',
      quantity: 1,
      description: '一个橙子压坏了',
    });
    expect(claim).toMatchObject({ status: 'submitted', requestedFen: PRICE[0] });
    expect(
      (await t.request('POST', `/api/v1/leader/aftersales/${claim.id}/approve`, { token: leaderToken[1]!, body: { reason: '核实' } }))
        .status,
    ).toBe(404);
    const approved = await ok('POST', `/api/v1/leader/aftersales/${claim.id}/approve`, leaderToken[0]!, { reason: '照片属实' }, 200);
    expect(approved).toMatchObject({ status: 'refunded', approvedFen: PRICE[0] });
    await settle();
    expect(await shopOrder(0, 'r0')).toMatchObject({ status: 'picked_up', refundedFen: PRICE[0] });
    expect((await refundsOf(orders.r0!.id)).map((r) => r.kind)).toEqual(['aftersales']);
  });

  it('after the after-sales window the commission is available and the ledger reconciles', async () => {
    t.clock.advance(3 * DAY);
    await settle();
    // Net sales at the first leader's point: r0 4560 − 990 claimed; r2 4170 − 990 short − 1590 missing; 10 % commission.
    const statement = await ok('GET', '/api/v1/leader/commission', leaderToken[0]!);
    expect(statement).toMatchObject({ salesFen: 3570 + 1590, pendingFen: 0, availableFen: 516 });
    const second = await ok('GET', '/api/v1/leader/commission', leaderToken[1]!);
    expect(second).toMatchObject({ salesFen: 1980, pendingFen: 0, availableFen: 198 });
    for (const date of [ORDER_DATE, PICKUP_DATE]) {
      const rec = await ok('GET', `/api/v1/admin/finance/reconciliation?date=${date}`, admin);
      expect(rec, JSON.stringify(rec)).toMatchObject({ date, ok: true });
    }
  });
});
