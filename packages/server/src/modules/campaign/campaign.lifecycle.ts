import type { admin } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { CampaignStatus } from '../../platform/db/schema.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { emit } from '../../platform/events.ts';
import { cancelJob, scheduleJob } from '../../platform/jobs.ts';
import { campaignIssues, refuse } from './campaign.checks.ts';
import { type CampaignRow, loadStored, lockCampaign, readCampaign } from './campaign.repository.ts';
import { campaignTransitions, cutoffMove, publishIssues, publishedStatus } from './campaign.rules.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/** Job kinds: a scheduled campaign opens at its opening time, an open one closes at its cutoff. */
export const OPEN_JOB = 'campaign.open';
export const CUTOFF_JOB = 'campaign.cutoff';
const openKey = (id: string) => `${OPEN_JOB}:${id}`;
const cutoffKey = (id: string) => `${CUTOFF_JOB}:${id}`;

function assertTransition(row: CampaignRow, to: CampaignStatus): void {
  assertAllowed(campaignTransitions, 'a campaign', row.status, to);
}

async function scheduleOpening(trx: Tx, clock: Clock, row: { id: string; operator_id: string }, opensAt: Date): Promise<void> {
  const payload = { campaignId: row.id };
  await scheduleJob(trx, clock, { kind: OPEN_JOB, runAt: opensAt, operatorId: row.operator_id, payload, dedupeKey: openKey(row.id) });
}

async function scheduleCutoff(trx: Tx, clock: Clock, row: { id: string; operator_id: string }, cutoffAt: Date): Promise<void> {
  const payload = { campaignId: row.id };
  await scheduleJob(trx, clock, { kind: CUTOFF_JOB, runAt: cutoffAt, operatorId: row.operator_id, payload, dedupeKey: cutoffKey(row.id) });
}

/** Moves a published campaign's jobs after an edit moved its opening or cutoff (a draft has none). */
export async function rescheduleAfterEdit(
  trx: Tx,
  clock: Clock,
  before: CampaignRow,
  after: { opensAt: Date; cutoffAt: Date },
): Promise<void> {
  if (before.status === 'scheduled' && after.opensAt.getTime() !== before.opens_at.getTime())
    await scheduleOpening(trx, clock, before, after.opensAt);
  const published = before.status === 'scheduled' || before.status === 'open';
  if (published && after.cutoffAt.getTime() !== before.cutoff_at.getTime()) await scheduleCutoff(trx, clock, before, after.cutoffAt);
}

/** What every campaign event says of the campaign (campaign.events.ts), and what this one adds. */
function eventPayload<Extra extends object = Record<never, never>>(row: CampaignRow, extra?: Extra) {
  return {
    campaignId: row.id,
    pickupDate: row.pickup_date,
    opensAt: row.opens_at.toISOString(),
    cutoffAt: row.cutoff_at.toISOString(),
    minTotalQuantity: row.min_total_quantity,
    ...(extra as Extra),
  };
}

/**
 * After an edit moved an open campaign's cutoff (its job already moved with it):
 * `campaign.cutoff_moved` says which way it went, in the edit's transaction. Ordering tells the
 * residents who have not paid yet when it was brought forward.
 */
export async function announceCutoffMove(
  trx: Tx,
  clock: Clock,
  before: CampaignRow,
  after: { title: string; cutoffAt: Date },
): Promise<void> {
  const direction = cutoffMove({ cutoffAt: before.cutoff_at }, { cutoffAt: after.cutoffAt });
  if (before.status !== 'open' || direction === 'none') return;
  await emit(trx, clock, {
    type: 'campaign.cutoff_moved',
    operatorId: before.operator_id,
    aggregateId: before.id,
    payload: eventPayload(
      { ...before, cutoff_at: after.cutoffAt },
      { previousCutoffAt: before.cutoff_at.toISOString(), direction, title: after.title },
    ),
  });
}

/**
 * Publishes a draft after checking every rule again (the catalog may have changed since): it opens
 * at once when its opening time has come, else it is scheduled. Its cutoff job is set either way.
 * Given a transaction as `ctx.db`, it writes in it.
 */
export async function publishCampaign(ctx: AppContext, operatorId: string, id: string): Promise<admin.Campaign> {
  await inTransaction(ctx.db, async (trx) => {
    const row = await lockCampaign(trx, operatorId, id);
    const now = ctx.clock.now();
    const to = publishedStatus(now, row.opens_at);
    assertTransition(row, to);
    const { status: _, ...draft } = await loadStored(trx, row);
    const issues = [...(await campaignIssues(trx, operatorId, draft)), ...publishIssues(row.cutoff_at, now)];
    if (issues.length > 0) refuse('VALIDATION_FAILED', 'the campaign cannot be published', issues);
    await trx.updateTable('campaigns').set({ status: to, updated_at: now }).where('id', '=', id).execute();
    if (to === 'scheduled') await scheduleOpening(trx, ctx.clock, row, row.opens_at);
    await scheduleCutoff(trx, ctx.clock, row, row.cutoff_at);
    await emit(trx, ctx.clock, { type: 'campaign.published', operatorId, aggregateId: id, payload: eventPayload(row, { status: to }) });
    if (to === 'open') await emit(trx, ctx.clock, { type: 'campaign.opened', operatorId, aggregateId: id, payload: eventPayload(row) });
  });
  return readCampaign(ctx.db, operatorId, id);
}

/** Takes a scheduled campaign back to draft before it opens; its jobs are cancelled. */
export async function unpublishCampaign(ctx: AppContext, operatorId: string, id: string): Promise<admin.Campaign> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockCampaign(trx, operatorId, id);
    assertTransition(row, 'draft');
    await trx.updateTable('campaigns').set({ status: 'draft', updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    await cancelJob(trx, ctx.clock, openKey(id));
    await cancelJob(trx, ctx.clock, cutoffKey(id));
  });
  return readCampaign(ctx.db, operatorId, id);
}

/**
 * Cancels a draft, scheduled or open campaign and its jobs. `campaign.cancelled` tells ordering
 * to cancel and refund the campaign's orders.
 */
export async function cancelCampaign(ctx: AppContext, operatorId: string, id: string, reason: string): Promise<admin.Campaign> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockCampaign(trx, operatorId, id);
    assertTransition(row, 'cancelled');
    const now = ctx.clock.now();
    await trx
      .updateTable('campaigns')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute();
    await cancelJob(trx, ctx.clock, openKey(id));
    await cancelJob(trx, ctx.clock, cutoffKey(id));
    await emit(trx, ctx.clock, {
      type: 'campaign.cancelled',
      operatorId,
      aggregateId: id,
      payload: eventPayload(row, { reason, previousStatus: row.status }),
    });
  });
  // Ordering refunds the orders when the event is delivered: now, not at the next poll.
  ctx.events.kick();
  return readCampaign(ctx.db, operatorId, id);
}

/** Job `campaign.open`: a scheduled campaign whose opening time has come starts selling. */
async function openCampaign(trx: Tx, clock: Clock, operatorId: string, id: string): Promise<void> {
  const row = await lockCampaign(trx, operatorId, id);
  const now = clock.now();
  // Unpublished or cancelled meanwhile: nothing to do.
  if (row.status !== 'scheduled' || row.opens_at.getTime() > now.getTime()) return;
  await trx.updateTable('campaigns').set({ status: 'open', updated_at: now }).where('id', '=', id).execute();
  await emit(trx, clock, { type: 'campaign.opened', operatorId, aggregateId: id, payload: eventPayload(row) });
}

/** Job `campaign.cutoff`: an open campaign stops taking orders at its cutoff. */
async function closeCampaign(trx: Tx, clock: Clock, operatorId: string, id: string): Promise<void> {
  const row = await lockCampaign(trx, operatorId, id);
  const now = clock.now();
  if (row.status !== 'open' || row.cutoff_at.getTime() > now.getTime()) return;
  await trx.updateTable('campaigns').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', id).execute();
  await emit(trx, clock, {
    type: 'campaign.closed',
    operatorId,
    aggregateId: id,
    payload: eventPayload(row, { closedAt: now.toISOString() }),
  });
}

/** Registers the campaign jobs with the job runner. */
export function setupCampaigns(ctx: AppContext): void {
  const target = (payload: Record<string, unknown>, job: { operatorId: string | null }) => {
    if (typeof payload.campaignId !== 'string' || !job.operatorId) throw new Error('campaign job without campaignId or operator');
    return { operatorId: job.operatorId, id: payload.campaignId };
  };
  ctx.jobs.register(OPEN_JOB, async (trx, payload, job) => {
    const { operatorId, id } = target(payload, job);
    await openCampaign(trx, ctx.clock, operatorId, id);
  });
  ctx.jobs.register(CUTOFF_JOB, async (trx, payload, job) => {
    const { operatorId, id } = target(payload, job);
    await closeCampaign(trx, ctx.clock, operatorId, id);
  });
}
