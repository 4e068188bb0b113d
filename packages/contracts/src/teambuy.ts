import { z } from 'zod';
import { Fen, Id, Timestamp } from './common.ts';
import { Order } from './shop.ts';

/** Team buy (拼团): deals on a campaign line, the teams residents open and join, and their reports. */

export const TeamDealStatus = z.enum(['active', 'paused', 'ended']);
export const TeamState = z.enum(['open', 'formed', 'failed']).describe('open until it forms (size reached) or fails (short at its expiry)');
export const ExtraPayerPolicy = z
  .enum(['new_team', 'refund'])
  .describe('a payer whose team filled up (or expired) before their payment: opens a new team, or is refunded');

export const CreateTeamDeal = z.strictObject({
  campaignLineId: Id,
  title: z.string().trim().min(1).max(60).optional().describe("the deal's name; defaults to the product's"),
  teamSize: z.number().int().min(2).max(50),
  timeLimitMinutes: z
    .number()
    .int()
    .min(5)
    .max(10_080)
    .describe('a team fails when still short this long after opening (or at the cutoff, if earlier)'),
  teamPriceFen: Fen.min(1).max(100_000_000).describe('what each member pays per unit; below the group price'),
  openerNewcomerOnly: z.boolean().default(false).describe('only a resident who has never paid an order may open a team'),
  operatorMayFill: z
    .boolean()
    .default(false)
    .describe('模拟成团: at expiry the operator fills the missing slots of a team with at least one paid member'),
  extraPayerPolicy: ExtraPayerPolicy.default('new_team'),
});

export const SetTeamDealStatus = z.strictObject({ status: TeamDealStatus });

export const TeamCounts = z.object({
  opened: z.number().int(),
  open: z.number().int(),
  formed: z.number().int(),
  failed: z.number().int(),
  filledTeams: z.number().int().describe('teams formed with slots the operator filled (模拟成团)'),
  filledSlots: z.number().int(),
});

/** A deal with its running totals: its P&L as a play. */
export const TeamDeal = z.object({
  id: Id,
  title: z.string(),
  campaignId: Id,
  campaignLineId: Id,
  productName: z.string(),
  groupPriceFen: Fen,
  teamPriceFen: Fen,
  teamSize: z.number().int(),
  timeLimitMinutes: z.number().int(),
  openerNewcomerOnly: z.boolean(),
  operatorMayFill: z.boolean(),
  extraPayerPolicy: ExtraPayerPolicy,
  promotionId: Id,
  status: TeamDealStatus,
  cutoffAt: Timestamp,
  createdAt: Timestamp,
  teams: TeamCounts,
  report: z.object({
    orders: z.number().int().describe('play orders placed (paid or not)'),
    paidMembers: z.number().int().describe('residents who paid and took a slot'),
    refundedOrders: z.number().int().describe('orders given back: failed teams, extra payers'),
    costFen: Fen.describe("the play's promotion cost: the discount of its orders kept (returned discounts are not counted)"),
    newResidents: z.number().int().describe('members whose team order was their first paid order'),
  }),
});
export const TeamDealList = z.object({ items: z.array(TeamDeal) });

export const TeamMember = z.object({
  name: z.string().describe('masked for others: the first character and *'),
  initial: z.string().describe('the avatar letter'),
  isOpener: z.boolean(),
  simulated: z.boolean().describe('a slot the operator filled'),
  joinedAt: Timestamp,
  refunded: z.boolean().describe('refunded later (after-sales, or the team failed)'),
});

export const TeamHistoryEntry = z.object({
  at: Timestamp,
  kind: z.enum(['opened', 'joined', 'formed', 'filled', 'failed', 'member_refunded', 'order_cancelled', 'moved_out', 'refused']),
  amountFen: Fen.nullable(),
  note: z.string().nullable(),
});

export const Team = z.object({
  id: Id,
  dealId: Id,
  state: TeamState,
  size: z.number().int(),
  memberCount: z.number().int(),
  slotsLeft: z.number().int(),
  openedAt: Timestamp,
  expiresAt: Timestamp,
  formedAt: Timestamp.nullable(),
  failedAt: Timestamp.nullable(),
  filledCount: z.number().int(),
  members: z.array(TeamMember),
  sharePath: z.string().describe('the share link: /shop/teams/<id>'),
});

/** The admin's watch of a deal: its teams, newest first, with their history. */
export const AdminTeam = Team.extend({ history: z.array(TeamHistoryEntry) });
export const AdminTeamList = z.object({ items: z.array(AdminTeam) });
export const AdminTeamQuery = z.strictObject({ state: TeamState.optional() });

/** The shop's deal page: the terms, the open teams to join, and the resident's own standing. */
export const ShopTeamDeal = z.object({
  id: Id,
  title: z.string(),
  productName: z.string(),
  groupPriceFen: Fen,
  teamPriceFen: Fen,
  teamSize: z.number().int(),
  timeLimitMinutes: z.number().int(),
  openerNewcomerOnly: z.boolean(),
  status: TeamDealStatus,
  cutoffAt: Timestamp,
  mayOpen: z.boolean().describe('whether I may open a team now'),
  openTeams: z.array(Team),
});

export const ShopTeamDealList = z.object({ items: z.array(ShopTeamDeal) });

export const ShopTeam = Team.extend({
  deal: ShopTeamDeal.omit({ openTeams: true }),
  mine: z.boolean().describe('I am a member'),
  myOrderId: Id.nullable(),
  myOrderState: z.enum(['pending', 'member', 'refunded', 'cancelled']).nullable(),
  history: z.array(TeamHistoryEntry),
});

export const OpenTeam = z.strictObject({
  leaderId: Id.optional().describe('the leader whose share link brought me (attribution)'),
});
export const JoinTeam = OpenTeam;

/** A team order placed: pay it like any order (POST /shop/orders/:id/payments); the slot is taken when it is paid. */
export const TeamOrderPlaced = z.object({
  dealId: Id,
  wantedTeamId: Id.nullable().describe('the team joined; null: a new team opens when this order is paid'),
  order: Order,
});

export const MyTeamOrder = z.object({
  orderId: Id,
  dealId: Id,
  dealTitle: z.string(),
  state: z.enum(['pending', 'member', 'refunded', 'cancelled']).describe('pending: not paid yet; member: in a team'),
  teamId: Id.nullable(),
  team: Team.nullable(),
  note: z.string().nullable(),
  createdAt: Timestamp,
});
export const MyTeamOrders = z.object({ items: z.array(MyTeamOrder) });

/** A deal a leader may share: its link carries the leader, and what it brought them. */
export const LeaderTeamDeal = z.object({
  id: Id,
  title: z.string(),
  productName: z.string(),
  groupPriceFen: Fen,
  teamPriceFen: Fen,
  teamSize: z.number().int(),
  cutoffAt: Timestamp,
  sharePath: z.string().describe('/shop/team-deals/<id>?leader=<my id>'),
  myOrders: z.number().int().describe('team orders placed through my links'),
  myMembers: z.number().int().describe('of them paid and in a team'),
});
export const LeaderTeamDeals = z.object({ items: z.array(LeaderTeamDeal) });

export const TeamIdParams = z.strictObject({ id: Id });
