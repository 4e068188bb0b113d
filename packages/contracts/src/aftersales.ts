import { z } from 'zod';
import { DateOnly, Fen, Id, ImageUrl, Timestamp } from './common.ts';
import { OrderStatus } from './shop.ts';

const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

// ---- pickup verification (核销) ----

export const PickupState = z.enum(['unpicked', 'partly', 'picked']).describe('how much of the order has been handed out');

export const PickupLine = z.object({
  orderLineId: Id,
  skuId: Id,
  title: z.string(),
  quantity: z.number().int().describe('units to hand out: bought minus refunded'),
  pickedUp: z.boolean(),
  pickedUpAt: Timestamp.nullable(),
});

/** What the resident shows at the pickup point. */
export const PickupTicket = z.object({
  orderId: Id,
  orderNo: z.string(),
  orderStatus: OrderStatus,
  pickupPointId: Id,
  pickupDate: DateOnly,
  pickupCode: z.string(),
  qrPayload: z.string().describe('render as a QR code; the leader scans it: linli:pickup:<orderId>:<pickupCode>'),
  state: PickupState,
  lines: z.array(PickupLine),
});

/** An order as the leader hands it out. */
export const PickupOrder = z.object({
  orderId: Id,
  orderNo: z.string(),
  orderStatus: OrderStatus,
  residentId: Id,
  residentName: z.string().describe('who collects'),
  residentPhone: z.string().describe('masked: 138****1234'),
  pickupPointId: Id,
  pickupDate: DateOnly,
  pickupCode: z.string(),
  state: PickupState,
  unpicked: z.boolean().describe('recorded unpicked after the pickup period; no longer handed out'),
  lines: z.array(PickupLine),
});

export const PickupListQuery = z.strictObject({
  pickupDate: DateOnly.optional().describe("defaults to today in the operator's time zone"),
  pickupPointId: Id.optional(),
  state: PickupState.optional(),
  ...paging,
});
export const PickupPage = z.object({
  items: z.array(PickupOrder),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

const whichOrder = {
  code: z
    .string()
    .regex(/^[0-9]{6}$/)
    .optional()
    .describe('the 6-digit pickup code the resident shows; give this or scan'),
  scan: z.string().min(1).max(200).optional().describe('the scanned QR payload; give this or code'),
  pickupDate: DateOnly.optional().describe("with code: the pickup date, default today in the operator's time zone"),
  pickupPointId: Id.optional().describe('with code: needed only when the code matches orders at two of my pickup points'),
};

export const FindPickup = z.strictObject(whichOrder);
export type FindPickup = z.infer<typeof FindPickup>;

export const VerifyPickup = z.strictObject({
  ...whichOrder,
  orderLineIds: z.array(Id).min(1).max(100).optional().describe('hand out only these lines; default every line not yet handed out'),
});
export type VerifyPickup = z.infer<typeof VerifyPickup>;

export const PickupVerified = z.object({
  verificationId: Id,
  orderLineIds: z.array(Id),
  order: PickupOrder,
});

// ---- unpicked orders ----

export const UnpickedRule = z.enum(['return_to_warehouse', 'leader_disposal']);
export const UnpickedStatus = z.enum(['to_return', 'returned', 'to_dispose', 'disposed']);

export const UnpickedOrder = z.object({
  orderId: Id,
  pickupPointId: Id,
  leaderId: Id,
  pickupDate: DateOnly,
  rule: UnpickedRule,
  status: UnpickedStatus,
  residentName: z.string().describe('whose order it is'),
  residentPhone: z.string().describe('masked: 138****1234'),
  lines: z.array(z.object({ orderLineId: Id, title: z.string(), quantity: z.number().int().describe('units not handed out') })),
  refundId: Id.nullable(),
  recordedAt: Timestamp,
  closedAt: Timestamp.nullable(),
});
export const UnpickedListQuery = z.strictObject({ status: UnpickedStatus.optional(), pickupDate: DateOnly.optional(), ...paging });
export const UnpickedPage = z.object({
  items: z.array(UnpickedOrder),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

// ---- settings ----

export const AftersalesSettings = z.object({
  unpickedAfterDays: z.number().int().describe('days after the pickup date before an order counts as unpicked'),
  unpickedRule: UnpickedRule,
  unpickedRefund: z.boolean().describe('refund unpicked lines (default no: the goods were delivered)'),
  claimWindowHours: z.number().int().describe('hours after pickup (for missing goods: after the pickup date) to claim'),
});
export const UpdateAftersalesSettings = z.strictObject({
  unpickedAfterDays: z.number().int().min(0).max(30).optional(),
  unpickedRule: UnpickedRule.optional(),
  unpickedRefund: z.boolean().optional(),
  claimWindowHours: z.number().int().min(1).max(720).optional(),
});

// ---- after-sales claims ----

export const ClaimType = z.enum(['missing', 'damaged', 'quality', 'wrong_item']);
export const CaseStatus = z.enum(['submitted', 'approved', 'refunded', 'rejected', 'withdrawn']);
export const CaseBlame = z.enum(['supplier', 'warehouse', 'driver', 'leader', 'none']);

export const CreateClaim = z.strictObject({
  orderLineId: Id,
  type: ClaimType,
  quantity: z.number().int().min(1).max(10_000),
  amountFen: Fen.min(1).optional().describe('default: unit price × quantity, at most what is left paid on the line'),
  description: z.string().max(1000).default(''),
  evidenceUrls: z.array(ImageUrl).max(9).default([]),
});
export type CreateClaim = z.infer<typeof CreateClaim>;

export const AftersaleCase = z.object({
  id: Id,
  orderId: Id,
  orderLineId: Id,
  title: z.string(),
  residentId: Id,
  pickupPointId: Id,
  type: ClaimType,
  quantity: z.number().int(),
  requestedFen: Fen,
  description: z.string(),
  evidenceUrls: z.array(z.string()),
  status: CaseStatus,
  blame: CaseBlame.nullable(),
  approvedFen: Fen.nullable(),
  decisionReason: z.string().nullable(),
  decidedBy: z.object({ kind: z.enum(['leader', 'staff']), id: Id }).nullable(),
  decidedAt: Timestamp.nullable(),
  refundId: Id.nullable(),
  createdAt: Timestamp,
});
export type AftersaleCase = z.infer<typeof AftersaleCase>;

export const CaseListQuery = z.strictObject({ status: CaseStatus.optional(), ...paging });
export const AdminCaseQuery = z.strictObject({
  status: CaseStatus.optional(),
  type: ClaimType.optional(),
  blame: CaseBlame.optional(),
  pickupPointId: Id.optional(),
  orderId: Id.optional(),
  residentId: Id.optional(),
  leaderId: Id.optional().describe("claims at this leader's pickup points"),
  from: DateOnly.optional().describe("created on or after this business day (operator's time zone)"),
  to: DateOnly.optional().describe('created on or before this business day'),
  ...paging,
});
export const CasePage = z.object({
  items: z.array(AftersaleCase),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

/** A claim as support sees it: also who made it, the phone masked. */
export const AdminAftersaleCase = AftersaleCase.extend({
  residentName: z.string().describe('who claims'),
  residentPhone: z.string().describe('masked: 138****1234'),
  decidedByName: z
    .string()
    .nullable()
    .describe('the staff member or leader who approved or rejected it (at decidedAt); null while undecided'),
  compensationCouponId: Id.nullable().describe('the coupon granted with the decision (source compensation); null if none'),
});
export type AdminAftersaleCase = z.infer<typeof AdminAftersaleCase>;
export const AdminCasePage = CasePage.extend({ items: z.array(AdminAftersaleCase) });

export const ApproveClaim = z.strictObject({
  amountFen: Fen.min(1).optional().describe('approve less than claimed; default the claimed amount'),
  blame: CaseBlame.optional().describe('who pays in settlement; default the blame set on the case, else none'),
  reason: z.string().min(1).max(500),
});
export type ApproveClaim = z.infer<typeof ApproveClaim>;
/** Support's approval: as a leader's, and it may grant a coupon of a template with it (a compensation). */
export const AdminApproveClaim = z.strictObject({
  ...ApproveClaim.shape,
  couponTemplateId: Id.optional().describe(
    'also issue the resident one coupon of this running coupon template (source compensation, once per case)',
  ),
});
export type AdminApproveClaim = z.infer<typeof AdminApproveClaim>;
export const RejectClaim = z.strictObject({ reason: z.string().min(1).max(500) });
export const SetBlame = z.strictObject({ blame: CaseBlame });
