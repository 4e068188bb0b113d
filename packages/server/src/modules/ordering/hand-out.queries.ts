import type { Executor, Tx } from '../../platform/db/database.ts';
import type { OrderRow } from './ordering.queries.ts';
import { PAID_STATUSES } from './ordering.rules.ts';

/**
 * The orders as pickup reads them while leaders hand goods out: found by the code a resident
 * tells or the QR they show, and the delivered orders whose pickup period is over.
 */

export interface PickupCodeLookup {
  /** The pickup points to look at (the leader's own). */
  pickupPointIds: readonly string[];
  pickupCode: string;
  /** A scanned QR names the order itself… */
  orderId?: string | undefined;
  /** …a told code is unique per pickup point and pickup date. */
  pickupDate?: string | undefined;
}

/**
 * The orders at these pickup points with the pickup code (and the order or the date given): at
 * most two, enough to tell one from several. With `lock` they are locked (FOR NO KEY UPDATE,
 * which serialises verifications without blocking inserts that reference the order).
 */
export async function ordersByPickupCode(
  db: Executor,
  operatorId: string,
  where: PickupCodeLookup,
  options: { lock?: boolean } = {},
): Promise<OrderRow[]> {
  if (where.pickupPointIds.length === 0) return [];
  let q = db
    .selectFrom('orders')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('pickup_point_id', 'in', [...where.pickupPointIds])
    .where('pickup_code', '=', where.pickupCode);
  if (where.orderId !== undefined) q = q.where('id', '=', where.orderId);
  if (where.pickupDate !== undefined) q = q.where('pickup_date', '=', where.pickupDate);
  return (options.lock ? q.forNoKeyUpdate() : q).limit(2).execute();
}

/**
 * Fragment: the paid orders (paid onwards) at these pickup points on a pickup date (alias `o`),
 * for the leader's hand-out list to filter by pickup state and page in one statement.
 */
export function paidOrdersAt(db: Executor, operatorId: string, pickupPointIds: readonly string[], pickupDate: string) {
  return db
    .selectFrom('orders as o')
    .where('o.operator_id', '=', operatorId)
    .where('o.pickup_point_id', 'in', [...pickupPointIds])
    .where('o.pickup_date', '=', pickupDate)
    .where('o.status', 'in', PAID_STATUSES);
}

/** Fragment: the order lines with units not refunded (id, order_id), for a statement that asks which are still to hand out. */
export function linesWithUnitsLeft(db: Executor) {
  return db.selectFrom('order_lines').select(['id', 'order_id']).whereRef('refunded_quantity', '<', 'quantity');
}

/**
 * Fragment: the operator's delivered orders with a pickup date before `before` (alias `o`), for
 * the unpicked sweep to leave out those it recorded already and take a batch, in one statement.
 */
export function deliveredOrdersBefore(db: Executor, operatorId: string, before: string) {
  return db
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.operator_id', '=', operatorId)
    .where('o.status', '=', 'delivered')
    .where('o.pickup_date', '<', before);
}

/**
 * A delivered order, locked (FOR NO KEY UPDATE) for the unpicked sweep; undefined when it is not
 * delivered (any more) or another transaction holds it (SKIP LOCKED: the next tick takes it).
 */
export async function lockDeliveredOrder(trx: Tx, operatorId: string, orderId: string): Promise<OrderRow | undefined> {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', orderId)
    .where('status', '=', 'delivered')
    .forNoKeyUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/**
 * Fragment: the operator's delivered orders (not picked up) with a pickup date up to `through`
 * (alias `o`), with whom and where they wait: for pickup's reminders to leave out the orders it
 * recorded unpicked, in one statement.
 */
export function deliveredOrdersWaiting(db: Executor, operatorId: string, through: string) {
  return db
    .selectFrom('orders as o')
    .select(['o.id', 'o.resident_id', 'o.pickup_point_id', 'o.pickup_code', 'o.pickup_date'])
    .where('o.operator_id', '=', operatorId)
    .where('o.status', '=', 'delivered')
    .where('o.pickup_date', '<=', through);
}
