import type { logistics } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';

export type RedeliveryLine = z.infer<typeof logistics.RedeliveryLine>;

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
  let q = db
    .selectFrom('order_redeliveries as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('order_lines as l', 'l.id', 'r.order_line_id')
    .innerJoin('pickup_points as p', 'p.id', 'r.pickup_point_id')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('products as pr', 'pr.id', 's.product_id')
    .where('r.operator_id', '=', operatorId);
  if (where.deliveryDate) q = q.where('r.delivery_date', '=', where.deliveryDate);
  if (where.pickupPointIds) q = q.where('r.pickup_point_id', 'in', [...where.pickupPointIds]);
  if (where.orderId) q = q.where('r.order_id', '=', where.orderId);
  const rows = await q
    .select([
      'r.id',
      'r.delivery_date',
      'r.order_id',
      'o.order_no',
      'r.order_line_id',
      'r.pickup_point_id',
      'p.name as point_name',
      'l.sku_id',
      sql<string>`pr.name || ' ' || s.spec`.as('title'),
      'r.quantity',
    ])
    .orderBy('r.delivery_date')
    .orderBy('p.name')
    .orderBy('o.order_no')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    redeliveryId: r.id,
    deliveryDate: r.delivery_date,
    orderId: r.order_id,
    orderNo: r.order_no,
    orderLineId: r.order_line_id,
    pickupPointId: r.pickup_point_id,
    pickupPointName: r.point_name,
    skuId: r.sku_id,
    title: r.title,
    quantity: r.quantity,
  }));
}
