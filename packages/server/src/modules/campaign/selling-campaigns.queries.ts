import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';

/**
 * Whether campaign `c` is sold through a leader: open to all leaders, or naming this one. A
 * condition for a query over `campaigns as c`, so the shop and the leader app decide it alike.
 */
export function soldThrough(leaderId: string) {
  return (eb: ExpressionBuilder<DB & { c: DB['campaigns'] }, 'c'>) =>
    eb.or([
      eb('c.leader_scope', '=', 'all'),
      eb.exists(
        eb
          .selectFrom('campaign_leaders as cl')
          .select('cl.leader_id')
          .whereRef('cl.campaign_id', '=', 'c.id')
          .where('cl.leader_id', '=', leaderId),
      ),
    ]);
}

/** A campaign a resident may order from now, as the shop lists it. */
export interface SellingCampaign {
  id: string;
  title: string;
  description: string;
  opensAt: Date;
  cutoffAt: Date;
  pickupDate: string;
}

/**
 * The operator's campaigns selling now through a leader (open, between opening and cutoff, for
 * all leaders or listing this one), earliest cutoff first; only `campaignId` when given.
 */
export async function campaignsSellingThrough(
  db: Executor,
  operatorId: string,
  leaderId: string,
  now: Date,
  campaignId?: string,
): Promise<SellingCampaign[]> {
  let q = db
    .selectFrom('campaigns as c')
    .select(['c.id', 'c.title', 'c.description', 'c.opens_at as opensAt', 'c.cutoff_at as cutoffAt', 'c.pickup_date as pickupDate'])
    .where('c.operator_id', '=', operatorId)
    .where('c.status', '=', 'open')
    .where('c.opens_at', '<=', now)
    .where('c.cutoff_at', '>', now)
    .where(soldThrough(leaderId));
  if (campaignId) q = q.where('c.id', '=', campaignId);
  return q.orderBy('c.cutoff_at').orderBy('c.id').execute();
}
