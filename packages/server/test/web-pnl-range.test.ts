import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent, paidOrder, refund } from './ledger-fixtures.ts';

// The P&L of a period: one request answers the totals, by category and SKU, and each day; it is the
// sum of its days, and one workbook exports it.

let t: TestApp;
let world: World;
let finance: string;
let campaign: { id: string; lineIds: string[] };

const headline = [
  'gmvFen',
  'refundsFen',
  'netRevenueFen',
  'costOfGoodsFen',
  'commissionFen',
  'grossMarginFen',
  'logisticsFen',
  'marketingFen',
  'recoveriesFen',
  'withdrawalFeesFen',
  'contributionFen',
] as const;
const figures = headline.slice(0, 6);
type Row = Record<string, number | string>;
// These tests read the days things were booked on (the batch view, the default, is tested below).
const get = async (query: string, view = 'booked') =>
  t.request('GET', `/api/v1/admin/finance/pnl?${query}&view=${view}`, { token: finance });

/** Rows merged by an id, their figures added (as a period adds its days). */
function merge(rows: Row[], id: string): Record<string, Row> {
  const out: Record<string, Row> = {};
  for (const r of rows) {
    const into = out[r[id] as string];
    if (!into) out[r[id] as string] = { ...r };
    else for (const k of figures) into[k] = (into[k] as number) + (r[k] as number);
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp(); // 2026-11-20 10:00 in Shanghai
  world = await createWorld(t.ctx, { skus: 3, leaders: 1, residents: 2 });
  campaign = await createOpenCampaign(t.ctx, world, { priceFen: 4_990, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
  const line = (i: number) => campaign.lineIds[i] as string;
  const resident = (i: number) => world.residents[i]?.id as string;
  // 11-20: two orders, one unit refunded.
  const a = await paidOrder(t, world, resident(0), [
    [line(0), 2],
    [line(1), 1],
  ]);
  await paidOrder(t, world, resident(1), [[line(2), 3]]);
  await refund(t, world, a.id, [{ orderLineId: a.lines[0]?.id as string, quantity: 1 }], 'aftersales', 'supplier');
  // 11-21: nothing. 11-22: goods received, a route, another order.
  t.clock.advance(2 * DAY);
  await emitEvent(t, world, 'purchase_order.received', 'po_r1', {
    purchaseOrderId: 'po_r1',
    supplierId: world.supplierId,
    deliveryDate: '2026-11-22',
    lines: [
      {
        purchaseOrderLineId: 'pol_r1',
        skuId: world.skuIds[0] as string,
        orderedQuantity: 10,
        receivedQuantity: 10,
        rejectedQuantity: 0,
        acceptedQuantity: 10,
        costPriceFen: 3_000,
        shortReason: null,
      },
    ],
  });
  await emitEvent(t, world, 'route.completed', 'rt_r1', {
    routeId: 'rt_r1',
    deliveryDate: '2026-11-22',
    driverId: 'drv_1',
    carrierId: 'car_1',
    vehicleTypeId: 'vt_1',
    stopsDelivered: 3,
    distanceMeters: 12_000,
    costFen: 4_500,
    rateCard: { perStopFen: 1_500 },
  });
  await paidOrder(t, world, resident(1), [
    [line(0), 1],
    [line(2), 2],
  ]);
});
afterAll(() => t.close());

describe('the P&L of a period', () => {
  it('equals the sum of its days: totals, each day, by category and by SKU', async () => {
    const res = await get('from=2026-11-19&to=2026-11-23');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const range = res.body;
    expect(range).toMatchObject({ from: '2026-11-19', to: '2026-11-23' });
    expect(range.date).toBeUndefined();
    const dates = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
    expect(range.days.map((d: Row) => d.date)).toEqual(dates);
    const days = [];
    for (const date of dates) days.push((await get(`date=${date}`)).body);
    expect(days[1].gmvFen).toBeGreaterThan(0);
    expect(days[3].costOfGoodsFen).toBe(30_000);
    expect(days[3].logisticsFen).toBe(4_500);
    expect(days[2].gmvFen).toBe(0);
    for (const [i, day] of days.entries()) {
      expect(day).toMatchObject({ date: dates[i], from: dates[i], to: dates[i] });
      const { date, ...figuresOfDay } = range.days[i];
      expect(date).toBe(dates[i]);
      for (const k of headline) expect(figuresOfDay[k], `${dates[i]} ${k}`).toBe(day[k]);
    }
    for (const k of headline) {
      expect(range[k], k).toBe(days.reduce((s, d) => s + d[k], 0));
      expect(range[k], k).toBe(range.days.reduce((s: number, d: Row) => s + (d[k] as number), 0));
    }
    expect(range.netRevenueFen).toBe(range.gmvFen - range.refundsFen);
    expect(range.contributionFen).toBe(
      range.grossMarginFen - range.logisticsFen - range.marketingFen + range.recoveriesFen + range.withdrawalFeesFen,
    );
    const skus = merge(
      days.flatMap((d) => d.bySku),
      'skuId',
    );
    expect(Object.keys(skus).sort()).toEqual(range.bySku.map((s: Row) => s.skuId).sort());
    for (const s of range.bySku) for (const k of figures) expect(s[k], `${s.skuName} ${k}`).toBe(skus[s.skuId]?.[k]);
    const categories = merge(
      days.flatMap((d) => d.byCategory),
      'categoryId',
    );
    expect(Object.keys(categories).sort()).toEqual(range.byCategory.map((c: Row) => c.categoryId).sort());
    for (const c of range.byCategory) for (const k of figures) expect(c[k], `${c.categoryName} ${k}`).toBe(categories[c.categoryId]?.[k]);
    // Largest net revenue first.
    const revenue = range.bySku.map((s: Row) => s.netRevenueFen);
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
  });

  it('answers one day asked as a range like the day itself, and the longest range', async () => {
    const day = (await get('date=2026-11-20')).body;
    const range = (await get('from=2026-11-20&to=2026-11-20')).body;
    expect({ ...range, date: day.date }).toEqual(day);
    const quarter = await get('from=2026-09-01&to=2026-12-01');
    expect(quarter.status).toBe(200);
    expect(quarter.body.days).toHaveLength(92);
  });

  it('by batch (the default): a pickup date carries its orders, their refunds and the goods and routes delivered for it, whatever day each was booked', async () => {
    const booked = (await get('from=2026-11-19&to=2026-11-23')).body;
    // every order here is of the campaign picked up on 11-21, booked on 11-20 and 11-22
    const batch = await t.request('GET', '/api/v1/admin/finance/pnl?date=2026-11-21', { token: finance });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);
    expect(batch.body.view).toBe('batch');
    for (const k of ['gmvFen', 'refundsFen', 'commissionFen'] as const) expect(batch.body[k], k).toBe(booked[k]);
    expect(batch.body.gmvFen).toBeGreaterThan(0);
    // the goods and the route were delivered for 11-22's batch
    const next = (await get('date=2026-11-22', 'batch')).body;
    expect(next).toMatchObject({ gmvFen: 0, costOfGoodsFen: 30_000, logisticsFen: 4_500 });
    // over a period covering every batch, the views only move amounts between days
    const range = (await get('from=2026-11-19&to=2026-11-23', 'batch')).body;
    for (const k of headline) expect(range[k], k).toBe(booked[k]);
    expect(range.days.map((d: Row) => d.gmvFen)).toEqual([0, 0, batch.body.gmvFen, 0, 0]);
  });

  it('in cash: the money captured and refunded on each day, nothing owed yet', async () => {
    const booked = (await get('from=2026-11-19&to=2026-11-23')).body;
    const cash = (await get('from=2026-11-19&to=2026-11-23', 'cash')).body;
    expect(cash.view).toBe('cash');
    expect(cash).toMatchObject({ gmvFen: booked.gmvFen, refundsFen: booked.refundsFen, costOfGoodsFen: 0, commissionFen: 0 });
    expect(cash.days.map((d: Row) => d.gmvFen)).toEqual(booked.days.map((d: Row) => d.gmvFen));
    expect([cash.bySku, cash.byCategory]).toEqual([[], []]);
  });

  it('refuses a range that is not one: VALIDATION_FAILED', async () => {
    for (const query of [
      'from=2026-11-23&to=2026-11-19',
      'from=2026-09-01&to=2026-12-02',
      'from=2026-11-19',
      'to=2026-11-19',
      'date=2026-11-20&from=2026-11-19&to=2026-11-21',
      'from=2026-02-30&to=2026-03-02',
      'date=2026-13-01',
      'from=2026-11-1&to=2026-11-20',
      'date=2026-11-20&view=monthly',
      '',
    ]) {
      const res = await get(query);
      expect([res.status, res.body.code], query).toEqual([400, 'VALIDATION_FAILED']);
      const exp = await t.app.server.inject({
        method: 'GET',
        url: `/api/v1/admin/finance/pnl/export?${query}`,
        headers: { authorization: `Bearer ${finance}` },
      });
      expect(exp.statusCode, query).toBe(400);
    }
  });

  it('exports the range as one workbook: totals, each day, by category and by SKU', async () => {
    const range = (await get('from=2026-11-19&to=2026-11-23')).body;
    const res = await t.app.server.inject({
      method: 'GET',
      url: '/api/v1/admin/finance/pnl/export?from=2026-11-19&to=2026-11-23&view=booked',
      headers: { authorization: `Bearer ${finance}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('pnl-2026-11-19_2026-11-23.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['损益汇总', '按日', '按类目', '按SKU']);
    const summary = book.getWorksheet('损益汇总');
    expect(summary?.getRow(1).getCell(2).value).toBe('2026-11-19 ~ 2026-11-23');
    expect(summary?.getRow(2).getCell(2).value).toBe(range.gmvFen / 100);
    const byDay = book.getWorksheet('按日');
    expect(byDay?.rowCount).toBe(1 + 5 + 1);
    for (const [i, d] of range.days.entries()) {
      expect(byDay?.getRow(i + 2).getCell(1).value).toBe(d.date);
      expect(byDay?.getRow(i + 2).getCell(2).value).toBe(d.gmvFen / 100);
      expect(byDay?.getRow(i + 2).getCell(12).value).toBe(d.contributionFen / 100);
    }
    expect(byDay?.getRow(7).getCell(2).value).toBe(range.gmvFen / 100);
    expect(book.getWorksheet('按类目')?.rowCount).toBe(1 + range.byCategory.length);
    expect(book.getWorksheet('按SKU')?.rowCount).toBe(1 + range.bySku.length);
    expect(book.getWorksheet('按SKU')?.getRow(2).getCell(1).value).toBe(range.bySku[0].skuName);
  });
});
