/**
 * Report: the operator's day at a glance (the admin dashboard).
 *
 * Why it joins across modules: a dashboard is a read model by nature. It sums the day's paid
 * orders and refunds (ordering, payment), counts open campaigns and the paid orders of those
 * closing soon (campaign with ordering), and lists the campaigns the cutoff failed (procurement
 * with campaign): set-based aggregates for one screen, with no owner logic of their own.
 */
import type { web } from '@linli/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import { strandedOrders } from '../logistics/index.ts';
import { averageFen, hourlySeries } from './web.rules.ts';
import { businessDayOf } from './web.queries.ts';
import { localDate, onDay } from '../../platform/calendar.ts';
import { PAID_STATUSES } from '../ordering/index.ts';

/** Campaigns whose cutoff is this close count as closing soon. */
const CLOSING_SOON_MS = 3 * HOUR;
/** An undelivered event older than this is stuck, as is one that failed once. */
const STUCK_AFTER_MS = 5 * MINUTE;

/**
 * The operator's day at a glance: orders paid, their total and average, refunds paid out, active
 * residents and an hourly series for that business day; campaigns open and closing now, those
 * that failed that day; and background work that needs a look.
 */
export async function adminDashboard(ctx: AppContext, operatorId: string, date?: string): Promise<web.AdminDashboard> {
  const { day, tz } = await businessDayOf(ctx, operatorId, date);
  const now = ctx.clock.now();
  const paid = ctx.db
    .selectFrom('orders')
    .where('operator_id', '=', operatorId)
    .where(onDay('paid_at', day, tz));
  const today = localDate(now, tz);
  const [totals, hours, refunds, open, closing, failed, jobs, events, stranded] = await Promise.all([
    paid
      .select([
        (eb) => eb.fn.countAll<number>().as('orders'),
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('total_fen'), eb.lit(0)).as('gmv'),
        (eb) => eb.fn.count<number>('resident_id').distinct().as('residents'),
      ])
      .executeTakeFirstOrThrow(),
    paid
      .select([
        sql<number>`extract(hour from paid_at at time zone ${tz})::int`.as('hour'),
        (eb) => eb.fn.countAll<number>().as('orders'),
        (eb) => eb.fn.sum<number>('total_fen').as('gmv'),
      ])
      .groupBy(sql`1`)
      .execute(),
    ctx.db
      .selectFrom('refunds')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total'))
      .where('operator_id', '=', operatorId)
      .where('status', '=', 'succeeded')
      .where(onDay('succeeded_at', day, tz))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('status', '=', 'open')
      .where('opens_at', '<=', now)
      .where('cutoff_at', '>', now)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('campaigns as c')
      .select([
        'c.id',
        'c.title',
        'c.cutoff_at',
        (eb) =>
          eb
            .selectFrom('order_lines as ol')
            .innerJoin('orders as o', 'o.id', 'ol.order_id')
            .select((e) => e.fn.count<number>('o.id').distinct().as('n'))
            .where('ol.operator_id', '=', operatorId)
            .whereRef('ol.campaign_id', '=', 'c.id')
            .where('o.status', 'in', PAID_STATUSES)
            .as('orders'),
      ])
      .where('c.operator_id', '=', operatorId)
      .where('c.status', '=', 'open')
      .where('c.cutoff_at', '>', now)
      .where('c.cutoff_at', '<=', new Date(now.getTime() + CLOSING_SOON_MS))
      .orderBy('c.cutoff_at')
      .orderBy('c.id')
      .execute(),
    ctx.db
      .selectFrom('campaign_cutoffs as cc')
      .innerJoin('campaigns as c', 'c.id', 'cc.campaign_id')
      .select(['c.id', 'c.title', 'cc.ordered_quantity', 'cc.min_total_quantity'])
      .where('cc.operator_id', '=', operatorId)
      .where('cc.outcome', '=', 'failed')
      .where(onDay('cc.decided_at', day, tz))
      .orderBy('cc.decided_at')
      .orderBy('c.id')
      .execute(),
    ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivered_at', 'is', null)
      .where('operator_id', '=', operatorId)
      .where((eb) => eb.or([eb('attempts', '>', 0), eb('created_at', '<', new Date(now.getTime() - STUCK_AFTER_MS))]))
      .executeTakeFirstOrThrow(),
    strandedOrders(ctx.db, operatorId, today),
  ]);
  const orders = Number(totals.orders);
  const gmvFen = Number(totals.gmv);
  return {
    date: day,
    orders,
    gmvFen,
    refundsFen: Number(refunds.total),
    averageOrderFen: averageFen(gmvFen, orders),
    activeResidents: Number(totals.residents),
    campaignsOpen: Number(open.n),
    closingSoon: closing.map((c) => ({ id: c.id, title: c.title, cutoffAt: c.cutoff_at.toISOString(), orders: Number(c.orders ?? 0) })),
    failedCampaigns: failed.map((f) => ({
      id: f.id,
      title: f.title,
      orderedQuantity: f.ordered_quantity,
      minTotalQuantity: f.min_total_quantity,
    })),
    failedJobs: Number(jobs.n),
    stuckEvents: Number(events.n),
    stranded,
    hourly: hourlySeries(hours.map((h) => ({ hour: Number(h.hour), orders: Number(h.orders), gmvFen: Number(h.gmv) }))),
  };
}
