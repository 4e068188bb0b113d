import type { helpSell } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { HelpSellProposalsTable } from '../../platform/db/schema.help-sell.ts';
import { platformBp } from '../campaign/index.ts';
import { describeSkus, supplierNames } from '../catalog/index.ts';
import { leadersByIds } from '../leader/index.ts';

type Row = Selectable<HelpSellProposalsTable>;

/** Proposals as their proposer and staff see them: the proposer's name, the lines with their SKU's title, the agreed split. */
export async function toProposals(db: Executor, operatorId: string, rows: readonly Row[]): Promise<helpSell.HelpSellProposal[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('help_sell_proposal_lines')
    .selectAll()
    .where(
      'proposal_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('proposal_id')
    .orderBy('position')
    .execute();
  const ofKind = (kind: 'leader' | 'supplier') => rows.filter((r) => r.proposer_kind === kind).map((r) => r.proposer_id);
  const [leaders, suppliers, skus] = await Promise.all([
    leadersByIds(db, operatorId, ofKind('leader')),
    supplierNames(db, operatorId, ofKind('supplier')),
    describeSkus(
      db,
      operatorId,
      lines.map((l) => l.sku_id),
    ),
  ]);
  const name = (r: Row) =>
    (r.proposer_kind === 'leader' ? leaders.get(r.proposer_id)?.name : suppliers.get(r.proposer_id)) ?? r.proposer_id;
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    proposer: { kind: r.proposer_kind, id: r.proposer_id, name: name(r) },
    title: r.title,
    note: r.note,
    opensAt: r.opens_at.toISOString(),
    cutoffAt: r.cutoff_at.toISOString(),
    pickupDate: r.pickup_date,
    lines: lines
      .filter((l) => l.proposal_id === r.id)
      .map((l) => {
        const sku = skus.get(l.sku_id);
        return {
          skuId: l.sku_id,
          title: sku ? `${sku.productName} ${sku.spec}` : l.sku_id,
          groupPriceFen: l.group_price_fen,
          stockTotal: l.stock_total,
          perResidentLimit: l.per_resident_limit,
        };
      }),
    sellerBp: r.seller_bp,
    publisherBp: r.publisher_bp,
    agreed:
      r.agreed_seller_bp === null || r.agreed_publisher_bp === null
        ? null
        : {
            sellerBp: r.agreed_seller_bp,
            publisherBp: r.agreed_publisher_bp,
            platformBp: platformBp({ sellerBp: r.agreed_seller_bp, publisherBp: r.agreed_publisher_bp }),
          },
    reason: r.reason,
    campaignId: r.campaign_id,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}
