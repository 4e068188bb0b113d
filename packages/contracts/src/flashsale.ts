import { z } from 'zod';
import { Fen, Id, Timestamp } from './common.ts';
import { Order } from './shop.ts';

/** Flash sales (秒杀): sessions at set times selling a quantity of one campaign line at a price. */

export const SessionState = z.enum(['upcoming', 'on', 'ended']).describe('before its start, selling, or over (ended or cancelled)');

export const CreateFlashSale = z
  .strictObject({
    campaignLineId: Id.describe('the line of an open or scheduled campaign it sells'),
    title: z.string().trim().min(1).max(60),
    priceFen: Fen.min(1).describe('below the line group price'),
    quantity: z.number().int().min(1).max(100_000).describe('units for sale; at most what the line has left'),
    perResidentLimit: z.number().int().min(1).max(100).describe('units each resident may win'),
    startsAt: Timestamp.describe('整点: the minute the crowd waits for'),
    endsAt: Timestamp.describe("by the campaign's cutoff; at most 24 hours after the start"),
  })
  .describe('a flash-sale session');

/** What residents see of a session. */
export const FlashSale = z.object({
  id: Id,
  campaignId: Id,
  campaignLineId: Id,
  title: z.string(),
  priceFen: Fen,
  listPriceFen: Fen.describe('the group price it is sold below'),
  quantity: z.number().int(),
  left: z.number().int().describe('units not taken now (units of unpaid orders come back when their payment window closes)'),
  perResidentLimit: z.number().int(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  state: SessionState,
});

export const FlashSaleList = z.object({
  items: z.array(FlashSale),
  serverTime: Timestamp.describe("the server's clock, for the countdown"),
});

/** What a leader sees of a session to share into the group: the session, and the shop's link to it. */
export const LeaderFlashSale = FlashSale.extend({
  sharePath: z.string().describe("the shop's flash-sale page, to post in the group before the start"),
});

export const LeaderFlashSaleList = z.object({ items: z.array(LeaderFlashSale) });

export const Reconciliation = z.object({
  gate: z.enum(['redis', 'memory', 'database']),
  gateLeft: z.number().int().nullable().describe("the gate's units left; null when it had lost the session"),
  ordersLeft: z.number().int().describe('units left by the orders in PostgreSQL (the record of truth)'),
  residentsDiffering: z.number().int(),
  repaired: z.boolean().describe('the gate was set to what the orders say'),
});

/** What staff see: the session live and what it sold. */
export const AdminFlashSale = FlashSale.extend({
  status: z.enum(['scheduled', 'cancelled']),
  promotionId: Id.describe("the session's promotion: its price as a discount, its cost in the ledger"),
  gate: z.enum(['redis', 'memory', 'database']),
  gateLeft: z.number().int().nullable().describe('what the gate holds now; null before the first attempt'),
  orders: z.number().int().describe('orders holding a unit (paid or waiting for payment)'),
  paidOrders: z.number().int(),
  costFen: Fen.describe('the discounts of those orders: the price below the group price, marketing cost'),
  newResidents: z.number().int().describe('residents whose first order is one of them'),
  reconciledAt: Timestamp.nullable(),
  reconciliation: Reconciliation.nullable(),
});

export const AdminFlashSaleList = z.object({ items: z.array(AdminFlashSale) });

export const Attempt = z.strictObject({
  attemptKey: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .describe('made by the client once per tap; the same key again is answered with the same order'),
});

export const AttemptWon = z.object({
  result: z.literal('won'),
  order: Order.describe('pending payment: pay it within its payment window, or the unit returns to the session'),
});
