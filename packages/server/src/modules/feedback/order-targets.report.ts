/**
 * Report: what one order offers a rating or a complaint: its status, resident, leader and pickup
 * point, the supplier of each of its lines, and the driver of the route that took it to its
 * pickup point.
 *
 * Why it joins across modules: a complaint names its target from the order, and the target lives
 * in three modules' tables: the order and its lines (ordering), each line's SKU's product and its
 * supplier (catalog), the stop at the order's pickup point on its pickup date and that stop's
 * route's driver (logistics). One read of one order, in the caller's transaction.
 */
import type { Executor } from '../../platform/db/database.ts';
import type { OrderStatus } from '../../platform/db/schema.ts';

export interface OrderFeedbackTargets {
  id: string;
  orderNo: string;
  residentId: string;
  status: OrderStatus;
  leaderId: string;
  pickupPointId: string;
  /** Each line's supplier, by order line id. */
  lineSuppliers: Map<string, string>;
  driverId: string | null;
}

/** The operator's order with its targets, or undefined for an unknown order. */
export async function orderFeedbackTargets(db: Executor, operatorId: string, orderId: string): Promise<OrderFeedbackTargets | undefined> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'order_no', 'resident_id', 'status', 'leader_id', 'pickup_point_id', 'pickup_date'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return undefined;
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['l.id', 'p.supplier_id'])
    .where('l.order_id', '=', order.id)
    .orderBy('l.id')
    .execute();
  const route = await db
    .selectFrom('route_stops as st')
    .innerJoin('delivery_routes as r', 'r.id', 'st.route_id')
    .select('r.driver_id')
    .where('st.operator_id', '=', operatorId)
    .where('st.pickup_point_id', '=', order.pickup_point_id)
    .where('st.delivery_date', '=', order.pickup_date)
    .where('r.status', '<>', 'cancelled')
    .where('r.driver_id', 'is not', null)
    .orderBy('st.handed_over_at', (ob) => ob.desc().nullsLast())
    .orderBy('r.id')
    .executeTakeFirst();
  return {
    id: order.id,
    orderNo: order.order_no,
    residentId: order.resident_id,
    status: order.status,
    leaderId: order.leader_id,
    pickupPointId: order.pickup_point_id,
    lineSuppliers: new Map(lines.map((l) => [l.id, l.supplier_id])),
    driverId: route?.driver_id ?? null,
  };
}
