import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { usableStock } from './demand.repository.ts';
import { suggestedQuantity } from './procurement.rules.ts';
import { procurementSettings } from './settings.ts';

/**
 * A purchase order's delivery date is the pickup date itself: suppliers deliver to the warehouse
 * in the small hours of that day, it is sorted and on the trucks by dawn.
 */
export const deliveryDateFor = (pickupDate: string): string => pickupDate;

/** The open draft purchase order of a supplier for a delivery date, created when there is none. */
async function draftFor(trx: Tx, operatorId: string, supplierId: string, deliveryDate: string, now: Date): Promise<string> {
  const existing = await trx
    .selectFrom('purchase_orders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('supplier_id', '=', supplierId)
    .where('delivery_date', '=', deliveryDate)
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

/**
 * Buys a campaign's demand: each SKU's quantity joins its supplier's draft purchase order for the
 * delivery date (a new draft when the last one was already sent), and the line's suggestion is
 * worked out again: demand + buffer − usable stock. A line the purchaser adjusted keeps their
 * quantity. Each demand row remembers its purchase-order line, so running this again adds nothing.
 */
export async function procureCampaignDemand(trx: Tx, operatorId: string, campaignId: string, now: Date): Promise<number> {
  const demand = await trx
    .selectFrom('campaign_sku_demand as d')
    .innerJoin('skus as s', 's.id', 'd.sku_id')
    .select(['d.sku_id', 'd.supplier_id', 'd.pickup_date', 'd.quantity', 's.cost_price_fen'])
    .where('d.operator_id', '=', operatorId)
    .where('d.campaign_id', '=', campaignId)
    .where('d.purchase_order_line_id', 'is', null)
    .orderBy('d.supplier_id')
    .orderBy('d.sku_id')
    .execute();
  if (demand.length === 0) return 0;
  const { bufferPercent } = await procurementSettings(trx, operatorId);
  const drafts = new Map<string, string>();
  for (const d of demand) {
    const deliveryDate = deliveryDateFor(d.pickup_date);
    const key = `${d.supplier_id}:${deliveryDate}`;
    const poId = drafts.get(key) ?? (await draftFor(trx, operatorId, d.supplier_id, deliveryDate, now));
    drafts.set(key, poId);
    const line = await trx
      .selectFrom('purchase_order_lines')
      .select(['id', 'demand_quantity', 'adjusted', 'ordered_quantity'])
      .where('purchase_order_id', '=', poId)
      .where('sku_id', '=', d.sku_id)
      .executeTakeFirst();
    const stock = await usableStock(trx, operatorId, d.sku_id, deliveryDate);
    const demandQuantity = (line?.demand_quantity ?? 0) + d.quantity;
    const suggested = suggestedQuantity(demandQuantity, bufferPercent, stock);
    let lineId = line?.id;
    if (line) {
      await trx
        .updateTable('purchase_order_lines')
        .set({
          demand_quantity: demandQuantity,
          stock_quantity: stock,
          suggested_quantity: suggested,
          ordered_quantity: line.adjusted ? line.ordered_quantity : suggested,
        })
        .where('id', '=', line.id)
        .execute();
    } else {
      lineId = newId('pol');
      await trx
        .insertInto('purchase_order_lines')
        .values({
          id: lineId,
          operator_id: operatorId,
          purchase_order_id: poId,
          sku_id: d.sku_id,
          demand_quantity: demandQuantity,
          stock_quantity: stock,
          suggested_quantity: suggested,
          ordered_quantity: suggested,
          confirmed_quantity: null,
          received_quantity: null,
          rejected_quantity: null,
          accepted_quantity: null,
          over_quantity: null,
          over_accepted: null,
          lot_code: null,
          expires_on: null,
          cost_price_fen: d.cost_price_fen,
        })
        .execute();
    }
    await trx
      .updateTable('campaign_sku_demand')
      .set({ purchase_order_line_id: lineId ?? null })
      .where('campaign_id', '=', campaignId)
      .where('sku_id', '=', d.sku_id)
      .execute();
  }
  return demand.length;
}
