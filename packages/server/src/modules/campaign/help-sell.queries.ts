import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { CampaignStatus } from '../../platform/db/schema.ts';
import type { HelpSellPublisherKind } from '../../platform/db/schema.help-sell.ts';

/** A help-sell campaign's publisher, split and resellers. */
export interface HelpSellTerms {
  campaignId: string;
  publisherKind: HelpSellPublisherKind;
  publisherId: string;
  sellerBp: number;
  publisherBp: number;
  /** The leaders who opted in to resell it. */
  resellers: string[];
}

/** The columns of HelpSellTerms, read from `campaign_help_sell as h`. */
const TERMS = [
  'h.campaign_id as campaignId',
  'h.publisher_kind as publisherKind',
  'h.publisher_id as publisherId',
  'h.seller_bp as sellerBp',
  'h.publisher_bp as publisherBp',
  sql<
    string[]
  >`coalesce((select array_agg(r.leader_id order by r.leader_id) from campaign_resellers r where r.campaign_id = h.campaign_id), '{}')`.as(
    'resellers',
  ),
] as const;

/** The help-sell terms of the operator's campaigns among `campaignIds` (an ordinary campaign is left out). */
export async function helpSellTerms(db: Executor, operatorId: string, campaignIds: readonly string[]): Promise<Map<string, HelpSellTerms>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaign_help_sell as h')
    .select([...TERMS])
    .where('h.operator_id', '=', operatorId)
    .where('h.campaign_id', 'in', [...new Set(campaignIds)])
    .execute();
  return new Map(rows.map((r) => [r.campaignId, r]));
}

/** A help-sell campaign as the 帮卖 lists show it. */
export interface HelpSellCampaign extends HelpSellTerms {
  title: string;
  status: CampaignStatus;
  opensAt: Date;
  cutoffAt: Date;
  pickupDate: string;
  leaderScope: 'all' | 'list';
  /** The leaders it is sold through when `leaderScope` is 'list'. */
  leaders: string[];
  lines: Array<{ skuId: string; groupPriceFen: number }>;
}

/**
 * The operator's help-sell campaigns, newest pickup first: those still selling (scheduled, or open
 * before cutoff) with `selling`, else every one; only those a publisher published with `publisher`.
 */
export async function helpSellCampaigns(
  db: Executor,
  operatorId: string,
  filter: { selling?: Date; publisher?: { kind: HelpSellPublisherKind; id: string }; resellerId?: string },
): Promise<HelpSellCampaign[]> {
  let q = db
    .selectFrom('campaign_help_sell as h')
    .innerJoin('campaigns as c', 'c.id', 'h.campaign_id')
    .select([
      ...TERMS,
      sql<
        string[]
      >`coalesce((select array_agg(cl.leader_id order by cl.leader_id) from campaign_leaders cl where cl.campaign_id = c.id), '{}')`.as(
        'leaders',
      ),
      sql<Array<{ skuId: string; groupPriceFen: number }>>`coalesce((
        select json_agg(json_build_object('skuId', l.sku_id, 'groupPriceFen', l.group_price_fen) order by l.sort, l.id)
        from campaign_lines l where l.campaign_id = c.id), '[]')`.as('lines'),
      'c.title',
      'c.status',
      'c.opens_at as opensAt',
      'c.cutoff_at as cutoffAt',
      'c.pickup_date as pickupDate',
      'c.leader_scope as leaderScope',
    ])
    .where('h.operator_id', '=', operatorId);
  const selling = filter.selling;
  if (selling)
    q = q.where((eb) => eb.or([eb('c.status', '=', 'scheduled'), eb.and([eb('c.status', '=', 'open'), eb('c.cutoff_at', '>', selling)])]));
  if (filter.publisher) q = q.where('h.publisher_kind', '=', filter.publisher.kind).where('h.publisher_id', '=', filter.publisher.id);
  if (filter.resellerId) {
    const leaderId = filter.resellerId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('campaign_resellers as r')
          .select('r.leader_id')
          .whereRef('r.campaign_id', '=', 'h.campaign_id')
          .where('r.leader_id', '=', leaderId),
      ),
    );
  }
  return q.orderBy('c.pickup_date', 'desc').orderBy('c.id').limit(200).execute();
}

/**
 * The help-sell terms of the campaign of one campaign line (`publisher_kind`, `publisher_id`,
 * `seller_bp`, `publisher_bp`, `campaign_id`; no row for an ordinary campaign), as a fragment the
 * ledger joins laterally to the order lines it posts (one statement per delivered batch).
 */
export function helpSellTermsOfLine(campaignLineId: Expression<string>): RawBuilder<{
  campaign_id: string;
  publisher_kind: HelpSellPublisherKind;
  publisher_id: string;
  seller_bp: number;
  publisher_bp: number;
}> {
  return sql`
    select h.campaign_id, h.publisher_kind, h.publisher_id, h.seller_bp, h.publisher_bp
    from campaign_lines cl join campaign_help_sell h on h.campaign_id = cl.campaign_id
    where cl.id = ${campaignLineId}`;
}
