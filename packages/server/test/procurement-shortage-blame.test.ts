import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/ledger.reconcile.ts';
import { periodPnl } from '../src/modules/settlement/pnl.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance } from './ledger-fixtures.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

/**
 * Shortages at receiving: the supplier is paid for what was accepted, never charged the
 * resident's price for what was missing; the refund is the operator's cost, and the supplier is
 * blamed only when it shipped short itself or goods were rejected.
 */
let t: TestApp;
let w: World;
let warehouse: string;
let supplier: string;
let poId: string;
const orders: Record<string, { id: string; lineIds: string[] }> = {};
const pickupDate = '2026-11-21';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 2 });
  const purchaser = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['purchaser'])).phone);
  warehouse = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['warehouse'])).phone);
  supplier = await t.login('supplier', w.supplierPhone);
  const cutoffAt = new Date(t.clock.now().getTime() + 3600_000);
  const c = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt });
  const [a, b] = c.lineIds as [string, string];
  const point = w.leaders[0]!.pickupPointId;
  orders.first = await orderAs(t, w.operatorId, w.residents[0]!.id, point, [
    [a, 3],
    [b, 2],
  ]);
  t.clock.advance(MINUTE);
  orders.second = await orderAs(t, w.operatorId, w.residents[1]!.id, point, [
    [a, 2],
    [b, 2],
  ]);
  await passCutoff(t, w.operatorId, c.id, cutoffAt);
  const list = await t.request('GET', `/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}`, { token: purchaser });
  poId = list.body.items[0].id;
  await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: purchaser });
});
afterAll(() => t.close());

const lineOf = (po: { lines: Array<{ id: string; skuId: string }> }, i: number) => po.lines.find((l) => l.skuId === w.skuIds[i])!.id;

describe('shortages at receiving', () => {
  it('0 of 5 received of a line the supplier confirmed in full, 2 of 4 of a line it shipped short: warehouse and supplier blamed, no charge-back', async () => {
    const po = (await t.request('GET', `/api/v1/supplier/purchase-orders/${poId}`, { token: supplier })).body;
    expect(po.lines.map((l: { orderedQuantity: number }) => l.orderedQuantity).sort()).toEqual([4, 5]);
    // The supplier confirms the first SKU in full and ships 2 of 4 of the second.
    const confirmed = await t.request('POST', `/api/v1/supplier/purchase-orders/${poId}/confirmation`, {
      token: supplier,
      body: { lines: [{ lineId: lineOf(po, 1), confirmedQuantity: 2 }] },
    });
    expect(confirmed.body.status).toBe('short_confirmed');

    // A supplier reason where the supplier confirmed in full and nothing was rejected is refused, and changes nothing.
    for (const shortReason of ['supplier_short_shipped', 'rejected_quality']) {
      const bad = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
        token: warehouse,
        body: {
          lines: [
            { lineId: lineOf(po, 1), receivedQuantity: 2, lotCode: 'L-B' },
            { lineId: lineOf(po, 0), receivedQuantity: 0, lotCode: 'L-A', shortReason },
          ],
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    const unchanged = (await t.request('GET', `/api/v1/admin/purchase-orders/${poId}`, { token: warehouse })).body;
    expect(unchanged.status).toBe('short_confirmed');
    expect(
      unchanged.lines.map((l: { receivedQuantity: number | null; shortReason: string | null }) => [l.receivedQuantity, l.shortReason]),
    ).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(await t.ctx.db.selectFrom('stock_lots').select('id').execute()).toEqual([]);

    // The clerk records the second SKU (2 came, as the supplier said); completing is refused while the first is not recorded.
    const received = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: { lines: [{ lineId: lineOf(po, 1), receivedQuantity: 2, lotCode: 'L-B' }] },
    });
    expect(received.status).toBe(200);
    const early = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: warehouse });
    expect(early.body).toMatchObject({ code: 'LINES_NOT_RECORDED', details: { lineIds: [lineOf(po, 0)] } });
    // The first never arrived: recorded as 0 received, the warehouse's error (nothing received needs a reason).
    const none = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: { lines: [{ lineId: lineOf(po, 0), receivedQuantity: 0, shortReason: 'warehouse_error' }] },
    });
    expect(none.status).toBe(200);
    const done = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: warehouse });
    expect(done.body.status).toBe('received');
    const reasons = Object.fromEntries(
      done.body.lines.map((l: { skuId: string; acceptedQuantity: number; shortReason: string }) => [
        l.skuId,
        [l.acceptedQuantity, l.shortReason],
      ]),
    );
    expect(reasons).toEqual({ [w.skuIds[0]!]: [0, 'warehouse_error'], [w.skuIds[1]!]: [2, 'supplier_short_shipped'] });
    await settle(t);

    // Latest paid first: the second order goes without all its units of the first SKU, then the first order 3;
    // of the second SKU, 2 units of the second order.
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .innerJoin('refund_lines', 'refund_lines.refund_id', 'refunds.id')
      .innerJoin('order_lines', 'order_lines.id', 'refund_lines.order_line_id')
      .select(['order_lines.sku_id', 'refunds.blame', 'refund_lines.quantity'])
      .where('refunds.kind', '=', 'shortage')
      .execute();
    const bySku = (i: number) => refunds.filter((r) => r.sku_id === w.skuIds[i]).map((r) => ({ blame: r.blame, quantity: r.quantity }));
    expect(bySku(0)).toEqual(
      expect.arrayContaining([
        { blame: 'warehouse', quantity: 3 },
        { blame: 'warehouse', quantity: 2 },
      ]),
    );
    expect(bySku(1)).toEqual([{ blame: 'supplier', quantity: 2 }]);
    const allocations = await t.ctx.db
      .selectFrom('shortage_allocations')
      .select(['sku_id', 'short_quantity', 'blame'])
      .orderBy('sku_id')
      .execute();
    expect(allocations).toEqual(
      [
        { sku_id: w.skuIds[0], short_quantity: 5, blame: 'warehouse' },
        { sku_id: w.skuIds[1], short_quantity: 2, blame: 'supplier' },
      ].sort((x, y) => (x.sku_id! < y.sku_id! ? -1 : 1)),
    );

    // The supplier is owed the 2 units it delivered at cost: the missing ones are simply not paid, nothing is charged back.
    const cost1 = po.lines.find((l: { skuId: string }) => l.skuId === w.skuIds[1]).costPriceFen;
    expect(await balance(t, w, { code: 'supplier_payable', partyId: w.supplierId })).toBe(2 * cost1);
    const charges = await t.ctx.db.selectFrom('journal_entries').select('id').where('kind', '=', 'blame_charge').execute();
    expect(charges).toEqual([]);
    expect(await balance(t, w, { code: 'aftersales_recoveries' })).toBe(0);

    // The P&L: the refunds are the operator's; a shortage never lifts contribution above net revenue.
    const pnl = await periodPnl(t.ctx.db, w.operatorId, '2026-11-20', pickupDate);
    expect(pnl.recoveriesFen).toBe(0);
    expect(pnl.costOfGoodsFen).toBe(2 * cost1);
    expect(pnl.contributionFen).toBeLessThanOrEqual(pnl.netRevenueFen);
    const report = await reconcile(t.ctx.db, w.operatorId, pickupDate);
    expect(report.ok).toBe(true);
  });
});
