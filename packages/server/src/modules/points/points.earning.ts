import type { Tx } from '../../platform/db/database.ts';
import { orderPaidAmount } from '../ordering/index.ts';
import { credit, debit, lockBalance } from './points.ledger.ts';
import { pointsForAmount, takeBackTotal } from './points.rules.ts';
import { pointsSettings } from './points.settings.ts';

/**
 * Points for what residents pay. An order earns at pickup (`order.picked_up`), never before, on
 * what the resident paid minus what was refunded by then; a refund after that takes back the
 * refunded share. Both run in the event's delivery transaction and are keyed, so a redelivered
 * event posts nothing. Each handler reads the order's amounts as they are when it runs (ordering's
 * `orderPaidAmount`): a refund recorded before the pickup is delivered is left out of the grant,
 * and its own event then finds nothing more to take, whatever order the two arrive in.
 */

/** order.picked_up: the order earns points on what was paid and not refunded (nothing when points are off). */
export async function grantForPickup(trx: Tx, now: Date, operatorId: string, orderId: string): Promise<void> {
  const settings = await pointsSettings(trx, operatorId);
  if (!settings.enabled) return;
  const order = await orderPaidAmount(trx, operatorId, orderId);
  if (!order || order.paidFen === 0) return;
  await lockBalance(trx, now, operatorId, order.residentId);
  const baseFen = Math.max(0, order.paidFen - order.refundedFen);
  const points = pointsForAmount(baseFen, settings.pointsPerYuan);
  const granted = await trx
    .insertInto('points_order_grants')
    .values({
      operator_id: operatorId,
      order_id: orderId,
      resident_id: order.residentId,
      base_fen: baseFen,
      points,
      refunded_fen_at_grant: order.refundedFen,
      at: now,
    })
    .onConflict((oc) => oc.columns(['operator_id', 'order_id']).doNothing())
    .returning('order_id')
    .executeTakeFirst();
  if (!granted || points === 0) return;
  await credit(
    trx,
    now,
    { operatorId, residentId: order.residentId, key: `order:${orderId}:picked_up`, reason: 'order_picked_up', documentId: orderId },
    points,
    settings.lotDays,
  );
}

/**
 * order.refunded: if the order's points were granted, take back the share refunded since, at most
 * what the balance holds (the rest is the entry's shortfall). Nothing when the order has not
 * earned yet: its grant will leave the refund out.
 */
export async function takeBackForRefund(trx: Tx, now: Date, operatorId: string, orderId: string, refundId: string): Promise<void> {
  const found = await trx
    .selectFrom('points_order_grants')
    .select('resident_id')
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (!found) return;
  await lockBalance(trx, now, operatorId, found.resident_id);
  const grant = await trx
    .selectFrom('points_order_grants')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const order = await orderPaidAmount(trx, operatorId, orderId);
  if (!order) return;
  const target = takeBackTotal(grant.points, grant.base_fen, order.refundedFen - grant.refunded_fen_at_grant);
  const more = target - grant.taken_back;
  if (more <= 0) return;
  const posted = await debit(
    trx,
    now,
    { operatorId, residentId: grant.resident_id, key: `refund:${refundId}`, reason: 'order_refunded', documentId: refundId },
    more,
    { strict: false, preferDocumentId: orderId },
  );
  // A refund posted before took what was due then; a later refund's event takes the rest.
  if (!posted) return;
  await trx
    .updateTable('points_order_grants')
    .set({ taken_back: target })
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .execute();
}
