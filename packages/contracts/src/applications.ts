import { z } from 'zod';
import { CreateLeader, CreatePickupPoint } from './admin.ts';
import { Id, PageQuery, Timestamp, pageOf } from './common.ts';

// ---- leader applications (团长申请): a resident applies, support or an admin approves or rejects ----

export const ApplicationStatus = z.enum(['pending', 'approved', 'rejected']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

const point = CreatePickupPoint.shape;

/** The pickup point the applicant proposes to run: the same fields an admin fills in to open one. */
export const ProposedPickupPoint = z.strictObject({
  name: point.name,
  address: point.address,
  lat: point.lat,
  lng: point.lng,
  openingHours: point.openingHours,
});
export type ProposedPickupPoint = z.infer<typeof ProposedPickupPoint>;

export const CreateLeaderApplication = z.strictObject({
  name: CreateLeader.shape.name.describe("the applicant's real name, shown to residents as the leader's"),
  pickupPoint: ProposedPickupPoint,
  note: z.string().trim().min(1).max(500).describe('why they want to be a leader, their experience (shop, community, groups)'),
  ref: z
    .string()
    .max(64)
    .optional()
    .describe("the recruit link's leader id (?ref=): recorded as the referrer when it is an active leader of the operator, else ignored"),
});
export type CreateLeaderApplication = z.input<typeof CreateLeaderApplication>;

/** An application as its applicant sees it. */
export const LeaderApplication = z.object({
  id: Id,
  status: ApplicationStatus,
  name: z.string(),
  phone: z.string().describe("the applicant's login phone; the leader logs in to the leader app with it"),
  note: z.string(),
  pickupPoint: z.object({
    name: z.string(),
    address: z.string(),
    lat: z.number(),
    lng: z.number(),
    openingHours: z.string(),
  }),
  reason: z.string().nullable().describe('why it was rejected'),
  leaderId: Id.nullable().describe('the leader created by the approval'),
  pickupPointId: Id.nullable().describe('the pickup point opened by the approval'),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type LeaderApplication = z.infer<typeof LeaderApplication>;
export const MyLeaderApplications = z.object({ items: z.array(LeaderApplication).describe('newest first, at most 20') });

/** An application as the staff reviewing it see it. */
export const AdminLeaderApplication = LeaderApplication.extend({
  phone: z.string().describe('masked: 138****1234; POST /api/v1/admin/personal-data/reveal shows it in full (admin, support)'),
  residentId: Id,
  decidedBy: z.object({ id: Id, name: z.string() }).nullable().describe('the staff member who decided'),
});
export type AdminLeaderApplication = z.infer<typeof AdminLeaderApplication>;
export const AdminLeaderApplicationPage = pageOf(AdminLeaderApplication);
export const LeaderApplicationListQuery = PageQuery.extend({ status: ApplicationStatus.optional() });

export const ApproveLeaderApplication = z.strictObject({
  level: z.number().int().min(1).max(100).optional().describe("the new leader's level; 1 when absent"),
});
export type ApproveLeaderApplication = z.infer<typeof ApproveLeaderApplication>;
export const RejectLeaderApplication = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('told to the applicant'),
});
export type RejectLeaderApplication = z.infer<typeof RejectLeaderApplication>;
