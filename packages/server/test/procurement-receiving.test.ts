import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedLotCode, needsShortReason } from '../src/modules/procurement/procurement.rules.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

/**
 * Receiving cannot wipe out a line by accident: a blank lot gets a lot number from the server,
 * nothing received needs a reason, completing needs every promised line recorded, the residents
 * a shortfall would refund are counted before it happens (and match what the allocation then
 * refunds), and a confirmation taken by phone moves the order on as the supplier's own does.
 */
describe('receiving rules', () => {
  it('makes a readable lot number from the delivery date and the running number', () => {
    const table: Array<[string, number, string]> = [
      ['2026-12-05', 7, 'L20261205-0007'],
      ['2026-12-05', 1, 'L20261205-0001'],
      ['2026-01-31', 42, 'L20260131-0042'],
      ['2026-11-21', 9999, 'L20261121-9999'],
      ['2026-11-21', 12345, 'L20261121-12345'],
    ];
    for (const [date, seq, code] of table) expect(generatedLotCode(date, seq), `${date} #${seq}`).toBe(code);
    for (const [date, seq] of [
      ['2026-12-05', 0],
      ['2026-12-05', 1.5],
      ['20261205', 1],
    ] as const) {
      expect(() => generatedLotCode(date, seq), `${date} #${seq}`).toThrow();
    }
  });

  it('asks why only when nothing came of a line the supplier promised units of', () => {
    // ordered, confirmed, received → a reason is required
    const table: Array<[number, number | null, number, boolean]> = [
      [10, null, 0, true],
      [10, 10, 0, true],
      [10, 4, 0, true],
      [10, 0, 0, false],
      [10, null, 1, false],
      [10, 4, 3, false],
      [0, null, 0, false],
    ];
    for (const [ordered, confirmed, received, needed] of table) {
      expect(needsShortReason({ ordered, confirmed }, received), `${ordered}/${confirmed}: ${received}`).toBe(needed);
    }
  });
});

let t: TestApp;
let w: World;
let purchaser: string;
let purchaserName: string;
let warehouse: string;
let supplier: string;
let poId: string;
const pickupDate = '2026-11-21';
type Po = { status: string; lines: Array<{ id: string; skuId: string; orderedQuantity: number; confirmedQuantity: number | null }> };
const lineOf = (po: Po, i: number) => po.lines.find((l) => l.skuId === w.skuIds[i])!;
const get = async (): Promise<Po & Record<string, unknown>> =>
  (await t.request('GET', `/api/v1/admin/purchase-orders/${poId}`, { token: warehouse })).body;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 3, leaders: 1, residents: 4 });
  const p = await createStaff(t.ctx, w.operatorId, ['purchaser']);
  purchaserName = `staff ${p.phone}`;
  purchaser = await t.login('staff', p.phone);
  warehouse = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['warehouse'])).phone);
  supplier = await t.login('supplier', w.supplierPhone);
  const cutoffAt = new Date(t.clock.now().getTime() + 3600_000);
  const c = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt });
  const [a, b, c3] = c.lineIds as [string, string, string];
  const point = w.leaders[0]!.pickupPointId;
  const buys: Array<[number, Array<[string, number]>]> = [
    [
      0,
      [
        [a, 2],
        [b, 1],
      ],
    ],
    [1, [[a, 1]]],
    [
      2,
      [
        [a, 3],
        [c3, 2],
      ],
    ],
    [0, [[a, 1]]], // a second order of the same resident: one resident, two order lines
    [3, [[b, 2]]],
  ];
  for (const [r, lines] of buys) {
    await orderAs(t, w.operatorId, w.residents[r]!.id, point, lines);
    t.clock.advance(MINUTE);
  }
  await passCutoff(t, w.operatorId, c.id, cutoffAt);
  const list = await t.request('GET', `/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}`, { token: purchaser });
  poId = list.body.items[0].id;
});
afterAll(() => t.close());

describe('a confirmation taken by phone', () => {
  it('is refused on a draft, without a note and for the warehouse, changing nothing', async () => {
    const body = { note: '王经理电话确认', lines: [] };
    const draft = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, { token: purchaser, body });
    expect([draft.status, draft.body.code]).toEqual([409, 'INVALID_STATE']);
    await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: purchaser });
    for (const note of ['', '   ']) {
      const bad = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, {
        token: purchaser,
        body: { note, lines: [] },
      });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const noNote = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, {
      token: purchaser,
      body: { lines: [] },
    });
    expect(noNote.status).toBe(400);
    const byWarehouse = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, { token: warehouse, body });
    expect(byWarehouse.status).toBe(403);
    const tooMany = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, {
      token: purchaser,
      body: { note: 'x', lines: [{ lineId: lineOf(await get(), 1).id, confirmedQuantity: 99 }] },
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const po = await get();
    expect(po).toMatchObject({ status: 'sent', confirmedAt: null, phoneConfirmation: null });
    expect(po.lines.every((l) => l.confirmedQuantity === null)).toBe(true);
  });

  it('moves the order on as the supplier would, says who took it, and the supplier can no longer confirm', async () => {
    const before = await get();
    const b = lineOf(before, 1);
    const res = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, {
      token: purchaser,
      body: { note: ' 王经理电话确认，橙子少发 1 箱 ', lines: [{ lineId: b.id, confirmedQuantity: b.orderedQuantity - 1 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'short_confirmed',
      confirmedAt: t.clock.now().toISOString(),
      phoneConfirmation: { staffName: purchaserName, note: '王经理电话确认，橙子少发 1 箱' },
    });
    expect(res.body.lines.map((l: { skuId: string; confirmedQuantity: number }) => [l.skuId, l.confirmedQuantity])).toEqual(
      before.lines.map((l) => [l.skuId, l.id === b.id ? l.orderedQuantity - 1 : l.orderedQuantity]),
    );
    // The supplier sees it confirmed; confirming again is refused as after its own confirmation.
    const mine = await t.request('GET', `/api/v1/supplier/purchase-orders/${poId}`, { token: supplier });
    expect(mine.body.status).toBe('short_confirmed');
    const again = await t.request('POST', `/api/v1/supplier/purchase-orders/${poId}/confirmation`, {
      token: supplier,
      body: { lines: [] },
    });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);
    const twice = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/phone-confirmation`, {
      token: purchaser,
      body: { note: 'again', lines: [] },
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE']);
  });
});

describe('receiving a line', () => {
  let preview: { shortQuantity: number; orderLines: number; residents: number; allocated: boolean };

  it('counts the residents a line received empty would refund', async () => {
    const a = lineOf(await get(), 0);
    const res = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}&acceptedQuantity=0`, {
      token: warehouse,
    });
    expect(res.status).toBe(200);
    preview = res.body;
    // SKU 0: 2 + 1 + 3 + 1 units over four order lines of three residents.
    expect(preview).toEqual({ lineId: a.id, shortQuantity: 7, orderLines: 4, residents: 3, allocated: false });
    // Latest paid first: 6 units in leave 1 short, on the order paid last (resident 0's second).
    const six = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}&acceptedQuantity=6`, {
      token: warehouse,
    });
    expect(six.body).toMatchObject({ shortQuantity: 1, orderLines: 1, residents: 1 });
    const all = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}&acceptedQuantity=7`, {
      token: warehouse,
    });
    expect(all.body).toMatchObject({ shortQuantity: 0, orderLines: 0, residents: 0 });
    const other = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=pol_nothere`, {
      token: warehouse,
    });
    expect(other.status).toBe(404);
    const bad = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}&acceptedQuantity=-1`, {
      token: warehouse,
    });
    expect(bad.status).toBe(400);
  });

  it('refuses nothing received without a reason, changing nothing', async () => {
    const po = await get();
    const res = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: {
        lines: [
          { lineId: lineOf(po, 1).id, receivedQuantity: 1 },
          { lineId: lineOf(po, 0).id, receivedQuantity: 0 },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'SHORT_REASON_REQUIRED', details: { lineId: lineOf(po, 0).id } });
    expect(await get()).toEqual(po);
    expect(await t.ctx.db.selectFrom('lot_sequences').selectAll().execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('stock_lots').selectAll().execute()).toEqual([]);
  });

  it('makes the lot number when it is left blank', async () => {
    const po = await get();
    const b = lineOf(po, 1);
    const c = lineOf(po, 2);
    const res = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: {
        lines: [
          { lineId: b.id, receivedQuantity: b.confirmedQuantity, expiresOn: '2026-12-01' },
          { lineId: c.id, receivedQuantity: c.confirmedQuantity, lotCode: '  ' },
        ],
      },
    });
    expect(res.status).toBe(200);
    const codes = (await get()).lines.map((l) => [l.skuId, (l as { lotCode?: string | null }).lotCode]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [w.skuIds[1], 'L20261121-0001'],
        [w.skuIds[2], 'L20261121-0002'],
        [w.skuIds[0], null],
      ]),
    );
    const lots = await t.ctx.db.selectFrom('stock_lots').select(['sku_id', 'lot_code']).orderBy('lot_code').execute();
    expect(lots).toEqual([
      { sku_id: w.skuIds[1], lot_code: 'L20261121-0001' },
      { sku_id: w.skuIds[2], lot_code: 'L20261121-0002' },
    ]);
  });

  it('refuses to complete while a promised line is not recorded, changing nothing', async () => {
    const po = await get();
    const res = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: warehouse });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'LINES_NOT_RECORDED', details: { lineIds: [lineOf(po, 0).id] } });
    expect(await get()).toEqual(po);
  });

  it('records nothing received with its reason; the allocation refunds exactly the residents counted', async () => {
    const a = lineOf(await get(), 0);
    const again = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}`, { token: warehouse });
    expect(again.body).toEqual(preview);
    const res = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receipts`, {
      token: warehouse,
      body: { lines: [{ lineId: a.id, receivedQuantity: 0, shortReason: 'warehouse_error' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.lines.find((l: { id: string }) => l.id === a.id)).toMatchObject({
      receivedQuantity: 0,
      acceptedQuantity: 0,
      shortReason: 'warehouse_error',
      lotCode: null,
    });
    const done = await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/receiving/complete`, { token: warehouse });
    expect(done.body.status).toBe('received');
    await settle(t);
    const shorted = await t.ctx.db
      .selectFrom('shortage_lines as l')
      .innerJoin('shortage_allocations as s', 's.id', 'l.allocation_id')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .select(['o.resident_id', 'l.quantity', 'o.refunded_fen'])
      .where('s.sku_id', '=', w.skuIds[0]!)
      .execute();
    expect(new Set(shorted.map((r) => r.resident_id)).size).toBe(preview.residents);
    expect(shorted.length).toBe(preview.orderLines);
    expect(shorted.reduce((s, r) => s + r.quantity, 0)).toBe(preview.shortQuantity);
    expect(shorted.every((r) => r.refunded_fen > 0)).toBe(true);
    // Once allocated, the preview has nothing left to say.
    const after = await t.request('GET', `/api/v1/admin/purchase-orders/${poId}/shortfall-preview?lineId=${a.id}`, { token: warehouse });
    expect(after.status).toBe(409);
  });
});
