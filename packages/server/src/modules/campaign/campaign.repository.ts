import type { admin } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { fetchPage } from '../../platform/db/paging.ts';
import type { CampaignsTable } from '../../platform/db/schema.ts';
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { describeSkus } from '../catalog/index.ts';
import type { LineDraft, StoredCampaign } from './campaign.rules.ts';

export type CampaignRow = Selectable<CampaignsTable>;

/** The campaign row, locked for the rest of the transaction: every change of state goes through here. */
export async function lockCampaign(trx: Tx, operatorId: string, id: string): Promise<CampaignRow> {
  const row = await trx
    .selectFrom('campaigns')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return found(row, 'campaign');
}

async function leaderIdsOf(db: Executor, operatorId: string, campaignIds: readonly string[]): Promise<Map<string, string[]>> {
  const byCampaign = new Map<string, string[]>();
  if (campaignIds.length === 0) return byCampaign;
  const rows = await db
    .selectFrom('campaign_leaders')
    .select(['campaign_id', 'leader_id'])
    .where('operator_id', '=', operatorId)
    .where('campaign_id', 'in', campaignIds)
    .orderBy('leader_id')
    .execute();
  for (const r of rows) byCampaign.set(r.campaign_id, [...(byCampaign.get(r.campaign_id) ?? []), r.leader_id]);
  return byCampaign;
}

async function linesOf(db: Executor, operatorId: string, campaignId: string) {
  return db
    .selectFrom('campaign_lines')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('campaign_id', '=', campaignId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

/** The campaign as the edit rules see it: its fields, lines with reservations, and leaders. */
export async function loadStored(db: Executor, row: CampaignRow): Promise<StoredCampaign> {
  const [lines, leaders] = await Promise.all([linesOf(db, row.operator_id, row.id), leaderIdsOf(db, row.operator_id, [row.id])]);
  return {
    status: row.status,
    title: row.title,
    description: row.description,
    opensAt: row.opens_at,
    cutoffAt: row.cutoff_at,
    pickupDate: row.pickup_date,
    minTotalQuantity: row.min_total_quantity,
    leaderScope: row.leader_scope === 'all' ? 'all' : (leaders.get(row.id) ?? []),
    lines: lines.map((l) => ({
      skuId: l.sku_id,
      groupPriceFen: l.group_price_fen,
      stockTotal: l.stock_total,
      perResidentLimit: l.per_resident_limit,
      reserved: l.reserved,
    })),
  };
}

function toSummary(row: CampaignRow, leaderIds: string[] | undefined): admin.CampaignSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    opensAt: row.opens_at.toISOString(),
    cutoffAt: row.cutoff_at.toISOString(),
    pickupDate: row.pickup_date,
    minTotalQuantity: row.min_total_quantity,
    leaderScope: row.leader_scope === 'all' ? 'all' : (leaderIds ?? []),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
  };
}

/** One campaign with its lines (SKU, product, prices, stock and reservations), or NOT_FOUND. */
export async function readCampaign(db: Executor, operatorId: string, id: string): Promise<admin.Campaign> {
  const row = found(
    await db.selectFrom('campaigns').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'campaign',
  );
  const [lines, leaders] = await Promise.all([linesOf(db, operatorId, id), leaderIdsOf(db, operatorId, [id])]);
  const skus = await describeSkus(
    db,
    operatorId,
    lines.map((l) => l.sku_id),
  );
  return {
    ...toSummary(row, leaders.get(id)),
    lines: lines.map((l) => {
      const sku = skus.get(l.sku_id);
      return {
        id: l.id,
        skuId: l.sku_id,
        productName: sku?.productName ?? '',
        spec: sku?.spec ?? '',
        unit: sku?.unit ?? '',
        groupPriceFen: l.group_price_fen,
        listPriceFen: sku?.listPriceFen ?? l.group_price_fen,
        stockTotal: l.stock_total,
        reserved: l.reserved,
        stockLeft: l.stock_total === null ? null : l.stock_total - l.reserved,
        perResidentLimit: l.per_resident_limit,
      };
    }),
  };
}

export interface CampaignFilter {
  page: number;
  pageSize: number;
  status?: CampaignRow['status'] | undefined;
  pickupDate?: string | undefined;
}

/** The operator's campaigns, latest pickup date first. */
export async function listCampaignRows(db: Executor, operatorId: string, filter: CampaignFilter) {
  let base = db.selectFrom('campaigns').where('operator_id', '=', operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.pickupDate) base = base.where('pickup_date', '=', filter.pickupDate);
  const listed = await fetchPage(
    filter,
    base.selectAll().orderBy('pickup_date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc'),
    base,
  );
  const leaders = await leaderIdsOf(
    db,
    operatorId,
    listed.items.filter((r) => r.leader_scope === 'list').map((r) => r.id),
  );
  return { ...listed, items: listed.items.map((r) => toSummary(r, leaders.get(r.id))) };
}

/**
 * Makes the campaign's lines equal `lines`: a SKU kept keeps its line id (and reservations),
 * a SKU dropped loses its line, a new SKU gets a line. Lines sort in the order given.
 */
export async function writeLines(trx: Tx, operatorId: string, campaignId: string, lines: readonly LineDraft[]): Promise<void> {
  const existing = await linesOf(trx, operatorId, campaignId);
  const wanted = new Set(lines.map((l) => l.skuId));
  const dropped = existing.filter((l) => !wanted.has(l.sku_id)).map((l) => l.id);
  if (dropped.length > 0) await trx.deleteFrom('campaign_lines').where('operator_id', '=', operatorId).where('id', 'in', dropped).execute();
  for (const [sort, line] of lines.entries()) {
    const values = {
      group_price_fen: line.groupPriceFen,
      stock_total: line.stockTotal,
      per_resident_limit: line.perResidentLimit,
      sort,
    };
    const kept = existing.find((l) => l.sku_id === line.skuId);
    if (kept) await trx.updateTable('campaign_lines').set(values).where('id', '=', kept.id).execute();
    else {
      await trx
        .insertInto('campaign_lines')
        .values({ id: newId('cml'), operator_id: operatorId, campaign_id: campaignId, sku_id: line.skuId, ...values })
        .execute();
    }
  }
}

/** Makes the campaign's leader list equal the scope ('all' keeps no list). */
export async function writeLeaders(trx: Tx, operatorId: string, campaignId: string, scope: 'all' | readonly string[]): Promise<void> {
  await trx.deleteFrom('campaign_leaders').where('operator_id', '=', operatorId).where('campaign_id', '=', campaignId).execute();
  if (scope === 'all') return;
  const ids = [...new Set(scope)];
  await trx
    .insertInto('campaign_leaders')
    .values(ids.map((leaderId) => ({ operator_id: operatorId, campaign_id: campaignId, leader_id: leaderId })))
    .execute();
}
