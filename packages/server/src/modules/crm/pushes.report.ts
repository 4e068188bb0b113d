/**
 * Report: what a leader pushes today: for each segment of the leader's members, the open campaign
 * lines (selling through the leader now) in the categories the segment buys most.
 *
 * Why it joins across modules: a read model by nature. A segment's habits sum its members' paid
 * order lines at the leader (crm, ordering) by the product's category (catalog); the lines to push
 * are the open campaigns' lines (campaign) with their product and category (catalog).
 */
import type { crm } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';
import { SEGMENTS } from './crm.rules.ts';
import { latestPeriod } from './crm.service.ts';

type SegmentPush = z.infer<typeof crm.SegmentPush>;

/** A segment's habits look back this far: lapsed members bought before the window. */
const HABIT_DAYS = 365;
const HABIT_CATEGORIES = 3;
const LINES_PER_SEGMENT = 4;

/** A campaign selling through the leader now (campaign's `campaignsSellingThrough`, handed in by the caller). */
export interface OpenCampaign {
  id: string;
  title: string;
  cutoffAt: Date;
}

/**
 * Per segment with members: its top categories and the lines of `campaigns` (those selling
 * through the leader now) in them, best match first.
 */
export async function todayPushes(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  campaigns: readonly OpenCampaign[],
): Promise<SegmentPush[]> {
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return [];
  const now = ctx.clock.now();
  const members = ctx.db
    .selectFrom('crm_member_rfm as m')
    .where('m.operator_id', '=', operatorId)
    .where('m.period', '=', period.period)
    .where('m.leader_id', '=', leaderId);
  const [counts, habits] = await Promise.all([
    members
      .select(['m.segment', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('m.segment')
      .execute(),
    members
      .innerJoin('orders as o', (j) =>
        j.onRef('o.resident_id', '=', 'm.resident_id').onRef('o.leader_id', '=', 'm.leader_id').on('o.operator_id', '=', operatorId),
      )
      .innerJoin('order_lines as ol', 'ol.order_id', 'o.id')
      .innerJoin('skus as s', 's.id', 'ol.sku_id')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('categories as c', 'c.id', 'p.category_id')
      .select([
        'm.segment',
        'c.id as category_id',
        'c.name',
        (eb) => eb.fn.sum<number>(eb('ol.quantity', '-', eb.ref('ol.refunded_quantity'))).as('quantity'),
      ])
      .where('o.paid_at', '>', new Date(now.getTime() - HABIT_DAYS * DAY))
      .groupBy(['m.segment', 'c.id', 'c.name'])
      .orderBy('quantity', 'desc')
      .orderBy('c.name')
      .execute(),
  ]);
  const lines =
    campaigns.length === 0
      ? []
      : await ctx.db
          .selectFrom('campaign_lines as l')
          .innerJoin('skus as s', 's.id', 'l.sku_id')
          .innerJoin('products as p', 'p.id', 's.product_id')
          .innerJoin('categories as c', 'c.id', 'p.category_id')
          .select([
            'l.id',
            'l.campaign_id',
            'l.group_price_fen',
            's.spec',
            's.unit',
            's.list_price_fen',
            'p.name as product_name',
            'p.category_id',
            'c.name as category',
          ])
          .where(
            'l.campaign_id',
            'in',
            campaigns.map((c) => c.id),
          )
          .orderBy('l.campaign_id')
          .orderBy('l.sort')
          .orderBy('l.id')
          .execute();
  const campaignOf = new Map(campaigns.map((c) => [c.id, c]));
  return SEGMENTS.flatMap((segment: MemberSegment) => {
    const n = Number(counts.find((c) => c.segment === segment)?.n ?? 0);
    if (n === 0) return [];
    const top = habits.filter((h) => h.segment === segment && Number(h.quantity) > 0).slice(0, HABIT_CATEGORIES);
    const rank = new Map(top.map((h, i) => [h.category_id, i]));
    const matching = lines
      .filter((l) => rank.has(l.category_id))
      .sort((a, b) => (rank.get(a.category_id) ?? 0) - (rank.get(b.category_id) ?? 0))
      .slice(0, LINES_PER_SEGMENT);
    return [
      {
        segment,
        members: n,
        categories: top.map((h) => h.name),
        lines: matching.map((l) => {
          const c = campaignOf.get(l.campaign_id);
          return {
            campaignId: l.campaign_id,
            campaignTitle: c?.title ?? '',
            campaignLineId: l.id,
            productName: l.product_name,
            spec: l.spec,
            unit: l.unit,
            category: l.category,
            groupPriceFen: l.group_price_fen,
            listPriceFen: l.list_price_fen,
            cutoffAt: (c?.cutoffAt ?? now).toISOString(),
          };
        }),
      },
    ];
  });
}
