import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { KPI_CATALOGUE, type Period } from './performance.rules.ts';

export interface RankedLeader {
  leaderId: string;
  leaderName: string;
  warehouseId: string | null;
  /** 0–10000: the weighted share of leaders of the operator each KPI is better than. */
  score: number;
  /** 1 = best, within the warehouse (ties share a rank). */
  rank: number;
  /** Leaders ranked in the warehouse. */
  ranked: number;
  /** The place counted from the bottom (1 = worst; ties share it), for the tail. */
  fromBottom: number;
}

/**
 * The period's ranking, per warehouse (a leader's warehouse is that of their first pickup point;
 * none: the operator's default area). Each weighted KPI of the catalogue gives a leader the share
 * of the operator's leaders they do better than (percent rank, the KPI's direction respected);
 * the score is the weighted mean, a KPI without a value counting 0. Reads the period's
 * `leader_kpis` with the leaders' names (leader) and points' warehouses (leader).
 */
export async function rankLeaders(db: Executor, operatorId: string, period: Period): Promise<RankedLeader[]> {
  const weighted = KPI_CATALOGUE.filter((k) => k.weight > 0);
  const totalWeight = weighted.reduce((s, k) => s + k.weight, 0);
  const { rows } = await sql<{
    leader_id: string;
    name: string;
    warehouse_id: string | null;
    score: number;
    rank: number;
    ranked: number;
    from_bottom: number;
  }>`
    with w as (
      select * from unnest(${weighted.map((k) => k.code)}::text[], ${weighted.map((k) => k.direction === 'higher')}::boolean[],
                           ${weighted.map((k) => k.weight)}::int[]) as w(kpi, higher, weight)
    ), k as (
      select k.leader_id, k.kpi, case when w.higher then k.value else -k.value end as better, w.weight
      from leader_kpis k join w on w.kpi = k.kpi
      where k.operator_id = ${operatorId} and k.period_kind = ${period.kind} and k.period_start = ${period.start}::date
    ), pr as (
      select leader_id, weight,
             case when count(*) over (partition by kpi) = 1 then 1.0 else percent_rank() over (partition by kpi order by better) end as p
      from k
    ), scored as (
      select leader_id, round(10000 * sum(weight * p) / ${totalWeight})::int as score from pr group by leader_id
    ), placed as (
      select s.leader_id, s.score, l.name,
             (select pp.warehouse_id from pickup_points pp where pp.operator_id = ${operatorId} and pp.leader_id = s.leader_id
              order by pp.created_at, pp.id limit 1) as warehouse_id
      from scored s join leaders l on l.id = s.leader_id
    )
    select leader_id, name, warehouse_id, score,
           rank() over (partition by warehouse_id order by score desc)::int as rank,
           rank() over (partition by warehouse_id order by score)::int as from_bottom,
           count(*) over (partition by warehouse_id)::int as ranked
    from placed
    order by warehouse_id nulls first, score desc, leader_id`.execute(db);
  return rows.map((r) => ({
    leaderId: r.leader_id,
    leaderName: r.name,
    warehouseId: r.warehouse_id,
    score: r.score,
    rank: r.rank,
    ranked: r.ranked,
    fromBottom: r.from_bottom,
  }));
}
