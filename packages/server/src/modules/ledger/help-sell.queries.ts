import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { HelpSellPublisherKind } from '../../platform/db/schema.help-sell.ts';

/** What a help-sell campaign earned a party so far, from the sub-ledgers reconciliation proves equal to the journal. */
export interface HelpSellEarning {
  campaignId: string;
  /** Paid order lines (less refunds) of the campaign counted here. */
  lines: number;
  salesFen: number;
  /** As a reseller: the commission at the seller's share, net of claw-backs. */
  asSellerFen: number;
  /** As the publisher: the publisher's share, net of claw-backs. */
  asPublisherFen: number;
  /** The leaders who sold it (as the publisher: all of them; as a seller: oneself). */
  sellers: number;
}

/**
 * A party's help-sell earnings by campaign: a leader's as a reseller (their commission lines of
 * help-sell lines) and as a publisher (the shares), a supplier's as a publisher. Sales are what the
 * residents paid less what was refunded.
 */
export async function helpSellEarnings(
  db: Executor,
  operatorId: string,
  party: { kind: HelpSellPublisherKind; id: string },
): Promise<Map<string, HelpSellEarning>> {
  const { rows } = await sql<{
    campaign_id: string;
    side: 'seller' | 'publisher';
    lines: number;
    sales: number;
    kept: number;
    sellers: number;
  }>`
    select s.campaign_id, 'seller' as side, count(*)::int as lines, sum(s.base_fen - s.refunded_fen)::bigint as sales,
           sum(cl.accrued_fen - cl.clawed_back_fen)::bigint as kept, 1 as sellers
    from help_sell_shares s join commission_lines cl on cl.order_line_id = s.order_line_id
    where s.operator_id = ${operatorId} and s.seller_leader_id = ${party.id} and ${party.kind} = 'leader'
    group by s.campaign_id
    union all
    select s.campaign_id, 'publisher', count(*)::int, sum(s.base_fen - s.refunded_fen)::bigint,
           sum(s.accrued_fen - s.clawed_back_fen)::bigint, count(distinct s.seller_leader_id)::int
    from help_sell_shares s
    where s.operator_id = ${operatorId} and s.publisher_kind = ${party.kind} and s.publisher_id = ${party.id}
    group by s.campaign_id`.execute(db);
  const out = new Map<string, HelpSellEarning>();
  for (const r of rows) {
    const e = out.get(r.campaign_id) ?? { campaignId: r.campaign_id, lines: 0, salesFen: 0, asSellerFen: 0, asPublisherFen: 0, sellers: 0 };
    if (r.side === 'seller') {
      e.asSellerFen += Number(r.kept);
      // A leader selling their own campaign is counted once, on the publisher's side.
      if (e.lines === 0) {
        e.lines = Number(r.lines);
        e.salesFen = Number(r.sales);
        e.sellers = 1;
      }
    } else {
      e.asPublisherFen += Number(r.kept);
      e.lines = Number(r.lines);
      e.salesFen = Number(r.sales);
      e.sellers = Number(r.sellers);
    }
    out.set(r.campaign_id, e);
  }
  return out;
}

/** Totals of help-sell shares posted, for the demo's report: lines, shares accrued and clawed back, by kind of publisher. */
export async function helpSellTotals(
  db: Executor,
  operatorId: string,
): Promise<{ lines: number; sellers: number; accruedFen: number; clawedBackFen: number }> {
  const row = await db
    .selectFrom('help_sell_shares')
    .select([
      (eb) => eb.fn.countAll<number>().as('lines'),
      sql<number>`count(distinct seller_leader_id)::int`.as('sellers'),
      sql<number>`coalesce(sum(accrued_fen), 0)::bigint`.as('accrued'),
      sql<number>`coalesce(sum(clawed_back_fen), 0)::bigint`.as('clawed'),
    ])
    .where('operator_id', '=', operatorId)
    .executeTakeFirstOrThrow();
  return { lines: Number(row.lines), sellers: Number(row.sellers), accruedFen: Number(row.accrued), clawedBackFen: Number(row.clawed) };
}
