/**
 * Report: every member's RFM for one period (a business day), written whole into crm_member_rfm.
 *
 * Why it joins across modules: a read model by nature. It reads the operator's paid orders
 * (ordering) and writes, in one INSERT … SELECT, a row per resident and leader and, through a
 * grouping set, one per resident across all leaders (`leader_id` null). Recency counts whole days
 * from the last paid order to `asOf`; frequency and monetary value count the orders paid in the
 * window (net of refunds; an order refunded in full is not an order). Scores and segment are the
 * CASE expressions crm.rules.ts writes from the operator's thresholds.
 */
import { sql } from 'kysely';
import { DAY } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import { type CrmRules, amountScoreSql, recencyScoreSql, segmentSql } from './crm.rules.ts';

/** Replaces a period's rows with the members as of `asOf`; returns how many residents it holds. */
export async function computeRfm(trx: Tx, operatorId: string, period: string, asOf: Date, rules: CrmRules): Promise<number> {
  const since = new Date(asOf.getTime() - rules.windowDays * DAY);
  await trx.deleteFrom('crm_member_rfm').where('operator_id', '=', operatorId).where('period', '=', period).execute();
  await sql`
    with paid as (
      select o.resident_id, o.leader_id, o.paid_at, o.total_fen - o.refunded_fen as net_fen
      from orders o
      where o.operator_id = ${operatorId} and o.paid_at is not null and o.paid_at <= ${asOf}::timestamptz
        and o.total_fen > o.refunded_fen
    ),
    facts as (
      select resident_id, leader_id,
        min(paid_at) as first_order_at,
        max(paid_at) as last_order_at,
        (count(*) filter (where paid_at > ${since}::timestamptz))::int as frequency,
        coalesce(sum(net_fen) filter (where paid_at > ${since}::timestamptz), 0)::bigint as monetary_fen
      from paid
      group by grouping sets ((resident_id, leader_id), (resident_id))
    ),
    days as (
      select f.*,
        floor(extract(epoch from (${asOf}::timestamptz - f.last_order_at)) / 86400)::int as recency_days,
        floor(extract(epoch from (${asOf}::timestamptz - f.first_order_at)) / 86400)::int as tenure_days
      from facts f
    ),
    scored as (
      select d.*,
        ${recencyScoreSql('d.recency_days', rules)} as r,
        ${amountScoreSql('d.frequency', rules.frequency)} as f,
        ${amountScoreSql('d.monetary_fen', rules.monetaryFen)} as m
      from days d
    )
    insert into crm_member_rfm (operator_id, period, resident_id, leader_id, recency_days, frequency, monetary_fen,
      first_order_at, last_order_at, r_score, f_score, m_score, segment)
    select ${operatorId}, ${period}::date, s.resident_id, s.leader_id, s.recency_days, s.frequency, s.monetary_fen,
      s.first_order_at, s.last_order_at, s.r, s.f, s.m,
      ${segmentSql(rules, { recencyDays: 's.recency_days', tenureDays: 's.tenure_days', r: 's.r', f: 's.f', m: 's.m' })}
    from scored s
  `.execute(trx);
  const n = await trx
    .selectFrom('crm_member_rfm')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('period', '=', period)
    .where('leader_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}
