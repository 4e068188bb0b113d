import { z } from 'zod';
import { DateOnly, Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Points (积分) and daily sign-in (签到): the resident's balance and history, the operator's rules. */

export const PointsReason = z.enum([
  'order_picked_up',
  'order_refunded',
  'sign_in',
  'streak_bonus',
  'redeemed',
  'expired',
  'invite_reward',
  'staff_adjustment',
  'lottery_draw',
  'lottery_prize',
]);

export const StreakBonus = z.strictObject({
  day: z.number().int().min(1).max(366).describe("the streak's day that earns the bonus (day 7: the seventh day in a row)"),
  points: z.number().int().min(1).max(100_000),
});

export const PointsSettings = z.strictObject({
  enabled: z.boolean().describe('points on at all: off, nothing is earned and residents cannot sign in'),
  pointsPerYuan: z.number().int().min(0).max(1000).describe('points per whole yuan the resident actually paid, granted at pickup'),
  lotDays: z.number().int().min(1).max(3650).describe('days points live after they are earned; what is left then expires'),
  signInPoints: z.number().int().min(0).max(10_000).describe("a day's sign-in points"),
  streakBonuses: z.array(StreakBonus).max(30).describe('extra points on a streak day, each day at most once'),
});

/** One change of a resident's points. */
export const PointsEntry = z.object({
  id: Id,
  delta: z.number().int().describe('points added (positive) or taken (negative)'),
  reason: PointsReason,
  documentId: z.string().nullable().describe('what it came from: an order, a refund, a sign-in day, an expired lot'),
  shortfall: z.number().int().describe('points a take-back could not take because the balance did not hold them'),
  balanceAfter: z.number().int(),
  note: z.string().nullable(),
  at: Timestamp,
});

export const PointsHistoryQuery = PageQuery;
export const PointsHistory = pageOf(PointsEntry);

export const MyPoints = z.object({
  enabled: z.boolean(),
  balance: z.number().int().describe('points that can be spent now'),
  expiring: z
    .array(z.object({ date: DateOnly.describe("the last day (operator's time zone) the points are valid"), points: z.number().int() }))
    .describe('what expires when, soonest first (the next few dates)'),
  expiringSoonPoints: z.number().int().describe('points that expire within 30 days'),
  signedInToday: z.boolean(),
  streak: z.number().int().describe('consecutive days signed in up to today (or yesterday, while today is still open)'),
});

export const SignInResult = z.object({
  day: DateOnly,
  streak: z.number().int(),
  points: z.number().int(),
  bonus: z.number().int().describe("the streak day's bonus, 0 on other days"),
  balance: z.number().int(),
});

export const SignInCalendarQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .optional()
    .describe("the month (YYYY-MM); the operator's current month when left out"),
});

export const SignInCalendar = z.object({
  month: z.string(),
  today: DateOnly,
  days: z.array(z.object({ day: DateOnly, streak: z.number().int(), points: z.number().int(), bonus: z.number().int() })),
  signedInToday: z.boolean(),
  streak: z.number().int(),
  signInPoints: z.number().int(),
  streakBonuses: z.array(StreakBonus),
});

export const ResidentPointsParams = z.strictObject({ id: Id });
export const ResidentPoints = PointsHistory.extend({ balance: z.number().int() });

export const PointsAdjustment = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'a change of 0 points changes nothing')
    .describe('points to add (positive) or take (negative)'),
  reason: z.string().trim().min(1).max(200).describe('why, kept on the entry'),
});
export const PointsAdjusted = z.object({ entryId: Id, delta: z.number().int(), balance: z.number().int() });

/** A coupon residents may redeem points for. */
export const PointsOffer = z.object({
  id: Id,
  couponTemplateId: Id.describe("the promotions module's coupon template"),
  title: z.string(),
  pointsCost: z.number().int(),
  active: z.boolean(),
});
export const PointsOffers = z.object({ items: z.array(PointsOffer) });
export const CreatePointsOffer = z.strictObject({
  couponTemplateId: Id,
  title: z.string().trim().min(1).max(60),
  pointsCost: z.number().int().min(1).max(1_000_000),
  active: z.boolean().default(true),
});
export const UpdatePointsOffer = z.strictObject({
  title: z.string().trim().min(1).max(60).optional(),
  pointsCost: z.number().int().min(1).max(1_000_000).optional(),
  active: z.boolean().optional(),
});
export const Redeemed = z.object({
  couponId: Id,
  pointsSpent: z.number().int(),
  balance: z.number().int(),
});
