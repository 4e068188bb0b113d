import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { CampaignStatus } from '../../platform/db/schema.ts';

/**
 * What checkout reads of campaigns: a line's terms and its campaign's window and leaders (and, for
 * a help-sell campaign, who may sell it) before an order is written, and its stock when a
 * reservation failed.
 */

/** A campaign line with what an order checks against it: price, limit, selling window, who sells it. */
export interface OrderableCampaignLine {
  id: string;
  campaignId: string;
  skuId: string;
  groupPriceFen: number;
  perResidentLimit: number | null;
  campaignStatus: CampaignStatus;
  opensAt: Date;
  cutoffAt: Date;
  pickupDate: string;
  leaderScope: 'all' | 'list';
  /** The leaders it is sold through when `leaderScope` is 'list'. */
  leaders: string[];
  /**
   * For a help-sell campaign, the leaders at whose points it may be ordered: its publishing leader
   * and the leaders who opted in to resell it; null for an ordinary campaign.
   */
  helpSellers: string[] | null;
}

/** The operator's campaign lines among `lineIds` with their campaign's terms, in one statement (unknown ids are left out). */
export async function orderableLines(db: Executor, operatorId: string, lineIds: readonly string[]): Promise<OrderableCampaignLine[]> {
  if (lineIds.length === 0) return [];
  const rows = await sql<OrderableCampaignLine>`
    select cl.id, cl.campaign_id as "campaignId", cl.sku_id as "skuId", cl.group_price_fen as "groupPriceFen",
           cl.per_resident_limit as "perResidentLimit", c.status as "campaignStatus", c.opens_at as "opensAt",
           c.cutoff_at as "cutoffAt", c.pickup_date as "pickupDate", c.leader_scope as "leaderScope",
           coalesce((select array_agg(cld.leader_id) from campaign_leaders cld where cld.campaign_id = c.id), '{}') as leaders,
           case when h.campaign_id is null then null
                else array(select r.leader_id from campaign_resellers r where r.campaign_id = c.id
                           union all select h.publisher_id where h.publisher_kind = 'leader') end as "helpSellers"
    from campaign_lines cl
    join campaigns c on c.id = cl.campaign_id
    left join campaign_help_sell h on h.campaign_id = c.id
    where cl.id = any(${lineIds}::text[]) and cl.operator_id = ${operatorId}
  `.execute(db);
  return rows.rows;
}

/** A line's stock and its campaign's state now, to say why a reservation failed; undefined for an unknown line. */
export async function lineStockAndState(
  db: Executor,
  lineId: string,
): Promise<
  { campaignId: string; campaignStatus: CampaignStatus; cutoffAt: Date; stockTotal: number | null; reserved: number } | undefined
> {
  return db
    .selectFrom('campaign_lines as cl')
    .innerJoin('campaigns as c', 'c.id', 'cl.campaign_id')
    .select(['c.id as campaignId', 'c.status as campaignStatus', 'c.cutoff_at as cutoffAt', 'cl.stock_total as stockTotal', 'cl.reserved'])
    .where('cl.id', '=', lineId)
    .executeTakeFirst();
}

/** The state and cutoff of the operator's campaigns among `campaignIds`, by id: whether a paid order may still be cancelled. */
export async function campaignWindows(
  db: Executor,
  operatorId: string,
  campaignIds: Iterable<string>,
): Promise<Map<string, { status: CampaignStatus; cutoffAt: Date }>> {
  const wanted = [...new Set(campaignIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaigns')
    .select(['id', 'status', 'cutoff_at as cutoffAt'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map(({ id, ...window }) => [id, window]));
}
