import { z } from 'zod';
import { Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Invite rewards (邀请有礼): a resident's link, their invitees, the operator's settings and the staff review queue. */

export const InviteCode = z
  .string()
  .regex(/^[0-9a-z]{12}$/, 'an invite code: 12 lower-case letters and digits')
  .describe("a resident's invite code, as their link carries it (?invite=…)");

/** What the shop needs for the invite page and its poster. */
export const InviteLink = z.object({
  code: InviteCode,
  path: z.string().describe('the link on this site: /shop/?invite=<code>'),
  url: z.string().nullable().describe('the full link when the installation knows its public address (LINLI_PUBLIC_URL), else null'),
  rewardPoints: z.number().int().describe('points the inviter gets per invitee whose first order is picked up (the current setting)'),
  enabled: z.boolean().describe('whether invites are rewarded at the moment'),
  inviterName: z.string().describe("the inviter's name for the poster (may be empty)"),
});

export const InviteStatus = z.enum(['registered', 'held', 'rewarded', 'refused', 'rejected']);

/** An invitee as the inviter sees them: the phone masked, and where their reward stands. */
export const MyInvitee = z.object({
  id: Id,
  phone: z.string().describe('masked: 138****1234'),
  registeredAt: Timestamp,
  firstPickedUpAt: Timestamp.nullable(),
  state: z
    .enum(['registered', 'picked_up', 'held', 'rewarded'])
    .describe('registered; picked_up: first order picked up, no reward; held: the reward waits for review; rewarded'),
  rewardPoints: z.number().int().nullable(),
  rewardCoupon: z.boolean().describe('a coupon came with the reward'),
});
export const MyInvitees = pageOf(MyInvitee).extend({
  registered: z.number().int().describe('every invitee'),
  rewarded: z.number().int(),
  pointsEarned: z.number().int(),
});

export const InviteSettings = z.strictObject({
  enabled: z.boolean().describe('reward invites (when off, sign-ups through links are still recorded, and refused a reward)'),
  rewardPoints: z.number().int().min(1).max(100_000).describe('points for the inviter per rewarded invitee'),
  inviterDailyLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .describe("rewards one inviter may get a day (the operator's day); more wait for review"),
  operatorDailyCap: z.number().int().min(1).max(1_000_000).describe('rewards the operator grants a day in all; more wait for review'),
  clusterDeviceThreshold: z
    .number()
    .int()
    .min(2)
    .max(100)
    .describe("this many of one inviter's invitees on one device: each one's reward waits for review"),
  clusterPointThreshold: z
    .number()
    .int()
    .min(2)
    .max(100)
    .describe("this many of one inviter's invitees at one pickup point, signed up within the window: held for review"),
  clusterWindowMinutes: z.number().int().min(1).max(1440),
  rewardCouponTemplateId: Id.nullable().describe(
    'a coupon template (a promotion triggered by coupon) the inviter also gets with each reward; null: points only. When no coupon can be issued (all gone, the limit, ended) the reward waits for review',
  ),
});
export const InviteSettingsView = InviteSettings.extend({ updatedAt: Timestamp.nullable(), updatedBy: z.string().nullable() });
export const UpdateInviteSettings = InviteSettings.partial();

export const InviteFlag = z
  .enum([
    'program_off',
    'phone_rewarded',
    'device_rewarded',
    'openid_rewarded',
    'device_cluster',
    'point_cluster',
    'inviter_daily_limit',
    'operator_daily_cap',
    'coupon_unavailable',
  ])
  .describe('why a reward was held or refused');

/** An invite as staff see it. */
export const AdminInvite = z.object({
  id: Id,
  inviterId: Id,
  inviterPhone: z.string().describe('masked'),
  inviteeId: Id,
  inviteePhone: z.string().describe('masked'),
  status: InviteStatus,
  flags: z.array(InviteFlag),
  deviceShared: z.boolean().describe('a device id came with the sign-up'),
  pickupPointId: z.string().nullable(),
  registeredAt: Timestamp,
  firstPickedUpAt: Timestamp.nullable(),
  rewardPoints: z.number().int().nullable(),
  rewardCouponId: z.string().nullable().describe('the coupon the inviter got with the reward'),
  rewardedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
export const AdminInviteQuery = PageQuery.extend({
  status: InviteStatus.optional().describe('held: the review queue, oldest first; otherwise newest first'),
  inviterId: Id.optional(),
});
export const AdminInvitePage = pageOf(AdminInvite);

export const ApproveInvite = z.strictObject({ note: z.string().trim().max(200).optional() });
export const RejectInvite = z.strictObject({ reason: z.string().trim().min(1).max(200) });
