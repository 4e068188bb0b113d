import type { procurement } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, found } from '../../platform/errors.ts';
import { servingWarehouses } from '../logistics/index.ts';
import { ordersOf, paidLinesToAllocate } from './allocation.service.ts';
import { usableStock } from './demand.repository.ts';
import { deliveryDateFor } from './purchasing.ts';
import { procurementSettings } from './settings.ts';
import { allocateShortage } from './shortage.rules.ts';

/**
 * What the shortage allocation would refund if a purchase-order line took `acceptedQuantity`
 * units into stock: the same paid order lines, the same rule and the same `allocateShortage` as
 * `allocatePickupDate`, with the units available then at the purchase order's warehouse: its
 * usable stock now, plus this line's accepted units, plus what the date's other lines of the SKU
 * for that warehouse not yet recorded are expected to bring (confirmed, else ordered; lines of
 * cancelled orders bring nothing), against the order lines of the points it serves. When every
 * other line arrives as expected, the allocation refunds exactly the residents counted here.
 */
export async function previewShortfall(
  ctx: AppContext,
  operatorId: string,
  purchaseOrderId: string,
  input: { lineId: string; acceptedQuantity: number },
): Promise<procurement.ShortfallPreview> {
  const db = ctx.db;
  const line = found(
    await db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
      .select(['l.id', 'l.sku_id', 'l.received_quantity', 'po.delivery_date', 'po.warehouse_id'])
      .where('po.operator_id', '=', operatorId)
      .where('po.id', '=', purchaseOrderId)
      .where('l.id', '=', input.lineId)
      .executeTakeFirst(),
    'purchase order line',
  );
  if (line.received_quantity !== null) throw new AppError('INVALID_STATE', 'this line was already received', { lineId: line.id });
  // The delivery date is the pickup date (`deliveryDateFor`).
  const pickupDate = line.delivery_date;
  const deliveryDate = deliveryDateFor(pickupDate);
  const warehouseId = line.warehouse_id;
  let allocatedQuery = db
    .selectFrom('shortage_allocations')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', pickupDate)
    .where('sku_id', '=', line.sku_id);
  if (warehouseId) allocatedQuery = allocatedQuery.where('warehouse_id', '=', warehouseId);
  if (await allocatedQuery.executeTakeFirst()) return { lineId: line.id, shortQuantity: 0, orderLines: 0, residents: 0, allocated: true };
  const [all, stock, others, { shortageRule }] = await Promise.all([
    paidLinesToAllocate(db, operatorId, pickupDate, line.sku_id),
    usableStock(db, operatorId, line.sku_id, deliveryDate, warehouseId),
    db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
      .select(['l.ordered_quantity', 'l.confirmed_quantity'])
      .where('po.operator_id', '=', operatorId)
      .where('po.delivery_date', '=', deliveryDate)
      .where(ordersOf(warehouseId))
      .where('po.status', '!=', 'cancelled')
      .where('l.sku_id', '=', line.sku_id)
      .where('l.received_quantity', 'is', null)
      .where('l.id', '!=', line.id)
      .execute(),
    procurementSettings(db, operatorId),
  ]);
  // The order lines of the points this warehouse serves (all of them for an order naming none).
  const serving = warehouseId ? await servingWarehouses(db, operatorId, [...new Set(all.map((r) => r.pickup_point_id))]) : null;
  const rows = serving ? all.filter((r) => serving.get(r.pickup_point_id) === warehouseId) : all;
  const now = ctx.clock.now();
  const expected = others.reduce((s, o) => s + (o.confirmed_quantity ?? o.ordered_quantity), 0);
  const wanting = rows.map((r) => ({
    orderLineId: r.id,
    pickupPointId: r.pickup_point_id,
    paidAt: r.paid_at ?? now,
    quantity: r.quantity - r.refunded_quantity,
  }));
  const shorted = allocateShortage(wanting, stock + input.acceptedQuantity + expected, shortageRule);
  const residentOf = new Map(rows.map((r) => [r.id, r.resident_id]));
  return {
    lineId: line.id,
    shortQuantity: shorted.reduce((s, l) => s + l.quantity, 0),
    orderLines: shorted.length,
    residents: new Set(shorted.map((s) => residentOf.get(s.orderLineId))).size,
    allocated: false,
  };
}
