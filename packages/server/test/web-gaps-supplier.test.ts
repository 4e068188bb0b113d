import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent } from './ledger-fixtures.ts';
import { orderAs, passCutoff } from './procurement-helpers.ts';

let t: TestApp;
let w: World;
let admin: string;
let supplier: string;
let poId: string;
const pickupDate = '2026-11-21';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 1 });
  admin = await t.login('staff', w.adminPhone);
  const purchaser = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['purchaser'])).phone);
  supplier = await t.login('supplier', w.supplierPhone);
  const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
  const c = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt });
  await orderAs(t, w.operatorId, w.residents[0]!.id, w.leaders[0]!.pickupPointId, [[c.lineIds[0]!, 3]]);
  await passCutoff(t, w.operatorId, c.id, cutoffAt);
  const list = await t.request('GET', `/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}`, { token: purchaser });
  poId = list.body.items[0].id;
  expect((await t.request('POST', `/api/v1/admin/purchase-orders/${poId}/send`, { token: purchaser })).body.status).toBe('sent');
});
afterAll(() => t.close());

const get = async (url: string, token = supplier) => {
  const res = await t.request('GET', url, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const addWarehouse = async (name: string, address: string) => {
  const res = await t.request('POST', '/api/v1/admin/warehouses', { token: admin, body: { name, address, lat: 28.19, lng: 112.96 } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('the supplier’s purchase orders name the warehouse to deliver to', () => {
  it('is null while the operator has no warehouse', async () => {
    expect((await get('/api/v1/supplier/purchase-orders')).items[0]).toMatchObject({ id: poId, warehouse: null });
  });

  it('is the operator’s first active warehouse, in the list and in one order', async () => {
    const first = await addWarehouse('雨花仓', '长沙市雨花区劳动东路1号');
    t.clock.advance(HOUR);
    const second = await addWarehouse('岳麓仓', '长沙市岳麓区麓山南路2号');
    const warehouse = { id: first, name: '雨花仓', address: '长沙市雨花区劳动东路1号' };
    expect((await get('/api/v1/supplier/purchase-orders')).items[0].warehouse).toEqual(warehouse);
    expect((await get(`/api/v1/supplier/purchase-orders/${poId}`)).warehouse).toEqual(warehouse);
    expect((await get(`/api/v1/admin/purchase-orders/${poId}`, admin)).warehouse).toEqual(warehouse);

    const closed = await t.request('PATCH', `/api/v1/admin/warehouses/${first}`, { token: admin, body: { active: false } });
    expect(closed.status).toBe(200);
    expect((await get(`/api/v1/supplier/purchase-orders/${poId}`)).warehouse).toEqual({
      id: second,
      name: '岳麓仓',
      address: '长沙市岳麓区麓山南路2号',
    });
  });
});

describe('the supplier’s statement a page at a time', () => {
  const deliveries = 7;
  beforeAll(async () => {
    for (let i = 1; i <= deliveries; i++) {
      t.clock.advance(HOUR);
      await emitEvent(t, w, 'purchase_order.received', `po_gap_${i}`, {
        purchaseOrderId: `po_gap_${i}`,
        supplierId: w.supplierId,
        deliveryDate: pickupDate,
        lines: [
          {
            purchaseOrderLineId: `pol_gap_${i}`,
            skuId: w.skuIds[0] as string,
            orderedQuantity: i,
            receivedQuantity: i,
            rejectedQuantity: 0,
            acceptedQuantity: i,
            costPriceFen: 1000,
            shortReason: null,
          },
        ],
      });
    }
  });

  it('sends every entry when no page is asked for, as before', async () => {
    const all = await get('/api/v1/supplier/statement');
    expect(all.lines.length).toBeGreaterThanOrEqual(deliveries);
    expect(all).toMatchObject({ total: all.lines.length, page: null, pageSize: null, receivedFen: 28 * 1000 });
  });

  it('pages the entries, keeping the figures of the whole period', async () => {
    const all = await get('/api/v1/supplier/statement');
    const figures = {
      openingFen: all.openingFen,
      receivedFen: all.receivedFen,
      chargebacksFen: all.chargebacksFen,
      closingFen: all.closingFen,
    };
    const pages = [];
    for (let page = 1; page <= Math.ceil(all.total / 3); page++) {
      const p = await get(`/api/v1/supplier/statement?page=${page}&pageSize=3`);
      expect(p).toMatchObject({ ...figures, total: all.total, page, pageSize: 3 });
      expect(p.lines.length).toBeLessThanOrEqual(3);
      pages.push(...p.lines);
    }
    expect(pages).toEqual(all.lines);
    expect((await get(`/api/v1/supplier/statement?page=${Math.ceil(all.total / 3) + 1}&pageSize=3`)).lines).toEqual([]);
  });

  it('pages newest first on request, 50 to a page unless told', async () => {
    const all = await get('/api/v1/supplier/statement');
    const newest = await get('/api/v1/supplier/statement?page=1&pageSize=2&order=desc');
    expect(newest.lines).toEqual(all.lines.slice(-2).reverse());
    const byDefault = await get('/api/v1/supplier/statement?page=1');
    expect(byDefault).toMatchObject({ page: 1, pageSize: 50, total: all.total });
    expect(byDefault.lines).toEqual(all.lines.slice(0, 50));
    const sized = await get('/api/v1/supplier/statement?pageSize=1');
    expect(sized).toMatchObject({ page: 1, pageSize: 1, lines: [all.lines[0]] });
  });

  it('pages within the period asked for', async () => {
    const later = await get('/api/v1/supplier/statement?from=2099-01-01&page=1&pageSize=5');
    expect(later).toMatchObject({ lines: [], total: 0, page: 1, pageSize: 5 });
    expect(later.openingFen).toBe(later.closingFen);
  });

  it('refuses a bad page', async () => {
    for (const q of ['page=0', 'pageSize=0', 'pageSize=201', 'order=up']) {
      const res = await t.request('GET', `/api/v1/supplier/statement?${q}`, { token: supplier });
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('still exports every entry', async () => {
    const all = await get('/api/v1/supplier/statement');
    const res = await t.app.server.inject({
      method: 'GET',
      url: '/api/v1/supplier/statement/export',
      headers: { authorization: `Bearer ${supplier}` },
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('明细')!.rowCount).toBe(1 + all.total);
    const paged = await t.request('GET', '/api/v1/supplier/statement/export?page=1', { token: supplier });
    expect(paged.status).toBe(400);
  });
});

describe('one purchase order number everywhere', () => {
  it('is the same string in the purchaser’s list, the supplier’s list and the Excel sheet', async () => {
    const desk = (await get(`/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}`, admin)).items.find(
      (p: { id: string }) => p.id === poId,
    );
    const portal = (await get('/api/v1/supplier/purchase-orders')).items.find((p: { id: string }) => p.id === poId);
    const res = await t.app.server.inject({
      method: 'GET',
      url: `/api/v1/admin/purchase-orders/${poId}/export.xlsx`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('采购单');
    const cell = sheet.getCell('B1').value;

    expect(desk.poNo).toMatch(/^PO\d{6}-[0-9A-Z]{6}$/);
    expect(desk.poNo).toBe(`PO${pickupDate.slice(2).replaceAll('-', '')}-${poId.slice(-6).toUpperCase()}`);
    expect(portal.poNo).toBe(desk.poNo);
    expect((await get(`/api/v1/supplier/purchase-orders/${poId}`)).poNo).toBe(desk.poNo);
    expect(cell).toBe(desk.poNo);
  });
});
