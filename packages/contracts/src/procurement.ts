import { z } from 'zod';
import { DateOnly, Fen, Id, PageQuery, Timestamp, pageOf } from './common.ts';

const Quantity = z.number().int().min(0).max(1_000_000);

export const PurchaseOrderStatus = z.enum(['draft', 'sent', 'confirmed', 'short_confirmed', 'receiving', 'received', 'cancelled']);
export type PurchaseOrderStatus = z.infer<typeof PurchaseOrderStatus>;
export const ShortageRule = z.enum(['latest_paid_first', 'pro_rata']);
export const ShortReason = z
  .enum(['supplier_short_shipped', 'rejected_quality', 'warehouse_error', 'damaged_in_warehouse'])
  .describe(
    'why a line came in short: the supplier shipped short (allowed when it confirmed short or units were rejected) or goods were rejected (the supplier is blamed), or the warehouse lost or damaged them (the warehouse is blamed)',
  );
export type ShortReason = z.infer<typeof ShortReason>;

export const PurchaseOrderLine = z.object({
  id: Id,
  skuId: Id,
  skuName: z.string().describe('product name and spec'),
  unit: z.string(),
  demandQuantity: z.number().int().describe('net paid quantity this line buys for'),
  stockQuantity: z.number().int().describe('usable stock on hand when the suggestion was made'),
  suggestedQuantity: z.number().int().describe('demand + buffer − stock'),
  orderedQuantity: z.number().int(),
  adjusted: z.boolean().describe('the purchaser changed the suggested quantity'),
  confirmedQuantity: z.number().int().nullable(),
  receivedQuantity: z.number().int().nullable(),
  rejectedQuantity: z.number().int().nullable(),
  acceptedQuantity: z.number().int().nullable().describe('units taken into stock (and paid to the supplier)'),
  overQuantity: z.number().int().nullable().describe('good units beyond what was expected'),
  overAccepted: z.boolean().nullable(),
  shortReason: ShortReason.nullable().default(null).describe('why less than ordered was accepted, chosen at receiving'),
  lotCode: z.string().nullable(),
  expiresOn: DateOnly.nullable(),
  costPriceFen: Fen.describe('cost price per unit when the line was made'),
  shelfLifeDays: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe("the product's shelf life: receiving suggests the delivery date plus this as the lot's expiry"),
});
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLine>;

export const PurchaseOrder = z.object({
  id: Id,
  poNo: z
    .string()
    .describe(
      'the order’s number as people say it, the same in the portal, the desk and the Excel sheet: PO + delivery date (YYMMDD) + the id’s last 6 characters',
    ),
  supplierId: Id,
  supplierName: z.string(),
  deliveryDate: DateOnly.describe('the day the supplier delivers to the warehouse (the pickup date)'),
  warehouse: z
    .object({ id: Id, name: z.string(), address: z.string() })
    .nullable()
    .describe(
      'where the supplier delivers: the warehouse this order buys for (the cutoff makes one order per supplier and warehouse); for an order made before the operator had a warehouse, its default (first active) one; null while it has none',
    ),
  status: PurchaseOrderStatus,
  totalCostFen: Fen.describe('ordered (or confirmed) quantity × cost price'),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  receivedAt: Timestamp.nullable(),
  phoneConfirmation: z
    .object({ staffId: Id, staffName: z.string(), note: z.string() })
    .nullable()
    .optional()
    .describe(
      'staff recorded the supplier’s confirmation taken by phone (at `confirmedAt`); null when the supplier confirmed in its portal',
    ),
  lines: z.array(PurchaseOrderLine),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
export const PurchaseOrderPage = pageOf(PurchaseOrder);

export const PurchaseOrderListQuery = PageQuery.extend({
  deliveryDate: DateOnly.optional(),
  status: PurchaseOrderStatus.optional(),
  supplierId: Id.optional(),
  warehouseId: Id.optional().describe('the orders delivered to this warehouse'),
});
export type PurchaseOrderListQuery = z.infer<typeof PurchaseOrderListQuery>;
export const SupplierPurchaseOrderListQuery = PageQuery.extend({
  deliveryDate: DateOnly.optional(),
  status: PurchaseOrderStatus.optional(),
});

export const AdjustPurchaseOrder = z.strictObject({
  lines: z
    .array(z.strictObject({ lineId: Id, orderedQuantity: Quantity }))
    .min(1)
    .max(1000),
});
export type AdjustPurchaseOrder = z.infer<typeof AdjustPurchaseOrder>;

export const ConfirmPurchaseOrder = z.strictObject({
  lines: z
    .array(z.strictObject({ lineId: Id, confirmedQuantity: Quantity }))
    .max(1000)
    .describe('lines shipped short; lines not named are confirmed in full'),
});
export type ConfirmPurchaseOrder = z.infer<typeof ConfirmPurchaseOrder>;

export const ConfirmPurchaseOrderByPhone = z.strictObject({
  note: z.string().trim().min(1).max(500).describe('who at the supplier confirmed, and what they said'),
  lines: ConfirmPurchaseOrder.shape.lines,
});
export type ConfirmPurchaseOrderByPhone = z.infer<typeof ConfirmPurchaseOrderByPhone>;

export const ReceivePurchaseOrder = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        lineId: Id,
        receivedQuantity: Quantity,
        rejectedQuantity: Quantity.default(0).describe('failed quality inspection, sent back'),
        lotCode: z
          .string()
          .trim()
          .max(64)
          .optional()
          .describe('the lot number; when blank the server makes one (L + delivery date + a number counting per operator and date)'),
        expiresOn: DateOnly.nullable().default(null),
        acceptOverDelivery: z.boolean().default(false).describe('keep (and pay for) good units beyond what was expected'),
        shortReason: ShortReason.optional().describe(
          'when fewer units are accepted than were ordered; default: rejected_quality when units were rejected, supplier_short_shipped when the supplier confirmed short, else warehouse_error. Required (SHORT_REASON_REQUIRED) when nothing was received of a line the supplier promised units of',
        ),
      }),
    )
    .min(1)
    .max(1000),
});
export type ReceivePurchaseOrder = z.input<typeof ReceivePurchaseOrder>;

export const ShortfallPreviewQuery = z.strictObject({
  lineId: Id,
  acceptedQuantity: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('units the line would take into stock'),
});
export const ShortfallPreview = z.object({
  lineId: Id,
  shortQuantity: z.number().int().describe('units the shortage allocation would take away from paid orders'),
  orderLines: z.number().int().describe('order lines refunded in part or in full'),
  residents: z.number().int().describe('residents refunded'),
  allocated: z.boolean().describe('the SKU is already allocated for the date: nothing more would change'),
});
export type ShortfallPreview = z.infer<typeof ShortfallPreview>;

export const ProcurementSettings = z.object({
  bufferPercent: z.number().int().min(0).max(100).describe('extra units bought on top of demand, rounded up per line'),
  shortageRule: ShortageRule.describe('who goes without when less came in than was sold'),
});
export const UpdateProcurementSettings = z.strictObject(ProcurementSettings.shape);
export type ProcurementSettings = z.infer<typeof ProcurementSettings>;

export const CutoffListQuery = z.strictObject({ pickupDate: DateOnly });
export const CampaignCutoff = z.object({
  campaignId: Id,
  pickupDate: DateOnly,
  outcome: z.enum(['succeeded', 'failed']),
  orderedQuantity: z.number().int(),
  minTotalQuantity: z.number().int(),
  stage: z.enum(['refunding', 'aggregating', 'procuring', 'done']),
  decidedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export const CampaignCutoffList = z.object({ items: z.array(CampaignCutoff) });

export const PickListQuery = z.strictObject({
  pickupDate: DateOnly,
  pickupPointId: Id.optional(),
  warehouseId: Id.optional().describe('the pick lists of the points this warehouse serves'),
});
export const PickList = z.object({
  items: z.array(z.object({ pickupPointId: Id, skuId: Id, supplierId: Id, quantity: z.number().int() })),
});
