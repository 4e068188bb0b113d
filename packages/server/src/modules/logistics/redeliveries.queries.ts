import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { describeSkus } from '../catalog/index.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { linesOfOrders, ordersByIds } from '../ordering/index.ts';

export type RedeliveryLine = z.infer<typeof logistics.RedeliveryLine>;

/**
 * Redeliveries (补发): lines of delivered orders that support sends again, because they were
 * missing, with a later day's delivery. Logistics owns them: sorting packs them beside the
 * bundles and the leader's handover lists them; the orders desk schedules them.
 */

/** Units of an order line already scheduled to be sent again. */
export async function unitsSentAgain(trx: Tx, orderLineId: string): Promise<number> {
  const sent = await trx
    .selectFrom('order_redeliveries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.val(0)).as('n'))
    .where('order_line_id', '=', orderLineId)
    .executeTakeFirstOrThrow();
  return Number(sent.n);
}

/** Schedules units of an order line to go with the delivery of a date to the order's pickup point. */
export async function scheduleRedelivery(
  trx: Tx,
  now: Date,
  r: {
    operatorId: string;
    orderId: string;
    orderLineId: string;
    pickupPointId: string;
    deliveryDate: string;
    quantity: number;
    reason: string;
    staffId: string;
  },
): Promise<void> {
  await trx
    .insertInto('order_redeliveries')
    .values({
      id: newId('rdl'),
      operator_id: r.operatorId,
      order_id: r.orderId,
      order_line_id: r.orderLineId,
      pickup_point_id: r.pickupPointId,
      delivery_date: r.deliveryDate,
      quantity: r.quantity,
      reason: r.reason,
      created_by: r.staffId,
      created_at: now,
    })
    .execute();
}

/**
 * Lines support sends again (they were missing) with the delivery of a date, by pickup point
 * then order: what the sorting sheet packs beside the bundles and the leader hands out. Filtered
 * by delivery date, pickup points or order.
 */
export async function redeliveries(
  db: Executor,
  operatorId: string,
  where: { deliveryDate?: string; pickupPointIds?: readonly string[]; orderId?: string },
): Promise<RedeliveryLine[]> {
  if (where.pickupPointIds && where.pickupPointIds.length === 0) return [];
  let q = db.selectFrom('order_redeliveries').selectAll().where('operator_id', '=', operatorId);
  if (where.deliveryDate) q = q.where('delivery_date', '=', where.deliveryDate);
  if (where.pickupPointIds) q = q.where('pickup_point_id', 'in', [...where.pickupPointIds]);
  if (where.orderId) q = q.where('order_id', '=', where.orderId);
  const rows = await q.execute();
  const orderIds = rows.map((r) => r.order_id);
  const [orders, lines, points] = await Promise.all([
    ordersByIds(db, operatorId, orderIds),
    linesOfOrders(db, operatorId, orderIds),
    pickupPointsByIds(
      db,
      operatorId,
      rows.map((r) => r.pickup_point_id),
    ),
  ]);
  const skuOf = new Map(lines.map((l) => [l.id, l.sku_id]));
  const skus = await describeSkus(db, operatorId, [...skuOf.values()]);
  const items = rows.map((r) => {
    const skuId = skuOf.get(r.order_line_id) ?? '';
    const sku = skus.get(skuId);
    return {
      redeliveryId: r.id,
      deliveryDate: r.delivery_date,
      orderId: r.order_id,
      orderNo: orders.get(r.order_id)?.order_no ?? '',
      orderLineId: r.order_line_id,
      pickupPointId: r.pickup_point_id,
      pickupPointName: points.get(r.pickup_point_id)?.name ?? '',
      skuId,
      title: sku ? `${sku.productName} ${sku.spec}` : '',
      quantity: r.quantity,
    };
  });
  // By delivery date, pickup point name, order number, then id; text in code-point order, as the database sorts it.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return items.sort(
    (x, y) =>
      cmp(x.deliveryDate, y.deliveryDate) ||
      cmp(x.pickupPointName, y.pickupPointName) ||
      cmp(x.orderNo, y.orderNo) ||
      cmp(x.redeliveryId, y.redeliveryId),
  );
}
