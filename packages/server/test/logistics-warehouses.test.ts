import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pointsOfWarehouse, servingWarehouseOf, servingWarehouses } from '../src/modules/logistics/warehouse.assignment.ts';
import { cutoffSteps } from '../src/modules/procurement/cutoff.pipeline.ts';
import { procureCampaignDemand } from '../src/modules/procurement/purchasing.ts';
import { confirmPurchaseOrder, sendPurchaseOrder } from '../src/modules/procurement/purchase-order.service.ts';
import { completeReceiving, receivePurchaseOrder } from '../src/modules/procurement/receiving.service.ts';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

/**
 * Several warehouses per operator: each pickup point is served from its warehouse (assigned by
 * staff, else the default one or, by the delivery settings, the nearest); the cutoff buys per
 * supplier and warehouse, receiving at one warehouse never fills another's shortage, and sorting
 * and route planning for a warehouse take only the points it serves.
 */

const pickupDate = '2026-11-21';
const laterDate = '2026-11-22';

describe('which warehouse serves a point (the rule)', () => {
  const east = { id: 'whs_a', lat: 28.2, lng: 113.3 };
  const west = { id: 'whs_b', lat: 28.2, lng: 112.9 };
  const near = { lat: 28.23, lng: 113.0, warehouseId: null };
  it('serves an assigned point from its warehouse while it is active, any other from the default or the nearest', () => {
    const table: Array<[string, { lat: number; lng: number; warehouseId: string | null }, 'fixed' | 'nearest', string[], string | null]> = [
      ['unassigned, fixed: the default (first by id)', near, 'fixed', ['a', 'b'], 'whs_a'],
      ['unassigned, nearest: the nearer', near, 'nearest', ['a', 'b'], 'whs_b'],
      ['assigned: its own, however far', { ...near, warehouseId: 'whs_a' }, 'nearest', ['a', 'b'], 'whs_a'],
      ['assigned to a closed one, fixed: the default', { ...near, warehouseId: 'whs_x' }, 'fixed', ['b'], 'whs_b'],
      ['assigned to a closed one, nearest: the nearest', { ...near, warehouseId: 'whs_x' }, 'nearest', ['a', 'b'], 'whs_b'],
      ['no active warehouse', near, 'nearest', [], null],
    ];
    const byKey = { a: east, b: west };
    for (const [what, point, rule, active, expected] of table) {
      expect(
        servingWarehouseOf(
          point,
          active.map((k) => byKey[k as 'a' | 'b']),
          rule,
        ),
        what,
      ).toBe(expected);
    }
  });

  it('breaks a tie of distance by id', () => {
    const point = { lat: 28.2, lng: 113.0, warehouseId: null };
    const a = { id: 'whs_1', lat: 28.2, lng: 113.1 };
    const b = { id: 'whs_2', lat: 28.2, lng: 112.9 };
    expect(servingWarehouseOf(point, [a, b], 'nearest')).toBe('whs_1');
  });
});

let t: TestApp;
let w: World;
let admin: string;
let east: string;
let west: string;
let points: string[];

const api = async (method: string, url: string, body?: unknown, token = admin) => t.request(method, url, { token, body });
const ok = async (method: string, url: string, body?: unknown) => {
  const res = await api(method, url, body);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
};
const pos = async (date: string) =>
  t.ctx.db
    .selectFrom('purchase_orders as po')
    .innerJoin('purchase_order_lines as l', 'l.purchase_order_id', 'po.id')
    .select(['po.id', 'po.warehouse_id', 'po.supplier_id', 'l.id as line_id', 'l.sku_id', 'l.demand_quantity', 'l.ordered_quantity'])
    .where('po.operator_id', '=', w.operatorId)
    .where('po.delivery_date', '=', date)
    .orderBy('po.warehouse_id')
    .orderBy('l.sku_id')
    .execute();

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  // Four points in a row from (28.20, 112.97) to (28.23, 113.00).
  w = await createWorld(t.ctx, { skus: 2, leaders: 4, residents: 4 });
  points = w.leaders.map((l) => l.pickupPointId);
  admin = await t.login('staff', w.adminPhone);
  // The east warehouse is made first: the default. The west one is nearer to every point.
  east = (await ok('POST', '/api/v1/admin/warehouses', { name: '东仓', address: '长沙县', lat: 28.2, lng: 113.3 })).id;
  west = (await ok('POST', '/api/v1/admin/warehouses', { name: '西仓', address: '岳麓区', lat: 28.2, lng: 112.9 })).id;
  await ok('POST', '/api/v1/admin/vehicle-types', {
    name: '面包车',
    capacityWeightKg: 1000,
    capacityVolumeL: 5000,
    capacityCrates: 50,
    temperatureClass: 'ambient',
    costPerKmFen: 200,
    costPerTripFen: 3000,
    availableCount: 4,
  });
});
afterAll(() => t.close());

describe('staff assign a pickup point to a warehouse', () => {
  it('assigns points and says so in the point', async () => {
    const [p0, p1, p2] = points as [string, string, string, string];
    expect((await ok('PATCH', `/api/v1/admin/pickup-points/${p0}`, { warehouseId: east })).warehouseId).toBe(east);
    expect((await ok('PATCH', `/api/v1/admin/pickup-points/${p1}`, { warehouseId: east })).warehouseId).toBe(east);
    expect((await ok('PATCH', `/api/v1/admin/pickup-points/${p2}`, { warehouseId: west })).warehouseId).toBe(west);
    // The fourth has none: the default (east) serves it while the rule is `fixed`.
    const listed = await ok('GET', `/api/v1/admin/pickup-points?leaderId=${w.leaders[3]!.id}`);
    expect(listed.items.map((p: { warehouseId: string | null }) => p.warehouseId)).toEqual([null]);
    expect(await ok('GET', '/api/v1/admin/delivery-settings')).toMatchObject({ warehouseAssignment: 'fixed' });
    const served = await ok('GET', `/api/v1/admin/pickup-points?warehouseId=${east}&pageSize=50`);
    expect(served.items.map((p: { id: string }) => p.id).sort()).toEqual([points[0], points[1], points[3]].sort());
  });

  it('refuses an unknown, another tenant’s or a closed warehouse with a stable code and changes nothing', async () => {
    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 1, residents: 0 });
    const otherAdmin = await t.login('staff', other.adminPhone, 'other-op');
    const theirs = (
      await t.request('POST', '/api/v1/admin/warehouses', {
        token: otherAdmin,
        body: { name: '别家仓', address: '别处', lat: 28.2, lng: 113 },
      })
    ).body.id as string;
    const closed = (await ok('POST', '/api/v1/admin/warehouses', { name: '旧仓', address: '旧处', lat: 28.2, lng: 113 })).id as string;
    await ok('PATCH', `/api/v1/admin/warehouses/${closed}`, { active: false });
    const p2 = points[2]!;
    const before = await t.ctx.db.selectFrom('pickup_points').selectAll().where('id', '=', p2).executeTakeFirstOrThrow();
    const cases: Array<[string, number, string]> = [
      ['whs_doesnotexist', 404, 'NOT_FOUND'],
      [theirs, 404, 'NOT_FOUND'],
      [closed, 422, 'WAREHOUSE_INACTIVE'],
    ];
    for (const [warehouseId, status, code] of cases) {
      const res = await api('PATCH', `/api/v1/admin/pickup-points/${p2}`, { name: '改名了', warehouseId });
      expect(res.status, warehouseId).toBe(status);
      expect(res.body.code, warehouseId).toBe(code);
      const created = await api('POST', `/api/v1/admin/leaders/${w.leaders[2]!.id}/pickup-points`, {
        name: '新点',
        address: '某处',
        lat: 28.2,
        lng: 113,
        warehouseId,
      });
      expect([created.status, created.body.code], warehouseId).toEqual([status, code]);
    }
    expect(await t.ctx.db.selectFrom('pickup_points').selectAll().where('id', '=', p2).executeTakeFirstOrThrow()).toEqual(before);
    const count = await t.ctx.db.selectFrom('pickup_points').select('id').where('operator_id', '=', w.operatorId).execute();
    expect(count).toHaveLength(4);
    // The closed warehouse serves nobody, and no answer named it.
    expect(await pointsOfWarehouse(t.ctx.db, w.operatorId, closed)).toEqual(new Set());
  });
});

describe('a day with two warehouses', () => {
  let orders: Array<{ id: string; lineIds: string[] }>;
  let campaignId: string;
  beforeAll(async () => {
    const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
    const c = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt });
    campaignId = c.id;
    const [sku0, sku1] = c.lineIds as [string, string];
    const [p0, , p2, p3] = points as [string, string, string, string];
    orders = [
      await orderAs(t, w.operatorId, w.residents[0]!.id, p0, [[sku0, 3]]),
      await orderAs(t, w.operatorId, w.residents[1]!.id, p2, [
        [sku0, 2],
        [sku1, 1],
      ]),
      await orderAs(t, w.operatorId, w.residents[2]!.id, p3, [[sku1, 2]]),
      await orderAs(t, w.operatorId, w.residents[3]!.id, p2, [[sku0, 1]]),
    ];
    await passCutoff(t, w.operatorId, c.id, cutoffAt);
  });

  it('makes one purchase order per supplier and warehouse, with the demand of the points each serves', async () => {
    const lines = await pos(pickupDate);
    const sku = (id: string) => w.skuIds.indexOf(id);
    // east: p0 (3 of SKU 0) and p3 (2 of SKU 1, by default); west: p2 (2 + 1 of SKU 0, 1 of SKU 1)
    expect(lines.map((l) => `${l.warehouse_id === east ? 'east' : 'west'}:${sku(l.sku_id)}:${l.demand_quantity}`).sort()).toEqual([
      'east:0:3',
      'east:1:2',
      'west:0:3',
      'west:1:1',
    ]);
    expect(new Set(lines.map((l) => l.id)).size).toBe(2);
    const desk = await ok('GET', `/api/v1/admin/purchase-orders?deliveryDate=${pickupDate}&warehouseId=${west}`);
    expect(desk.items).toHaveLength(1);
    expect(desk.items[0].warehouse).toEqual({ id: west, name: '西仓', address: '岳麓区' });
    const picks = await ok('GET', `/api/v1/admin/pick-lists?pickupDate=${pickupDate}&warehouseId=${west}`);
    expect(new Set(picks.items.map((p: { pickupPointId: string }) => p.pickupPointId))).toEqual(new Set([points[2]]));
    // Across warehouses the pick lists still add up to what was sold, once.
    const all = await ok('GET', `/api/v1/admin/pick-lists?pickupDate=${pickupDate}`);
    expect(all.items.reduce((s: number, p: { quantity: number }) => s + p.quantity, 0)).toBe(9);
  });

  it('buys nothing twice: the procuring step run again changes no purchase order', async () => {
    const before = await pos(pickupDate);
    const added = await t.ctx.db.transaction().execute((trx) => procureCampaignDemand(trx, w.operatorId, campaignId, t.clock.now()));
    expect(added).toBe(0);
    expect(await pos(pickupDate)).toEqual(before);
    const demand = await t.ctx.db
      .selectFrom('campaign_sku_demand')
      .select(['warehouse_id', 'purchase_order_line_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(demand).toHaveLength(4);
    expect(demand.every((d) => before.some((l) => l.line_id === d.purchase_order_line_id && l.warehouse_id === d.warehouse_id))).toBe(true);
  });

  it('receives at each warehouse: what one received never fills the other’s shortage', async () => {
    const lines = await pos(pickupDate);
    const eastPo = lines.find((l) => l.warehouse_id === east)!.id;
    const westPo = lines.find((l) => l.warehouse_id === west)!.id;
    const [sku0] = w.skuIds as [string, string];
    // East buys 3 more of SKU 0 than its points want; the supplier ships west only 1 of the 3 it wants.
    const eastSku0 = lines.find((l) => l.id === eastPo && l.sku_id === sku0)!;
    await ok('PATCH', `/api/v1/admin/purchase-orders/${eastPo}/lines`, { lines: [{ lineId: eastSku0.line_id, orderedQuantity: 6 }] });
    for (const id of [eastPo, westPo]) await sendPurchaseOrder(t.ctx, w.operatorId, id);
    const westSku0 = lines.find((l) => l.id === westPo && l.sku_id === sku0)!;
    await confirmPurchaseOrder(t.ctx, { operatorId: w.operatorId, supplierId: w.supplierId }, eastPo, { lines: [] });
    await confirmPurchaseOrder(t.ctx, { operatorId: w.operatorId, supplierId: w.supplierId }, westPo, {
      lines: [{ lineId: westSku0.line_id, confirmedQuantity: 1 }],
    });
    const receiveAll = async (id: string) => {
      const own = (await pos(pickupDate)).filter((l) => l.id === id);
      await receivePurchaseOrder(t.ctx, w.operatorId, id, {
        lines: own.map((l) => ({ lineId: l.line_id, receivedQuantity: l.line_id === westSku0.line_id ? 1 : l.ordered_quantity })),
      });
      await completeReceiving(t.ctx, w.operatorId, id);
    };
    await receiveAll(eastPo);
    const lots = await t.ctx.db.selectFrom('stock_lots').select(['warehouse_id', 'sku_id', 'quantity_on_hand']).execute();
    expect(lots.every((l) => l.warehouse_id === east)).toBe(true);
    // Before the west receives, the preview counts only the west's stock and points: 2 units short, though the east holds 3 spare.
    const preview = await ok(
      'GET',
      `/api/v1/admin/purchase-orders/${westPo}/shortfall-preview?lineId=${westSku0.line_id}&acceptedQuantity=1`,
    );
    expect(preview).toMatchObject({ shortQuantity: 2, allocated: false });
    await receiveAll(westPo);
    await settle(t);

    const allocations = await t.ctx.db
      .selectFrom('shortage_allocations')
      .select(['warehouse_id', 'sku_id', 'demand_quantity', 'available_quantity', 'short_quantity'])
      .where('operator_id', '=', w.operatorId)
      .execute();
    const at = (warehouseId: string, skuId: string) => allocations.find((a) => a.warehouse_id === warehouseId && a.sku_id === skuId);
    expect(allocations).toHaveLength(4);
    expect(at(east, sku0)).toMatchObject({ demand_quantity: 3, available_quantity: 6, short_quantity: 0 });
    expect(at(west, sku0)).toMatchObject({ demand_quantity: 3, available_quantity: 1, short_quantity: 2 });
    const refunds = await t.ctx.db
      .selectFrom('refunds as r')
      .innerJoin('refund_lines as rl', 'rl.refund_id', 'r.id')
      .select(['r.order_id', 'r.kind', 'rl.quantity'])
      .where('r.operator_id', '=', w.operatorId)
      .execute();
    // Only orders at the west's point went short (the latest paid first), two units in all.
    expect(refunds.every((r) => r.kind === 'shortage' && [orders[1]!.id, orders[3]!.id].includes(r.order_id))).toBe(true);
    expect(refunds.reduce((s, r) => s + r.quantity, 0)).toBe(2);
    // The east's spare units stay on its shelves.
    const eastStock = await t.ctx.db
      .selectFrom('stock_lots')
      .select(['quantity_on_hand'])
      .where('warehouse_id', '=', east)
      .where('sku_id', '=', sku0)
      .execute();
    expect(eastStock.map((l) => l.quantity_on_hand)).toEqual([3]);
  });

  it('sorts per warehouse: its routes and the points it serves', async () => {
    const [p0, , p2, p3] = points as [string, string, string, string];
    const sheet = async (warehouseId?: string) =>
      ok('GET', `/api/v1/admin/sorting?deliveryDate=${pickupDate}${warehouseId ? `&warehouseId=${warehouseId}` : ''}`);
    const bundlesOf = (s: { routes: Array<{ bundles: Array<{ pickupPointId: string }> }> }) =>
      s.routes.flatMap((r) => r.bundles.map((b) => b.pickupPointId)).sort();
    expect(bundlesOf(await sheet(east))).toEqual([p0, p3].sort());
    expect(bundlesOf(await sheet(west))).toEqual([p2]);
    expect(bundlesOf(await sheet())).toEqual([p0, p2, p3].sort());
    const xlsx = await t.app.server.inject({
      method: 'GET',
      url: `/api/v1/admin/sorting/sorting.xlsx?deliveryDate=${pickupDate}&warehouseId=${west}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const labels = await api('GET', `/api/v1/admin/sorting/labels.html?deliveryDate=${pickupDate}&warehouseId=${west}`);
    expect(labels.status).toBe(200);
    expect((String(labels.body).match(/class="label"/g) ?? []).length).toBe(1);
    const routes = await ok('GET', `/api/v1/admin/routes?deliveryDate=${pickupDate}&warehouseId=${east}`);
    expect(routes.unrouted.sort()).toEqual([p0, p3].sort());
    const unrouted = await ok('GET', `/api/v1/admin/unrouted-points?deliveryDate=${pickupDate}&warehouseId=${west}`);
    expect(unrouted.items.map((p: { pickupPointId: string }) => p.pickupPointId)).toEqual([p2]);
  });

  it('plans a warehouse’s routes over the points it serves only', async () => {
    const [p0, , p2, p3] = points as [string, string, string, string];
    const plan = async (warehouseId: string) =>
      ok('POST', '/api/v1/admin/route-plans', { warehouseId, deliveryDate: pickupDate, maxIterations: 200 });
    const stopsOf = (p: { routes: Array<{ stops: Array<{ pickupPointId: string }> }> }) =>
      p.routes.flatMap((r) => r.stops.map((s) => s.pickupPointId)).sort();
    const eastPlan = await plan(east);
    expect(stopsOf(eastPlan)).toEqual([p0, p3].sort());
    expect(eastPlan.routes.every((r: { warehouseId: string }) => r.warehouseId === east)).toBe(true);
    // Planning the east again replaces its drafts and still leaves the west's point alone.
    expect(stopsOf(await plan(east))).toEqual([p0, p3].sort());
    expect((await ok('GET', `/api/v1/admin/routes?deliveryDate=${pickupDate}&warehouseId=${west}`)).unrouted).toEqual([p2]);
    const westPlan = await plan(west);
    expect(stopsOf(westPlan)).toEqual([p2]);
    const everyRoute = await ok('GET', `/api/v1/admin/routes?deliveryDate=${pickupDate}`);
    expect(everyRoute.unrouted).toEqual([]);
    // Each warehouse's sheet now holds its own routes.
    const westSheet = await ok('GET', `/api/v1/admin/sorting?deliveryDate=${pickupDate}&warehouseId=${west}`);
    expect(westSheet.routes.every((r: { routeId: string | null }) => r.routeId !== null)).toBe(true);
  });

  it('with the `nearest` setting, a point without a warehouse is served from the nearest one, from the next cutoff on', async () => {
    const p3 = points[3]!;
    expect(await ok('PATCH', '/api/v1/admin/delivery-settings', { warehouseAssignment: 'nearest' })).toMatchObject({
      warehouseAssignment: 'nearest',
      insulatedBoxes: false,
    });
    expect(await ok('GET', '/api/v1/admin/delivery-settings')).toMatchObject({ warehouseAssignment: 'nearest' });
    // The west is nearer to the unassigned point; assigned points keep their warehouse.
    const serving = await servingWarehouses(t.ctx.db, w.operatorId);
    expect(serving.get(p3)).toBe(west);
    expect(serving.get(points[0]!)).toBe(east);
    expect(serving.get(points[2]!)).toBe(west);
    const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
    const c = await createOpenCampaign(t.ctx, w, { pickupDate: laterDate, cutoffAt });
    await orderAs(t, w.operatorId, w.residents[0]!.id, p3, [[c.lineIds[0]!, 4]]);
    await orderAs(t, w.operatorId, w.residents[1]!.id, points[0]!, [[c.lineIds[0]!, 1]]);
    // The procuring step fails once: its retry buys per warehouse as an uninterrupted run would, and nothing twice.
    vi.spyOn(cutoffSteps, 'procuring').mockRejectedValueOnce(new Error('crash while procuring'));
    await passCutoff(t, w.operatorId, c.id, cutoffAt);
    t.clock.advance(10 * MINUTE);
    await settle(t);
    vi.restoreAllMocks();
    const failed = await t.ctx.db.selectFrom('jobs').select('attempts').where('last_error', '=', 'crash while procuring').execute();
    expect(failed.map((j) => j.attempts)).toEqual([2]);
    const lines = await pos(laterDate);
    expect(lines.map((l) => [l.warehouse_id === east ? 'east' : 'west', l.demand_quantity]).sort()).toEqual([
      ['east', 1],
      ['west', 4],
    ]);
    // Back to `fixed`: the default serves it again.
    await ok('PATCH', '/api/v1/admin/delivery-settings', { warehouseAssignment: 'fixed' });
    expect((await servingWarehouses(t.ctx.db, w.operatorId)).get(p3)).toBe(east);
  });
});

describe('migration 0022 on a database in use', () => {
  it('gives existing points and purchase orders the operator’s first active warehouse, and none where it has none', async () => {
    const { db, close } = await openDatabase({ dataDir: 'memory://' });
    try {
      const dir = resolve(import.meta.dirname, '../src/platform/db/migrations');
      const files = readdirSync(dir)
        .filter((f) => /^\d{4}_.*\.ts$/.test(f))
        .sort();
      const up = async (f: string) => ((await import(join(dir, f))) as { up: (d: typeof db) => Promise<void> }).up(db);
      for (const f of files.filter((f) => f < '0022')) await up(f);
      await sql`
        insert into operators (id, slug, name) values ('op_1', 'one', 'One'), ('op_2', 'two', 'Two');
      `.execute(db);
      await sql`
        insert into warehouses (id, operator_id, name, address, lat, lng, active, created_at) values
          ('whs_1', 'op_1', 'closed', '', 28.2, 113, false, now()),
          ('whs_2', 'op_1', 'first active', '', 28.2, 113, true, now()),
          ('whs_3', 'op_1', 'second active', '', 28.2, 113, true, now())
      `.execute(db);
      await sql`
        insert into leaders (id, operator_id, phone, name, status, created_at) values
          ('ldr_1', 'op_1', '13900000001', 'L1', 'active', now()), ('ldr_2', 'op_2', '13900000002', 'L2', 'active', now())
      `.execute(db);
      await sql`
        insert into pickup_points (id, operator_id, leader_id, name, address, lat, lng, status, created_at) values
          ('pp_1', 'op_1', 'ldr_1', 'P1', '', 28.2, 113, 'open', now()), ('pp_2', 'op_2', 'ldr_2', 'P2', '', 28.2, 113, 'open', now())
      `.execute(db);
      await sql`
        insert into suppliers (id, operator_id, name, phone, created_at) values
          ('sup_1', 'op_1', 'S1', '13900000003', now()), ('sup_2', 'op_2', 'S2', '13900000004', now())
      `.execute(db);
      await sql`
        insert into purchase_orders (id, operator_id, supplier_id, delivery_date, status, created_at, updated_at) values
          ('po_1', 'op_1', 'sup_1', '2026-11-21', 'draft', now(), now()), ('po_2', 'op_2', 'sup_2', '2026-11-21', 'draft', now(), now())
      `.execute(db);
      await up('0022_warehouse_areas.ts');
      const points = await sql<{ id: string; warehouse_id: string | null }>`select id, warehouse_id from pickup_points order by id`.execute(
        db,
      );
      expect(points.rows).toEqual([
        { id: 'pp_1', warehouse_id: 'whs_2' },
        { id: 'pp_2', warehouse_id: null },
      ]);
      const orders = await sql<{
        id: string;
        warehouse_id: string | null;
      }>`select id, warehouse_id from purchase_orders order by id`.execute(db);
      expect(orders.rows).toEqual([
        { id: 'po_1', warehouse_id: 'whs_2' },
        { id: 'po_2', warehouse_id: null },
      ]);
      const settings = await sql<{ column_default: string }>`
        select column_default from information_schema.columns where table_name = 'delivery_settings' and column_name = 'warehouse_assignment'
      `.execute(db);
      expect(settings.rows[0]?.column_default).toContain('fixed');
      // A supplier may now have an open draft per warehouse for the same day.
      await sql`
        insert into purchase_orders (id, operator_id, supplier_id, delivery_date, warehouse_id, status, created_at, updated_at)
        values ('po_3', 'op_1', 'sup_1', '2026-11-21', 'whs_3', 'draft', now(), now())
      `.execute(db);
      await expect(
        sql`
          insert into purchase_orders (id, operator_id, supplier_id, delivery_date, warehouse_id, status, created_at, updated_at)
          values ('po_4', 'op_1', 'sup_1', '2026-11-21', 'whs_3', 'draft', now(), now())
        `.execute(db),
      ).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
