import type { orders } from '@linli/contracts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { isPaid } from '../ordering/index.ts';
import { moveBlocker } from './order-desk.queries.ts';
import { deskOrderRow, toDeskOrder } from './order-search.report.ts';
import { redeliveries } from '../logistics/index.ts';

/**
 * Report: one order on the orders desk, with its timeline. The timeline is read from what every
 * module records of the order (ordering's lines, payment's refunds, procurement's allocation,
 * logistics' handover and redeliveries, pickup, after-sales claims, the desk's own log), so this
 * read joins across those modules' tables; it changes nothing.
 */

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
  const row = await deskOrderRow(db, operatorId, orderId);
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
