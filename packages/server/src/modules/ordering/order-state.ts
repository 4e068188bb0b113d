import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { OrderStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { assertTransition, predecessorsOf } from './ordering.rules.ts';
import type { OrderPaidStep } from '../payment/index.ts';

/**
 * The only writer of `orders.status`: every change of an order's state goes through one of these,
 * along the transition table in ordering.rules.ts. The table is checked twice: in TypeScript
 * against the state the caller read (a clear INVALID_STATE), and in the UPDATE's WHERE, so a
 * state that changed under a caller without a lock never moves along a forbidden edge.
 */

/** What the terminal moves stamp on the order beside its state. */
export interface OrderStamp {
  paid_at?: Date;
  cancelled_at?: Date;
  cancel_reason?: string;
}

/**
 * Moves one order, read (and locked) by the caller in state `order.status`, to `to`.
 * INVALID_STATE when the table forbids it; CONFLICT when the row is no longer in that state.
 */
export async function moveOrder(
  trx: Tx,
  order: { id: string; status: OrderStatus },
  to: OrderStatus,
  now: Date,
  stamp: OrderStamp = {},
): Promise<void> {
  assertTransition(order.status, to);
  const result = await trx
    .updateTable('orders')
    .set({ ...stamp, status: to, updated_at: now })
    .where('id', '=', order.id)
    .where('status', '=', order.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new AppError('CONFLICT', 'the order changed meanwhile; try again', { orderId: order.id });
}

/**
 * Moves a set of orders to `to` in one statement (the fulfilment steps: allocated when sorted,
 * delivered at handover, picked up at the point). Orders in a state that may not move there (a
 * refunded order, one already further on) are left alone; returns the ids moved.
 */
export async function moveOrders(trx: Tx, operatorId: string, orderIds: readonly string[], to: OrderStatus, now: Date): Promise<string[]> {
  const from = predecessorsOf(to);
  if (orderIds.length === 0 || from.length === 0) return [];
  const moved = await trx
    .updateTable('orders')
    .set({ status: to, updated_at: now })
    .where('operator_id', '=', operatorId)
    .where('id', 'in', [...orderIds])
    .where('status', 'in', from)
    .returning(['id'])
    .execute();
  return moved.map((m) => m.id);
}

/** The states an order is paid from, read once off the table (the notification is a hot path). */
const PAYABLE = predecessorsOf('paid');

/**
 * The orders' part of payment notifications as SQL, for payment to run as the first step of its
 * one statement: marks the orders `orderIds` selects (a query of one column) paid where they may
 * be, and returns their ids. The payment module owns the rest of the statement; ordering owns this.
 */
export const markPaidStep: OrderPaidStep = (orderIds, now) => {
  return sql<{ id: string }>`
    update orders set status = 'paid', paid_at = ${now}, updated_at = ${now}
    where orders.id in (${orderIds}) and orders.status in (${sql.join(PAYABLE)})
    returning orders.id`;
};
