import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { randomDigits } from '../../platform/ids.ts';

/**
 * The changes other modules make to an order besides its state (order-state.ts): where and when it
 * is picked up, and how much of it was refunded. Ordering owns `orders`; these are its writers
 * for the orders desk, dispatch and refunds. Each runs in the caller's transaction, on orders the
 * caller has locked.
 */

/**
 * Moves an order to another pickup point (and its leader) for the same pickup date. The pickup
 * code is kept unless another order at the new point that day has it, then a new one is drawn.
 * Returns the code the resident now shows.
 */
export async function moveToPickupPoint(
  trx: Tx,
  order: { id: string; pickup_date: string; pickup_code: string },
  target: { id: string; leader_id: string },
  now: Date,
): Promise<string> {
  const taken = new Set(
    (
      await trx
        .selectFrom('orders')
        .select('pickup_code')
        .where('pickup_point_id', '=', target.id)
        .where('pickup_date', '=', order.pickup_date)
        .execute()
    ).map((r) => r.pickup_code),
  );
  let code = order.pickup_code;
  for (let i = 0; taken.has(code); i++) {
    if (i > 50) throw new AppError('CONFLICT', 'could not allocate a pickup code; try again');
    code = randomDigits(6);
  }
  await trx
    .updateTable('orders')
    .set({ pickup_point_id: target.id, leader_id: target.leader_id, pickup_code: code, updated_at: now })
    .where('id', '=', order.id)
    .execute();
  return code;
}

/** Moves orders' pickup date (a delivery postponed); their pickup codes stay. */
export async function postponePickup(trx: Tx, orderIds: readonly string[], to: string, now: Date): Promise<void> {
  if (orderIds.length === 0) return;
  await trx
    .updateTable('orders')
    .set({ pickup_date: to, updated_at: now })
    .where('id', 'in', [...orderIds])
    .execute();
}

/** Adds a refund to the order's refunded total (the refund itself is payment's record). */
export async function addRefunded(trx: Tx, orderId: string, amountFen: number, now: Date): Promise<void> {
  await trx
    .updateTable('orders')
    .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', amountFen), updated_at: now }))
    .where('id', '=', orderId)
    .execute();
}
