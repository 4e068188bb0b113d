import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../identity/index.ts';
import { firstPaidOrders, placePlayOrder } from '../ordering/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { openingRefusal, slotFor } from './teambuy.rules.ts';

/**
 * A resident's team orders: opening a team or joining one places a play order of the deal's line
 * at the team price (checkout's play hook), recorded as a team order. The slot is decided when it
 * is paid (teambuy.membership.ts); here only what may be asked now is checked, before any order
 * exists: the deal is active, the opener may open (newcomers only?), the team is open with a slot
 * left and the resident not in it.
 */

export interface TeamOrderPlaced {
  dealId: string;
  wantedTeamId: string | null;
  order: Awaited<ReturnType<typeof placePlayOrder>>;
}

async function activeDeal(ctx: AppContext, operatorId: string, dealId: string) {
  const deal = await ctx.db
    .selectFrom('team_deals')
    .selectAll()
    .where('id', '=', dealId)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  if (!deal) throw new AppError('NOT_FOUND', 'team deal not found');
  if (deal.status !== 'active') throw new AppError('TEAM_DEAL_CLOSED', 'this team buy is not taking orders', { status: deal.status });
  return deal;
}

async function placeTeamOrder(
  ctx: AppContext,
  resident: Principal,
  deal: { id: string; campaign_line_id: string; promotion_id: string; team_price_fen: number },
  wantedTeamId: string | null,
  leaderId: string | undefined,
  idempotencyKey: string | undefined,
): Promise<TeamOrderPlaced> {
  // The share link's leader, when the operator has one by that id; any other id credits nobody.
  const sharedBy = leaderId && (await existingLeaderIds(ctx.db, resident.operatorId, [leaderId])).has(leaderId) ? leaderId : null;
  // The team order is written in the order's own transaction: a team-priced order never exists
  // without it (it would be paid at the team price and never join a team). A retried submission
  // (same idempotency key) answers with its first order, recorded with it.
  const order = await placePlayOrder(
    ctx,
    resident,
    { campaignLineId: deal.campaign_line_id, quantity: 1, play: { promotionId: deal.promotion_id, unitPriceFen: deal.team_price_fen } },
    idempotencyKey,
    async (trx, placed) => {
      await trx
        .insertInto('team_orders')
        .values({
          order_id: placed.id,
          operator_id: resident.operatorId,
          deal_id: deal.id,
          resident_id: resident.id,
          wanted_team_id: wantedTeamId,
          shared_by_leader_id: sharedBy,
          created_at: ctx.clock.now(),
        })
        .execute();
    },
  );
  return { dealId: deal.id, wantedTeamId, order };
}

/** Opens a team: the order that, once paid, makes the resident its opener. */
export async function openTeam(
  ctx: AppContext,
  resident: Principal,
  dealId: string,
  opts: { leaderId?: string; idempotencyKey?: string } = {},
): Promise<TeamOrderPlaced> {
  const deal = await activeDeal(ctx, resident.operatorId, dealId);
  const paidBefore = (await firstPaidOrders(ctx.db, resident.operatorId, [resident.id])).has(resident.id);
  const refusal = openingRefusal({ status: deal.status, openerNewcomerOnly: deal.opener_newcomer_only }, paidBefore);
  if (refusal === 'newcomers_only')
    throw new AppError('TEAM_NEWCOMERS_ONLY', 'only a resident who has never ordered may open this team buy');
  return placeTeamOrder(ctx, resident, deal, null, opts.leaderId, opts.idempotencyKey);
}

/** Joins a team through its share link: the order that, once paid, takes a slot (or goes as the deal says if none is left). */
export async function joinTeam(
  ctx: AppContext,
  resident: Principal,
  teamId: string,
  opts: { leaderId?: string; idempotencyKey?: string } = {},
): Promise<TeamOrderPlaced> {
  const team = await ctx.db
    .selectFrom('teams')
    .selectAll()
    .where('id', '=', teamId)
    .where('operator_id', '=', resident.operatorId)
    .executeTakeFirst();
  if (!team) throw new AppError('NOT_FOUND', 'team not found');
  const deal = await activeDeal(ctx, resident.operatorId, team.deal_id);
  const member = await ctx.db
    .selectFrom('team_members')
    .select('id')
    .where('team_id', '=', team.id)
    .where('resident_id', '=', resident.id)
    .executeTakeFirst();
  const slot = slotFor(
    { state: team.state, size: team.size, memberCount: team.member_count, expiresAt: new Date(team.expires_at) },
    ctx.clock.now(),
    member !== undefined,
  );
  if (!slot.join) throw new AppError('TEAM_NOT_JOINABLE', `this team cannot be joined (${slot.reason})`, { reason: slot.reason });
  const waiting = await ctx.db
    .selectFrom('team_orders')
    .select('order_id')
    .where('wanted_team_id', '=', team.id)
    .where('resident_id', '=', resident.id)
    // A literal: the partial index team_orders_wanted serves only a plan that knows the state.
    .where('state', '=', sql.lit('pending'))
    .executeTakeFirst();
  if (waiting && !opts.idempotencyKey) {
    throw new AppError('TEAM_NOT_JOINABLE', 'you have an unpaid order for this team: pay it', {
      reason: 'order_pending',
      orderId: waiting.order_id,
    });
  }
  return placeTeamOrder(ctx, resident, deal, team.id, opts.leaderId, opts.idempotencyKey);
}
