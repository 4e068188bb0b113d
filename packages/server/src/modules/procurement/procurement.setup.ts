import type { AppContext } from '../../context.ts';
import { campaignsOfOrders } from '../ordering/index.ts';
import { ALLOCATE_JOB, allocatePickupDate } from './allocation.service.ts';
import { CUTOFF_JOB, refundFailedCampaignOrder, runCutoffStep, scheduleCutoff } from './cutoff.pipeline.ts';

function operatorOf(job: { operatorId: string | null }): string {
  if (!job.operatorId) throw new Error('procurement job without operator');
  return job.operatorId;
}

/**
 * Registers the cutoff and allocation jobs; starts a campaign's cutoff when it closes; and
 * refunds an order paid late (a payment notification that beat the expiry sweep) for a campaign
 * that already failed.
 */
export function setupProcurement(ctx: AppContext): void {
  ctx.jobs.register(CUTOFF_JOB, async (trx, payload, job) => {
    if (typeof payload.campaignId !== 'string') throw new Error('cutoff job without campaignId');
    await runCutoffStep(ctx, trx, { operatorId: operatorOf(job), campaignId: payload.campaignId });
  });
  ctx.jobs.register(ALLOCATE_JOB, async (trx, payload, job) => {
    if (typeof payload.pickupDate !== 'string') throw new Error('allocation job without pickupDate');
    await allocatePickupDate(ctx, trx, operatorOf(job), payload.pickupDate);
  });
  ctx.events.subscribe('campaign.closed', async (trx, event) => {
    const { campaignId, closedAt } = event.payload;
    await scheduleCutoff(ctx, trx, { operatorId: event.operatorId, campaignId }, new Date(closedAt));
  });
  // A batch of paid orders at a time: one query finds those of a failed campaign (almost always none).
  ctx.events.subscribeBatch(['order.paid'], async (trx, events) => {
    const operatorOfOrder = new Map(events.map((e) => [e.payload.orderId, e.operatorId]));
    const failed = await trx
      .selectFrom('campaign_cutoffs as c')
      .innerJoin(campaignsOfOrders(trx, [...operatorOfOrder.keys()]).as('o'), 'o.campaign_id', 'c.campaign_id')
      .select(['o.order_id', 'c.campaign_id'])
      .where('c.outcome', '=', 'failed')
      .orderBy('o.order_id')
      .orderBy('c.campaign_id')
      .execute();
    for (const { order_id, campaign_id } of failed) {
      const operatorId = operatorOfOrder.get(order_id) as string;
      await refundFailedCampaignOrder(ctx, trx, { operatorId, campaignId: campaign_id }, order_id);
    }
  });
}
