import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { FAILURE_MESSAGE } from '../src/modules/procurement/cutoff.pipeline.ts';
import { saveProcurementSettings } from '../src/modules/procurement/settings.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createResident, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 4 });
});
afterAll(() => t.close());

const p1 = () => w.leaders[0]!.pickupPointId;
const p2 = () => w.leaders[1]!.pickupPointId;
const r = (i: number) => w.residents[i]!.id;

describe('cutoff of a campaign that reached its minimum', () => {
  it('waits for unpaid orders to expire, then aggregates demand per SKU and pickup point and drafts the purchase order', async () => {
    const start = t.clock.now();
    const cutoffAt = new Date(start.getTime() + HOUR);
    const c = await createOpenCampaign(t.ctx, w, { pickupDate: '2026-11-21', cutoffAt, minTotal: 5 });
    const [sku0, sku1] = c.lineIds as [string, string];
    await orderAs(t, w.operatorId, r(0), p1(), [[sku0, 3]]);
    await orderAs(t, w.operatorId, r(1), p2(), [
      [sku0, 2],
      [sku1, 1],
    ]);
    await orderAs(t, w.operatorId, r(2), p1(), [[sku0, 1]]);
    t.clock.set(new Date(cutoffAt.getTime() - 5 * MINUTE));
    const unpaid = await orderAs(t, w.operatorId, r(3), p2(), [[sku1, 4]], false);

    await passCutoff(t, w.operatorId, c.id, cutoffAt);
    const closed = await t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    // The unpaid order can still be paid until it expires (10 minutes after cutoff): nothing decided yet.
    expect(await t.ctx.db.selectFrom('campaign_cutoffs').selectAll().where('campaign_id', '=', c.id).execute()).toEqual([]);

    t.clock.set(new Date(cutoffAt.getTime() + 11 * MINUTE));
    await settle(t);
    const cutoff = await t.ctx.db.selectFrom('campaign_cutoffs').selectAll().where('campaign_id', '=', c.id).executeTakeFirstOrThrow();
    expect(cutoff).toMatchObject({ outcome: 'succeeded', ordered_quantity: 7, min_total_quantity: 5, stage: 'done' });
    const order = await t.ctx.db.selectFrom('orders').select('status').where('id', '=', unpaid.id).executeTakeFirstOrThrow();
    expect(order.status).toBe('expired');

    const skus = w.skuIds as [string, string];
    const demand = await t.ctx.db
      .selectFrom('demand_lines')
      .select(['sku_id', 'pickup_point_id', 'quantity', 'pickup_date'])
      .where('campaign_id', '=', c.id)
      .execute();
    expect(demand).toHaveLength(3);
    expect(demand).toEqual(
      expect.arrayContaining([
        { sku_id: skus[0], pickup_point_id: p1(), quantity: 4, pickup_date: '2026-11-21' },
        { sku_id: skus[0], pickup_point_id: p2(), quantity: 2, pickup_date: '2026-11-21' },
        { sku_id: skus[1], pickup_point_id: p2(), quantity: 1, pickup_date: '2026-11-21' },
      ]),
    );
    const pos = await t.ctx.db.selectFrom('purchase_orders').selectAll().where('operator_id', '=', w.operatorId).execute();
    expect(pos).toHaveLength(1);
    expect(pos[0]).toMatchObject({ supplier_id: w.supplierId, delivery_date: '2026-11-21', status: 'draft' });
    const lines = await t.ctx.db
      .selectFrom('purchase_order_lines')
      .select(['sku_id', 'demand_quantity', 'suggested_quantity', 'ordered_quantity', 'cost_price_fen'])
      .where('purchase_order_id', '=', pos[0]!.id)
      .orderBy('sku_id')
      .execute();
    expect(lines).toEqual(
      [
        { sku_id: skus[0], demand_quantity: 6, suggested_quantity: 6, ordered_quantity: 6, cost_price_fen: 1194 },
        { sku_id: skus[1], demand_quantity: 1, suggested_quantity: 1, ordered_quantity: 1, cost_price_fen: 1254 },
      ].sort((a, b) => (a.sku_id < b.sku_id ? -1 : 1)),
    );
  });
});

describe('cutoff of a campaign below its minimum', () => {
  it('fails it, refunds every line in it with the resident told why, and buys nothing', async () => {
    const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
    const pickupDate = '2026-11-23';
    const failing = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt, minTotal: 100 });
    const other = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt: new Date(cutoffAt.getTime() + 3 * HOUR) });
    const [f0, f1] = failing.lineIds as [string, string];
    const whole = await orderAs(t, w.operatorId, r(0), p1(), [
      [f0, 2],
      [f1, 1],
    ]);
    const mixed = await orderAs(t, w.operatorId, r(1), p2(), [
      [f0, 1],
      [other.lineIds[0]!, 2],
    ]);
    // A payment that went through at the wallet but whose notification was lost: found by the expiry sweep later.
    const lateResident = await createResident(t.ctx, w.operatorId, p1());
    const principal: Principal = { kind: 'resident', id: lateResident.id, operatorId: w.operatorId, sessionId: 's', roles: [] };
    t.clock.set(new Date(cutoffAt.getTime() - MINUTE));
    const late = await placeOrder(t.ctx, principal, { pickupPointId: p1(), lines: [{ campaignLineId: f1, quantity: 1 }] });
    const intent = await payOrder(t.ctx, principal, late.id, 'notify');
    t.payments.payNow(intent.paymentId, intent.amountFen);

    await passCutoff(t, w.operatorId, failing.id, cutoffAt);
    t.clock.set(new Date(cutoffAt.getTime() + 20 * MINUTE));
    await settle(t);

    const cutoff = await t.ctx.db
      .selectFrom('campaign_cutoffs')
      .selectAll()
      .where('campaign_id', '=', failing.id)
      .executeTakeFirstOrThrow();
    expect(cutoff).toMatchObject({ outcome: 'failed', ordered_quantity: 4, min_total_quantity: 100, stage: 'done' });
    const failed = await t.ctx.db.selectFrom('outbox').select('payload').where('event_type', '=', 'campaign.failed').execute();
    expect(failed.map((e) => e.payload)).toEqual([{ campaignId: failing.id, pickupDate, orderedQuantity: 4, minTotalQuantity: 100 }]);

    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['order_id', 'amount_fen', 'kind', 'blame', 'status'])
      .where('kind', '=', 'campaign_failed')
      .orderBy('order_id')
      .execute();
    expect(refunds).toHaveLength(3);
    const byOrder = new Map(refunds.map((x) => [x.order_id, x]));
    expect(byOrder.get(whole.id)).toMatchObject({ amount_fen: 2 * 990 + 1090, blame: 'none', status: 'succeeded' });
    expect(byOrder.get(mixed.id)).toMatchObject({ amount_fen: 990, blame: 'none' });
    expect(byOrder.get(late.id)).toMatchObject({ amount_fen: 1090, blame: 'none' });
    const statuses = await t.ctx.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('id', 'in', [whole.id, mixed.id, late.id])
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [whole.id]: 'refunded',
      [mixed.id]: 'paid',
      [late.id]: 'refunded',
    });
    const mixedLines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['campaign_id', 'refunded_quantity'])
      .where('order_id', '=', mixed.id)
      .execute();
    expect(mixedLines.find((l) => l.campaign_id === other.id)?.refunded_quantity).toBe(0);
    const told = await t.ctx.db.selectFrom('notifications').select(['recipient_id', 'body']).where('body', '=', FAILURE_MESSAGE).execute();
    expect(told.map((n) => n.recipient_id).sort()).toEqual([r(0), r(1), lateResident.id].sort());

    expect(await t.ctx.db.selectFrom('demand_lines').select('sku_id').where('campaign_id', '=', failing.id).execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('purchase_orders').select('id').where('delivery_date', '=', pickupDate).execute()).toEqual([]);

    // Repeating every step's job changes nothing: no second refund.
    await settle(t);
    expect(await t.ctx.db.selectFrom('refunds').select('id').where('kind', '=', 'campaign_failed').execute()).toHaveLength(3);
  });
});

describe('suggested purchase quantities', () => {
  it('add the operator buffer and take off usable stock, ignoring lots that expire by the delivery date', async () => {
    await saveProcurementSettings(t.ctx.db, w.operatorId, { bufferPercent: 10, shortageRule: 'latest_paid_first' }, t.clock.now());
    const lot = (expiresOn: string | null, quantity: number) => ({
      id: newId('lot'),
      operator_id: w.operatorId,
      sku_id: w.skuIds[0]!,
      lot_code: 'OLD',
      expires_on: expiresOn,
      received_quantity: quantity,
      quantity_on_hand: quantity,
      purchase_order_line_id: null,
      received_at: t.clock.now(),
    });
    await t.ctx.db
      .insertInto('stock_lots')
      .values([lot('2026-11-30', 4), lot('2026-11-25', 50), lot(null, 1)])
      .execute();
    const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
    const c = await createOpenCampaign(t.ctx, w, { pickupDate: '2026-11-25', cutoffAt });
    await orderAs(t, w.operatorId, r(0), p1(), [[c.lineIds[0]!, 5]]);
    await orderAs(t, w.operatorId, r(1), p2(), [[c.lineIds[0]!, 6]]);
    await passCutoff(t, w.operatorId, c.id, cutoffAt);
    const line = await t.ctx.db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
      .select(['l.demand_quantity', 'l.stock_quantity', 'l.suggested_quantity', 'l.ordered_quantity'])
      .where('po.delivery_date', '=', '2026-11-25')
      .executeTakeFirstOrThrow();
    // 11 sold + 10 % rounded up (2) − 5 usable (the lot expiring on the delivery date does not count)
    expect(line).toEqual({ demand_quantity: 11, stock_quantity: 5, suggested_quantity: 8, ordered_quantity: 8 });
  });
});
