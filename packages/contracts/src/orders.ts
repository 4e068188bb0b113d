import { z } from 'zod';
import { CaseBlame, ClaimType } from './aftersales.ts';
import { DateOnly, Fen, Id, Phone, Timestamp, pageOf } from './common.ts';
import { RedeliveryLine } from './logistics.ts';
import { OrderStatus } from './shop.ts';

// ---- the orders desk: support finds an order, reads its story and acts on it ----

/** How the desk finds orders: by one key (order number, the resident's full phone, pickup code) and filters. */
export const OrderSearchFilter = z.strictObject({
  orderNo: z
    .string()
    .regex(/^[0-9]{6,20}$/, 'digits of an order number')
    .optional()
    .describe('the whole order number (YYMMDD + 8 digits)'),
  phone: Phone.optional().describe("the resident's full phone (admin, support); every such search is written to the audit log"),
  pickupCode: z
    .string()
    .regex(/^[0-9]{6}$/, 'the 6-digit pickup code')
    .optional()
    .describe('the 6-digit pickup code; several pickup points may share one, so narrow by date or point'),
  pickupDate: DateOnly.optional(),
  status: OrderStatus.optional(),
  pickupPointId: Id.optional(),
});
export const OrderSearchQuery = OrderSearchFilter.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type OrderSearchQuery = z.input<typeof OrderSearchQuery>;

export const DeskOrder = z.object({
  id: Id,
  orderNo: z.string(),
  status: OrderStatus,
  pickupDate: DateOnly,
  pickupCode: z.string(),
  pickupPointId: Id,
  pickupPointName: z.string(),
  leaderName: z.string(),
  residentId: Id,
  residentName: z.string(),
  residentPhone: z.string().describe('masked: 138****1234; reveal it through admin/personal-data/reveal (kind resident)'),
  totalFen: Fen,
  refundedFen: Fen,
  items: z.string().describe('the lines in one text: title × quantity, …'),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
});
export type DeskOrder = z.infer<typeof DeskOrder>;
export const DeskOrderPage = pageOf(DeskOrder);

export const TimelineKind = z.enum([
  'placed',
  'paid',
  'cancelled',
  'expired',
  'allocated',
  'delivered',
  'picked_up',
  'refund',
  'claim',
  'unpicked',
  'redelivery',
  'moved',
  'code_resent',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One thing that happened to the order, read from the tables that record it. */
export const TimelineEntry = z.object({
  at: Timestamp,
  kind: TimelineKind,
  amountFen: Fen.nullable().describe('refunds: the amount; claims: what was asked'),
  /** refund: its kind (shortage, handover, aftersales, …); claim: its type; unpicked: the rule; picked_up: code or scan. */
  cause: z.string().nullable(),
  blame: z.string().nullable().describe('who bears the cost of a refund or claim'),
  status: z.string().nullable().describe("a refund's status at the provider, a claim's, an unpicked order's"),
  note: z.string().nullable().describe('a reason, a cancel reason, a pickup point moved from and to'),
  by: z.string().nullable().describe('the staff member who did it, when the desk did'),
  lines: z.array(z.object({ orderLineId: Id, title: z.string(), quantity: z.number().int(), amountFen: Fen.nullable() })),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const DeskOrderLine = z.object({
  id: Id,
  skuId: Id,
  title: z.string(),
  unitPriceFen: Fen,
  quantity: z.number().int(),
  amountFen: Fen,
  refundedQuantity: z.number().int(),
  refundedFen: Fen,
  refundableQuantity: z.number().int().describe('units support may still refund: not refunded, not in an open claim'),
  refundableFen: Fen,
  redeliverableQuantity: z.number().int().describe('units support may still send again (delivered orders): not refunded, not sent again'),
});

export const DeskOrderDetail = DeskOrder.extend({
  leaderId: Id,
  lines: z.array(DeskOrderLine),
  movable: z.boolean().describe('not sorted or dispatched yet: support may move it to another pickup point'),
  timeline: z.array(TimelineEntry).describe('oldest first'),
  redeliveries: z.array(RedeliveryLine),
});
export type DeskOrderDetail = z.infer<typeof DeskOrderDetail>;

export const RefundOrderLine = z.strictObject({
  orderLineId: Id,
  quantity: z.number().int().min(0).max(10_000).describe('units given back; 0 for money only (a quality discount)'),
  amountFen: z.number().int().min(1).max(100_000_000).optional().describe('default: unit price × quantity, capped at what is left'),
  cause: ClaimType.describe('why: recorded as a claim approved by support'),
  blame: CaseBlame.describe('who pays in settlement'),
  reason: z.string().trim().min(1).max(500),
});
export type RefundOrderLine = z.input<typeof RefundOrderLine>;

export const RedeliverOrderLine = z.strictObject({
  orderLineId: Id,
  quantity: z.number().int().min(1).max(10_000),
  deliveryDate: DateOnly.optional().describe("default: the next day in the operator's time zone; after today"),
  reason: z.string().trim().min(1).max(500),
});
export type RedeliverOrderLine = z.input<typeof RedeliverOrderLine>;

export const MoveOrder = z.strictObject({
  pickupPointId: Id.describe('another open pickup point of the operator'),
  reason: z.string().trim().min(1).max(500),
});
export type MoveOrder = z.input<typeof MoveOrder>;

export const CodeResent = z.object({ orderId: Id, sentAt: Timestamp });
export type CodeResent = z.infer<typeof CodeResent>;
