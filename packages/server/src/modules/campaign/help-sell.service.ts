import type { Executor } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { HelpSellPublisherKind } from '../../platform/db/schema.help-sell.ts';
import { AppError, found } from '../../platform/errors.ts';
import { supplierNames } from '../catalog/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { lockCampaign } from './campaign.repository.ts';
import { resellersChangeable, splitProblem, termsEditable } from './help-sell.rules.ts';
import { type HelpSellTerms, helpSellTerms } from './help-sell.queries.ts';

/** What staff record on a campaign to make it a help-sell campaign. */
export interface HelpSellInput {
  publisherKind: HelpSellPublisherKind;
  publisherId: string;
  sellerBp: number;
  publisherBp: number;
}

/**
 * Records (or changes) a campaign's help-sell publisher and split, while the campaign is a draft
 * or scheduled: HELP_SELL_SPLIT_INVALID for a bad split, NOT_FOUND for a publisher that is not the
 * operator's, INVALID_STATE once the campaign sells. Nothing changes when it is refused. Given a
 * transaction, it writes in it.
 */
export async function setHelpSellTerms(
  db: Executor,
  now: Date,
  operatorId: string,
  campaignId: string,
  input: HelpSellInput,
): Promise<HelpSellTerms> {
  const problem = splitProblem(input);
  if (problem) throw new AppError('HELP_SELL_SPLIT_INVALID', problem, { sellerBp: input.sellerBp, publisherBp: input.publisherBp });
  return inTransaction(db, async (trx) => {
    const campaign = await lockCampaign(trx, operatorId, campaignId);
    if (!termsEditable(campaign.status))
      throw new AppError('INVALID_STATE', `the help-sell terms are agreed before the campaign sells; it is ${campaign.status}`);
    const known =
      input.publisherKind === 'leader'
        ? (await existingLeaderIds(trx, operatorId, [input.publisherId])).has(input.publisherId)
        : (await supplierNames(trx, operatorId, [input.publisherId])).has(input.publisherId);
    if (!known) throw new AppError('NOT_FOUND', `${input.publisherKind} ${input.publisherId} not found`);
    const values = {
      publisher_kind: input.publisherKind,
      publisher_id: input.publisherId,
      seller_bp: input.sellerBp,
      publisher_bp: input.publisherBp,
      updated_at: now,
    };
    await trx
      .insertInto('campaign_help_sell')
      .values({ campaign_id: campaignId, operator_id: operatorId, created_at: now, ...values })
      .onConflict((oc) => oc.column('campaign_id').doUpdateSet(values))
      .execute();
    // A leader who publishes it sells it at their own points: they need not opt in.
    if (input.publisherKind === 'leader')
      await trx.deleteFrom('campaign_resellers').where('campaign_id', '=', campaignId).where('leader_id', '=', input.publisherId).execute();
    return found((await helpSellTerms(trx, operatorId, [campaignId])).get(campaignId), 'help-sell terms');
  });
}

/** Makes a draft or scheduled campaign an ordinary one again (its resellers go with its terms). */
export async function clearHelpSellTerms(db: Executor, operatorId: string, campaignId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const campaign = await lockCampaign(trx, operatorId, campaignId);
    if (!termsEditable(campaign.status))
      throw new AppError('INVALID_STATE', `the help-sell terms are agreed before the campaign sells; it is ${campaign.status}`);
    await trx.deleteFrom('campaign_help_sell').where('campaign_id', '=', campaignId).where('operator_id', '=', operatorId).execute();
  });
}

/**
 * A leader opts in to resell a help-sell campaign to their members (or out again), while it has
 * not reached its cutoff. NOT_FOUND for a campaign that is not help-sell; INVALID_STATE for one
 * that no longer sells or that the leader publishes; CAMPAIGN_NOT_FOR_LEADER when the campaign
 * is sold only through a list of leaders without this one. Opting in twice changes nothing.
 * Orders already placed keep their seller; opting out only stops new orders at the leader's points.
 */
export async function setReselling(
  db: Executor,
  now: Date,
  operatorId: string,
  campaignId: string,
  leaderId: string,
  on: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const campaign = await lockCampaign(trx, operatorId, campaignId);
    const terms = found((await helpSellTerms(trx, operatorId, [campaignId])).get(campaignId), 'help-sell campaign');
    if (!resellersChangeable(campaign.status) || campaign.cutoff_at.getTime() <= now.getTime())
      throw new AppError('INVALID_STATE', `the campaign no longer sells; it is ${campaign.status}`);
    if (!on) {
      await trx.deleteFrom('campaign_resellers').where('campaign_id', '=', campaignId).where('leader_id', '=', leaderId).execute();
      return;
    }
    if (terms.publisherKind === 'leader' && terms.publisherId === leaderId)
      throw new AppError('INVALID_STATE', 'you publish this campaign: it sells at your own points already');
    if (campaign.leader_scope === 'list') {
      const listed = await trx
        .selectFrom('campaign_leaders')
        .select('leader_id')
        .where('campaign_id', '=', campaignId)
        .where('leader_id', '=', leaderId)
        .executeTakeFirst();
      if (!listed) throw new AppError('CAMPAIGN_NOT_FOR_LEADER', 'this campaign is sold only through the leaders it names', { campaignId });
    }
    await trx
      .insertInto('campaign_resellers')
      .values({ campaign_id: campaignId, leader_id: leaderId, operator_id: operatorId, opted_in_at: now })
      .onConflict((oc) => oc.columns(['campaign_id', 'leader_id']).doNothing())
      .execute();
  });
}
