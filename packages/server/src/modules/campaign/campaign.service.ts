import type { admin } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { newId } from '../../platform/ids.ts';
import { campaignIssues, refuse } from './campaign.checks.ts';
import { announceCutoffMove, rescheduleAfterEdit } from './campaign.lifecycle.ts';
import {
  type CampaignFilter,
  listCampaignRows,
  loadStored,
  lockCampaign,
  readCampaign,
  writeLeaders,
  writeLines,
} from './campaign.repository.ts';
import { type CampaignDraft, type CampaignPatch, type Issue, editCutoffIssues, editIssues, publishIssues } from './campaign.rules.ts';

function toDraft(input: admin.CreateCampaign): CampaignDraft {
  return {
    title: input.title,
    description: input.description ?? '',
    opensAt: new Date(input.opensAt),
    cutoffAt: new Date(input.cutoffAt),
    pickupDate: input.pickupDate,
    minTotalQuantity: input.minTotalQuantity ?? 0,
    leaderScope: input.leaderScope ?? 'all',
    lines: input.lines,
  };
}

function toPatch(input: admin.UpdateCampaign): CampaignPatch {
  const { opensAt, cutoffAt, ...rest } = input;
  return {
    ...rest,
    ...(opensAt !== undefined ? { opensAt: new Date(opensAt) } : {}),
    ...(cutoffAt !== undefined ? { cutoffAt: new Date(cutoffAt) } : {}),
  };
}

/**
 * What a campaign about to be created breaks (`createCampaign` refuses it so): its own rules, its
 * SKUs the operator's and on sale, its leaders the operator's; with `now`, also a cutoff already
 * past (publishing would refuse it). For a module that takes a campaign's terms before staff
 * create it (help-sell proposals), so both are held to the same rules.
 */
export async function newCampaignIssues(db: Executor, operatorId: string, input: admin.CreateCampaign, now?: Date): Promise<Issue[]> {
  const draft = toDraft(input);
  const issues = await campaignIssues(db, operatorId, draft);
  if (now) issues.push(...publishIssues(draft.cutoffAt, now));
  return issues;
}

/**
 * Creates a campaign as a draft; nothing is sold until it is published. Given a transaction as
 * `ctx.db`, it writes in it (the caller commits the campaign with its own writes).
 */
export async function createCampaign(ctx: AppContext, operatorId: string, input: admin.CreateCampaign): Promise<admin.Campaign> {
  const draft = toDraft(input);
  const id = newId('cmp');
  await inTransaction(ctx.db, async (trx) => {
    const issues = await campaignIssues(trx, operatorId, draft);
    if (issues.length > 0) refuse('VALIDATION_FAILED', 'the campaign breaks its rules', issues);
    const now = ctx.clock.now();
    await trx
      .insertInto('campaigns')
      .values({
        id,
        operator_id: operatorId,
        title: draft.title,
        description: draft.description,
        status: 'draft',
        opens_at: draft.opensAt,
        cutoff_at: draft.cutoffAt,
        pickup_date: draft.pickupDate,
        leader_scope: draft.leaderScope === 'all' ? 'all' : 'list',
        min_total_quantity: draft.minTotalQuantity,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeLines(trx, operatorId, id, draft.lines);
    await writeLeaders(trx, operatorId, id, draft.leaderScope);
  });
  return readCampaign(ctx.db, operatorId, id);
}

/**
 * Edits a campaign as far as its state allows (see `editIssues`): a draft or scheduled campaign
 * entirely (lines are replaced), an open one only in ways no resident who ordered can lose by.
 * A moved opening or cutoff moves its jobs; an open campaign's cutoff may move earlier too, to
 * any time still ahead, and residents with unpaid orders are told. Refused edits change nothing
 * (INVALID_STATE; a cutoff already past is VALIDATION_FAILED).
 */
export async function updateCampaign(
  ctx: AppContext,
  operatorId: string,
  id: string,
  input: admin.UpdateCampaign,
): Promise<admin.Campaign> {
  const patch = toPatch(input);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockCampaign(trx, operatorId, id);
    const now = ctx.clock.now();
    const stored = await loadStored(trx, row);
    const locked = editIssues(stored, patch);
    if (locked.length > 0) refuse('INVALID_STATE', `this ${row.status} campaign cannot change so`, locked);
    const { status: _, ...current } = stored;
    const next: CampaignDraft = { ...current, ...patch };
    const issues = await campaignIssues(trx, operatorId, next, row.status !== 'open');
    issues.push(...editCutoffIssues(stored, patch, now));
    if (issues.length > 0) refuse('VALIDATION_FAILED', 'the campaign breaks its rules', issues);
    await trx
      .updateTable('campaigns')
      .set({
        title: next.title,
        description: next.description,
        opens_at: next.opensAt,
        cutoff_at: next.cutoffAt,
        pickup_date: next.pickupDate,
        min_total_quantity: next.minTotalQuantity,
        leader_scope: next.leaderScope === 'all' ? 'all' : 'list',
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (patch.lines) await writeLines(trx, operatorId, id, patch.lines);
    if (patch.leaderScope) await writeLeaders(trx, operatorId, id, patch.leaderScope);
    await rescheduleAfterEdit(trx, ctx.clock, row, next);
    await announceCutoffMove(trx, ctx.clock, row, next);
  });
  // A cutoff brought forward tells unpaid residents now, not at the next poll.
  ctx.events.kick();
  return readCampaign(ctx.db, operatorId, id);
}

/** One campaign of the operator with its lines, or NOT_FOUND. */
export async function getCampaign(db: Executor, operatorId: string, id: string): Promise<admin.Campaign> {
  return readCampaign(db, operatorId, id);
}

/** The operator's campaigns, filtered by status and pickup date, latest pickup date first. */
export async function listCampaigns(db: Executor, operatorId: string, filter: CampaignFilter) {
  return listCampaignRows(db, operatorId, filter);
}
