/**
 * The orders desk: staff find an order by number, full phone (audited) or pickup code, read its
 * timeline and act on it: refund a line through the after-sales path (the ledger still balances),
 * send a missing line again with the next delivery (the sorting sheet lists it), move an order
 * not yet sorted to another pickup point, send the pickup code again, and export the list.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPickup } from '../src/modules/pickup/pickup.service.ts';
import { newId } from '../src/platform/ids.ts';
import { type World, createOpenCampaign, createStaff, createWorld } from './fixtures.ts';
import { type TestApp, startTestApp } from './harness.ts';
import { paidOrder, principal, refund } from './ledger-fixtures.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';
import { settle } from './procurement-helpers.ts';

let t: TestApp;
let world: World;
let other: World;
let lineIds: string[];
let support: string;
let dispatcher: string;
let finance: string;
let warehouse: string;
let otherSupport: string;

const PICKUP_DATE = '2026-11-21';
const get = (url: string, token: string) => t.request('GET', url, { token });
const post = (url: string, token: string, body?: unknown) => t.request('POST', url, { token, body: body ?? {} });
const order = (id: string) => t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { leaders: 3, residents: 3 });
  other = await createWorld(t.ctx, { slug: 'other-op' });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: PICKUP_DATE }));
  const login = async (roles: Parameters<typeof createStaff>[2], w = world) =>
    t.login('staff', (await createStaff(t.ctx, w.operatorId, roles)).phone, w.slug);
  support = await login(['support']);
  dispatcher = await login(['dispatcher']);
  finance = await login(['finance']);
  warehouse = await login(['warehouse']);
  otherSupport = await login(['support'], other);
});
afterAll(() => t.close());

describe('finding orders', () => {
  it('finds an order by its number, by pickup code and by the full phone, phones masked', async () => {
    const resident = world.residents[0]!;
    const o = await paidOrder(t, world, resident.id, [[lineIds[0]!, 2]]);
    const byNo = await get(`/api/v1/admin/order-desk?orderNo=${o.order_no}`, dispatcher);
    expect(byNo.status).toBe(200);
    expect(byNo.body.items.map((i: { id: string }) => i.id)).toEqual([o.id]);
    expect(byNo.body.items[0]).toMatchObject({ orderNo: o.order_no, status: 'paid', pickupCode: o.pickup_code, totalFen: 1980 });
    expect(byNo.body.items[0].residentPhone).toBe(`${resident.phone.slice(0, 3)}****${resident.phone.slice(-4)}`);
    expect(byNo.body.items[0].items).toContain('× 2');

    const byCode = await get(`/api/v1/admin/order-desk?pickupCode=${o.pickup_code}&pickupDate=${PICKUP_DATE}`, support);
    expect(byCode.body.items.map((i: { id: string }) => i.id)).toContain(o.id);

    const byPhone = await get(`/api/v1/admin/order-desk?phone=${resident.phone}`, support);
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.items.map((i: { id: string }) => i.id)).toContain(o.id);
    expect(byPhone.body.items.every((i: { residentId: string }) => i.residentId === resident.id)).toBe(true);
    expect(JSON.stringify(byPhone.body)).not.toContain(resident.phone);

    // another tenant's support finds nothing, by number or phone
    expect((await get(`/api/v1/admin/order-desk?orderNo=${o.order_no}`, otherSupport)).body.total).toBe(0);
    expect((await get(`/api/v1/admin/order-desk?phone=${resident.phone}`, otherSupport)).body.total).toBe(0);
  });

  it('writes every search by phone to the audit log, and only support (or an admin) may search by phone', async () => {
    const resident = world.residents[1]!;
    const audits = () =>
      t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('operator_id', '=', world.operatorId)
        .where('action', '=', 'personal_data.search')
        .execute();
    const before = (await audits()).length;
    expect((await get(`/api/v1/admin/order-desk?phone=${resident.phone}`, support)).status).toBe(200);
    const rows = await audits();
    expect(rows.length).toBe(before + 1);
    expect(rows.filter((r) => r.record_id === resident.id)).toEqual([
      expect.objectContaining({ record_kind: 'resident', field: 'phone', staff_roles: ['support'] }),
    ]);
    // a phone that matches nobody is a probe, logged too
    await get('/api/v1/admin/order-desk?phone=13012345678', support);
    expect((await audits()).filter((r) => r.record_id === '-')).toHaveLength(1);
    // the dispatcher reads the desk but not by phone: refused and not logged
    const refused = await get(`/api/v1/admin/order-desk?phone=${resident.phone}`, dispatcher);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await audits()).length).toBe(before + 2);
    // the export by phone is a search by phone
    expect((await get(`/api/v1/admin/order-desk/export.xlsx?phone=${resident.phone}`, support)).status).toBe(200);
    expect((await audits()).length).toBe(before + 3);
    // admins read it in the audit log
    const admin = await t.login('staff', world.adminPhone, world.slug);
    const log = await get(`/api/v1/admin/audit-log?recordId=${resident.id}`, admin);
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({ action: 'personal_data.search', recordKind: 'resident', recordId: resident.id });
  });

  it('refuses bad input with a stable 4xx and other roles with 403', async () => {
    for (const q of ['phone=123', 'pickupCode=12ab', 'orderNo=x', 'pickupDate=2026-02-30', 'status=lost', 'pageSize=0', 'extra=1']) {
      const res = await get(`/api/v1/admin/order-desk?${q}`, support);
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await get('/api/v1/admin/order-desk', finance)).status).toBe(403);
    expect((await get('/api/v1/admin/order-desk/ord_nope', support)).body.code).toBe('NOT_FOUND');
    expect((await t.request('GET', '/api/v1/admin/order-desk')).status).toBe(401);
  });
});

describe('the timeline', () => {
  it('tells the order’s story: placed, paid, allocated, delivered, picked up, and every refund with its cause and blame', async () => {
    const resident = world.residents[0]!;
    const o = await fulfilledOrder(t, world, resident.id, [
      [lineIds[0]!, 3],
      [lineIds[1]!, 1],
    ]);
    const full = await order(o.id);
    // a shortage allocation of its SKU on its date, as procurement records it
    await t.ctx.db
      .insertInto('shortage_allocations')
      .values({
        id: newId('sal'),
        operator_id: world.operatorId,
        pickup_date: PICKUP_DATE,
        sku_id: world.skuIds[1]!,
        demand_quantity: 1,
        available_quantity: 1,
        short_quantity: 0,
        rule: 'latest_paid_first',
        blame: 'none',
        created_at: t.clock.now(),
      })
      .execute();
    const lines = await t.ctx.db.selectFrom('order_lines').selectAll().where('order_id', '=', o.id).orderBy('id').execute();
    const first = lines.find((l) => l.campaign_line_id === lineIds[0])!;
    t.clock.advance(60_000);
    await refund(t, world, o.id, [{ orderLineId: first.id, quantity: 1 }], 'handover', 'driver');
    t.clock.advance(60_000);
    await verifyPickup(t.ctx, principal(world, 'leader', world.leaders[0]!.id), { code: full.pickup_code, pickupDate: PICKUP_DATE });

    const res = await get(`/api/v1/admin/order-desk/${o.id}`, support);
    expect(res.status).toBe(200);
    const kinds = res.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['placed', 'paid', 'allocated', 'refund', 'picked_up']);
    const refundEntry = res.body.timeline.find((e: { kind: string }) => e.kind === 'refund');
    expect(refundEntry).toMatchObject({ cause: 'handover', blame: 'driver', amountFen: 990 });
    expect(refundEntry.lines).toEqual([{ orderLineId: first.id, title: first.title, quantity: 1, amountFen: 990 }]);
    expect(res.body.status).toBe('picked_up');
    expect(res.body.movable).toBe(false);
    const line = res.body.lines.find((l: { id: string }) => l.id === first.id);
    expect(line).toMatchObject({ refundedQuantity: 1, refundableQuantity: 2, redeliverableQuantity: 2 });
  });
});

describe('refunding a line', () => {
  it('refunds through the after-sales path: a claim approved by support, a refund with cause and blame, the ledger balanced', async () => {
    const o = await fulfilledOrder(t, world, world.residents[2]!.id, [[lineIds[0]!, 2]]);
    await settle(t);
    const line = (await t.ctx.db.selectFrom('order_lines').selectAll().where('order_id', '=', o.id).executeTakeFirstOrThrow()).id;
    const body = { orderLineId: line, quantity: 1, cause: 'damaged', blame: 'warehouse', reason: '箱子压坏' };

    // refusals first, each changing nothing
    expect((await post(`/api/v1/admin/order-desk/${o.id}/refund`, dispatcher, body)).status).toBe(403);
    expect((await post(`/api/v1/admin/order-desk/${o.id}/refund`, otherSupport, body)).body.code).toBe('NOT_FOUND');
    const tooMany = await post(`/api/v1/admin/order-desk/${o.id}/refund`, support, { ...body, quantity: 3 });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noLine = await post(`/api/v1/admin/order-desk/${o.id}/refund`, support, { ...body, orderLineId: 'oln_nope' });
    expect(noLine.body.code).toBe('NOT_FOUND');
    const badCause = await post(`/api/v1/admin/order-desk/${o.id}/refund`, support, { ...body, cause: 'bored' });
    expect(badCause.body.code).toBe('VALIDATION_FAILED');
    expect(await t.ctx.db.selectFrom('refunds').select('id').where('order_id', '=', o.id).execute()).toEqual([]);

    const done = await post(`/api/v1/admin/order-desk/${o.id}/refund`, support, body);
    expect(done.status).toBe(200);
    expect(done.body.refundedFen).toBe(990);
    const refunds = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', o.id).execute();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ kind: 'aftersales', blame: 'warehouse', amount_fen: 990, status: 'pending' });
    const claim = await t.ctx.db.selectFrom('aftersale_cases').selectAll().where('order_id', '=', o.id).executeTakeFirstOrThrow();
    expect(claim).toMatchObject({
      type: 'damaged',
      status: 'refunded',
      blame: 'warehouse',
      decided_by_kind: 'staff',
      refund_id: refunds[0]!.id,
    });
    expect(done.body.timeline.filter((e: { kind: string }) => e.kind === 'refund')[0]).toMatchObject({
      cause: 'aftersales',
      blame: 'warehouse',
    });

    // the refund sweep sends it; the ledger posts it and still balances
    await settle(t);
    const sent = await t.ctx.db.selectFrom('refunds').select('status').where('id', '=', refunds[0]!.id).executeTakeFirstOrThrow();
    expect(sent.status).toBe('succeeded');
    const entries = await t.ctx.db
      .selectFrom('journal_entries')
      .select('id')
      .where('operator_id', '=', world.operatorId)
      .where('document_id', '=', refunds[0]!.id)
      .execute();
    expect(entries.length).toBeGreaterThan(0);
    const trial = await sql<{
      n: number;
    }>`select coalesce(sum(balance_fen), 0)::bigint as n from ledger_accounts where operator_id = ${world.operatorId}`.execute(t.ctx.db);
    expect(Number(trial.rows[0]!.n)).toBe(0);
    const postings = await sql<{ n: number }>`select coalesce(sum(p.amount_fen), 0)::bigint as n from journal_postings p
      join journal_entries e on e.id = p.entry_id where e.operator_id = ${world.operatorId}`.execute(t.ctx.db);
    expect(Number(postings.rows[0]!.n)).toBe(0);

    // an unpaid order has nothing to refund
    const unpaid = await t.ctx.db
      .insertInto('orders')
      .values({
        ...(await order(o.id)),
        id: newId('ord'),
        order_no: `9${Date.now()}`,
        pickup_code: '000001',
        status: 'cancelled',
        refunded_fen: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await post(`/api/v1/admin/order-desk/${unpaid.id}/refund`, support, body);
    expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_STATE']);
  });
});

describe('sending a line again', () => {
  it('records it for the next delivery, where the sorting sheet lists it; refuses undelivered orders and too many units', async () => {
    const o = await fulfilledOrder(t, world, world.residents[1]!.id, [[lineIds[1]!, 2]]);
    const line = (await t.ctx.db.selectFrom('order_lines').selectAll().where('order_id', '=', o.id).executeTakeFirstOrThrow()).id;
    const body = { orderLineId: line, quantity: 1, reason: '缺一份' };
    const tooMany = await post(`/api/v1/admin/order-desk/${o.id}/redeliver`, dispatcher, { ...body, quantity: 3 });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const today = await post(`/api/v1/admin/order-desk/${o.id}/redeliver`, support, { ...body, deliveryDate: '2026-11-20' });
    expect([today.status, today.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await post(`/api/v1/admin/order-desk/${o.id}/redeliver`, finance, body)).status).toBe(403);

    const done = await post(`/api/v1/admin/order-desk/${o.id}/redeliver`, support, body);
    expect(done.status).toBe(200);
    expect(done.body.redeliveries).toHaveLength(1);
    expect(done.body.redeliveries[0]).toMatchObject({ deliveryDate: '2026-11-21', orderLineId: line, quantity: 1 });
    expect(done.body.lines[0].redeliverableQuantity).toBe(1);
    expect(done.body.timeline.at(-1)).toMatchObject({ kind: 'redelivery', lines: [{ orderLineId: line, quantity: 1 }] });
    const notified = await t.ctx.db.selectFrom('notifications').select('body').where('recipient_id', '=', world.residents[1]!.id).execute();
    expect(notified.some((n) => n.body.includes('补发'))).toBe(true);

    const sheet = await get('/api/v1/admin/sorting?deliveryDate=2026-11-21', warehouse);
    expect(sheet.status).toBe(200);
    expect(sheet.body.redeliveries).toEqual([
      expect.objectContaining({ orderId: o.id, orderNo: o.order_no, pickupPointId: world.leaders[0]!.pickupPointId, quantity: 1 }),
    ]);
    const xlsx = await t.app.server.inject({
      method: 'GET',
      url: '/api/v1/admin/sorting/sorting.xlsx?deliveryDate=2026-11-21',
      headers: { authorization: `Bearer ${warehouse}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('Sent again')?.getRow(2).getCell(2).value).toBe(o.order_no);

    const paid = await paidOrder(t, world, world.residents[1]!.id, [[lineIds[1]!, 1]]);
    const paidLine = (await t.ctx.db.selectFrom('order_lines').select('id').where('order_id', '=', paid.id).executeTakeFirstOrThrow()).id;
    const undelivered = await post(`/api/v1/admin/order-desk/${paid.id}/redeliver`, support, { ...body, orderLineId: paidLine });
    expect([undelivered.status, undelivered.body.code]).toEqual([409, 'INVALID_STATE']);
  });
});

describe('moving an order to another pickup point', () => {
  it('moves an order not yet sorted, with the leader, and tells the resident', async () => {
    const o = await paidOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]]);
    const to = world.leaders[1]!;
    const same = await post(`/api/v1/admin/order-desk/${o.id}/move`, support, {
      pickupPointId: world.leaders[0]!.pickupPointId,
      reason: 'x',
    });
    expect([same.status, same.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const stranger = await post(`/api/v1/admin/order-desk/${o.id}/move`, support, {
      pickupPointId: other.leaders[0]!.pickupPointId,
      reason: 'x',
    });
    expect(stranger.body.code).toBe('NOT_FOUND');

    const res = await post(`/api/v1/admin/order-desk/${o.id}/move`, dispatcher, { pickupPointId: to.pickupPointId, reason: '搬家了' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pickupPointId: to.pickupPointId, movable: true });
    const moved = await order(o.id);
    expect([moved.pickup_point_id, moved.leader_id]).toEqual([to.pickupPointId, to.id]);
    expect(res.body.timeline.at(-1)).toMatchObject({ kind: 'moved' });
    expect(res.body.timeline.at(-1).note).toContain('搬家了');
  });

  it('refuses with ORDER_ALREADY_SORTED once sorted or on a dispatched route, and a closed point', async () => {
    const sorted = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]], 'allocated');
    const body = { pickupPointId: world.leaders[2]!.pickupPointId, reason: '换点' };
    const refused = await post(`/api/v1/admin/order-desk/${sorted.id}/move`, support, body);
    expect([refused.status, refused.body.code, refused.body.details?.stage]).toEqual([409, 'ORDER_ALREADY_SORTED', 'allocated']);

    // a published route to the order's point on its date
    const o = await paidOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]]);
    const now = t.clock.now();
    const vt = newId('vht');
    const wh = newId('wh');
    const route = newId('rte');
    await t.ctx.db
      .insertInto('warehouses')
      .values({ id: wh, operator_id: world.operatorId, name: 'W', address: 'a', lat: 28.2, lng: 112.97, created_at: now })
      .execute();
    await t.ctx.db
      .insertInto('vehicle_types')
      .values({
        id: vt,
        operator_id: world.operatorId,
        name: 'van',
        carrier_id: null,
        capacity_weight_kg: 1000,
        capacity_volume_l: 5000,
        capacity_crates: 100,
        temperature_class: 'ambient',
        cost_per_km_fen: 100,
        cost_per_trip_fen: 1000,
        available_count: 1,
        created_at: now,
      })
      .execute();
    await t.ctx.db
      .insertInto('delivery_routes')
      .values({
        id: route,
        operator_id: world.operatorId,
        warehouse_id: wh,
        delivery_date: PICKUP_DATE,
        route_no: 1,
        status: 'published',
        vehicle_type_id: vt,
        driver_id: null,
        carrier_id: null,
        departure_at: now,
        deadline_at: now,
        service_s: 300,
        cost_fen: null,
        cost_detail: null,
        created_at: now,
        updated_at: now,
        published_at: now,
        completed_at: null,
        cancelled_at: null,
      })
      .execute();
    await t.ctx.db
      .insertInto('route_stops')
      .values({
        id: newId('stp'),
        operator_id: world.operatorId,
        route_id: route,
        delivery_date: PICKUP_DATE,
        pickup_point_id: world.leaders[0]!.pickupPointId,
        seq: 1,
        planned_arrival_at: null,
        status: 'pending',
        arrived_at: null,
        handed_over_at: null,
        confirmed_at: null,
        failure_reason: null,
      })
      .execute();
    const dispatched = await post(`/api/v1/admin/order-desk/${o.id}/move`, support, body);
    expect([dispatched.status, dispatched.body.code, dispatched.body.details?.stage]).toEqual([409, 'ORDER_ALREADY_SORTED', 'dispatched']);
    expect((await get(`/api/v1/admin/order-desk/${o.id}`, support)).body.movable).toBe(false);
    expect((await order(o.id)).pickup_point_id).toBe(world.leaders[0]!.pickupPointId);

    const free = await paidOrder(t, world, world.residents[2]!.id, [[lineIds[0]!, 1]]);
    await t.ctx.db.updateTable('pickup_points').set({ status: 'closed' }).where('id', '=', world.leaders[2]!.pickupPointId).execute();
    await t.ctx.db.updateTable('delivery_routes').set({ status: 'cancelled' }).where('id', '=', route).execute();
    const closed = await post(`/api/v1/admin/order-desk/${free.id}/move`, support, body);
    expect([closed.status, closed.body.code]).toEqual([409, 'PICKUP_POINT_CLOSED']);
    await t.ctx.db.updateTable('pickup_points').set({ status: 'open' }).where('id', '=', world.leaders[2]!.pickupPointId).execute();
  });
});

describe('sending the pickup code again', () => {
  it('notifies the resident with the code, and refuses an order with nothing to pick up', async () => {
    const resident = world.residents[2]!;
    const o = await paidOrder(t, world, resident.id, [[lineIds[0]!, 1]]);
    const res = await post(`/api/v1/admin/order-desk/${o.id}/resend-code`, support);
    expect(res.status).toBe(200);
    const notes = await t.ctx.db.selectFrom('notifications').select('body').where('recipient_id', '=', resident.id).execute();
    expect(notes.some((n) => n.body.includes(o.pickup_code) && n.body.includes(o.order_no))).toBe(true);
    expect((await get(`/api/v1/admin/order-desk/${o.id}`, support)).body.timeline.at(-1).kind).toBe('code_resent');

    await t.ctx.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o.id).execute();
    const refused = await post(`/api/v1/admin/order-desk/${o.id}/resend-code`, support);
    expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_STATE']);
    expect((await post('/api/v1/admin/order-desk/ord_nope/resend-code', support)).body.code).toBe('NOT_FOUND');
  });
});

describe('the export', () => {
  it('writes the filtered list as an Excel workbook', async () => {
    const o = await paidOrder(t, world, world.residents[0]!.id, [[lineIds[1]!, 4]]);
    const res = await t.app.server.inject({
      method: 'GET',
      url: `/api/v1/admin/order-desk/export.xlsx?orderNo=${o.order_no}`,
      headers: { authorization: `Bearer ${dispatcher}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="orders-2026-11-\d\d\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = book.getWorksheet('Orders')!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(1).value).toBe(o.order_no);
    expect(String(ws.getRow(2).getCell(10).value)).toContain('× 4');
    expect((await get('/api/v1/admin/order-desk/export.xlsx?pickupCode=1', support)).status).toBe(400);
  });
});
