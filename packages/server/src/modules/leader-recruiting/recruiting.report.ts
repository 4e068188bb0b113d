import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/**
 * How many orders each of these recruits has had picked up in full (ordering's orders, status
 * picked_up), by recruit leader id. A recruit with none is left out.
 */
export async function recruitPickups(db: Executor, operatorId: string, leaderIds: readonly string[]): Promise<Map<string, number>> {
  if (leaderIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['leader_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'picked_up')
    .where('leader_id', 'in', [...new Set(leaderIds)])
    .groupBy('leader_id')
    .execute();
  return new Map(rows.map((r) => [r.leader_id, Number(r.n)]));
}

/**
 * A recruit's sales of a pickup date, the override's base: what was paid less refunded for the
 * orders picked up in full whose pickup date it is (the first posting and its corrections alike).
 */
function recruitSales(operatorId: string, leaderId: RawBuilder<unknown>, day: RawBuilder<unknown>) {
  return sql`coalesce((select sum(o.total_fen - o.refunded_fen) from orders o
    where o.operator_id = ${operatorId} and o.leader_id = ${leaderId} and o.pickup_date = ${day} and o.status = 'picked_up'), 0)`;
}

/**
 * The override days due of the operator's referrals, set-based: every day from a referral's first
 * override day to its last, no later than `lastDay`, not posted yet, with the recruit's sales of
 * that day — what was paid less refunded for the orders picked up in full whose pickup date it is.
 */
export async function overrideDaysDue(
  db: Executor,
  operatorId: string,
  lastDay: string,
): Promise<Array<{ referralId: string; referrerId: string; day: string; baseFen: number; overrideBp: number }>> {
  const rows = await sql<{ referralId: string; referrerId: string; day: string; baseFen: string | number; overrideBp: number }>`
    with days as (
      select r.id, r.referrer_id, r.recruit_leader_id, r.override_bp, d::date as day
      from recruit_referrals r
      cross join lateral generate_series(r.override_from::timestamp, least(r.override_until, ${lastDay}::date)::timestamp, interval '1 day') d
      where r.operator_id = ${operatorId} and r.state <> 'refused' and r.override_from <= ${lastDay}::date
        -- a referral whose days are all recorded is skipped at once (the last one by the primary key)
        and coalesce((select max(p.day) from recruit_override_postings p where p.referral_id = r.id), r.override_from - 1)
            < least(r.override_until, ${lastDay}::date)
        and not exists (select 1 from recruit_override_postings p where p.referral_id = r.id and p.day = d::date)
    )
    select d.id as "referralId", d.referrer_id as "referrerId", to_char(d.day, 'YYYY-MM-DD') as day, d.override_bp as "overrideBp",
           ${recruitSales(operatorId, sql.ref('d.recruit_leader_id'), sql.ref('d.day'))} as "baseFen"
    from days d
    order by d.id, d.day
  `.execute(db);
  return rows.rows.map((r) => ({ ...r, baseFen: Number(r.baseFen) }));
}

/**
 * The operator's override days already posted whose day is from `fromDay` to `lastDay` (or, with
 * `recruit`, that one recruit's day whenever it was), with what was posted for each (its first
 * posting and corrections), its last correction's number, and the recruit's sales of that day now
 * — as overrideDaysDue counts them — so the caller can post the difference. Set-based: one statement.
 */
export async function overrideDaysToCorrect(
  db: Executor,
  operatorId: string,
  days: { fromDay: string; lastDay: string } | { recruit: { leaderId: string; day: string } },
): Promise<
  Array<{ referralId: string; referrerId: string; day: string; overrideBp: number; postedFen: number; lastSeq: number; baseFen: number }>
> {
  const rows = await sql<{
    referralId: string;
    referrerId: string;
    day: string;
    overrideBp: number;
    postedFen: string | number;
    lastSeq: number;
    baseFen: string | number;
  }>`
    select p.referral_id as "referralId", p.referrer_id as "referrerId", to_char(p.day, 'YYYY-MM-DD') as day,
           r.override_bp as "overrideBp",
           p.amount_fen + coalesce(c.sum, 0) as "postedFen", coalesce(c.seq, 0)::int as "lastSeq",
           ${recruitSales(operatorId, sql.ref('r.recruit_leader_id'), sql.ref('p.day'))} as "baseFen"
    from recruit_override_postings p
    join recruit_referrals r on r.id = p.referral_id
    left join lateral (select sum(c.amount_fen) as sum, max(c.seq) as seq from recruit_override_corrections c
                       where c.referral_id = p.referral_id and c.day = p.day) c on true
    where p.operator_id = ${operatorId} and ${
      'recruit' in days
        ? sql`r.recruit_leader_id = ${days.recruit.leaderId} and p.day = ${days.recruit.day}::date`
        : sql`p.day between ${days.fromDay}::date and ${days.lastDay}::date`
    }
    order by p.referral_id, p.day
  `.execute(db);
  return rows.rows.map((r) => ({ ...r, postedFen: Number(r.postedFen), baseFen: Number(r.baseFen) }));
}
