import { z } from 'zod';
import type { ShortReason } from '../../platform/db/schema.procurement.ts';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { date, fen, quantity } = eventFields;

const SHORT_REASONS = [
  'supplier_short_shipped',
  'rejected_quality',
  'warehouse_error',
  'damaged_in_warehouse',
] as const satisfies readonly ShortReason[];

/** Procurement's events: the cutoff's outcome, purchase orders, receiving and the shortage allocation. */
export const procurementEvents = defineEvents({
  /** At the cutoff the campaign sold less than its minimum (cutoff.pipeline.ts): its orders are refunded. */
  'campaign.failed': z.object({
    campaignId: z.string(),
    pickupDate: date,
    orderedQuantity: quantity,
    minTotalQuantity: quantity,
  }),
  /** A purchase order went to its supplier (purchase-order.service.ts). */
  'purchase_order.sent': z.object({ purchaseOrderId: z.string(), supplierId: z.string(), deliveryDate: date }),
  /** A purchase order's receiving is complete (receiving.service.ts): the supplier is owed the accepted units at cost. */
  'purchase_order.received': z.object({
    purchaseOrderId: z.string(),
    supplierId: z.string(),
    deliveryDate: date,
    lines: z.array(
      z.object({
        purchaseOrderLineId: z.string(),
        skuId: z.string(),
        orderedQuantity: quantity,
        receivedQuantity: quantity,
        rejectedQuantity: quantity,
        acceptedQuantity: quantity,
        costPriceFen: fen.min(0),
        shortReason: z.enum(SHORT_REASONS).nullable(),
      }),
    ),
  }),
  /** A SKU came in short for a pickup date and the shortage was allocated to order lines, refunded (allocation.service.ts). */
  'shortage.allocated': z.object({
    pickupDate: date,
    skuId: z.string(),
    shortQuantity: quantity,
    orderLineIds: z.array(z.string()),
  }),
});

export type ProcurementEvents = typeof procurementEvents;
export type CampaignFailed = z.output<ProcurementEvents['campaign.failed']>;
export type PurchaseOrderSent = z.output<ProcurementEvents['purchase_order.sent']>;
export type PurchaseOrderReceived = z.output<ProcurementEvents['purchase_order.received']>;
export type ShortageAllocated = z.output<ProcurementEvents['shortage.allocated']>;
