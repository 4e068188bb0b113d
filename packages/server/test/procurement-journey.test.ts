import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

let t: TestApp;
let w: World;
let purchaser: string;
let warehouse: string;
let supplier: string;
let poId: string;
const orders: Record<string, { id: string; lineIds: string[] }> = {};
const pickupDate = '2026-11-21';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 3 });
  purchaser = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['purchaser'])).phone);
  warehouse = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['warehouse'])).phone);
  supplier = await t.login('supplier', w.supplierPhone);
  const cutoffAt = new Date(t.clock.now().getTime() + 3600_000);
  const c = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt });
  const [a, b] = c.lineIds as [string, string];
  const [p1, p2] = [w.leaders[0]!.pickupPointId, w.leaders[1]!.pickupPointId];
  orders.first = await orderAs(t, w.operatorId, w.residents[0]!.id, p1, [[a, 3]]);
  t.clock.advance(MINUTE);
  orders.second = await orderAs(t, w.operatorId, w.residents[1]!.id, p2, [
    [a, 2],
    [b, 1],
  ]);
  t.clock.advance(MINUTE);
  orders.third = await orderAs(t, w.operatorId, w.residents[2]!.id, p1, [[a, 4]]);
  await passCutoff(t, w.operatorId, c.id, cutoffAt);
});
afterAll(() => t.close());

const lineOf = (po: { lines: Array<{ id: string; skuId: string }> }, i: number) => po.lines.find((l) => l.skuId === w.skuIds[i])!.id;

describe('procurement from cutoff to allocated orders, through HTTP', () => {
  it('the purchaser sees the draft from demand, adjusts a quantity and sends it; the supplier is told', async () => {
    const list = await t.request('GET', `/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}`, { token: purchaser });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const po = list.body.items[0];
    poId = po.id;
    expect(po).toMatchObject({ supplierId: w.supplierId, deliveryDate: pickupDate, status: 'draft', supplierName: '湘江果蔬' });
    expect(po.lines.find((l: { skuId: string }) => l.skuId === w.skuIds[0])).toMatchObject({
      demandQuantity: 9,
      suggestedQuantity: 9,
      orderedQuantity: 9,
      adjusted: false,
    });

    const pick = await t.request('GET', `/api/v1/admin/pick-lists?pickupDate=${pickupDate}&pickupPointId=${w.leaders[0]!.pickupPointId}`, {
      token: purchaser,
    });
    expect(pick.body.items).toEqual([
      { pickupPointId: w.leaders[0]!.pickupPointId, skuId: w.skuIds[0], supplierId: w.supplierId, quantity: 7 },
    ]);

    const bad = await t.request('PATCH', `/api/v1/admin/purchase-orders/${poId}/lines`, {
      token: purchaser,
      body: { lines: [{ lineId: 'pol_nope', orderedQuantity: 1 }] },
    });
    expect(bad.status).toBe(400);
    const adjusted = await t.request('PATCH', `/api/v1/admin/purchase-orders/${poId}/lines`, {
      token: purchaser,
      body: { lines: [{ lineId: lineOf(po, 1), orderedQuantity: 2 }] },
    });
    expect(adjusted.status).toBe(200);
    expect(adjusted.body.lines.find((l: { skuId: string }) => l.skuId === w.skuIds[1])).toMatchObject({
      suggestedQuantity: 1,
      orderedQuantity: 2,
      adjusted: true,
    });

    const xlsx = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/export.xlsx`, { token: purchaser });
    expect(xlsx.status).toBe(200);

    const sent = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: purchaser });
    expect(sent.body.status).toBe('sent');
    const again = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: purchaser });
    expect(again.body.code).toBe('INVALID_STATE');
    const told = await t.ctx.db.selectFrom('notifications').selectAll().where('recipient_kind', '=', 'supplier').execute();
    expect(told.map((n) => n.recipient_id)).toEqual([w.supplierId]);
    const events = await t.ctx.db.selectFrom('outbox').select('payload').where('event_type', '=', 'purchase_order.sent').execute();
    expect(events.map((e) => e.payload)).toEqual([{ purchaseOrderId: poId, supplierId: w.supplierId, deliveryDate: pickupDate }]);
  });

  it('the supplier lists their purchase orders and ships one line short', async () => {
    const mine = await t.request('GET', '/api/v1/supplier/purchase-orders', { token: supplier });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([poId]);
    const po = mine.body.items[0];
    const tooMany = await t.request('POST', `/api/v1/supplier/purchase-orders/${poId}/confirmation`, {
      token: supplier,
      body: { lines: [{ lineId: lineOf(po, 0), confirmedQuantity: 10 }] },
    });
    expect(tooMany.status).toBe(400);
    const confirmed = await t.request('POST', `/api/v1/supplier/purchase-orders/${poId}/confirmation`, {
      token: supplier,
      body: { lines: [{ lineId: lineOf(po, 0), confirmedQuantity: 8 }] },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('short_confirmed');
    expect(confirmed.body.lines.map((l: { confirmedQuantity: number }) => l.confirmedQuantity).sort()).toEqual([2, 8]);
  });

  it('the warehouse receives with rejects and an over-delivery; the shortage is refunded with blame on the supplier', async () => {
    const po = (await t.request('GET', `/api/v1/admin/purchase-orders/${poId}`, { token: warehouse })).body;
    const received = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: {
        lines: [
          { lineId: lineOf(po, 0), receivedQuantity: 8, rejectedQuantity: 1, lotCode: 'L-A', expiresOn: '2026-11-30' },
          { lineId: lineOf(po, 1), receivedQuantity: 3, lotCode: 'L-B', expiresOn: '2026-11-30' },
        ],
      },
    });
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('receiving');
    expect(received.body.lines.find((l: { skuId: string }) => l.skuId === w.skuIds[1])).toMatchObject({
      receivedQuantity: 3,
      acceptedQuantity: 2,
      overQuantity: 1,
      overAccepted: false,
    });
    const twice = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: { lines: [{ lineId: lineOf(po, 1), receivedQuantity: 1, lotCode: 'L-C' }] },
    });
    expect(twice.body.code).toBe('INVALID_STATE');

    const done = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: warehouse });
    expect(done.body.status).toBe('received');
    const event = await t.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'purchase_order.received')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ purchaseOrderId: poId, supplierId: w.supplierId, deliveryDate: pickupDate });
    expect(event.payload.lines).toEqual(
      expect.arrayContaining([
        {
          purchaseOrderLineId: lineOf(po, 0),
          skuId: w.skuIds[0],
          orderedQuantity: 9,
          receivedQuantity: 8,
          rejectedQuantity: 1,
          acceptedQuantity: 7,
          costPriceFen: 1194,
          shortReason: 'rejected_quality',
        },
      ]),
    );

    await settle(t);
    // 9 sold, 7 accepted: the last payer (third order, 4 units) goes 2 short.
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['order_id', 'amount_fen', 'kind', 'blame'])
      .where('kind', '=', 'shortage')
      .execute();
    expect(refunds).toEqual([{ order_id: orders.third!.id, amount_fen: 2 * 990, kind: 'shortage', blame: 'supplier' }]);
    // The supplier is paid for the accepted units only; the refund stays the operator's cost (no charge-back).
    expect(await t.ctx.db.selectFrom('journal_entries').select('id').where('kind', '=', 'blame_charge').execute()).toEqual([]);
    const shortage = await t.ctx.db.selectFrom('outbox').select('payload').where('event_type', '=', 'shortage.allocated').execute();
    expect(shortage.map((e) => e.payload)).toEqual([
      { pickupDate, skuId: w.skuIds[0], shortQuantity: 2, orderLineIds: orders.third!.lineIds },
    ]);
    const told = await t.ctx.db.selectFrom('notifications').select('recipient_kind').where('title', '=', '缺货退款').execute();
    expect(told.map((n) => n.recipient_kind).sort()).toEqual(['leader', 'resident']);
    const statuses = await t.ctx.db.selectFrom('orders').select('status').where('operator_id', '=', w.operatorId).execute();
    expect(statuses.map((s) => s.status)).toEqual(['allocated', 'allocated', 'allocated']);
    // The crate for the first pickup point now holds 3 + 2 of the first SKU (the third order lost 2).
    const pick = await t.request('GET', `/api/v1/admin/pick-lists?pickupDate=${pickupDate}&pickupPointId=${w.leaders[0]!.pickupPointId}`, {
      token: warehouse,
    });
    expect(pick.body.items).toEqual([
      { pickupPointId: w.leaders[0]!.pickupPointId, skuId: w.skuIds[0], supplierId: w.supplierId, quantity: 5 },
    ]);
    const lots = await t.ctx.db.selectFrom('stock_lots').select(['lot_code', 'quantity_on_hand']).orderBy('lot_code').execute();
    expect(lots).toEqual([
      { lot_code: 'L-A', quantity_on_hand: 0 },
      { lot_code: 'L-B', quantity_on_hand: 1 },
    ]);
  });
});

describe('who may do what with purchase orders', () => {
  it('a supplier sees only their own; staff roles are checked; another tenant gets NOT_FOUND', async () => {
    const otherSupplier = { id: newId('sup'), phone: nextPhone() };
    await t.ctx.db
      .insertInto('suppliers')
      .values({ id: otherSupplier.id, operator_id: w.operatorId, name: '别家', phone: otherSupplier.phone, created_at: t.clock.now() })
      .execute();
    const other = await t.login('supplier', otherSupplier.phone);
    expect((await t.request('GET', '/api/v1/supplier/purchase-orders', { token: other })).body.items).toEqual([]);
    expect((await t.request('GET', `/api/v1/supplier/purchase-orders/${poId}`, { token: other })).status).toBe(404);
    expect(
      (await t.request('POST', `/api/v1/supplier/purchase-orders/${poId}/confirmation`, { token: other, body: { lines: [] } })).status,
    ).toBe(404);
    expect((await t.request('GET', '/api/v1/admin/purchase-orders', { token: supplier })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/supplier/purchase-orders', { token: purchaser })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: warehouse })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: purchaser })).status).toBe(403);
    expect(
      (
        await t.request('PUT', '/api/v1/admin/procurement/settings', {
          token: purchaser,
          body: { bufferPercent: 5, shortageRule: 'pro_rata' },
        })
      ).status,
    ).toBe(403);
    const resident = await t.login('resident', nextPhone());
    expect((await t.request('GET', '/api/v1/admin/purchase-orders', { token: resident })).status).toBe(403);

    const elsewhere = await createWorld(t.ctx, { slug: 'other-op', skus: 1, leaders: 1, residents: 0 });
    const foreign = await t.login('staff', (await createStaff(t.ctx, elsewhere.operatorId, ['purchaser'])).phone, 'other-op');
    expect((await t.request('GET', `/api/v1/admin/purchase-orders/${poId}`, { token: foreign })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/cancel`, { token: foreign })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/admin/purchase-orders', { token: foreign })).body.total).toBe(0);
  });
});
