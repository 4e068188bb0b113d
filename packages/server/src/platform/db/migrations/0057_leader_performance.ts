import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leader performance (团长绩效, module leader-performance): KPIs per leader and period (week or
 * month) as one row per KPI, the operator's levels with their thresholds and commission tier, the
 * period's results (score, rank, level before and after, streaks), reward and penalty rules and
 * their results (one per rule × leader × period: a retry never posts twice), probation marks and
 * the periods closed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table leader_performance_settings (
  operator_id text primary key,
  period_kind text not null default 'week' check (period_kind in ('week', 'month')),
  grace_periods integer not null default 2 check (grace_periods between 1 and 12),
  tail_mode text not null default 'percent' check (tail_mode in ('percent', 'count')),
  tail_value integer not null default 10 check (tail_value between 0 and 1000),
  probation_after integer not null default 3 check (probation_after between 1 and 12),
  top_n integer not null default 10 check (top_n between 0 and 100),
  updated_at timestamptz not null
);

create table leader_levels (
  operator_id text not null,
  level integer not null check (level between 1 and 20),
  name text not null,
  thresholds jsonb not null default '{}',
  commission_rate_bp integer not null check (commission_rate_bp between 0 and 5000),
  updated_at timestamptz not null,
  primary key (operator_id, level)
);

-- One row per leader, period and KPI (the catalogue in leader-performance.rules.ts); fen, counts or basis points.
create table leader_kpis (
  operator_id text not null,
  period_kind text not null check (period_kind in ('week', 'month')),
  period_start date not null,
  leader_id text not null,
  kpi text not null,
  value bigint not null,
  primary key (operator_id, period_kind, period_start, leader_id, kpi)
);

create table leader_period_closings (
  operator_id text not null,
  period_kind text not null check (period_kind in ('week', 'month')),
  period_start date not null,
  period_end date not null,
  leaders integer not null default 0,
  closed_at timestamptz not null,
  primary key (operator_id, period_kind, period_start)
);

-- A leader's closed period: the ranking (within the warehouse), the level decision and the streaks.
create table leader_period_results (
  operator_id text not null,
  period_kind text not null check (period_kind in ('week', 'month')),
  period_start date not null,
  leader_id text not null,
  warehouse_id text,
  score integer not null,
  rank integer not null,
  ranked integer not null,
  in_tail boolean not null,
  tail_streak integer not null,
  level_before integer not null,
  level_after integer not null,
  met_level boolean not null,
  missed_streak integer not null,
  reason text not null,
  computed_at timestamptz not null,
  primary key (operator_id, period_kind, period_start, leader_id)
);
create index leader_period_results_leader on leader_period_results (operator_id, leader_id, period_kind, period_start desc);
create index leader_period_results_changes on leader_period_results (operator_id, period_start desc) where level_after <> level_before;

create table leader_reward_rules (
  id text primary key,
  operator_id text not null,
  name text not null,
  kpi text not null,
  comparator text not null check (comparator in ('gte', 'lte')),
  threshold bigint not null check (threshold >= 0),
  amount_fen integer not null check (amount_fen > 0),
  kind text not null check (kind in ('bonus', 'penalty')),
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index leader_reward_rules_operator on leader_reward_rules (operator_id, created_at);

-- What a rule gave a leader for a period: once (the primary key), with the ledger entry that posted it.
create table leader_rule_results (
  operator_id text not null,
  rule_id text not null references leader_reward_rules(id),
  leader_id text not null,
  period_kind text not null check (period_kind in ('week', 'month')),
  period_start date not null,
  kind text not null check (kind in ('bonus', 'penalty')),
  kpi text not null,
  kpi_value bigint not null,
  amount_fen integer not null,
  entry_id text,
  -- The leader's withdrawable balance right after a penalty, when it left it below zero (shown and noticed).
  available_after_fen bigint,
  created_at timestamptz not null,
  primary key (rule_id, leader_id, period_kind, period_start)
);
create index leader_rule_results_leader on leader_rule_results (operator_id, leader_id, period_start desc);

create table leader_probations (
  id text primary key,
  operator_id text not null,
  leader_id text not null,
  period_kind text not null check (period_kind in ('week', 'month')),
  period_start date not null,
  tail_streak integer not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  unique (operator_id, leader_id, period_kind, period_start)
);
create unique index leader_probations_open on leader_probations (operator_id, leader_id) where ended_at is null;
`,
  );
}
