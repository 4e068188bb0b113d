import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import { KPI_CATALOGUE, type Period } from './performance.rules.ts';

/** The KPIs this report computes: the whole catalogue. */
export const COMPUTED_KPIS = KPI_CATALOGUE.map((k) => k.code);

/**
 * The KPIs of every leader of an operator for one period, set-based: one statement reads what
 * ordering, pickup, aftersales, logistics, feedback, training, leader and identity record of the period and writes one
 * `leader_kpis` row per leader and computed KPI (the period's earlier rows of those KPIs replaced).
 *
 * - orders of the period: paid orders whose pickup date falls in it (cancelled-unpaid ones never
 *   were paid); GMV is what they were paid less what was refunded, in fen;
 * - active members: residents with a paid order; repurchase rate: those with two or more (bp);
 * - new members: residents who signed up in the period at one of the leader's pickup points;
 * - pickup on time: orders picked up in full (status picked_up) whose first hand-out was verified
 *   by the end of their pickup date (operator time), of the orders picked up (bp); unpicked rate:
 *   orders recorded unpicked, of the paid orders (bp);
 * - handover accuracy: units received in good order (at most the expected) of units expected, on
 *   the handovers confirmed at the leader's points in the period (bp);
 * - after-sales rate: orders with an approved or refunded after-sales case, of the paid orders (bp);
 * - complaint rate: complaints filed against the leader (feedback, target the leader) in the
 *   period, of the paid orders (bp), except those resolved as dismissed (not the leader's fault);
 * - training done: the operator's required, published courses the leader had completed by the
 *   period's end (training); not recorded when the operator requires none.
 * Rates are rounded down. A rate with nothing to divide by is not recorded (shown as no value; it meets no threshold).
 * Every active leader gets the counts (zero without orders), so the ranking sees them all.
 * In the caller's transaction (its settings are local to it). Returns the number of leaders.
 */
export async function computeKpis(db: Tx, operatorId: string, period: Period, timeZone: string): Promise<number> {
  // Planned for this operator and period (the connection plans generically otherwise, blind to the
  // date range: index scans over millions of orders), its groupings in memory (no spill to disk),
  // and no JIT compilation, which a one-off statement does not earn back.
  await sql`set local plan_cache_mode = force_custom_plan`.execute(db);
  await sql`set local work_mem = '256MB'`.execute(db);
  await sql`set local jit = off`.execute(db);
  await db
    .deleteFrom('leader_kpis')
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start)
    .where('kpi', 'in', COMPUTED_KPIS)
    .execute();
  const result = await sql<{ leaders: number }>`
    with bounds as (
      select (${period.start}::date)::timestamp at time zone ${timeZone} as from_at,
             ((${period.end}::date + 1))::timestamp at time zone ${timeZone} as to_at
    ), per_resident as (
      select leader_id, resident_id, count(*) as n, sum(total_fen - refunded_fen) as fen,
             count(*) filter (where status = 'picked_up') as picked
      from orders
      where operator_id = ${operatorId} and pickup_date between ${period.start}::date and ${period.end}::date
        and paid_at is not null
      group by leader_id, resident_id
    ), sales as (
      select leader_id, sum(fen) as gmv, sum(n) as paid, count(*) as active, count(*) filter (where n >= 2) as repeaters,
             sum(picked) as picked
      from per_resident group by leader_id
    ), on_time as (
      -- Picked up in full, the first hand-out by the end of the pickup date: a semi-join, one pass.
      select o.leader_id, count(*) as n
      from orders o
      where o.operator_id = ${operatorId} and o.pickup_date between ${period.start}::date and ${period.end}::date
        and o.paid_at is not null and o.status = 'picked_up'
        and exists (select 1 from pickup_verifications v
                    where v.order_id = o.id and v.operator_id = ${operatorId}
                      and v.verified_at < (o.pickup_date + 1)::timestamp at time zone ${timeZone})
      group by o.leader_id
    ), unpicked as (
      select leader_id, count(*) as n from unpicked_orders
      where operator_id = ${operatorId} and pickup_date between ${period.start}::date and ${period.end}::date
      group by leader_id
    ), handed as (
      select h.leader_id, sum(least(l.received, l.expected)) as ok, sum(l.expected) as expected
      from handovers h
      join handover_lines l on l.handover_id = h.id
      where h.operator_id = ${operatorId} and h.confirmed_at >= (select from_at from bounds) and h.confirmed_at < (select to_at from bounds)
      group by h.leader_id
    ), cases as (
      select o.leader_id, count(*) as n
      from orders o
      where o.operator_id = ${operatorId} and o.pickup_date between ${period.start}::date and ${period.end}::date
        and o.paid_at is not null
        and exists (select 1 from aftersale_cases c
                    where c.order_id = o.id and c.operator_id = ${operatorId} and c.status in ('approved', 'refunded'))
      group by o.leader_id
    ), complained as (
      select leader_id, count(*) as n from complaints
      where operator_id = ${operatorId} and target_kind = 'leader'
        and not (state = 'resolved' and outcome is not distinct from 'dismissed')
        and created_at >= (select from_at from bounds) and created_at < (select to_at from bounds)
      group by leader_id
    ), required_courses as (
      select id from training_courses where operator_id = ${operatorId} and required and status = 'published'
    ), trained as (
      select c.leader_id, count(*) as n
      from training_completions c
      where c.operator_id = ${operatorId} and c.course_id in (select id from required_courses)
        and c.completed_at < (select to_at from bounds)
      group by c.leader_id
    ), joined as (
      select p.leader_id, count(*) as n
      from residents r
      join pickup_points p on p.id = r.pickup_point_id
      where r.operator_id = ${operatorId} and r.created_at >= (select from_at from bounds) and r.created_at < (select to_at from bounds)
      group by p.leader_id
    ), everyone as (
      select id as leader_id from leaders where operator_id = ${operatorId} and status = 'active'
      union
      select leader_id from sales
    ), facts as (
      select e.leader_id, coalesce(s.gmv, 0) as gmv, coalesce(s.paid, 0) as paid, coalesce(s.active, 0) as active,
             coalesce(s.repeaters, 0) as repeaters, coalesce(j.n, 0) as joined, coalesce(s.picked, 0) as picked,
             coalesce(v.n, 0) as on_time, coalesce(u.n, 0) as unpicked,
             hd.ok, hd.expected, coalesce(c.n, 0) as cases, coalesce(cp.n, 0) as complaints,
             case when exists (select 1 from required_courses) then coalesce(tr.n, 0) end as trained
      from everyone e
      left join sales s on s.leader_id = e.leader_id
      left join on_time v on v.leader_id = e.leader_id
      left join unpicked u on u.leader_id = e.leader_id
      left join handed hd on hd.leader_id = e.leader_id
      left join cases c on c.leader_id = e.leader_id
      left join joined j on j.leader_id = e.leader_id
      left join complained cp on cp.leader_id = e.leader_id
      left join trained tr on tr.leader_id = e.leader_id
    ), written as (
      insert into leader_kpis (operator_id, period_kind, period_start, leader_id, kpi, value)
      select ${operatorId}, ${period.kind}, ${period.start}::date, f.leader_id, k.kpi, k.value
      from facts f
      cross join lateral (values
        ('gmv', f.gmv::bigint),
        ('paid_orders', f.paid::bigint),
        ('active_members', f.active::bigint),
        ('new_members', f.joined::bigint),
        ('repurchase_rate', case when f.active > 0 then floor(f.repeaters * 10000.0 / f.active)::bigint end),
        ('pickup_on_time_rate', case when f.picked > 0 then floor(f.on_time * 10000.0 / f.picked)::bigint end),
        ('unpicked_rate', case when f.paid > 0 then floor(f.unpicked * 10000.0 / f.paid)::bigint end),
        ('handover_accuracy', case when f.expected > 0 then floor(f.ok * 10000.0 / f.expected)::bigint end),
        ('aftersales_rate', case when f.paid > 0 then floor(f.cases * 10000.0 / f.paid)::bigint end),
        ('complaint_rate', case when f.paid > 0 then floor(f.complaints * 10000.0 / f.paid)::bigint end),
        ('training_done', f.trained::bigint)
      ) as k(kpi, value)
      where k.value is not null
      returning leader_id
    )
    select count(distinct leader_id)::int as leaders from written`.execute(db);
  return result.rows[0]?.leaders ?? 0;
}
