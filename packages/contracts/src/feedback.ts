import { z } from 'zod';
import { DateOnly, Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** The residents' voice: order ratings, complaint tickets and their workflow, leader rates and supplier scorecards. */

const Score = z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent)');

export const RateOrder = z.strictObject({
  itemsScore: Score.describe('the goods as described'),
  freshnessScore: Score,
  serviceScore: Score.describe("the leader's service at pickup"),
  comment: z.string().trim().max(500).optional(),
});

export const OrderRating = z.object({
  id: Id,
  orderId: Id,
  itemsScore: z.number().int(),
  freshnessScore: z.number().int(),
  serviceScore: z.number().int(),
  comment: z.string().nullable(),
  createdAt: Timestamp,
});

export const ComplaintTargetKind = z.enum(['leader', 'supplier', 'driver']);
export const ComplaintState = z
  .enum(['open', 'assigned', 'resolved', 'appealed'])
  .describe('open → assigned → resolved (with a reason) → appealed (once) → assigned/resolved');

export const ComplaintOutcome = z
  .enum(['upheld', 'dismissed'])
  .describe('upheld: the target was at fault (counted in its complaint rate); dismissed: it was not (not counted while resolved)');

export const FileComplaint = z.strictObject({
  orderId: Id,
  target: ComplaintTargetKind.describe("against the order's leader, a line's supplier, or the driver who delivered it"),
  orderLineId: Id.optional().describe('for a supplier: the line whose supplier it is (needed when the order has several)'),
  description: z.string().trim().min(2).max(1000),
});

export const ComplaintStep = z.object({
  step: z.enum(['opened', 'assigned', 'resolved', 'appealed']),
  actorKind: z.enum(['resident', 'staff']),
  note: z.string().nullable(),
  at: Timestamp,
});

export const Complaint = z.object({
  id: Id,
  orderId: Id,
  orderNo: z.string(),
  orderLineId: Id.nullable(),
  target: ComplaintTargetKind,
  targetId: Id,
  targetName: z.string(),
  description: z.string(),
  state: ComplaintState,
  resolution: z.string().nullable(),
  outcome: ComplaintOutcome.nullable().describe('the last resolution’s finding; null before the first'),
  appealReason: z.string().nullable(),
  mayAppeal: z.boolean(),
  createdAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
  steps: z.array(ComplaintStep),
});
export const ComplaintList = z.object({ items: z.array(Complaint) });

/** An order's rating and complaints as the resident sees them on the order's page. */
export const OrderFeedback = z.object({
  orderId: Id,
  mayRate: z.boolean().describe('picked up and not rated yet (a rating is given once and not edited)'),
  mayComplain: z.boolean().describe('delivered or picked up'),
  rating: OrderRating.nullable(),
  complaints: z.array(Complaint),
});

export const AppealComplaint = z.strictObject({ reason: z.string().trim().min(2).max(500) });

/** A leader's complaint and rating rates over a period: complaints and ratings per picked-up order. */
export const LeaderRates = z.object({
  leaderId: Id,
  leaderName: z.string(),
  pickedUpOrders: z.number().int(),
  complaints: z.number().int(),
  complaintRate: z.number().nullable().describe('complaints / picked-up orders (0.05 = 5%); null without orders'),
  ratings: z.number().int(),
  ratingRate: z.number().nullable().describe('ratings / picked-up orders'),
  avgServiceScore: z.number().nullable(),
});
export const LeaderRatesList = z.object({ from: DateOnly, to: DateOnly, items: z.array(LeaderRates) });

/** What residents said of a leader, as the leader sees it: the rates, and recent ratings and complaints without who gave them. */
export const MyFeedback = z.object({
  from: DateOnly,
  to: DateOnly,
  rates: LeaderRates,
  ratings: z
    .array(
      z.object({
        itemsScore: z.number().int(),
        freshnessScore: z.number().int(),
        serviceScore: z.number().int(),
        comment: z.string().nullable(),
        createdAt: Timestamp,
      }),
    )
    .describe('the newest ratings of the period (at most 20)'),
  complaints: z
    .array(
      z.object({
        description: z.string(),
        state: ComplaintState,
        outcome: ComplaintOutcome.nullable(),
        resolution: z.string().nullable(),
        createdAt: Timestamp,
      }),
    )
    .describe('complaints against the leader filed in the period (at most 20, newest first)'),
});

export const PeriodQuery = z.strictObject({
  from: DateOnly.optional().describe('first business day; default 30 days before to'),
  to: DateOnly.optional().describe('last business day, included; default today'),
});

export const AdminComplaint = Complaint.extend({
  residentId: Id,
  leaderId: Id,
  leaderName: z.string(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  leaderRates: LeaderRates.nullable().describe("the order's leader's rates over the last 30 days"),
});

export const ComplaintQuery = PageQuery.extend({
  status: z.enum(['open', 'assigned', 'resolved', 'appealed', 'unresolved']).optional().describe('unresolved: open, assigned or appealed'),
  target: ComplaintTargetKind.optional(),
  targetId: Id.optional(),
});
export const AdminComplaintPage = pageOf(AdminComplaint);

export const AssignComplaint = z.strictObject({ assigneeId: Id.optional().describe('a staff member; default: me') });
export const ResolveComplaint = z.strictObject({
  resolution: z.string().trim().min(2).max(500).describe('the reason given to the resident'),
  outcome: ComplaintOutcome.optional().describe('default upheld'),
});

/** A supplier's scorecard over a period: deliveries on time, short shipments, quality rejects, complaints, ratings. */
export const SupplierScorecard = z.object({
  supplierId: Id,
  supplierName: z.string(),
  purchaseOrders: z.number().int().describe('purchase orders due in the period (not cancelled)'),
  received: z.number().int(),
  onTime: z.number().int().describe('received by the end of their delivery date'),
  late: z.number().int().describe('received after their delivery date'),
  notReceived: z.number().int().describe('not received yet'),
  onTimeRate: z.number().nullable().describe('on time / received'),
  linesReceived: z.number().int(),
  shortLines: z.number().int().describe('lines received with fewer units than ordered'),
  shortShipRate: z.number().nullable().describe('short lines / lines received'),
  unitsReceived: z.number().int(),
  unitsRejected: z.number().int().describe('units refused at receiving (quality)'),
  rejectRate: z.number().nullable().describe('units rejected / units received'),
  complaints: z.number().int(),
  ratings: z.number().int(),
  avgItemsScore: z.number().nullable(),
  avgFreshnessScore: z.number().nullable(),
});
export const SupplierScorecardList = z.object({ from: DateOnly, to: DateOnly, items: z.array(SupplierScorecard) });
