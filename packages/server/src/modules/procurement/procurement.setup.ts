import type { AppContext } from '../../context.ts';
import { campaignsOfOrder } from '../ordering/index.ts';
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
  ctx.events.subscribe('order.paid', async (trx, event) => {
    const { orderId } = event.payload;
    const failed = await trx
      .selectFrom('campaign_cutoffs')
      .select('campaign_id')
      .where('campaign_id', 'in', campaignsOfOrder(trx, orderId))
      .where('outcome', '=', 'failed')
      .execute();
    for (const { campaign_id } of failed) {
      await refundFailedCampaignOrder(ctx, trx, { operatorId: event.operatorId, campaignId: campaign_id }, orderId);
    }
  });
}
