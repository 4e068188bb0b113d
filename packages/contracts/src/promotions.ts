import { z } from 'zod';
import { Fen, Id, PageQuery, Timestamp, pageOf } from './common.ts';
import { MemberSegment } from './crm.ts';

/** Promotions: automatic ones (满减, 满折, newcomer offers, 0-yuan items) and coupon templates, with coupons. */

export const PromotionTrigger = z
  .enum(['automatic', 'coupon'])
  .describe('automatic: applies by itself; coupon: a resident needs one of its coupons');
export const DiscountKind = z
  .enum(['amount', 'percent', 'free_unit'])
  .describe('amount off, percent off, or one unit of an item in scope for 0 yuan');
export const ScopeKind = z.enum(['operator', 'sku', 'category', 'campaign', 'leader']);
export const PromotionStatus = z.enum(['active', 'paused', 'ended']);
export const CouponStatus = z.enum(['available', 'held', 'used', 'expired']);
export const CouponSource = z.enum(['claim', 'newcomer', 'compensation', 'invite', 'staff', 'points', 'lottery']);

const Count = z.number().int().min(1).max(10_000_000);
const PositiveFen = Fen.min(1).max(100_000_000);

const promotionFields = {
  name: z.string().trim().min(1).max(60),
  description: z.string().max(500).optional(),
  trigger: PromotionTrigger,
  discountKind: DiscountKind,
  amountOffFen: PositiveFen.nullable().optional(),
  percentOff: z.number().int().min(1).max(100).nullable().optional().describe('percent off: 10 is 9折'),
  maxOffFen: PositiveFen.nullable().optional(),
  thresholdFen: Fen.min(0).max(100_000_000).default(0),
  scope: z.strictObject({ kind: ScopeKind, ids: z.array(Id).max(200).default([]) }),
  newcomerOnly: z.boolean().default(false),
  stackable: z.boolean().default(true),
  startsAt: Timestamp,
  endsAt: Timestamp,
  perResidentLimit: Count.nullable().optional().describe('automatic: orders per resident; coupon: coupons per resident'),
  totalLimit: Count.nullable().optional().describe('automatic: orders in all; coupon: coupons handed out in all'),
  budgetFen: PositiveFen.nullable().optional().describe('the most it may take off in all; it stops when spent'),
  fundedBy: z.enum(['operator', 'supplier']).default('operator'),
  supplierId: Id.nullable().optional().describe('the supplier who funds it (fundedBy supplier)'),
  couponValidDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional()
    .describe('a coupon is valid this many days from its issue (never past endsAt)'),
  claimable: z.boolean().default(false).describe('shown on the 领券 page and shareable by leaders'),
  issueOnSignUp: z
    .boolean()
    .default(false)
    .describe('newcomer coupon: one is issued to every resident at sign-up while the template runs (coupon templates only)'),
  excludedSegments: z
    .array(MemberSegment)
    .max(7)
    .default([])
    .describe('member segments (leader CRM) left out of its audience: they neither claim its coupons nor get its discount'),
};

export const CreatePromotion = z.strictObject(promotionFields);
export type CreatePromotion = z.infer<typeof CreatePromotion>;

export const UpdatePromotion = z.strictObject({
  name: promotionFields.name.optional(),
  description: promotionFields.description,
  endsAt: Timestamp.optional(),
  budgetFen: PositiveFen.nullable().optional(),
  perResidentLimit: Count.nullable().optional(),
  totalLimit: Count.nullable().optional(),
  claimable: z.boolean().optional(),
  issueOnSignUp: z.boolean().optional().describe('issue one to every new resident at sign-up (coupon templates only)'),
  status: PromotionStatus.optional().describe('pause, resume (active) or end it; an ended promotion stays ended'),
  excludedSegments: promotionFields.excludedSegments.unwrap().optional(),
});

export const Promotion = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  trigger: PromotionTrigger,
  discountKind: DiscountKind,
  amountOffFen: Fen.nullable(),
  percentOff: z.number().int().nullable(),
  maxOffFen: Fen.nullable(),
  thresholdFen: Fen,
  scope: z.object({ kind: ScopeKind, ids: z.array(Id) }),
  newcomerOnly: z.boolean(),
  stackable: z.boolean(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  perResidentLimit: z.number().int().nullable(),
  totalLimit: z.number().int().nullable(),
  budgetFen: Fen.nullable(),
  fundedBy: z.enum(['operator', 'supplier']),
  supplierId: Id.nullable(),
  couponValidDays: z.number().int().nullable(),
  claimable: z.boolean(),
  issueOnSignUp: z.boolean().describe('a newcomer coupon: issued to every resident at sign-up'),
  excludedSegments: z.array(MemberSegment).default([]).describe('member segments left out of its audience'),
  status: PromotionStatus,
  issuedCount: z.number().int(),
  createdAt: Timestamp,
});
export type Promotion = z.infer<typeof Promotion>;

/** What a promotion brought, from its recorded discounts and the ledger's marketing postings. */
export const PromotionResults = z.object({
  promotionId: Id,
  couponsIssued: z.number().int(),
  couponsUsed: z.number().int(),
  couponsReturned: z.number().int().describe('times a coupon came back (cancel, expiry unpaid, full refund)'),
  orders: z.number().int().describe('paid orders with the promotion, not refunded in full'),
  newResidents: z.number().int().describe('residents whose first paid order had it'),
  discountFen: Fen.describe('taken off those orders'),
  costFen: Fen.describe('marketing cost in the ledger (operator-funded), after reversals'),
  supplierFundedFen: Fen.describe('charged to the funding supplier in the ledger, after reversals'),
  gmvFen: Fen.describe('what residents paid for those orders'),
  roi: z.number().nullable().describe('gmv / (cost + supplier-funded); null before any cost'),
});

export const PromotionWithResults = Promotion.extend({ results: PromotionResults });
export const PromotionPage = pageOf(PromotionWithResults);
export const PromotionListQuery = PageQuery.extend({ status: PromotionStatus.optional() });

/**
 * What a coupon takes off and on what: the terms the resident's coupons, the 领券 list and the
 * leader's list all show (one shape, so a screen labels them one way).
 */
export const DiscountTerms = z.object({
  discountKind: DiscountKind,
  amountOffFen: Fen.nullable(),
  percentOff: z.number().int().nullable().describe('percent off: 10 is 9折'),
  maxOffFen: Fen.nullable().describe('the most a percent off takes; null for no cap'),
  thresholdFen: Fen,
  newcomerOnly: z.boolean(),
});
export type DiscountTerms = z.infer<typeof DiscountTerms>;

/** A coupon as its resident sees it. */
export const Coupon = DiscountTerms.extend({
  id: Id,
  promotionId: Id,
  name: z.string(),
  description: z.string(),
  scope: z.object({ kind: ScopeKind, ids: z.array(Id) }),
  status: CouponStatus.describe('held: waiting for its order to be paid; used; returned coupons are available again'),
  source: CouponSource,
  validFrom: Timestamp,
  validUntil: Timestamp,
  orderId: Id.nullable().describe('the order that holds or used it'),
  orderNo: z.string().nullable().describe("that order's number"),
  usedAt: Timestamp.nullable().describe('when its order was paid (used); null before, and again once it is returned'),
  returnedCount: z.number().int(),
});
export const CouponPage = pageOf(Coupon);

const COUPON_STATUS_LIST = new RegExp(`^(${CouponStatus.options.join('|')})(,(${CouponStatus.options.join('|')}))*$`);
const CouponStatusList = z.string().regex(COUPON_STATUS_LIST, `statuses among ${CouponStatus.options.join(', ')}, separated by commas`);
export const CouponListQuery = PageQuery.extend({
  status: z
    .union([CouponStatusList, z.array(CouponStatusList).min(1).max(CouponStatus.options.length)])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')))] as Array<z.infer<typeof CouponStatus>>)
    .optional()
    .describe('one status or several: status=available,held or status=available&status=held; every status when left out'),
});

/** A coupon template a resident may claim (the 领券 page, a leader's share link). */
export const ClaimableCoupon = DiscountTerms.extend({
  promotionId: Id,
  name: z.string(),
  description: z.string(),
  endsAt: Timestamp,
  left: z.number().int().nullable().describe('coupons left to claim; null for no limit'),
  held: z.number().int().describe('of these, how many I hold (any state)'),
  mayClaim: z.boolean(),
});
export const ClaimableList = z.object({ items: z.array(ClaimableCoupon) });

export const ClaimCoupon = z.strictObject({ leaderId: Id.optional().describe('the leader whose share link it came from') });
export const ClaimedCoupon = z.object({ couponId: Id, validUntil: Timestamp });

export const IssueCoupons = z.strictObject({
  residentIds: z.array(Id).min(1).max(500),
  source: z.enum(['staff', 'compensation']).default('staff'),
  reason: z.string().trim().min(1).max(200),
});
export const IssueOutcome = z.object({
  issued: z.array(z.object({ residentId: Id, couponId: Id })),
  refused: z.array(z.object({ residentId: Id, code: z.string(), message: z.string() })),
});

/** Why an offer is not applied to an order. */
export const NotApplied = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('below_threshold'), missingFen: Fen }),
  z.object({ reason: z.literal('out_of_scope') }),
  z.object({ reason: z.literal('newcomers_only') }),
  z.object({ reason: z.literal('budget_spent') }),
  z.object({ reason: z.literal('not_stackable') }),
  z.object({ reason: z.literal('one_coupon_per_order') }),
  z.object({ reason: z.literal('not_chosen') }),
]);

/** The confirm screen's quote: the order priced with the best promotions (or the coupon chosen), and why the others are not applied. */
export const Quote = z.object({
  lines: z.array(z.object({ campaignLineId: Id, quantity: z.number().int(), unitPriceFen: Fen, discountFen: Fen, amountFen: Fen })),
  listFen: Fen,
  discountFen: Fen,
  totalFen: Fen,
  applied: z.array(z.object({ promotionId: Id, couponId: Id.nullable(), name: z.string(), amountFen: Fen })),
  couponId: Id.nullable().describe('the coupon applied: send it with the order'),
  notApplied: z.array(z.object({ promotionId: Id, couponId: Id.nullable(), name: z.string(), why: NotApplied })),
  coupons: z.array(Coupon).describe('every coupon of mine usable now, applicable or not'),
});

/** A leader's claimable coupons with their share links and what their members did with them. */
export const LeaderCoupon = DiscountTerms.extend({
  promotionId: Id,
  name: z.string(),
  endsAt: Timestamp,
  sharePath: z.string().describe('the shop path a resident opens to claim it, attributed to me'),
  claimedViaMe: z.number().int(),
  usedViaMe: z.number().int(),
});
export const LeaderCouponList = z.object({ items: z.array(LeaderCoupon) });
export const LeaderCouponUse = z.object({
  couponId: Id,
  promotionName: z.string(),
  residentName: z.string(),
  residentPhone: z.string().describe('masked'),
  status: CouponStatus,
  claimedAt: Timestamp,
  usedAt: Timestamp.nullable(),
});
export const LeaderCouponUsePage = pageOf(LeaderCouponUse);

/** The coupon templates staff may give coupons of now (an after-sales compensation): running, not paused. */
export const CouponTemplateOption = z.object({
  id: Id,
  name: z.string(),
  endsAt: Timestamp,
  left: z.number().int().nullable().describe('coupons left to give; null for no limit'),
});
export const CouponTemplateOptions = z.object({ items: z.array(CouponTemplateOption) });
