import type { web } from '@linli/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { commissionKept, listAccounts, getPolicy } from '../ledger/index.ts';
import { campaignLineRows, campaignLineView } from '../shop/index.ts';
import { businessDayOf, withdrawnOnDay } from './web.queries.ts';
import { localDate, dayStart, onDay } from '../../platform/calendar.ts';
import { PAID_STATUSES } from '../ordering/index.ts';

/**
 * A leader's day: orders paid at their pickup points, their total net of refunds and the residents
 * who paid, the commission on them net of what their refunds clawed back so far (the ledger's
 * commission lines), the commission balances now, and
 * the operator's withdrawal policy with what the leader has asked to withdraw today, so the
 * withdraw screen can check an amount as the withdrawal service will.
 */
export async function leaderSummary(ctx: AppContext, operatorId: string, leaderId: string, date?: string): Promise<web.LeaderSummary> {
  const { day, tz } = await businessDayOf(ctx, operatorId, date);
  const sold = await ctx.db
    .selectFrom('orders')
    .select([
      (eb) => eb.fn.countAll<number>().as('orders'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('total_fen', '-', eb.ref('refunded_fen'))), eb.lit(0)).as('gmv'),
      (eb) => eb.fn.count<number>('resident_id').distinct().as('members'),
    ])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    // An order is paid at most a day after its campaign's cutoff, and picked up on or after the
    // cutoff's date: this bound keeps the scan on the leader's recent orders (orders_leader index).
    .where('pickup_date', '>=', sql<string>`${day}::date - 1`)
    .where(onDay('paid_at', day, tz))
    .executeTakeFirstOrThrow();
  const commissionFen = await commissionKept(ctx.db, operatorId, leaderId, { from: day, to: day });
  const accounts = await listAccounts(ctx.db, operatorId, { kind: 'leader', id: leaderId });
  const balance = (code: string) => accounts.find((a) => a.code === code)?.balanceFen ?? 0;
  const [policy, withdrawnTodayFen] = await Promise.all([
    getPolicy(ctx.db, operatorId),
    withdrawnOnDay(ctx, operatorId, leaderId, localDate(ctx.clock.now(), tz), tz),
  ]);
  return {
    date: day,
    orders: Number(sold.orders),
    gmvFen: Number(sold.gmv),
    members: Number(sold.members),
    commissionAccruedFen: commissionFen,
    commissionAvailableFen: balance('commission_available'),
    commissionHeldFen: balance('commission_pending'),
    commissionWithdrawingFen: balance('commission_withdrawing'),
    withdrawal: {
      minFen: policy.withdrawalMinFen,
      feeBp: policy.withdrawalFeeBp,
      dailyLimitFen: policy.withdrawalDailyLimitFen,
      withdrawnTodayFen,
    },
  };
}

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
    .where((eb) =>
      eb.or([
        eb('c.leader_scope', '=', 'all'),
        eb.exists(
          eb
            .selectFrom('campaign_leaders as cl')
            .select('cl.leader_id')
            .whereRef('cl.campaign_id', '=', 'c.id')
            .where('cl.leader_id', '=', leaderId),
        ),
      ]),
    )
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
