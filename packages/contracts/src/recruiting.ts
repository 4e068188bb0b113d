import { z } from 'zod';
import { DateOnly, Fen, Id, Timestamp } from './common.ts';

/** Leaders recruit leaders (团长拉新): the recruit link, referrals, the bonus and the override. */

export const RecruitTerms = z.strictObject({
  enabled: z.boolean().describe('off: referrals are still recorded, but earn nothing'),
  bonusFen: z.number().int().min(0).max(1_000_000).describe('the recruit bonus in fen, paid once'),
  bonusPickups: z.number().int().min(1).max(1000).describe('the bonus is due once the recruit has this many orders picked up'),
  overrideBp: z.number().int().min(0).max(3000).describe("the override: basis points of the recruit's picked-up sales (100 = 1 %)"),
  overrideDays: z.number().int().min(0).max(366).describe('how many days from approval the override runs'),
});
export type RecruitTerms = z.input<typeof RecruitTerms>;

export const ReferralState = z.enum(['pending', 'qualified', 'bonus_paid', 'refused']);
export const RefusalReason = z
  .enum(['same_phone', 'same_point', 'member_of_referrer', 'referrer_inactive'])
  .describe(
    "same_phone: the referrer's phone; same_point: within 100 m of one of the referrer's points; member_of_referrer: the applicant was a member of the referrer's point; referrer_inactive: the referrer was suspended",
  );

export const Referral = z.object({
  id: Id,
  recruit: z.object({ id: Id, name: z.string() }),
  state: ReferralState,
  refusalReason: RefusalReason.nullable(),
  approvedAt: Timestamp,
  pickups: z.number().int().describe('orders of the recruit picked up so far'),
  bonusPickups: z.number().int(),
  bonusFen: Fen.describe('the bonus of the referral (0 when recruiting was off at approval or refused)'),
  bonusPaidFen: Fen.describe('the bonus posted to the referrer so far'),
  overrideBp: z.number().int(),
  overrideFrom: DateOnly,
  overrideUntil: DateOnly,
  overrideFen: Fen.describe('the override posted to the referrer so far'),
});

export const MyRecruiting = z.object({
  link: z.string().describe('the recruit link, relative to the web app: /shop/apply?ref=<leader id>'),
  terms: RecruitTerms,
  recruits: z.array(Referral),
  bonusFen: Fen.describe('all recruit bonuses posted to me'),
  overrideFen: Fen.describe('all overrides posted to me'),
});

export const AdminReferral = Referral.extend({ referrer: z.object({ id: Id, name: z.string() }) });
export const AdminReferrals = z.object({ items: z.array(AdminReferral) });
export const ReferralListQuery = z.strictObject({ state: ReferralState.optional() });
