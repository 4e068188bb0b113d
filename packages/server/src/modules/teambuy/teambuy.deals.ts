import type { teambuy } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { TeamDealStatus } from '../../platform/db/schema.teambuy.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertAllowed } from '../../platform/state-machine.ts';
import { orderableLines } from '../campaign/index.ts';
import { describeSkus } from '../catalog/index.ts';
import type { Principal } from '../identity/index.ts';
import { createPlayPromotion, setPlayPromotionStatus } from '../promotions/index.ts';
import { checkDealTerms, dealTransitions } from './teambuy.rules.ts';

type CreateDeal = z.output<typeof teambuy.CreateTeamDeal>;

/**
 * Sets up a team buy on one of the operator's campaign lines (a campaign not yet past its cutoff)
 * with its own play promotion, which carries the team price to checkout and the cost to the ledger
 * and reports. Returns the deal's id.
 */
export async function createTeamDeal(ctx: AppContext, staff: Principal, input: CreateDeal): Promise<string> {
  const now = ctx.clock.now();
  const [line] = await orderableLines(ctx.db, staff.operatorId, [input.campaignLineId]);
  if (!line) throw new AppError('NOT_FOUND', 'campaign line not found', { field: 'campaignLineId' });
  if (!['scheduled', 'open', 'draft'].includes(line.campaignStatus) || now.getTime() >= line.cutoffAt.getTime()) {
    throw new AppError('CAMPAIGN_CLOSED', 'the campaign has passed its cutoff or is closed', { campaignId: line.campaignId });
  }
  checkDealTerms(input, line);
  const sku = (await describeSkus(ctx.db, staff.operatorId, [line.skuId])).get(line.skuId);
  const title = input.title ?? `${sku?.productName ?? '商品'} ${input.teamSize}人团`;
  const id = newId('tdl');
  await ctx.db.transaction().execute(async (trx) => {
    const promotionId = await createPlayPromotion(trx, now, {
      operatorId: staff.operatorId,
      name: `拼团：${title}`,
      scope: { kind: 'campaign', ids: [line.campaignId] },
      startsAt: now,
      endsAt: line.cutoffAt,
      totalLimit: null,
      budgetFen: null,
      createdBy: staff.id,
    });
    await trx
      .insertInto('team_deals')
      .values({
        id,
        operator_id: staff.operatorId,
        campaign_id: line.campaignId,
        campaign_line_id: line.id,
        title,
        team_size: input.teamSize,
        time_limit_minutes: input.timeLimitMinutes,
        team_price_fen: input.teamPriceFen,
        opener_newcomer_only: input.openerNewcomerOnly,
        operator_may_fill: input.operatorMayFill,
        extra_payer_policy: input.extraPayerPolicy,
        promotion_id: promotionId,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return id;
}

/**
 * Pauses, resumes or ends a deal, and its promotion with it: a paused or ended deal takes no new
 * team orders (its open teams run to their expiry: they form with the payments already made, or
 * fail and are refunded).
 */
export async function setTeamDealStatus(ctx: AppContext, staff: Principal, dealId: string, status: TeamDealStatus): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const deal = await trx
      .selectFrom('team_deals')
      .select(['id', 'status', 'promotion_id'])
      .where('id', '=', dealId)
      .where('operator_id', '=', staff.operatorId)
      .forUpdate()
      .executeTakeFirst();
    if (!deal) throw new AppError('NOT_FOUND', 'team deal not found');
    if (deal.status === status) return;
    assertAllowed(dealTransitions, 'a team deal', deal.status, status);
    await trx.updateTable('team_deals').set({ status, updated_at: now }).where('id', '=', deal.id).execute();
    await setPlayPromotionStatus(trx, now, staff.operatorId, deal.promotion_id, status);
  });
}
