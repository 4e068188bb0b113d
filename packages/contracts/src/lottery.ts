import { z } from 'zod';
import { Fen, Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** The lottery (抽奖): the operator's draws and odds tables, a resident's draws, the audit of a draw. */

export const PrizeKind = z
  .enum(['coupon', 'points', 'item', 'none'])
  .describe("coupon: a coupon template's coupon; item: a free item (a free_unit coupon template); points; none: 谢谢参与");
export const LotteryStatus = z.enum(['active', 'paused', 'ended']);

export const CreatePrize = z.strictObject({
  kind: PrizeKind,
  title: z.string().trim().min(1).max(40),
  couponTemplateId: Id.optional().describe('coupon and item: the coupon template (a promotion of trigger coupon) it issues from'),
  points: z.number().int().min(1).max(100_000).optional().describe('points: how many'),
  weightBp: z.number().int().min(0).max(10_000).describe('odds in basis points (1/10000); the weights of a lottery sum to 10000'),
  stock: z.number().int().min(0).max(1_000_000).nullable().describe('how many may be won; null: unlimited (the none prize is)'),
});

export const CreateLottery = z.strictObject({
  name: z.string().trim().min(1).max(60),
  startsAt: Timestamp,
  endsAt: Timestamp,
  pointsPerDraw: z.number().int().min(0).max(100_000).describe('points a draw costs; 0: free draws (within the daily limit)'),
  signInDraws: z.number().int().min(0).max(10).describe('free draws each day the resident signs in earns (used before points)'),
  dailyLimit: z.number().int().min(1).max(1000).nullable().describe("draws per resident per day (operator's time zone); null: none"),
  prizes: z
    .array(CreatePrize)
    .min(2)
    .max(12)
    .describe(
      'the odds table in wheel order: weights sum to 10000, exactly one none prize (unlimited) takes the draws whose prize is gone',
    ),
});

export const LotteryStatusChange = z.strictObject({ status: LotteryStatus });

/** A prize as residents see it: its odds (the law asks for them) and whether any is left. */
export const PublicPrize = z.object({
  id: Id,
  position: z.number().int(),
  kind: PrizeKind,
  title: z.string(),
  points: z.number().int().nullable(),
  weightBp: z.number().int(),
  probability: z.string().describe('the odds as a percentage, e.g. "12.50%"'),
  left: z.number().int().nullable().describe('how many are left; null: unlimited'),
});

export const Prize = PublicPrize.extend({
  couponTemplateId: Id.nullable(),
  stock: z.number().int().nullable(),
  drawn: z.number().int(),
});

export const LotteryResults = z.object({
  draws: z.number().int(),
  entrants: z.number().int().describe('residents who drew'),
  newResidents: z.number().int().describe('entrants who signed up after the lottery started'),
  pointsSpent: z.number().int(),
  pointsGiven: z.number().int(),
  couponsIssued: z.number().int(),
  couponsUsed: z.number().int(),
  orders: z.number().int().describe('orders that used a coupon the lottery gave'),
  costFen: Fen.describe("the discounts of those coupons on orders (the ledger's marketing cost, returned ones left out)"),
  ordersFen: Fen.describe('what those orders were paid, after their discounts and less their refunds'),
});

export const Lottery = z.object({
  id: Id,
  name: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  pointsPerDraw: z.number().int(),
  signInDraws: z.number().int(),
  dailyLimit: z.number().int().nullable(),
  status: LotteryStatus,
  oddsVersion: z.number().int(),
  prizes: z.array(Prize),
  createdAt: Timestamp,
});

export const LotteryWithResults = Lottery.extend({ results: LotteryResults });
export const Lotteries = z.object({ items: z.array(LotteryWithResults) });

/** A running lottery as a resident sees it. */
export const ShopLottery = z.object({
  id: Id,
  name: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  pointsPerDraw: z.number().int(),
  signInDraws: z.number().int(),
  dailyLimit: z.number().int().nullable(),
  prizes: z.array(PublicPrize),
  freeDrawsLeft: z.number().int().describe('free draws earned by sign-in and not used yet'),
  drawsToday: z.number().int(),
  pointsBalance: z.number().int().nullable().describe('my points when a draw costs points'),
});
export const ShopLotteries = z.object({ items: z.array(ShopLottery) });

export const DrawRequest = z.strictObject({
  leaderId: Id.optional().describe('the leader whose share link brought the resident (attribution)'),
});

export const Draw = z.object({
  id: Id,
  lotteryId: Id,
  prize: z.object({ id: Id, position: z.number().int(), kind: PrizeKind, title: z.string() }),
  fellBack: z.boolean().describe('the odds picked a prize that was gone: the none prize was given'),
  paidWith: z.enum(['points', 'free_draw', 'free']),
  pointsSpent: z.number().int(),
  pointsGiven: z.number().int(),
  couponId: Id.nullable(),
  randomValue: z.number().int().describe('the 32-bit CSPRNG value the prize was picked by'),
  oddsVersion: z.number().int(),
  at: Timestamp,
});

export const DrawsQuery = PageQuery;
export const Draws = pageOf(Draw);

export const AdminDraw = Draw.extend({ residentId: Id, sharedByLeaderId: Id.nullable() });
export const AdminDraws = pageOf(AdminDraw);

export const DrawAudit = z.object({
  drawId: Id,
  randomValue: z.number().int(),
  slot: z.number().int().describe('floor(randomValue × 10000 / 2^32): where the value falls in the odds table'),
  recomputedPrizeId: Id,
  recordedPrizeId: Id.describe('the prize the odds picked, as recorded'),
  givenPrizeId: Id,
  consistent: z.boolean().describe('the odds table and the value pick the recorded prize, and what was given follows the fallback rule'),
});

/** A leader's running lotteries to share, with what their links brought. */
export const LeaderLottery = z.object({
  id: Id,
  name: z.string(),
  endsAt: Timestamp,
  sharePath: z.string(),
  draws: z.number().int().describe('draws made through my links'),
  residents: z.number().int(),
});
export const LeaderLotteries = z.object({ items: z.array(LeaderLottery) });
