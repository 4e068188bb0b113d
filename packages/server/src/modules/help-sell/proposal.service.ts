import type { helpSell } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { HelpSellProposalStatus, HelpSellProposalsTable } from '../../platform/db/schema.help-sell.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import {
  createCampaign,
  newCampaignIssues,
  publishCampaign,
  refuseIssues,
  setHelpSellTerms,
  splitProblem,
  type HelpSellSplit,
} from '../campaign/index.ts';
import { skusOnSale, skuSuppliers } from '../catalog/index.ts';
import type { Principal } from '../identity/index.ts';
import {
  MY_PROPOSALS_SHOWN,
  agreedSplit,
  assertProposalTransition,
  campaignInput,
  decisionNotice,
  foreignSkuIssues,
} from './proposal.rules.ts';
import { toProposals } from './proposal.views.ts';

type Row = Selectable<HelpSellProposalsTable>;
type Proposal = helpSell.HelpSellProposal;
/** A leader or a supplier: who proposes. */
export type Proposer = Principal & { kind: 'leader' | 'supplier' };

function refuseSplit(split: HelpSellSplit): void {
  const problem = splitProblem(split);
  if (problem) throw new AppError('HELP_SELL_SPLIT_INVALID', problem, { sellerBp: split.sellerBp, publisherBp: split.publisherBp });
}

/** The SKUs a proposer may put on a proposal's lines: the operator's on sale, a supplier's own. */
export async function proposableSkus(db: Executor, who: Proposer): Promise<z.output<typeof helpSell.ProposableSkus>> {
  const skus = await skusOnSale(db, who.operatorId, who.kind === 'supplier' ? who.id : undefined);
  return { skus: skus.map(({ supplierId: _, ...s }) => s) };
}

/**
 * A leader or a supplier proposes a help-sell campaign that they would publish. Refused, nothing
 * is written: HELP_SELL_SPLIT_INVALID for a bad split; VALIDATION_FAILED with every broken rule of
 * a campaign (the campaign module's own checks: the window, the pickup date, the lines, SKUs
 * unknown or off sale, a cutoff already past) and, for a supplier, a SKU of another supplier.
 */
export async function propose(ctx: AppContext, who: Proposer, input: z.output<typeof helpSell.CreateHelpSellProposal>): Promise<Proposal> {
  refuseSplit(input);
  const now = ctx.clock.now();
  const issues = await newCampaignIssues(ctx.db, who.operatorId, campaignInput(input), now);
  const skuIds = input.lines.map((l) => l.skuId);
  issues.push(...foreignSkuIssues(who, input.lines, await skuSuppliers(ctx.db, who.operatorId, skuIds)));
  if (issues.length > 0) refuseIssues('VALIDATION_FAILED', 'the proposed campaign breaks its rules', issues);
  const id = newId('hsp');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('help_sell_proposals')
      .values({
        id,
        operator_id: who.operatorId,
        proposer_kind: who.kind,
        proposer_id: who.id,
        title: input.title,
        note: input.note,
        opens_at: new Date(input.opensAt),
        cutoff_at: new Date(input.cutoffAt),
        pickup_date: input.pickupDate,
        seller_bp: input.sellerBp,
        publisher_bp: input.publisherBp,
        status: 'pending',
        agreed_seller_bp: null,
        agreed_publisher_bp: null,
        reason: null,
        campaign_id: null,
        decided_by_id: null,
        decided_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('help_sell_proposal_lines')
      .values(
        input.lines.map((l, position) => ({
          proposal_id: id,
          position,
          sku_id: l.skuId,
          group_price_fen: l.groupPriceFen,
          stock_total: l.stockTotal,
          per_resident_limit: l.perResidentLimit,
        })),
      )
      .execute();
  });
  return one(ctx.db, who.operatorId, id);
}

const proposalsOf = (db: Executor, operatorId: string) => db.selectFrom('help_sell_proposals').where('operator_id', '=', operatorId);

async function one(db: Executor, operatorId: string, id: string): Promise<Proposal> {
  const row = found(await proposalsOf(db, operatorId).selectAll().where('id', '=', id).executeTakeFirst(), 'help-sell proposal');
  return (await toProposals(db, operatorId, [row]))[0] as Proposal;
}

/** A proposer's own proposals, newest first. */
export async function myProposals(db: Executor, who: Proposer): Promise<Proposal[]> {
  const rows = await proposalsOf(db, who.operatorId)
    .selectAll()
    .where('proposer_kind', '=', who.kind)
    .where('proposer_id', '=', who.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MY_PROPOSALS_SHOWN)
    .execute();
  return toProposals(db, who.operatorId, rows);
}

/** The operator's proposals for staff, filtered by status: the oldest first (a queue). */
export async function listProposals(
  db: Executor,
  operatorId: string,
  filter: { page: number; pageSize: number; status?: HelpSellProposalStatus | undefined },
): Promise<Page<Proposal>> {
  let base = proposalsOf(db, operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  const listed = await fetchPage(filter, base.selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc'), base);
  return { ...listed, items: await toProposals(db, operatorId, listed.items) };
}

/** The proposal row, locked: two decisions on it run one after the other, and the second sees the first. */
async function lockProposal(trx: Tx, operatorId: string, id: string): Promise<Row> {
  const row = await trx
    .selectFrom('help_sell_proposals')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return found(row, 'help-sell proposal');
}

/** The proposer withdraws a pending proposal (another's is NOT_FOUND; a decided one INVALID_STATE). */
export async function withdrawProposal(ctx: AppContext, who: Proposer, id: string): Promise<Proposal> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, who.operatorId, id);
    if (row.proposer_kind !== who.kind || row.proposer_id !== who.id) throw new AppError('NOT_FOUND', 'help-sell proposal not found');
    assertProposalTransition(row.status, 'withdrawn');
    const now = ctx.clock.now();
    await trx.updateTable('help_sell_proposals').set({ status: 'withdrawn', updated_at: now }).where('id', '=', id).execute();
  });
  return one(ctx.db, who.operatorId, id);
}

const proposerOf = (row: Row) => ({ recipientKind: row.proposer_kind, recipientId: row.proposer_id });

/**
 * Staff approve a pending proposal, with the split proposed or one they change: in one transaction
 * the campaign is created (the campaign module's own creation, its rules checked again), its
 * help-sell terms recorded with the proposer as publisher, it is published when asked (scheduled,
 * or open when its opening time has come), the proposal names it, and the proposer is told.
 * Refused, nothing changes: HELP_SELL_SPLIT_INVALID, VALIDATION_FAILED (a SKU taken off sale since,
 * a cutoff past), INVALID_STATE for a proposal already decided or withdrawn (the row is locked, so
 * of two approvals at once the second finds it approved).
 */
export async function approveProposal(
  ctx: AppContext,
  staff: Principal,
  id: string,
  input: z.output<typeof helpSell.ApproveHelpSellProposal>,
): Promise<Proposal> {
  const operatorId = staff.operatorId;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, operatorId, id);
    assertProposalTransition(row.status, 'approved');
    const split = agreedSplit({ sellerBp: row.seller_bp, publisherBp: row.publisher_bp }, input);
    refuseSplit(split);
    const now = ctx.clock.now();
    const campaignTerms = campaignInput(await terms(trx, row));
    // the campaign's rules again (a SKU may be off sale since), and time left to sell
    const issues = await newCampaignIssues(trx, operatorId, campaignTerms, now);
    if (issues.length > 0) refuseIssues('VALIDATION_FAILED', 'the proposed campaign breaks its rules', issues);
    const inTx: AppContext = { ...ctx, db: trx };
    const campaign = await createCampaign(inTx, operatorId, campaignTerms);
    await setHelpSellTerms(trx, now, operatorId, campaign.id, { publisherKind: row.proposer_kind, publisherId: row.proposer_id, ...split });
    if (input.publish) await publishCampaign(inTx, operatorId, campaign.id);
    await trx
      .updateTable('help_sell_proposals')
      .set({
        status: 'approved',
        agreed_seller_bp: split.sellerBp,
        agreed_publisher_bp: split.publisherBp,
        campaign_id: campaign.id,
        decided_by_id: staff.id,
        decided_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const notice = decisionNotice({ status: 'approved', title: row.title, split, published: input.publish });
    await notify(trx, now, operatorId, [{ ...proposerOf(row), ...notice }]);
  });
  return one(ctx.db, operatorId, id);
}

/** Staff reject a pending proposal with a reason the proposer is told (INVALID_STATE once decided or withdrawn). */
export async function rejectProposal(ctx: AppContext, staff: Principal, id: string, reason: string): Promise<Proposal> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, staff.operatorId, id);
    assertProposalTransition(row.status, 'rejected');
    const now = ctx.clock.now();
    await trx
      .updateTable('help_sell_proposals')
      .set({ status: 'rejected', reason, decided_by_id: staff.id, decided_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await notify(trx, now, staff.operatorId, [{ ...proposerOf(row), ...decisionNotice({ status: 'rejected', title: row.title, reason }) }]);
  });
  return one(ctx.db, staff.operatorId, id);
}

/** A stored proposal's campaign terms with its lines in order. */
async function terms(db: Executor, row: Row) {
  const lines = await db.selectFrom('help_sell_proposal_lines').selectAll().where('proposal_id', '=', row.id).orderBy('position').execute();
  return {
    title: row.title,
    note: row.note,
    opensAt: row.opens_at.toISOString(),
    cutoffAt: row.cutoff_at.toISOString(),
    pickupDate: row.pickup_date,
    lines: lines.map((l) => ({
      skuId: l.sku_id,
      groupPriceFen: l.group_price_fen,
      stockTotal: l.stock_total,
      perResidentLimit: l.per_resident_limit,
    })),
  };
}
