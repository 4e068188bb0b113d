import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { describeSkus } from '../catalog/index.ts';
import { usableStockBySku } from './demand.repository.ts';
import { suggestedQuantity } from './procurement.rules.ts';
import { procurementSettings } from './settings.ts';

/**
 * A purchase order's delivery date is the pickup date itself: suppliers deliver to the warehouse
 * in the small hours of that day, it is sorted and on the trucks by dawn.
 */
export const deliveryDateFor = (pickupDate: string): string => pickupDate;

/** The open draft purchase order of a supplier for a delivery date and warehouse, created when there is none. */
async function draftFor(
  trx: Tx,
  operatorId: string,
  supplierId: string,
  warehouseId: string | null,
  deliveryDate: string,
  now: Date,
): Promise<string> {
  const existing = await trx
    .selectFrom('purchase_orders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('supplier_id', '=', supplierId)
    .where('delivery_date', '=', deliveryDate)
    .where(sql<boolean>`warehouse_id is not distinct from ${warehouseId}`)
    .where('status', '=', 'draft')
    .forUpdate()
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = newId('po');
  await trx
    .insertInto('purchase_orders')
    .values({
      id,
      operator_id: operatorId,
      supplier_id: supplierId,
      delivery_date: deliveryDate,
      warehouse_id: warehouseId,
      status: 'draft',
      created_at: now,
      updated_at: now,
      sent_at: null,
      confirmed_at: null,
      received_at: null,
    })
    .execute();
  return id;
}

const draftKey = (supplierId: string, warehouseId: string | null) => `${supplierId} ${warehouseId ?? ''}`;

/**
 * Buys a campaign's demand: each SKU's quantity for a warehouse joins its supplier's draft
 * purchase order for the delivery date and that warehouse (a new draft when the last one was
 * already sent), so each warehouse gets its own order per supplier, and the line's suggestion is
 * worked out again: demand + buffer − usable stock at that warehouse. A line the purchaser
 * adjusted keeps their quantity. Each demand row remembers its purchase-order line, so running
 * this again adds nothing. A few statements whatever the number of SKUs.
 */
export async function procureCampaignDemand(trx: Tx, operatorId: string, campaignId: string, now: Date): Promise<number> {
  const demand = await trx
    .selectFrom('campaign_sku_demand')
    .select(['sku_id', 'supplier_id', 'warehouse_id', 'pickup_date', 'quantity'])
    .where('operator_id', '=', operatorId)
    .where('campaign_id', '=', campaignId)
    .where('purchase_order_line_id', 'is', null)
    .orderBy('supplier_id')
    .orderBy('warehouse_id')
    .orderBy('sku_id')
    .execute();
  const first = demand[0];
  if (!first) return 0;
  const skus = await describeSkus(
    trx,
    operatorId,
    demand.map((d) => d.sku_id),
  );
  // A campaign has one pickup date, hence one delivery date.
  const deliveryDate = deliveryDateFor(first.pickup_date);
  const { bufferPercent } = await procurementSettings(trx, operatorId);
  const drafts = new Map<string, string>();
  const warehouseOf = new Map<string, string | null>();
  for (const d of demand) {
    const key = draftKey(d.supplier_id, d.warehouse_id);
    if (drafts.has(key)) continue;
    const id = await draftFor(trx, operatorId, d.supplier_id, d.warehouse_id, deliveryDate, now);
    drafts.set(key, id);
    warehouseOf.set(id, d.warehouse_id);
  }
  const existing = await trx
    .selectFrom('purchase_order_lines')
    .select(['purchase_order_id', 'sku_id', 'demand_quantity', 'adjusted', 'ordered_quantity'])
    .where('purchase_order_id', 'in', [...drafts.values()])
    .forUpdate()
    .execute();
  const stock = new Map<string | null, Map<string, number>>();
  for (const warehouseId of new Set(demand.map((d) => d.warehouse_id))) {
    const skus = demand.filter((d) => d.warehouse_id === warehouseId).map((d) => d.sku_id);
    stock.set(warehouseId, await usableStockBySku(trx, operatorId, skus, deliveryDate, warehouseId));
  }
  const rows = demand.map((d) => {
    const purchaseOrderId = drafts.get(draftKey(d.supplier_id, d.warehouse_id)) ?? '';
    const line = existing.find((l) => l.purchase_order_id === purchaseOrderId && l.sku_id === d.sku_id);
    const demandQuantity = (line?.demand_quantity ?? 0) + d.quantity;
    const stockQuantity = stock.get(d.warehouse_id)?.get(d.sku_id) ?? 0;
    const suggested = suggestedQuantity(demandQuantity, bufferPercent, stockQuantity);
    return {
      id: newId('pol'),
      operator_id: operatorId,
      purchase_order_id: purchaseOrderId,
      sku_id: d.sku_id,
      demand_quantity: demandQuantity,
      stock_quantity: stockQuantity,
      suggested_quantity: suggested,
      ordered_quantity: line?.adjusted ? line.ordered_quantity : suggested,
      cost_price_fen: found(skus.get(d.sku_id), 'sku').costPriceFen,
    };
  });
  const lines = await trx
    .insertInto('purchase_order_lines')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['purchase_order_id', 'sku_id']).doUpdateSet((eb) => ({
        demand_quantity: eb.ref('excluded.demand_quantity'),
        stock_quantity: eb.ref('excluded.stock_quantity'),
        suggested_quantity: eb.ref('excluded.suggested_quantity'),
        ordered_quantity: eb.ref('excluded.ordered_quantity'),
      })),
    )
    .returning(['id', 'sku_id', 'purchase_order_id'])
    .execute();
  await sql`
    update campaign_sku_demand d set purchase_order_line_id = l.id
    from unnest(
      ${lines.map((l) => l.sku_id)}::text[],
      ${lines.map((l) => l.id)}::text[],
      ${lines.map((l) => warehouseOf.get(l.purchase_order_id) ?? '')}::text[]
    ) as l(sku_id, id, warehouse_id)
    where d.campaign_id = ${campaignId} and d.sku_id = l.sku_id and coalesce(d.warehouse_id, '') = l.warehouse_id
  `.execute(trx);
  return demand.length;
}
