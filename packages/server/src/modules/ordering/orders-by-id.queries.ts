import type { Executor, Tx } from '../../platform/db/database.ts';
import type { OrderLineRow, OrderRow } from './ordering.queries.ts';

/**
 * Orders and their lines by id, as the modules that act on a paid order read them (pickup,
 * after-sales, the orders desk): plain lookups, and the locks a change of an order takes. The
 * order first, then its line: the order in which refunds lock them too. NO KEY UPDATE, because
 * rows being inserted elsewhere that reference them (ledger commission lines) hold KEY SHARE
 * locks, which FOR UPDATE waits for and can deadlock with.
 */

/** The operator's orders with these ids, by id (unknown ids are left out). */
export async function ordersByIds(db: Executor, operatorId: string, ids: Iterable<string>): Promise<Map<string, OrderRow>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('orders').selectAll().where('operator_id', '=', operatorId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every line of these orders of the operator, in id order. */
export async function linesOfOrders(db: Executor, operatorId: string, orderIds: Iterable<string>): Promise<OrderLineRow[]> {
  const wanted = [...new Set(orderIds)];
  if (wanted.length === 0) return [];
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('order_id', 'in', wanted)
    .orderBy('id')
    .execute();
}

/** The operator's order a line belongs to, or undefined for an unknown line. */
export async function orderOfLine(db: Executor, operatorId: string, orderLineId: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .selectAll('o')
    .where('l.id', '=', orderLineId)
    .where('o.operator_id', '=', operatorId)
    .executeTakeFirst();
}

/** The operator's order, locked (FOR NO KEY UPDATE) for a change; undefined if there is none. */
export async function lockOrder(trx: Tx, operatorId: string, orderId: string): Promise<OrderRow | undefined> {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', orderId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

/** One line of an order, locked (FOR NO KEY UPDATE) for a change; undefined if the order has no such line. */
export async function lockOrderLine(trx: Tx, orderId: string, orderLineId: string): Promise<OrderLineRow | undefined> {
  return trx
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('id', '=', orderLineId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}
