import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createWorld } from './fixtures.ts';
import { type Day, DELIVERY_DATE, buildDay, plan } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let day: Day;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
});
afterAll(() => t.close());

const get = (url: string, token = day.staff) => t.request('GET', url, { token });
const routesOfDay = async () =>
  (await get(`/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`)).body as { items: any[]; unrouted: string[] };
/** Net quantities the orders hold, per pickup point and SKU. */
const expectedBundles = () => {
  const [sku0, sku1] = day.w.skuIds as [string, string];
  return {
    [day.points[0]!]: { [sku0]: 4, [sku1]: 1 },
    [day.points[1]!]: { [sku1]: 4 },
    [day.points[2]!]: { [sku0]: 1 },
  };
};

describe('route planning', () => {
  it('plans routes serving every pickup point with goods within the vehicle capacity and before the deadline', async () => {
    const { routes, unserved } = await plan(t, day);
    expect(unserved).toEqual([]);
    expect(routes).toHaveLength(2);
    expect(routes.flatMap((r) => r.stops.map((s: any) => s.pickupPointId)).sort()).toEqual([...day.points].sort());
    for (const r of routes) {
      expect(r).toMatchObject({ status: 'draft', vehicleTypeId: day.vanId, carrierId: null, deliveryDate: DELIVERY_DATE });
      expect(r.load.crates).toBeLessThanOrEqual(r.capacity.crates);
      expect(r.load.weightG).toBeLessThanOrEqual(r.capacity.weightG);
      for (const s of r.stops) expect(new Date(s.plannedArrivalAt).getTime()).toBeLessThanOrEqual(Date.parse('2026-11-21T01:00:00Z'));
      expect(r.departureAt).toBe('2026-11-20T21:00:00.000Z');
    }
    const bundles = Object.fromEntries(
      routes.flatMap((r) => r.stops.map((s: any) => [s.pickupPointId, Object.fromEntries(s.lines.map((l: any) => [l.skuId, l.quantity]))])),
    );
    expect(bundles).toEqual(expectedBundles());
    expect((await routesOfDay()).unrouted).toEqual([]);
  });

  it('reports pickup points it cannot serve, with the reason', async () => {
    const res = await t.request('POST', '/api/v1/admin/route-plans', {
      token: day.staff,
      body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, departure: '05:00', deadline: '05:01', maxIterations: 100 },
    });
    expect(res.status).toBe(200);
    expect(res.body.routes).toEqual([]);
    expect(res.body.unserved.map((u: any) => u.pickupPointId).sort()).toEqual([...day.points].sort());
    for (const u of res.body.unserved) expect(u).toMatchObject({ code: 'unreachable', goods: 'ambient' });
    expect((await routesOfDay()).unrouted.sort()).toEqual([...day.points].sort());
    await plan(t, day);
  });

  it('plans cold goods only on vehicles that keep them cold', async () => {
    const setClass = (c: 'ambient' | 'chilled' | 'frozen') =>
      t.ctx.db.updateTable('products').set({ temperature_class: c }).where('id', '=', day.w.productId).execute();
    try {
      await setClass('chilled');
      const chilled = await plan(t, day);
      expect(chilled.unserved).toEqual([]);
      expect(chilled.routes.map((r) => [r.vehicleTypeId, r.carrierId, r.stops.length])).toEqual([[day.truckId, day.carrierId, 3]]);
      const warm = await t.request('PATCH', `/api/v1/admin/routes/${chilled.routes[0].id}`, {
        token: day.staff,
        body: { vehicleTypeId: day.vanId },
      });
      expect(warm.status).toBe(409);
      expect(warm.body.details.problemCodes).toContain('temperature');
      await setClass('frozen');
      const frozen = await plan(t, day);
      expect(frozen.routes).toEqual([]);
      expect(frozen.unserved).toHaveLength(3);
      for (const u of frozen.unserved)
        expect(u).toMatchObject({ code: 'no_vehicle', goods: 'frozen', reason: expect.stringContaining('frozen') });
    } finally {
      await setClass('ambient');
    }
    expect((await plan(t, day)).routes).toHaveLength(2);
  });
});

describe('sorting', () => {
  it('lists each bundle with the net order quantities, by route in loading order (last stop first)', async () => {
    const res = await get(`/api/v1/admin/sorting?deliveryDate=${DELIVERY_DATE}`);
    expect(res.status).toBe(200);
    const { items: routes } = await routesOfDay();
    expect(res.body.routes.map((g: any) => g.routeId)).toEqual(routes.map((r) => r.id));
    for (const g of res.body.routes) {
      const route = routes.find((r) => r.id === g.routeId)!;
      expect(g.bundles.map((b: any) => b.pickupPointId)).toEqual(route.stops.map((s: any) => s.pickupPointId).reverse());
      expect(g.bundles.map((b: any) => b.loadingPosition)).toEqual(g.bundles.map((_: unknown, i: number) => i + 1));
    }
    const bundles = Object.fromEntries(
      res.body.routes.flatMap((g: any) =>
        g.bundles.map((b: any) => [b.pickupPointId, Object.fromEntries(b.lines.map((l: any) => [l.skuId, l.quantity]))]),
      ),
    );
    expect(bundles).toEqual(expectedBundles());
    const [sku0, sku1] = day.w.skuIds as [string, string];
    expect(Object.fromEntries(res.body.skuTotals.map((l: any) => [l.skuId, l.quantity]))).toEqual({ [sku0]: 5, [sku1]: 5 });
  });

  it('exports the sorting sheet to Excel and prints one QR label per pickup point', async () => {
    const xlsx = await t.app.server.inject({
      method: 'GET',
      url: `/api/v1/admin/sorting/sorting.xlsx?deliveryDate=${DELIVERY_DATE}`,
      headers: { authorization: `Bearer ${day.staff}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: any[] = [];
    book.getWorksheet('By pickup point')!.eachRow((row, n) => n > 1 && rows.push(row.values));
    expect(rows).toHaveLength(4);
    expect(rows.reduce((sum, r) => sum + Number(r[8]), 0)).toBe(10);
    const html = await t.request('GET', `/api/v1/admin/sorting/labels.html?deliveryDate=${DELIVERY_DATE}`, { token: day.staff });
    expect(html.status).toBe(200);
    expect(String(html.body).match(/<svg/g)).toHaveLength(3);
    for (const p of day.points) expect(String(html.body)).toContain(`bdl:${DELIVERY_DATE}:${p}`);

    const { items: routes } = await routesOfDay();
    const sheet = await t.app.server.inject({
      method: 'GET',
      url: `/api/v1/admin/routes/${routes[0].id}/load-sheet.xlsx`,
      headers: { authorization: `Bearer ${day.staff}` },
    });
    expect(sheet.statusCode).toBe(200);
    const loadBook = new ExcelJS.Workbook();
    await loadBook.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    expect(loadBook.worksheets[0]!.rowCount).toBeGreaterThan(1);
  });
});

describe('dispatcher edits', () => {
  it('moves a stop between routes, refuses one that overloads a route, and keeps loads consistent', async () => {
    const { items: routes } = await routesOfDay();
    const [full, single] = routes[0].stops.length === 2 ? [routes[0], routes[1]] : [routes[1], routes[0]];
    const moved = full.stops[0];
    const res = await t.request('POST', `/api/v1/admin/routes/${full.id}/stops/${moved.id}/move`, {
      token: day.staff,
      body: { toRouteId: single.id, position: 1 },
    });
    expect(res.status).toBe(200);
    const after = await routesOfDay();
    const target = after.items.find((r) => r.id === single.id)!;
    expect(target.stops.map((s: any) => s.id)).toEqual([moved.id, single.stops[0].id]);
    expect(target.stops.map((s: any) => s.seq)).toEqual([1, 2]);
    expect(target.load.crates).toBe(target.stops.reduce((n: number, s: any) => n + s.load.crates, 0));
    expect(after.items.reduce((n, r) => n + r.load.weightG, 0)).toBe(routes.reduce((n, r) => n + r.load.weightG, 0));

    const source = after.items.find((r) => r.id === full.id)!;
    const overload = await t.request('POST', `/api/v1/admin/routes/${source.id}/stops/${source.stops[0].id}/move`, {
      token: day.staff,
      body: { toRouteId: single.id },
    });
    expect(overload.status).toBe(409);
    expect((await routesOfDay()).items).toEqual(after.items);
  });

  it('reorders a route, re-timing its stops', async () => {
    const route = (await routesOfDay()).items.find((r) => r.stops.length === 2)!;
    const reversed = route.stops.map((s: any) => s.id).reverse();
    const bad = await t.request('PUT', `/api/v1/admin/routes/${route.id}/stop-order`, {
      token: day.staff,
      body: { stopIds: [reversed[0]] },
    });
    expect(bad.status).toBe(400);
    const res = await t.request('PUT', `/api/v1/admin/routes/${route.id}/stop-order`, { token: day.staff, body: { stopIds: reversed } });
    expect(res.status).toBe(200);
    expect(res.body.stops.map((s: any) => s.id)).toEqual(reversed);
    expect(Date.parse(res.body.stops[0].plannedArrivalAt)).toBeLessThan(Date.parse(res.body.stops[1].plannedArrivalAt));
  });

  it('keeps a locked route when planning again and replaces the unlocked drafts', async () => {
    const before = (await routesOfDay()).items;
    const locked = before.find((r) => r.stops.length === 2)!;
    expect((await t.request('PATCH', `/api/v1/admin/routes/${locked.id}`, { token: day.staff, body: { locked: true } })).body.locked).toBe(
      true,
    );
    const { routes, unserved } = await plan(t, day);
    expect(unserved).toEqual([]);
    const now = (await routesOfDay()).items;
    expect(now.find((r) => r.id === locked.id)).toEqual({ ...locked, locked: true });
    expect(now).toHaveLength(2);
    expect(routes.map((r) => r.id)).not.toContain(locked.id);
    expect(now.flatMap((r) => r.stops.map((s: any) => s.pickupPointId)).sort()).toEqual([...day.points].sort());
  });

  it('publishes a route to a driver, who alone sees it; published routes are not edited', async () => {
    const route = (await routesOfDay()).items[0];
    const res = await t.request('POST', `/api/v1/admin/routes/${route.id}/publish`, {
      token: day.staff,
      body: { driverId: day.drivers[0]!.id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'published', driverId: day.drivers[0]!.id });
    const event = await t.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'route.published')
      .where('aggregate_id', '=', route.id)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      routeId: route.id,
      deliveryDate: DELIVERY_DATE,
      vehicleTypeId: day.vanId,
      driverId: day.drivers[0]!.id,
      carrierId: null,
    });
    const told = await t.ctx.db.selectFrom('notifications').select('recipient_id').where('recipient_kind', '=', 'driver').execute();
    expect(told.map((n) => n.recipient_id)).toEqual([day.drivers[0]!.id]);

    const mine = await get(`/api/v1/driver/routes?date=${DELIVERY_DATE}`, day.drivers[0]!.token);
    expect(mine.body.items.map((r: any) => r.id)).toEqual([route.id]);
    expect(mine.body.items[0].stops[0].mapUrl).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=/);
    expect((await get(`/api/v1/driver/routes?date=${DELIVERY_DATE}`, day.drivers[1]!.token)).body.items).toEqual([]);
    expect((await get(`/api/v1/driver/routes/${route.id}`, day.drivers[1]!.token)).status).toBe(404);
    expect((await t.request('POST', `/api/v1/driver/routes/${route.id}/depart`, { token: day.drivers[1]!.token })).status).toBe(404);
    expect((await get(`/api/v1/driver/routes`, day.staff)).status).toBe(403);

    const again = await t.request('PATCH', `/api/v1/admin/routes/${route.id}`, { token: day.staff, body: { locked: false } });
    expect(again.status).toBe(409);
    const other = (await routesOfDay()).items.find((r) => r.id !== route.id)!;
    const busy = await t.request('POST', `/api/v1/admin/routes/${other.id}/publish`, {
      token: day.staff,
      body: { driverId: day.drivers[0]!.id },
    });
    expect(busy.status).toBe(409);
  });

  it('keeps routes to their operator and planning to dispatchers', async () => {
    const route = (await routesOfDay()).items[0];
    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 1, residents: 0 });
    const stranger = await t.login('staff', other.adminPhone, 'other-op');
    expect((await get(`/api/v1/admin/routes/${route.id}`, stranger)).status).toBe(404);
    expect((await t.request('POST', `/api/v1/admin/routes/${route.id}/cancel`, { token: stranger })).status).toBe(404);
    expect((await get(`/api/v1/admin/sorting?deliveryDate=${DELIVERY_DATE}`, stranger)).body.routes).toEqual([]);
    const planAsStranger = await t.request('POST', '/api/v1/admin/route-plans', {
      token: stranger,
      body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE },
    });
    expect(planAsStranger.status).toBe(404);

    const warehouseStaff = await createStaff(t.ctx, day.w.operatorId, ['warehouse']);
    const token = await t.login('staff', warehouseStaff.phone);
    expect((await get(`/api/v1/admin/sorting?deliveryDate=${DELIVERY_DATE}`, token)).status).toBe(200);
    const planAsWarehouse = await t.request('POST', '/api/v1/admin/route-plans', {
      token,
      body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE },
    });
    expect(planAsWarehouse.status).toBe(403);
  });
});
