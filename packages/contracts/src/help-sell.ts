import { z } from 'zod';
import { DateOnly, Fen, Id, Timestamp } from './common.ts';
import { SupplierScorecard } from './feedback.ts';

/**
 * 帮卖 (help-sell): a campaign published by a leader or a supplier that other leaders may resell
 * to their own members, with the split agreed on it in basis points of what the resident paid for
 * a line: the selling leader's share, the publisher's share, the platform keeps the rest.
 */

export const PublisherKind = z.enum(['leader', 'supplier']);

export const HelpSellTermsInput = z.strictObject({
  publisherKind: PublisherKind,
  publisherId: Id,
  sellerBp: z
    .number()
    .int()
    .describe("the selling leader's share in basis points of what the resident paid (1000 = 10 %); below 0 is HELP_SELL_SPLIT_INVALID"),
  publisherBp: z
    .number()
    .int()
    .describe("the publisher's share in basis points; with sellerBp at most 10000, else HELP_SELL_SPLIT_INVALID"),
});
export type HelpSellTermsInput = z.input<typeof HelpSellTermsInput>;

export const HelpSellTerms = z.object({
  campaignId: Id,
  publisherKind: PublisherKind,
  publisherId: Id,
  publisherName: z.string(),
  sellerBp: z.number().int(),
  publisherBp: z.number().int(),
  platformBp: z.number().int().describe('what the platform keeps: 10000 − seller − publisher'),
  resellers: z.array(z.object({ id: Id, name: z.string() })).describe('the leaders who opted in to resell it'),
});
export const CampaignHelpSell = z.object({ terms: HelpSellTerms.nullable().describe('null: an ordinary campaign') });

const Earnings = z.object({
  lines: z.number().int().describe('paid order lines counted'),
  salesFen: Fen.describe('what residents paid for them, less refunds'),
  asSellerFen: Fen.describe('commission at the seller share, less claw-backs'),
  asPublisherFen: Fen.describe('publisher share, less claw-backs'),
  sellers: z.number().int().describe('leaders who sold it'),
});

const CampaignLine = z.object({
  skuId: Id,
  title: z.string(),
  groupPriceFen: Fen,
  sellerFen: Fen.describe('what the selling leader earns on one unit at the group price (the seller share, rounded down)'),
});

export const LeaderHelpSellCampaign = z.object({
  campaignId: Id,
  title: z.string(),
  status: z.enum(['draft', 'scheduled', 'open', 'closed', 'cancelled']),
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  publisher: z.object({ kind: PublisherKind, id: Id, name: z.string() }),
  scorecard: SupplierScorecard.nullable().describe("the supplier's scorecard over the last 30 days when a supplier publishes it"),
  sellerBp: z.number().int(),
  publisherBp: z.number().int(),
  platformBp: z.number().int(),
  lines: z.array(CampaignLine),
  resellers: z.number().int().describe('leaders who opted in'),
  mine: z.boolean().describe('I publish it: it sells at my own points, and I earn the publisher share on every reseller'),
  optedIn: z.boolean(),
  selling: z.boolean().describe('still takes opt-ins and orders (scheduled, or open before cutoff)'),
  earnings: Earnings,
});
export const LeaderHelpSell = z.object({
  campaigns: z
    .array(LeaderHelpSellCampaign)
    .describe('the help-sell campaigns selling now that I may resell or publish, then those I earned on'),
  asSellerFen: Fen,
  asPublisherFen: Fen,
});

export const SupplierHelpSellCampaign = z.object({
  campaignId: Id,
  title: z.string(),
  status: z.enum(['draft', 'scheduled', 'open', 'closed', 'cancelled']),
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  sellerBp: z.number().int(),
  publisherBp: z.number().int(),
  platformBp: z.number().int(),
  resellers: z.number().int(),
  earnings: Earnings,
});
export const SupplierHelpSell = z.object({ campaigns: z.array(SupplierHelpSellCampaign), asPublisherFen: Fen });

export const CampaignIdParams = z.strictObject({ campaignId: Id });
