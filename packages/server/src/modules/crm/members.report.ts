/**
 * Report: a leader's CRM screens: the latest period's segments, the members with their RFM and
 * what they buy, and the reminder list (at-risk and lapsed members with today's mark).
 *
 * Why it joins across modules: screen lists by nature. The members' RFM rows (crm) are shown with
 * the resident's name and masked phone (identity), and "what they buy" sums the leader's paid
 * order lines of the window by the product's category (ordering, catalog) for the page's members.
 */
import type { crm } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type Page, fetchPage } from '../../platform/db/paging.ts';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';
import { businessToday, maskPhone } from '../identity/index.ts';
import { REMIND_SEGMENTS, SEGMENTS } from './crm.rules.ts';
import { type CrmPeriod, latestPeriod } from './crm.service.ts';

type CrmMember = z.infer<typeof crm.CrmMember>;
const TOP_CATEGORIES = 3;

/** A period as the contracts give it. */
export function toPeriodDto(p: CrmPeriod): z.infer<typeof crm.CrmPeriod> {
  return { period: p.period, windowDays: p.windowDays, members: p.members, computedAt: p.computedAt.toISOString() };
}

/** Counts per segment, every segment listed (zero included), best first. */
export function segmentCounts(rows: ReadonlyArray<{ segment: MemberSegment; members: number; monetary: number }>) {
  return SEGMENTS.map((segment) => {
    const r = rows.find((x) => x.segment === segment);
    return { segment, members: Number(r?.members ?? 0), monetaryFen: Number(r?.monetary ?? 0) };
  });
}

/** The leader's segments in the latest period. */
export async function leaderCrm(ctx: AppContext, operatorId: string, leaderId: string): Promise<z.infer<typeof crm.LeaderCrm>> {
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return { period: null, segments: segmentCounts([]) };
  const rows = await ctx.db
    .selectFrom('crm_member_rfm')
    .select(['segment', (eb) => eb.fn.countAll<number>().as('members'), (eb) => eb.fn.sum<number>('monetary_fen').as('monetary')])
    .where('operator_id', '=', operatorId)
    .where('period', '=', period.period)
    .where('leader_id', '=', leaderId)
    .groupBy('segment')
    .execute();
  return { period: toPeriodDto(period), segments: segmentCounts(rows) };
}

/** The top categories each of these residents bought from the leader since `since` (by quantity). */
export async function topCategoriesOf(
  db: Executor,
  operatorId: string,
  leaderId: string,
  residentIds: readonly string[],
  since: Date,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (residentIds.length === 0) return out;
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('order_lines as ol', 'ol.order_id', 'o.id')
    .innerJoin('skus as s', 's.id', 'ol.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .select(['o.resident_id', 'c.name', (eb) => eb.fn.sum<number>(eb('ol.quantity', '-', eb.ref('ol.refunded_quantity'))).as('quantity')])
    .where('o.operator_id', '=', operatorId)
    .where('o.leader_id', '=', leaderId)
    .where('o.resident_id', 'in', [...residentIds])
    .where('o.paid_at', '>', since)
    .groupBy(['o.resident_id', 'c.name'])
    .orderBy('quantity', 'desc')
    .orderBy('c.name')
    .execute();
  for (const r of rows) {
    if (Number(r.quantity) <= 0) continue;
    const list = out.get(r.resident_id) ?? [];
    if (list.length < TOP_CATEGORIES) list.push(r.name);
    out.set(r.resident_id, list);
  }
  return out;
}

function memberBase(db: Executor, operatorId: string, leaderId: string, period: string) {
  return db
    .selectFrom('crm_member_rfm as m')
    .innerJoin('residents as r', 'r.id', 'm.resident_id')
    .where('m.operator_id', '=', operatorId)
    .where('m.period', '=', period)
    .where('m.leader_id', '=', leaderId);
}

/** The leader's members in the latest period, best value first, with what they buy; phones masked. */
export async function leaderCrmMembers(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  f: { page: number; pageSize: number; segment?: MemberSegment | undefined },
): Promise<Page<CrmMember>> {
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return { items: [], page: f.page, pageSize: f.pageSize, total: 0 };
  let base = memberBase(ctx.db, operatorId, leaderId, period.period);
  if (f.segment) base = base.where('m.segment', '=', f.segment);
  const listed = await fetchPage(
    f,
    base
      .select([
        'm.resident_id',
        'r.name',
        'r.phone',
        'm.segment',
        'm.recency_days',
        'm.frequency',
        'm.monetary_fen',
        'm.r_score',
        'm.f_score',
        'm.m_score',
        'm.last_order_at',
      ])
      .orderBy('m.monetary_fen', 'desc')
      .orderBy('m.recency_days')
      .orderBy('m.resident_id'),
    base,
  );
  const since = new Date(period.computedAt.getTime() - period.windowDays * DAY);
  const habits = await topCategoriesOf(
    ctx.db,
    operatorId,
    leaderId,
    listed.items.map((m) => m.resident_id),
    since,
  );
  return {
    ...listed,
    items: listed.items.map((m) => ({
      residentId: m.resident_id,
      name: m.name,
      phone: maskPhone(m.phone),
      segment: m.segment,
      recencyDays: m.recency_days,
      frequency: m.frequency,
      monetaryFen: Number(m.monetary_fen),
      scores: { r: m.r_score, f: m.f_score, m: m.m_score },
      lastOrderAt: m.last_order_at.toISOString(),
      topCategories: habits.get(m.resident_id) ?? [],
    })),
  };
}

const REMINDERS_SHOWN = 100;

/**
 * The members to remind today (at risk first, then lapsed; most valuable first), each with what
 * they used to buy and whether the leader marked them reminded today; phones masked.
 */
export async function leaderReminders(ctx: AppContext, operatorId: string, leaderId: string): Promise<z.infer<typeof crm.Reminders>> {
  const day = await businessToday(ctx.db, operatorId, ctx.clock.now());
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return { day, items: [] };
  const rows = await memberBase(ctx.db, operatorId, leaderId, period.period)
    .leftJoin('crm_reminders as cr', (j) =>
      j.onRef('cr.leader_id', '=', 'm.leader_id').onRef('cr.resident_id', '=', 'm.resident_id').on('cr.day', '=', day),
    )
    .select(['m.resident_id', 'r.name', 'r.phone', 'm.segment', 'm.recency_days', 'm.monetary_fen', 'cr.reminded_at'])
    .where('m.segment', 'in', [...REMIND_SEGMENTS])
    .orderBy('m.segment')
    .orderBy('m.monetary_fen', 'desc')
    .orderBy('m.resident_id')
    .limit(REMINDERS_SHOWN)
    .execute();
  // Lapsed members bought before the window: their habits are read over all their orders.
  const habits = await topCategoriesOf(
    ctx.db,
    operatorId,
    leaderId,
    rows.map((r) => r.resident_id),
    new Date(0),
  );
  return {
    day,
    items: rows.map((r) => ({
      residentId: r.resident_id,
      name: r.name,
      phone: maskPhone(r.phone),
      segment: r.segment,
      recencyDays: r.recency_days,
      monetaryFen: Number(r.monetary_fen),
      topCategories: habits.get(r.resident_id) ?? [],
      remindedToday: r.reminded_at !== null,
    })),
  };
}
