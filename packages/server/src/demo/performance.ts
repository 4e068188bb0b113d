import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import {
  type CloseSummary,
  closePeriod,
  createRule,
  lastClosedPeriod,
  type Period,
  periodLabel,
  previousPeriod,
  saveLevels,
  updateSettings,
} from '../modules/leader-performance/index.ts';
import { localDate } from '../platform/calendar.ts';
import type { ManualClock } from '../platform/clock.ts';
import { formatYuan } from '../platform/money.ts';

/**
 * Leader performance on the simulated day, once the after-sales window has passed: the operator's
 * levels (three, each with its commission tier), a bonus and a penalty rule and weekly periods with
 * probation after two weeks in the tail; three earlier weeks of orders for the demo's leaders are
 * generated set-based (a spread: some leaders grow, some fade, some are always small; picked up
 * mostly on time, a few left unpicked), and the three weeks and the day's own week are closed in
 * order. The earlier weeks' orders have pickup dates before the day, so the day's counts are
 * untouched. Runs once per database (a closed period is never closed again).
 */
export const HISTORY_WEEKS = 3;

export async function demoPerformance(
  ctx: AppContext,
  clock: ManualClock,
  o: { operatorId: string; log: (line: string) => void },
): Promise<void> {
  const { operatorId } = o;
  const now = clock.now();
  const last = lastClosedPeriod('week', localDate(now, 'Asia/Shanghai'));
  const weeks: Period[] = [last];
  while (weeks.length < HISTORY_WEEKS + 1) weeks.unshift(previousPeriod(weeks[0] as Period));
  const first = weeks[0] as Period;
  const done = await ctx.db
    .selectFrom('leader_period_closings')
    .select('period_start')
    .where('operator_id', '=', operatorId)
    .where('period_start', '=', first.start)
    .executeTakeFirst();
  if (done) return;
  await ctx.db.transaction().execute(async (trx) => {
    await updateSettings(trx, now, operatorId, {
      periodKind: 'week',
      gracePeriods: 2,
      tailMode: 'percent',
      tailValue: 20,
      probationAfter: 2,
      topN: 5,
    });
    await saveLevels(trx, now, operatorId, [
      { level: 1, name: '见习团长', thresholds: {}, commissionRateBp: 1000 },
      { level: 2, name: '银牌团长', thresholds: { gmv: 15_000, paid_orders: 7, unpicked_rate: 1500 }, commissionRateBp: 1100 },
      { level: 3, name: '金牌团长', thresholds: { gmv: 40_000, active_members: 10, pickup_on_time_rate: 8000 }, commissionRateBp: 1200 },
    ]);
    await createRule(trx, now, operatorId, {
      name: '周销售满五百元奖',
      kpi: 'gmv',
      comparator: 'gte',
      threshold: 50_000,
      amountFen: 2000,
      kind: 'bonus',
    });
    await createRule(trx, now, operatorId, {
      name: '未提货率超标扣罚',
      kpi: 'unpicked_rate',
      comparator: 'gte',
      threshold: 2000,
      amountFen: 500,
      kind: 'penalty',
    });
  });
  await generateHistory(ctx, operatorId, weeks.slice(0, HISTORY_WEEKS));
  const summaries: CloseSummary[] = [];
  for (const week of weeks) summaries.push(await ctx.db.transaction().execute((trx) => closePeriod(trx, now, operatorId, week)));
  for (const s of summaries) {
    o.log(
      `  ${periodLabel(s.period)}: ${s.leaders} leaders, ${s.promoted} promoted, ${s.demoted} demoted, ${s.bonuses} bonuses, ${s.penalties} penalties, ${s.probations} on probation`,
    );
  }
}

/**
 * Orders of earlier weeks for every leader's pickup points, set-based: leader k (by id) sells a
 * base of 0–2 orders a day, growing, fading or flat by k mod 3, to the residents of the operator in
 * turn; nine in ten are picked up (one in six of those the day after), the rest left unpicked.
 */
export async function generateHistory(ctx: AppContext, operatorId: string, weeks: readonly Period[]): Promise<void> {
  const from = weeks[0]?.start as string;
  const to = weeks.at(-1)?.end as string;
  await ctx.db.transaction().execute(async (trx) => {
    await sql`
      with pts as (
        select p.id as point_id, p.leader_id, (row_number() over (order by p.leader_id, p.id) - 1)::int as k
        from pickup_points p join leaders l on l.id = p.leader_id
        where p.operator_id = ${operatorId} and l.status = 'active' and p.status = 'open'
      ), res as (
        select id, (row_number() over (order by id) - 1)::int as r, count(*) over () as n from residents where operator_id = ${operatorId}
      ), days as (
        select d::date as day, (d::date - ${from}::date) as i from generate_series(${from}::date, ${to}::date, interval '1 day') d
      ), wanted as (
        select pts.point_id, pts.leader_id, pts.k, days.day, days.i,
               greatest(0, (pts.k * 7) % 3 + case pts.k % 3 when 0 then days.i / 7 when 1 then 1 - days.i / 7 else 0 end) as n
        from pts cross join days
      ), gen as (
        select w.*, g.j, row_number() over (order by w.day, w.point_id, g.j) as seq
        from wanted w cross join lateral generate_series(1, w.n) g(j)
      ), placed as (
        insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status, pickup_code,
                            total_fen, refunded_fen, expires_at, created_at, updated_at, paid_at)
        select 'ord_hist_' || gen.seq, ${operatorId}, 'H' || to_char(gen.day, 'YYMMDD') || lpad(gen.seq::text, 6, '0'),
               res.id, gen.point_id, gen.leader_id, gen.day,
               case when (gen.seq % 10) = 0 then 'delivered' else 'picked_up' end,
               lpad((900000 + gen.seq % 100000)::text, 6, '0'),
               990 + ((gen.seq * 37) % 40) * 100, 0,
               (gen.day - 1)::timestamp at time zone 'Asia/Shanghai' + interval '23 hours',
               (gen.day - 1)::timestamp at time zone 'Asia/Shanghai' + interval '20 hours',
               (gen.day - 1)::timestamp at time zone 'Asia/Shanghai' + interval '20 hours',
               (gen.day - 1)::timestamp at time zone 'Asia/Shanghai' + interval '20 hours 5 minutes'
        from gen join res on res.r = ((gen.k * 13 + gen.j * 5 + gen.i) % res.n)
        returning id, pickup_point_id, leader_id, pickup_date, status
      ), handed as (
        insert into pickup_verifications (id, operator_id, order_id, pickup_point_id, leader_id, method, verified_at)
        select 'pv_' || p.id, ${operatorId}, p.id, p.pickup_point_id, p.leader_id, 'code',
               p.pickup_date::timestamp at time zone 'Asia/Shanghai'
                 + case when hashtext(p.id) % 6 = 0 then interval '1 day 10 hours' else interval '17 hours' end
        from placed p where p.status = 'picked_up'
      )
      insert into unpicked_orders (order_id, operator_id, pickup_point_id, leader_id, pickup_date, rule, status, lines, recorded_at)
      select p.id, ${operatorId}, p.pickup_point_id, p.leader_id, p.pickup_date, 'return_to_warehouse', 'returned', '[]',
             (p.pickup_date + 2)::timestamp at time zone 'Asia/Shanghai'
      from placed p where p.status = 'delivered'`.execute(trx);
  });
}

/** The report line: KPIs computed, level changes, rewards and penalties posted, probation. */
export async function performanceLine(ctx: AppContext, operatorId: string): Promise<string> {
  const { rows } = await sql<{
    periods: number;
    leaders: number;
    promoted: number;
    demoted: number;
    bonuses: number;
    bonus_fen: number;
    penalties: number;
    penalty_fen: number;
    probation: number;
  }>`
    select (select count(*) from leader_period_closings where operator_id = ${operatorId})::int as periods,
           (select count(distinct leader_id) from leader_kpis where operator_id = ${operatorId})::int as leaders,
           (select count(*) from leader_period_results where operator_id = ${operatorId} and level_after > level_before)::int as promoted,
           (select count(*) from leader_period_results where operator_id = ${operatorId} and level_after < level_before)::int as demoted,
           (select count(*) from leader_rule_results where operator_id = ${operatorId} and kind = 'bonus')::int as bonuses,
           (select coalesce(sum(amount_fen), 0) from leader_rule_results where operator_id = ${operatorId} and kind = 'bonus')::int as bonus_fen,
           (select count(*) from leader_rule_results where operator_id = ${operatorId} and kind = 'penalty')::int as penalties,
           (select coalesce(sum(amount_fen), 0) from leader_rule_results where operator_id = ${operatorId} and kind = 'penalty')::int as penalty_fen,
           (select count(*) from leader_probations where operator_id = ${operatorId} and ended_at is null)::int as probation`.execute(
    ctx.db,
  );
  const r = rows[0];
  if (!r) return '  leaders       no performance periods closed';
  // What the ledger holds for them: every adjustment entry, summed (the rule results must equal it).
  const posted = await sql<{ n: number; fen: number }>`
    select count(distinct e.id)::int as n, coalesce(sum(-p.amount_fen) filter (where a.code = 'commission_available'), 0)::int as fen
    from journal_entries e join journal_postings p on p.entry_id = e.id join ledger_accounts a on a.id = p.account_id
    where e.operator_id = ${operatorId} and e.kind = 'commission_adjustment'`.execute(ctx.db);
  const ledger = posted.rows[0];
  const agrees = ledger && ledger.n === r.bonuses + r.penalties && ledger.fen === r.bonus_fen - r.penalty_fen;
  return `  leaders       KPIs for ${r.leaders} leaders over ${r.periods} weeks; level changes: ${r.promoted} promoted, ${r.demoted} demoted; rewards: ${r.bonuses} bonuses ¥${formatYuan(r.bonus_fen)}; penalties: ${r.penalties} ¥${formatYuan(r.penalty_fen)}; probation: ${r.probation} leaders; ledger ${agrees ? 'agrees' : 'DIFFERS'}`;
}
