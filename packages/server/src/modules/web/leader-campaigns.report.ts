/**
 * Report: the campaigns a leader sells now or that closed earlier today, with their sales (the
 * leader app's campaign list).
 *
 * Why it joins across modules: a screen list by nature. It picks the campaigns open to the leader
 * (campaign's `soldThrough`: all leaders, or those named) and sums what the leader's paid orders bought of each
 * line (ordering), per line and per campaign, in set-based aggregates over those campaigns.
 */
import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { campaignLineRows, campaignLineView } from '../shop/index.ts';
import { businessDayOf } from './web.queries.ts';
import { dayStart } from '../../platform/calendar.ts';
import { PAID_STATUSES } from '../ordering/index.ts';
import { soldThrough } from '../campaign/index.ts';

/**
 * The campaigns a leader sells now, and those whose cutoff was earlier today, with what was sold
 * at the leader's pickup points (paid orders, net of refunds) per campaign and per line.
 */
export async function leaderCampaigns(ctx: AppContext, operatorId: string, leaderId: string): Promise<web.LeaderCampaign[]> {
  const now = ctx.clock.now();
  const { day, tz } = await businessDayOf(ctx, operatorId, undefined);
  const campaigns = await ctx.db
    .selectFrom('campaigns as c')
    .selectAll('c')
    .where('c.operator_id', '=', operatorId)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.status', '=', 'open'), eb('c.opens_at', '<=', now), eb('c.cutoff_at', '>', now)]),
        eb.and([eb('c.status', 'in', ['open', 'closed']), eb('c.cutoff_at', '<=', now), eb('c.cutoff_at', '>=', dayStart(day, tz))]),
      ]),
    )
    .where(soldThrough(leaderId))
    .orderBy('c.cutoff_at')
    .orderBy('c.id')
    .execute();
  if (campaigns.length === 0) return [];
  const ids = campaigns.map((c) => c.id);
  const lines = await campaignLineRows(ctx.db, ids).execute();
  // A campaign's orders all carry its pickup date: the leader's orders on those dates, joined to their lines.
  const mine = ctx.db
    .selectFrom('orders as o')
    .innerJoin('order_lines as ol', 'ol.order_id', 'o.id')
    .where('o.operator_id', '=', operatorId)
    .where('o.leader_id', '=', leaderId)
    .where('o.pickup_date', 'in', [...new Set(campaigns.map((c) => c.pickup_date))])
    .where('o.status', 'in', PAID_STATUSES)
    .where('ol.campaign_id', 'in', ids);
  const [perLine, perCampaign] = await Promise.all([
    mine
      .select([
        'ol.campaign_line_id',
        (eb) => eb.fn.sum<number>(eb('ol.quantity', '-', eb.ref('ol.refunded_quantity'))).as('quantity'),
        (eb) => eb.fn.sum<number>(eb('ol.amount_fen', '-', eb.ref('ol.refunded_fen'))).as('sales'),
      ])
      .groupBy('ol.campaign_line_id')
      .execute(),
    mine
      .select(['ol.campaign_id', (eb) => eb.fn.count<number>('o.id').distinct().as('orders')])
      .groupBy('ol.campaign_id')
      .execute(),
  ]);
  const soldOf = new Map(perLine.map((r) => [r.campaign_line_id, { quantity: Number(r.quantity), sales: Number(r.sales) }]));
  return campaigns.map((c) => {
    const own = lines.filter((l) => l.campaign_id === c.id);
    const sold = own.map((l) => soldOf.get(l.id) ?? { quantity: 0, sales: 0 });
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      status: c.status === 'open' && c.cutoff_at > now ? 'open' : 'closed',
      opensAt: c.opens_at.toISOString(),
      cutoffAt: c.cutoff_at.toISOString(),
      pickupDate: c.pickup_date,
      orders: Number(perCampaign.find((r) => r.campaign_id === c.id)?.orders ?? 0),
      soldQuantity: sold.reduce((s, x) => s + x.quantity, 0),
      salesFen: sold.reduce((s, x) => s + x.sales, 0),
      lines: own.map((l, i) => ({
        ...campaignLineView(l),
        soldQuantity: sold[i]?.quantity ?? 0,
      })),
    };
  });
}
