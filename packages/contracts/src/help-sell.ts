import { z } from 'zod';
import { CampaignLineInput } from './admin.ts';
import { DateOnly, Fen, Id, PageQuery, pageOf, Timestamp } from './common.ts';
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

/**
 * 帮卖 proposals: a leader or a supplier proposes a help-sell campaign (a supplier only with its
 * own SKUs), staff approve it (the campaign is created with the proposer as its publisher) or
 * reject it with a reason; the proposer may withdraw it while it waits.
 */
export const ProposalStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);

const Bp = (what: string) =>
  z.number().int().describe(`${what} in basis points (1000 = 10 %); below 0, or the two above 10000, is HELP_SELL_SPLIT_INVALID`);

export const CreateHelpSellProposal = z.strictObject({
  title: z.string().trim().min(1).max(100),
  note: z.string().max(4000).default('').describe("what the campaign offers; it becomes the campaign's description"),
  opensAt: Timestamp,
  cutoffAt: Timestamp.describe('after opensAt and still ahead'),
  pickupDate: DateOnly.describe("on or after the cutoff's date"),
  lines: z
    .array(CampaignLineInput)
    .min(1)
    .max(50)
    .describe("existing SKUs of the operator on sale (a supplier's own), each once, with the group price and limits"),
  sellerBp: Bp("the reselling leader's share"),
  publisherBp: Bp("the publisher's (the proposer's) share"),
});
export type CreateHelpSellProposal = z.input<typeof CreateHelpSellProposal>;

export const ApproveHelpSellProposal = z.strictObject({
  sellerBp: Bp('the agreed seller share; the proposed one when absent').optional(),
  publisherBp: Bp('the agreed publisher share; the proposed one when absent').optional(),
  publish: z
    .boolean()
    .default(false)
    .describe('publish the campaign at once (scheduled, or open when its opening time has come); a draft when false'),
});
export type ApproveHelpSellProposal = z.input<typeof ApproveHelpSellProposal>;

export const RejectHelpSellProposal = z.strictObject({ reason: z.string().trim().min(1).max(500).describe('told to the proposer') });
export type RejectHelpSellProposal = z.input<typeof RejectHelpSellProposal>;

export const ProposalLine = z.object({
  skuId: Id,
  title: z.string().describe('product name and spec'),
  groupPriceFen: Fen,
  stockTotal: z.number().int().nullable(),
  perResidentLimit: z.number().int().nullable(),
});

export const HelpSellProposal = z.object({
  id: Id,
  status: ProposalStatus,
  proposer: z.object({ kind: PublisherKind, id: Id, name: z.string() }),
  title: z.string(),
  note: z.string(),
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  lines: z.array(ProposalLine),
  sellerBp: z.number().int().describe('proposed'),
  publisherBp: z.number().int().describe('proposed'),
  agreed: z
    .object({ sellerBp: z.number().int(), publisherBp: z.number().int(), platformBp: z.number().int() })
    .nullable()
    .describe('the split staff approved (null until approved)'),
  reason: z.string().nullable().describe("staff's reason for a rejection"),
  campaignId: Id.nullable().describe('the campaign it became, once approved'),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type HelpSellProposal = z.infer<typeof HelpSellProposal>;
export const MyHelpSellProposals = z.object({ proposals: z.array(HelpSellProposal) });
export const HelpSellProposalPage = pageOf(HelpSellProposal);
export const ProposalListQuery = PageQuery.extend({ status: ProposalStatus.optional() });

export const ProposableSku = z.object({ skuId: Id, productName: z.string(), spec: z.string(), unit: z.string(), listPriceFen: Fen });
export const ProposableSkus = z.object({ skus: z.array(ProposableSku).describe('SKUs on sale I may propose (a supplier: its own)') });
