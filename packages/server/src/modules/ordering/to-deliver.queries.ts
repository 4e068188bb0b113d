import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { PAID_STATUSES, TO_DELIVER_STATUSES } from './ordering.rules.ts';

/**
 * What the orders ask of delivery: the goods and orders per pickup point and pickup date, as
 * logistics plans, sorts, hands over and decides on them. Each query is set-based over all the
 * points it is given, so a plan over thousands of points asks once.
 */

export interface PaidUnits {
  pickupPointId: string;
  skuId: string;
  /** Bought minus refunded, over the paid orders (shortage and handover refunds already taken out). */
  quantity: number;
}

/**
 * Per pickup point and SKU, the net units of the paid orders to pick up on a date (of the points
 * named, else of all), leaving out what is refunded in full; by point, then SKU.
 */
export async function paidUnitsByPoint(
  db: Executor,
  operatorId: string,
  pickupDate: string,
  pickupPointIds?: readonly string[],
): Promise<PaidUnits[]> {
  if (pickupPointIds && pickupPointIds.length === 0) return [];
  let q = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .where('o.operator_id', '=', operatorId)
    .where('o.pickup_date', '=', pickupDate)
    .where('o.status', 'in', PAID_STATUSES);
  if (pickupPointIds) q = q.where('o.pickup_point_id', 'in', [...pickupPointIds]);
  const rows = await q
    .select(['o.pickup_point_id as pickupPointId', 'l.sku_id as skuId', sql<number>`sum(l.quantity - l.refunded_quantity)`.as('quantity')])
    .groupBy(['o.pickup_point_id', 'l.sku_id'])
    .having(sql`sum(l.quantity - l.refunded_quantity)`, '>', 0)
    .orderBy('o.pickup_point_id')
    .orderBy('l.sku_id')
    .execute();
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

/** Per pickup point among those named, its paid orders of a pickup date: how many, and their amount net of refunds. */
export async function paidOrderTotalsByPoint(
  db: Executor,
  operatorId: string,
  pickupDate: string,
  pickupPointIds: readonly string[],
): Promise<Map<string, { orders: number; amountFen: number }>> {
  if (pickupPointIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', pickupDate)
    .where('status', 'in', PAID_STATUSES)
    .where('pickup_point_id', 'in', [...pickupPointIds])
    .select(['pickup_point_id', sql<number>`count(*)::int`.as('orders'), sql<number>`sum(total_fen - refunded_fen)::int`.as('amountFen')])
    .groupBy('pickup_point_id')
    .execute();
  return new Map(rows.map((r) => [r.pickup_point_id, { orders: r.orders, amountFen: r.amountFen }]));
}

export interface OrderToDeliver {
  id: string;
  orderNo: string;
  pickupPointId: string;
  residentId: string;
  leaderId: string;
  paidAt: Date | null;
}

/**
 * The orders still to deliver (paid, not yet delivered) to these pickup points on a pickup date,
 * in id order. With `lock` they are locked (FOR NO KEY UPDATE) for the rest of the transaction,
 * so nothing moves or refunds them meanwhile.
 */
export async function ordersToDeliver(
  db: Executor,
  operatorId: string,
  pickupDate: string,
  pickupPointIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<OrderToDeliver[]> {
  if (pickupPointIds.length === 0) return [];
  const q = db
    .selectFrom('orders')
    .select([
      'id',
      'order_no as orderNo',
      'pickup_point_id as pickupPointId',
      'resident_id as residentId',
      'leader_id as leaderId',
      'paid_at as paidAt',
    ])
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', pickupDate)
    .where('pickup_point_id', 'in', [...pickupPointIds])
    .where('status', 'in', TO_DELIVER_STATUSES)
    .orderBy('id');
  return options.lock ? q.forNoKeyUpdate().execute() : q.execute();
}

/**
 * Fragment: the orders still to deliver with a pickup date from `from` to `to` (id, operator,
 * pickup point and date), for a statement that looks for what serves them in one pass.
 */
export function ordersToDeliverBetween(db: Executor, operatorId: string, from: string, to: string) {
  return db
    .selectFrom('orders')
    .select(['id', 'operator_id', 'pickup_point_id', 'pickup_date'])
    .where('operator_id', '=', operatorId)
    .where('status', 'in', TO_DELIVER_STATUSES)
    .where('pickup_date', '>=', from)
    .where('pickup_date', '<=', to);
}
