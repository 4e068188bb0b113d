import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { CutoffStage } from '../../platform/db/schema.procurement.ts';
import { emit } from '../../platform/events.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { campaignCutoffTerms } from '../campaign/index.ts';
import { campaignLinesLeftOf, campaignSalesAtCutoff, paidOrdersWithLinesLeft, refundOrderLines } from '../ordering/index.ts';
import { aggregateCampaignDemand } from './demand.repository.ts';
import { scheduleAllocationIfReady } from './allocation.service.ts';
import { procureCampaignDemand } from './purchasing.ts';

/** Job kind: one run does the next step of a campaign's cutoff and schedules the one after. */
export const CUTOFF_JOB = 'procurement.cutoff';
const REFUND_BATCH = 100;

export interface CutoffTarget {
  operatorId: string;
  campaignId: string;
}

/** What a step decided: the stage to record next, and when to run again (`wait`: same stage, later). */
type StepResult = { stage: CutoffStage } | { wait: Date } | { skip: true };
type Step = (ctx: AppContext, trx: Tx, target: CutoffTarget) => Promise<StepResult>;

export const FAILURE_MESSAGE = '团购未成团，已全额退款';

/**
 * The cutoff, step by step. Each step runs in its own job transaction and records the next stage
 * in the same commit, so a crash anywhere repeats at most the step it interrupted, which wrote
 * nothing. Exported as an object so tests can make a step fail.
 */
export const cutoffSteps: Record<'deciding' | 'refunding' | 'aggregating' | 'procuring', Step> = {
  /**
   * Waits until no unpaid order of the campaign can still be paid (they are left to expire: none can
   * be placed after cutoff, so this is at most the payment timeout), then decides: below the
   * minimum the campaign fails.
   */
  async deciding(ctx, trx, { operatorId, campaignId }) {
    const campaign = await campaignCutoffTerms(trx, operatorId, campaignId);
    if (campaign?.status !== 'closed') return { skip: true };
    const now = ctx.clock.now();
    const { netQuantity: ordered, payableUntil } = await campaignSalesAtCutoff(trx, operatorId, campaignId, now);
    if (payableUntil) return { wait: new Date(payableUntil.getTime() + 1000) };
    const failed = ordered < campaign.minTotalQuantity;
    const stage = failed ? 'refunding' : 'aggregating';
    await trx
      .insertInto('campaign_cutoffs')
      .values({
        campaign_id: campaignId,
        operator_id: operatorId,
        pickup_date: campaign.pickupDate,
        outcome: failed ? 'failed' : 'succeeded',
        ordered_quantity: ordered,
        min_total_quantity: campaign.minTotalQuantity,
        stage,
        decided_at: now,
        finished_at: null,
      })
      .execute();
    if (failed) {
      await emit(trx, ctx.clock, {
        type: 'campaign.failed',
        operatorId,
        aggregateId: campaignId,
        payload: { campaignId, pickupDate: campaign.pickupDate, orderedQuantity: ordered, minTotalQuantity: campaign.minTotalQuantity },
      });
    }
    return { stage };
  },

  /** A failed campaign: every order line in it is refunded in full, a batch of orders per run. */
  async refunding(ctx, trx, target) {
    const orderIds = await paidOrdersWithLinesLeft(trx, target.operatorId, target.campaignId, REFUND_BATCH);
    for (const orderId of orderIds) await refundFailedCampaignOrder(ctx, trx, target, orderId);
    return { stage: orderIds.length < REFUND_BATCH ? 'done' : 'refunding' };
  },

  /** The pick lists and per-SKU demand, in set-based SQL. */
  async aggregating(_ctx, trx, { operatorId, campaignId }) {
    await aggregateCampaignDemand(trx, operatorId, campaignId);
    return { stage: 'procuring' };
  },

  /** The demand joins the suppliers' draft purchase orders. */
  async procuring(ctx, trx, { operatorId, campaignId }) {
    await procureCampaignDemand(trx, operatorId, campaignId, ctx.clock.now());
    return { stage: 'done' };
  },
};

/**
 * Refunds what is left of an order's lines in a failed campaign and tells the resident why.
 * Keyed by campaign and order, so it refunds once however often it is called.
 */
export async function refundFailedCampaignOrder(ctx: AppContext, trx: Tx, target: CutoffTarget, orderId: string): Promise<void> {
  const lines = await campaignLinesLeftOf(trx, orderId, target.campaignId);
  if (lines.length === 0) return;
  await refundOrderLines(ctx, trx, {
    operatorId: target.operatorId,
    orderId,
    lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refunded_quantity })),
    kind: 'campaign_failed',
    blame: 'none',
    reason: 'campaign below its minimum quantity at cutoff',
    sourceId: `${target.campaignId}:${orderId}`,
    tell: { title: '团购未成团', body: FAILURE_MESSAGE },
  });
}

/** Runs the campaign's next cutoff step and schedules the one after it. */
export async function runCutoffStep(ctx: AppContext, trx: Tx, target: CutoffTarget): Promise<void> {
  const cutoff = await trx
    .selectFrom('campaign_cutoffs')
    .select(['stage', 'pickup_date'])
    .where('campaign_id', '=', target.campaignId)
    .where('operator_id', '=', target.operatorId)
    .forUpdate()
    .executeTakeFirst();
  const stage = cutoff?.stage ?? 'deciding';
  if (stage === 'done') return;
  const result = await cutoffSteps[stage](ctx, trx, target);
  if ('skip' in result) return;
  const now = ctx.clock.now();
  if ('stage' in result && stage !== 'deciding') {
    await trx
      .updateTable('campaign_cutoffs')
      .set({ stage: result.stage, finished_at: result.stage === 'done' ? now : null })
      .where('campaign_id', '=', target.campaignId)
      .execute();
  }
  if ('stage' in result && result.stage === 'done') {
    if (cutoff) await scheduleAllocationIfReady(ctx, trx, target.operatorId, cutoff.pickup_date);
    return;
  }
  // No dedupe key: this job is scheduled in the same commit as the step it follows.
  await scheduleJob(trx, ctx.clock, {
    kind: CUTOFF_JOB,
    runAt: 'wait' in result ? result.wait : now,
    operatorId: target.operatorId,
    payload: { campaignId: target.campaignId },
  });
}

/** Schedules a closed campaign's cutoff a minute after closing, so orders in flight have committed. */
export async function scheduleCutoff(ctx: AppContext, trx: Tx, target: CutoffTarget, closedAt: Date): Promise<void> {
  await scheduleJob(trx, ctx.clock, {
    kind: CUTOFF_JOB,
    runAt: new Date(closedAt.getTime() + 60_000),
    operatorId: target.operatorId,
    payload: { campaignId: target.campaignId },
    dedupeKey: `${CUTOFF_JOB}:${target.campaignId}`,
  });
}
