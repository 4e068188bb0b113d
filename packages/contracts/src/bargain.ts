import { z } from 'zod';
import { Fen, Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Bargains (砍价): the operator's offers, a resident's bargain, its helpers' cuts, its purchase. */

export const OfferStatus = z.enum(['active', 'paused', 'ended']);
export const BargainState = z.enum(['open', 'bought', 'expired']).describe('open until it is bought or its time is up');

export const CreateBargainOffer = z.strictObject({
  campaignLineId: Id.describe('the campaign line sold; a bargain starts at its group price'),
  title: z.string().trim().min(1).max(60),
  floorFen: Fen.min(0).describe('the price the helpers bring it down to'),
  helpersNeeded: z.number().int().min(1).max(100).describe('the helpers whose cuts together reach the floor exactly'),
  durationMinutes: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60)
    .describe("a bargain's time from its start (never past the campaign's cutoff)"),
  newcomerOnly: z.boolean().describe('only residents who signed up after the bargain started may help'),
  dailyCutLimit: z.number().int().min(1).max(100).describe('cuts one helper, and one device, make a day'),
  totalLimit: z.number().int().min(1).max(1_000_000).nullable().describe('bargains that may be bought at most; null: as stock allows'),
  startsAt: Timestamp,
  endsAt: Timestamp,
});

export const OfferStatusChange = z.strictObject({ status: OfferStatus });

export const OfferResults = z.object({
  bargains: z.number().int().describe('bargains started'),
  reachedFloor: z.number().int(),
  bought: z.number().int(),
  cuts: z.number().int(),
  helpers: z.number().int().describe('residents who helped'),
  newResidents: z.number().int().describe('helpers who signed up after the bargain they helped started'),
  orders: z.number().int().describe('orders at a bargain price (not given back)'),
  costFen: Fen.describe('the discounts of those orders: group price less the bargain price (the marketing cost)'),
});

export const BargainOffer = z.object({
  id: Id,
  campaignLineId: Id,
  title: z.string(),
  priceFen: Fen,
  floorFen: Fen,
  helpersNeeded: z.number().int(),
  durationMinutes: z.number().int(),
  newcomerOnly: z.boolean(),
  dailyCutLimit: z.number().int(),
  promotionId: Id,
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: OfferStatus,
  createdAt: Timestamp,
});
export const BargainOfferWithResults = BargainOffer.extend({ results: OfferResults });
export const BargainOffers = z.object({ items: z.array(BargainOfferWithResults) });

export const Cut = z.object({
  helperName: z.string().describe("the helper's name, or a masked phone"),
  amountFen: Fen,
  priceAfterFen: Fen,
  newcomer: z.boolean(),
  at: Timestamp,
});

export const Bargain = z.object({
  id: Id,
  offerId: Id,
  title: z.string(),
  campaignLineId: Id,
  priceFen: Fen,
  floorFen: Fen,
  currentPriceFen: Fen,
  helpersNeeded: z.number().int(),
  helpers: z.number().int(),
  state: BargainState,
  startedAt: Timestamp,
  expiresAt: Timestamp,
  orderId: Id.nullable(),
  newcomerOnly: z.boolean(),
  mine: z.boolean().describe('I started it'),
  helpedByMe: z.boolean(),
  starterName: z.string(),
  cuts: z.array(Cut).describe('newest first'),
  sharePath: z.string(),
});

export const AdminBargain = Bargain.omit({ mine: true, helpedByMe: true, cuts: true, sharePath: true }).extend({ starterId: Id });
export const AdminBargainsQuery = PageQuery;
export const AdminBargains = pageOf(AdminBargain);

/** An offer as residents see it, with my bargain on it if I started one. */
export const ShopOffer = z.object({
  id: Id,
  title: z.string(),
  campaignLineId: Id,
  priceFen: Fen,
  floorFen: Fen,
  helpersNeeded: z.number().int(),
  durationMinutes: z.number().int(),
  newcomerOnly: z.boolean(),
  endsAt: Timestamp,
  myBargainId: Id.nullable(),
});
export const ShopOffers = z.object({ items: z.array(ShopOffer) });

export const StartBargain = z.strictObject({ leaderId: Id.optional().describe('the leader whose share link brought me (attribution)') });

export const CutResult = z.object({
  amountFen: Fen,
  priceAfterFen: Fen,
  helpersLeft: z.number().int(),
});

export const CutRefusalReason = z.enum([
  'not_open',
  'own_bargain',
  'already_helped',
  'no_cuts_left',
  'newcomers_only',
  'phone_used',
  'device_used',
  'daily_limit',
  'device_daily_limit',
]);

export const LeaderOffer = z.object({
  id: Id,
  title: z.string(),
  floorFen: Fen,
  priceFen: Fen,
  endsAt: Timestamp,
  sharePath: z.string(),
  bargains: z.number().int().describe('bargains started through my links'),
  bought: z.number().int(),
});
export const LeaderOffers = z.object({ items: z.array(LeaderOffer) });
