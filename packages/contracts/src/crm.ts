import { z } from 'zod';
import { DateOnly, Fen, Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Leader CRM: members' recency, frequency and monetary value (RFM), segments, today's pushes and reminders. */

export const MemberSegment = z
  .enum(['champions', 'loyal', 'new', 'at_risk', 'lapsed', 'low_value', 'regular'])
  .describe('champions, loyal, new, at risk (bought often or much, not lately), lapsed (no order for long), low value, regular');
export type MemberSegment = z.infer<typeof MemberSegment>;

const Step = z.number().int().min(0).max(100_000_000);
const Steps = z.tuple([Step, Step, Step, Step]);

/** An operator's thresholds: scores 5, 4, 3, 2 (else 1) and the segments' days. */
export const CrmRules = z.strictObject({
  windowDays: z.number().int().min(7).max(730).describe('frequency and monetary value count the orders of this many days'),
  recencyDays: Steps.describe('days since the last order at most, for R 5, 4, 3, 2 (ascending)'),
  frequency: Steps.describe('orders in the window at least, for F 5, 4, 3, 2 (descending)'),
  monetaryFen: Steps.describe('spent in the window (fen) at least, for M 5, 4, 3, 2 (descending)'),
  lapsedDays: z.number().int().min(1).max(730).describe('no order for more days than this: lapsed'),
  newDays: z.number().int().min(0).max(365).describe('a first order at most this many days ago: new'),
});
export type CrmRules = z.infer<typeof CrmRules>;

export const CrmPeriod = z.object({
  period: DateOnly.describe('the business day the snapshot was computed for'),
  windowDays: z.number().int(),
  members: z.number().int(),
  computedAt: Timestamp,
});

export const SegmentCount = z.object({
  segment: MemberSegment,
  members: z.number().int(),
  monetaryFen: Fen.describe('spent in the window'),
});

/** A leader's CRM at a glance: the latest period and its segments. */
export const LeaderCrm = z.object({
  period: CrmPeriod.nullable().describe('null before the first computation'),
  segments: z.array(SegmentCount),
});

export const CrmMember = z.object({
  residentId: Id,
  name: z.string(),
  phone: z.string().describe('masked: 138****1234'),
  segment: MemberSegment,
  recencyDays: z.number().int(),
  frequency: z.number().int().describe('paid orders in the window'),
  monetaryFen: Fen.describe('spent in the window, net of refunds'),
  scores: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }),
  lastOrderAt: Timestamp,
  topCategories: z.array(z.string()).describe('what they buy most (category names), in the window'),
});
export type CrmMember = z.infer<typeof CrmMember>;
export const CrmMemberPage = pageOf(CrmMember);
export const CrmMemberQuery = PageQuery.extend({ segment: MemberSegment.optional() });

/** A campaign line to push to a segment today. */
export const PushLine = z.object({
  campaignId: Id,
  campaignTitle: z.string(),
  campaignLineId: Id,
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  category: z.string(),
  groupPriceFen: Fen,
  listPriceFen: Fen,
  cutoffAt: Timestamp,
});

/** What to push today to a segment: open lines in the categories its members buy most. */
export const SegmentPush = z.object({
  segment: MemberSegment,
  members: z.number().int(),
  categories: z.array(z.string()).describe("the segment's habits: its top categories"),
  lines: z.array(PushLine),
});
export type SegmentPush = z.infer<typeof SegmentPush>;
export const TodayPushes = z.object({ items: z.array(SegmentPush) });

/** A member to remind (at risk or lapsed) and whether the leader did today. */
export const ReminderMember = z.object({
  residentId: Id,
  name: z.string(),
  phone: z.string().describe('masked: 138****1234'),
  segment: MemberSegment,
  recencyDays: z.number().int(),
  monetaryFen: Fen,
  topCategories: z.array(z.string()),
  remindedToday: z.boolean(),
});
export const Reminders = z.object({ day: DateOnly, items: z.array(ReminderMember) });
export const MarkReminded = z.strictObject({ reminded: z.boolean() });
export const ReminderMark = z.object({ residentId: Id, day: DateOnly, reminded: z.boolean() });

/** Staff's CRM of a region (a warehouse's pickup points, or all): segments and leaders. */
export const RegionCrmQuery = z.strictObject({ warehouseId: Id.optional() });
export const LeaderSegments = z.object({
  leaderId: Id,
  leaderName: z.string(),
  members: z.number().int(),
  monetaryFen: Fen,
  segments: z.array(z.object({ segment: MemberSegment, members: z.number().int() })),
});
export const RegionCrm = z.object({
  period: CrmPeriod.nullable(),
  segments: z.array(SegmentCount).describe('residents whose pickup point is in the region, by their segment across leaders'),
  leaders: z.array(LeaderSegments),
});
