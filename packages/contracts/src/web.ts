import { z } from 'zod';
import { DateOnly, Fen, Id, ImageUrl, PageQuery, Timestamp, pageOf } from './common.ts';
import { Order } from './shop.ts';

/** What the web app needs to know before anyone logs in. */
export const PublicConfig = z.object({
  operator: z.string().nullable().describe("the operator's slug the web app logs in to; null when the installation has several"),
  mapTileUrl: z.string().nullable().describe('a map tile URL template ({z}/{x}/{y}); null: maps draw on a plain canvas'),
  devSms: z.boolean().describe('the dev SMS provider: login codes come back in the answer instead of by SMS'),
  wechatLogin: z.boolean().describe("WeChat login (网页授权) is configured: inside WeChat's browser the web app logs in with WeChat"),
});
export type PublicConfig = z.infer<typeof PublicConfig>;

export const Upload = z.object({
  id: Id,
  url: z.string().describe('/api/v1/uploads/<id>: usable wherever an image URL is accepted'),
});
export type Upload = z.infer<typeof Upload>;

export const DateQuery = z.strictObject({
  date: DateOnly.optional().describe("a business day; today in the operator's time zone when absent"),
});

export const LeaderSummary = z.object({
  date: DateOnly,
  orders: z.number().int().describe('orders paid that day at my pickup points'),
  gmvFen: Fen.describe('their total, net of their refunds so far'),
  members: z.number().int().describe('residents who paid an order that day'),
  commissionAccruedFen: Fen.describe('my commission on them, net of what their refunds clawed back so far (the ledger’s commission lines)'),
  commissionAvailableFen: Fen.describe('withdrawable now; may be negative after a claw-back'),
  commissionHeldFen: Fen.describe('held until pickup and the after-sales window'),
  commissionWithdrawingFen: Fen.describe('asked for, awaiting payout'),
  withdrawal: z
    .object({
      minFen: Fen.describe('the smallest amount one may ask for'),
      feeBp: z.number().int().describe('the fee in basis points of the amount, rounded down to a fen'),
      dailyLimitFen: Fen.describe('at most this much asked for in one business day (rejected and failed ones not counted)'),
      withdrawnTodayFen: Fen.describe('asked for so far today (now, whatever the date asked), counted against the daily limit'),
    })
    .describe("the operator's withdrawal policy for me, as a withdrawal request is checked"),
});
export type LeaderSummary = z.infer<typeof LeaderSummary>;

export const LeaderCampaignLine = z.object({
  id: Id,
  skuId: Id,
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  images: z.array(ImageUrl),
  groupPriceFen: Fen,
  listPriceFen: Fen,
  stockLeft: z.number().int().nullable().describe('null for unlimited presale'),
  soldQuantity: z.number().int().describe('sold at my pickup points, net of refunds'),
});

export const LeaderCampaign = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  status: z.enum(['open', 'closed']).describe('closed: its cutoff was today'),
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  orders: z.number().int().describe('paid orders at my pickup points'),
  soldQuantity: z.number().int(),
  salesFen: Fen.describe('net of refunds'),
  lines: z.array(LeaderCampaignLine),
});
export type LeaderCampaign = z.infer<typeof LeaderCampaign>;
export const LeaderCampaignList = z.object({ items: z.array(LeaderCampaign) });

export const LeaderMemberQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe('part of the name, or the last digits of the phone (up to 4: the digits shown); longer numbers match nothing'),
});

export const LeaderMember = z.object({
  residentId: Id,
  name: z.string(),
  phone: z.string().describe('masked: 138****1234'),
  orders: z.number().int().describe('paid orders at my pickup points'),
  lastOrderAt: Timestamp,
  totalSpentFen: Fen.describe('net of refunds'),
  ordersLast30Days: z.number().int(),
});
export type LeaderMember = z.infer<typeof LeaderMember>;
export const LeaderMemberPage = pageOf(LeaderMember);

export const LeaderOrder = Order.extend({
  residentName: z.string(),
  residentPhone: z.string().describe('masked: 138****1234'),
});
export type LeaderOrder = z.infer<typeof LeaderOrder>;
export const LeaderOrderPage = pageOf(LeaderOrder);

export const ClosingCampaign = z.object({ id: Id, title: z.string(), cutoffAt: Timestamp, orders: z.number().int() });
export const FailedCampaign = z.object({
  id: Id,
  title: z.string(),
  orderedQuantity: z.number().int(),
  minTotalQuantity: z.number().int(),
});

export const AdminDashboard = z.object({
  date: DateOnly,
  orders: z.number().int().describe('orders paid that day'),
  gmvFen: Fen,
  refundsFen: Fen.describe('refunds paid out that day'),
  averageOrderFen: Fen,
  activeResidents: z.number().int().describe('residents who paid an order that day'),
  campaignsOpen: z.number().int().describe('open now'),
  closingSoon: z.array(ClosingCampaign).describe('open campaigns whose cutoff is within the next 3 hours'),
  failedCampaigns: z.array(FailedCampaign).describe('campaigns that failed that day, below their minimum quantity'),
  failedJobs: z.number().int().describe('background jobs that gave up after their retries'),
  stuckEvents: z.number().int().describe('business events not delivered: failed at least once, or waiting over 5 minutes'),
  stranded: z
    .array(z.object({ deliveryDate: DateOnly, points: z.number().int(), orders: z.number().int() }))
    .describe(
      'paid orders on or past their pickup date at points no route of that date serves, without a decision (today and the 30 days before)',
    ),
  hourly: z.array(z.object({ hour: z.number().int(), orders: z.number().int(), gmvFen: Fen })).describe('24 points, local hours'),
});
export type AdminDashboard = z.infer<typeof AdminDashboard>;
