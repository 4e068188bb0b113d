import type { orders } from '@linli/contracts';
import { sql } from 'kysely';
import type { OrderStatus } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page, type PageRequest } from '../../platform/db/paging.ts';
import { AppError } from '../../platform/errors.ts';
import { redeliveries } from './redelivery.queries.ts';
import { maskPhone } from '../identity/index.ts';
import { isPaid } from '../ordering/index.ts';

/** What the desk filters by; `residentIds` is what a phone matched (the service looks it up and logs it). */
export interface DeskFilter {
  orderNo?: string | undefined;
  pickupCode?: string | undefined;
  pickupDate?: string | undefined;
  status?: OrderStatus | undefined;
  pickupPointId?: string | undefined;
  residentIds?: readonly string[] | undefined;
}

/** Routes past planning: their bundles are sorted and loaded, so their orders stay where they are. */
export const DISPATCHED_ROUTES = ['published', 'loading', 'in_transit', 'completed'] as const;

/** Orders the line-level actions apply to: paid and not refunded in full, up to picked up. */

function filtered(db: Executor, operatorId: string, f: DeskFilter) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('pickup_points as p', 'p.id', 'o.pickup_point_id')
    .innerJoin('leaders as ld', 'ld.id', 'o.leader_id')
    .innerJoin('residents as r', 'r.id', 'o.resident_id')
    .where('o.operator_id', '=', operatorId);
  if (f.orderNo) q = q.where('o.order_no', '=', f.orderNo);
  if (f.pickupCode) q = q.where('o.pickup_code', '=', f.pickupCode);
  if (f.pickupDate) q = q.where('o.pickup_date', '=', f.pickupDate);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.pickupPointId) q = q.where('o.pickup_point_id', '=', f.pickupPointId);
  if (f.residentIds) q = f.residentIds.length ? q.where('o.resident_id', 'in', [...f.residentIds]) : q.where(sql<boolean>`false`);
  return q;
}

type Filtered = ReturnType<typeof filtered>;

const columns = (q: Filtered) =>
  q.select([
    'o.id',
    'o.order_no',
    'o.status',
    'o.pickup_date',
    'o.pickup_code',
    'o.pickup_point_id',
    'p.name as point_name',
    'o.leader_id',
    'ld.name as leader_name',
    'o.resident_id',
    'r.name as resident_name',
    'r.phone as resident_phone',
    'o.total_fen',
    'o.refunded_fen',
    'o.created_at',
    'o.paid_at',
  ]);
type Row = Awaited<ReturnType<ReturnType<typeof columns>['execute']>>[number];

async function itemsText(db: Executor, orderIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orderIds.length === 0) return out;
  const lines = await db
    .selectFrom('order_lines')
    .select(['order_id', 'title', 'quantity'])
    .where('order_id', 'in', [...orderIds])
    .orderBy('id')
    .execute();
  for (const l of lines) {
    const text = `${l.title} × ${l.quantity}`;
    out.set(l.order_id, out.has(l.order_id) ? `${out.get(l.order_id)}，${text}` : text);
  }
  return out;
}

function toDeskOrder(r: Row, items: string): orders.DeskOrder {
  return {
    id: r.id,
    orderNo: r.order_no,
    status: r.status,
    pickupDate: r.pickup_date,
    pickupCode: r.pickup_code,
    pickupPointId: r.pickup_point_id,
    pickupPointName: r.point_name,
    leaderName: r.leader_name,
    residentId: r.resident_id,
    residentName: r.resident_name,
    residentPhone: maskPhone(r.resident_phone),
    totalFen: r.total_fen,
    refundedFen: r.refunded_fen,
    items,
    createdAt: r.created_at.toISOString(),
    paidAt: r.paid_at?.toISOString() ?? null,
  };
}

/** A page of the orders the filter finds, newest first, phones masked. */
export async function findOrders(db: Executor, operatorId: string, f: DeskFilter, paging: PageRequest): Promise<Page<orders.DeskOrder>> {
  const base = filtered(db, operatorId, f);
  const listed = await fetchPage(paging, columns(base).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc'), base);
  const items = await itemsText(
    db,
    listed.items.map((r) => r.id),
  );
  return { ...listed, items: listed.items.map((r) => toDeskOrder(r, items.get(r.id) ?? '')) };
}

/** Every order the filter finds (for the export), newest first, at most `limit`. */
export async function allOrders(db: Executor, operatorId: string, f: DeskFilter, limit: number): Promise<orders.DeskOrder[]> {
  return (await findOrders(db, operatorId, f, { page: 1, pageSize: limit })).items;
}

/**
 * Why an order cannot move to another pickup point, or null when it can: it is sorted
 * (allocated or further on) or a route to its pickup point on its date has left planning.
 */
export async function moveBlocker(
  db: Executor,
  operatorId: string,
  order: { status: OrderStatus; pickup_point_id: string; pickup_date: string },
  pickupPointIds: readonly string[] = [order.pickup_point_id],
): Promise<{ code: 'ORDER_ALREADY_SORTED' | 'INVALID_STATE'; stage: string } | null> {
  if (['allocated', 'delivered', 'picked_up'].includes(order.status)) return { code: 'ORDER_ALREADY_SORTED', stage: order.status };
  if (order.status !== 'paid' && order.status !== 'pending_payment') return { code: 'INVALID_STATE', stage: order.status };
  const routed = await db
    .selectFrom('route_stops as s')
    .innerJoin('delivery_routes as d', 'd.id', 's.route_id')
    .select('d.status')
    .where('s.operator_id', '=', operatorId)
    .where('s.delivery_date', '=', order.pickup_date)
    .where('s.pickup_point_id', 'in', [...pickupPointIds])
    .where('d.status', 'in', [...DISPATCHED_ROUTES])
    .executeTakeFirst();
  return routed ? { code: 'ORDER_ALREADY_SORTED', stage: 'dispatched' } : null;
}

type Entry = orders.TimelineEntry;
const AFTER_CUTOFF: readonly string[] = ['shortage', 'handover', 'aftersales', 'unpicked'];
const entry = (at: Date, kind: Entry['kind'], more: Partial<Entry> = {}): Entry => ({
  at: at.toISOString(),
  kind,
  amountFen: null,
  cause: null,
  blame: null,
  status: null,
  note: null,
  by: null,
  lines: [],
  ...more,
});

/**
 * One order for the desk: its lines with what support may still refund or send again, whether it
 * may move, and its timeline read from what the tables record (the order itself, the allocation
 * of its SKUs, the handover at its pickup point, pickup, refunds with their cause and blame,
 * claims, unpicked, redeliveries, and what the desk did). NOT_FOUND for another tenant's order.
 */
export async function orderDetail(db: Executor, operatorId: string, orderId: string): Promise<orders.DeskOrderDetail> {
  const row = await columns(filtered(db, operatorId, {}).where('o.id', '=', orderId)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'order not found');
  const [order, lines, refunds, refundLines, cases, picked, unpicked, sent, log, handover, allocated] = await Promise.all([
    db.selectFrom('orders').select(['cancelled_at', 'cancel_reason']).where('id', '=', orderId).executeTakeFirstOrThrow(),
    db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
    db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('refund_lines as rl')
      .innerJoin('refunds as f', 'f.id', 'rl.refund_id')
      .select(['rl.refund_id', 'rl.order_line_id', 'rl.quantity', 'rl.amount_fen'])
      .where('f.order_id', '=', orderId)
      .execute(),
    db
      .selectFrom('aftersale_cases as c')
      .leftJoin('staff as st', (j) => j.onRef('st.id', '=', 'c.decided_by_id').on('c.decided_by_kind', '=', 'staff'))
      .selectAll('c')
      .select('st.name as staff_name')
      .where('c.order_id', '=', orderId)
      .orderBy('c.created_at')
      .execute(),
    db
      .selectFrom('pickup_verifications as v')
      .innerJoin('pickup_verification_lines as vl', 'vl.verification_id', 'v.id')
      .select(['v.id', 'v.verified_at', 'v.method', 'vl.order_line_id', 'vl.quantity'])
      .where('v.order_id', '=', orderId)
      .orderBy('v.verified_at')
      .execute(),
    db.selectFrom('unpicked_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    db
      .selectFrom('order_redeliveries as r')
      .innerJoin('staff as st', 'st.id', 'r.created_by')
      .selectAll('r')
      .select('st.name as staff_name')
      .where('r.order_id', '=', orderId)
      .orderBy('r.created_at')
      .execute(),
    db
      .selectFrom('order_desk_log as g')
      .innerJoin('staff as st', 'st.id', 'g.staff_id')
      .selectAll('g')
      .select('st.name as staff_name')
      .where('g.order_id', '=', orderId)
      .orderBy('g.created_at')
      .execute(),
    db
      .selectFrom('handovers as h')
      .innerJoin('route_stops as s', 's.id', 'h.stop_id')
      .select(['h.confirmed_at', 'h.seal_intact'])
      .where('h.operator_id', '=', operatorId)
      .where('h.pickup_point_id', '=', row.pickup_point_id)
      .where('s.delivery_date', '=', row.pickup_date)
      .orderBy('h.confirmed_at')
      .executeTakeFirst(),
    row.paid_at
      ? db
          .selectFrom('shortage_allocations')
          .select((eb) => eb.fn.min('created_at').as('at'))
          .where('operator_id', '=', operatorId)
          .where('pickup_date', '=', row.pickup_date)
          .where('sku_id', 'in', db.selectFrom('order_lines').select('sku_id').where('order_id', '=', orderId))
          .executeTakeFirst()
      : undefined,
  ]);
  const title = new Map(lines.map((l) => [l.id, l.title]));
  const timeline: Entry[] = [entry(row.created_at, 'placed', { amountFen: row.total_fen })];
  if (row.paid_at) timeline.push(entry(row.paid_at, 'paid', { amountFen: row.total_fen }));
  if (order.cancelled_at) {
    timeline.push(entry(order.cancelled_at, row.status === 'expired' ? 'expired' : 'cancelled', { note: order.cancel_reason }));
  }
  // A refunded order went as far as the step whose refund ended it (a cancel before the cutoff did not).
  const reached = (at: Date) =>
    ['allocated', 'delivered', 'picked_up'].includes(row.status) ||
    (row.status === 'refunded' && refunds.some((f) => AFTER_CUTOFF.includes(f.kind) && f.created_at >= at));
  const allocatedAt = allocated?.at ? new Date(allocated.at as unknown as string) : null;
  if (allocatedAt && reached(allocatedAt)) timeline.push(entry(allocatedAt, 'allocated'));
  if (handover && row.status !== 'allocated' && reached(handover.confirmed_at)) {
    timeline.push(entry(handover.confirmed_at, 'delivered', { note: handover.seal_intact ? 'seal intact' : 'seal broken' }));
  }
  const verifications = new Map<string, { at: Date; method: string; lines: Entry['lines'] }>();
  for (const v of picked) {
    const seen = verifications.get(v.id) ?? { at: v.verified_at, method: v.method, lines: [] };
    seen.lines.push({ orderLineId: v.order_line_id, title: title.get(v.order_line_id) ?? '', quantity: v.quantity, amountFen: null });
    verifications.set(v.id, seen);
  }
  for (const v of verifications.values()) timeline.push(entry(v.at, 'picked_up', { cause: v.method, lines: v.lines }));
  for (const f of refunds) {
    timeline.push(
      entry(f.created_at, 'refund', {
        amountFen: f.amount_fen,
        cause: f.kind,
        blame: f.blame,
        status: f.status,
        note: f.reason,
        lines: refundLines
          .filter((l) => l.refund_id === f.id)
          .map((l) => ({
            orderLineId: l.order_line_id,
            title: title.get(l.order_line_id) ?? '',
            quantity: l.quantity,
            amountFen: l.amount_fen,
          })),
      }),
    );
  }
  for (const c of cases) {
    timeline.push(
      entry(c.created_at, 'claim', {
        amountFen: c.approved_fen ?? c.requested_fen,
        cause: c.type,
        blame: c.blame,
        status: c.status,
        note: c.decision_reason ?? c.description,
        by: c.staff_name ?? (c.decided_by_kind === 'leader' ? 'leader' : null),
        lines: [
          { orderLineId: c.order_line_id, title: title.get(c.order_line_id) ?? '', quantity: c.quantity, amountFen: c.requested_fen },
        ],
      }),
    );
  }
  if (unpicked) timeline.push(entry(unpicked.recorded_at, 'unpicked', { cause: unpicked.rule, status: unpicked.status }));
  for (const r of sent) {
    timeline.push(
      entry(r.created_at, 'redelivery', {
        note: `${r.delivery_date}: ${r.reason}`,
        by: r.staff_name,
        lines: [{ orderLineId: r.order_line_id, title: title.get(r.order_line_id) ?? '', quantity: r.quantity, amountFen: null }],
      }),
    );
  }
  for (const g of log) timeline.push(entry(g.created_at, g.action, { note: g.note, by: g.staff_name }));
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const served = isPaid(row.status);
  const delivered = row.status === 'delivered' || row.status === 'picked_up';
  const lineViews = lines.map((l) => {
    const open = cases.filter((c) => c.order_line_id === l.id && (c.status === 'submitted' || c.status === 'approved'));
    const claimedQty = open.reduce((s, c) => s + c.quantity, 0);
    const claimedFen = open.reduce((s, c) => s + c.requested_fen, 0);
    const resent = sent.filter((r) => r.order_line_id === l.id).reduce((s, r) => s + r.quantity, 0);
    const net = l.quantity - l.refunded_quantity;
    return {
      id: l.id,
      skuId: l.sku_id,
      title: l.title,
      unitPriceFen: l.unit_price_fen,
      quantity: l.quantity,
      amountFen: l.amount_fen,
      refundedQuantity: l.refunded_quantity,
      refundedFen: l.refunded_fen,
      refundableQuantity: served ? Math.max(0, net - claimedQty) : 0,
      refundableFen: served ? Math.max(0, l.amount_fen - l.refunded_fen - claimedFen) : 0,
      redeliverableQuantity: delivered ? Math.max(0, net - resent) : 0,
    };
  });
  const blocker = await moveBlocker(db, operatorId, row);
  return {
    ...toDeskOrder(row, lines.map((l) => `${l.title} × ${l.quantity}`).join('，')),
    leaderId: row.leader_id,
    lines: lineViews,
    movable: blocker === null,
    timeline,
    redeliveries: await redeliveries(db, operatorId, { orderId }),
  };
}
