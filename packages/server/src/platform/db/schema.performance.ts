import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Table types of leader performance (migration 0057, module leader-performance). */

export type PeriodKindColumn = 'week' | 'month';

export interface LeaderPerformanceSettingsTable {
  operator_id: string;
  period_kind: Generated<PeriodKindColumn>;
  grace_periods: Generated<number>;
  tail_mode: Generated<'percent' | 'count'>;
  tail_value: Generated<number>;
  probation_after: Generated<number>;
  top_n: Generated<number>;
  updated_at: Timestamp;
}

export interface LeaderLevelsTable {
  operator_id: string;
  level: number;
  name: string;
  thresholds: Json<Record<string, number>>;
  commission_rate_bp: number;
  updated_at: Timestamp;
}

export interface LeaderKpisTable {
  operator_id: string;
  period_kind: PeriodKindColumn;
  period_start: string;
  leader_id: string;
  kpi: string;
  value: number;
}

export interface LeaderPeriodClosingsTable {
  operator_id: string;
  period_kind: PeriodKindColumn;
  period_start: string;
  period_end: string;
  leaders: Generated<number>;
  closed_at: Timestamp;
}

export interface LeaderPeriodResultsTable {
  operator_id: string;
  period_kind: PeriodKindColumn;
  period_start: string;
  leader_id: string;
  warehouse_id: string | null;
  score: number;
  rank: number;
  ranked: number;
  in_tail: boolean;
  tail_streak: number;
  level_before: number;
  level_after: number;
  met_level: boolean;
  missed_streak: number;
  reason: string;
  computed_at: Timestamp;
}

export interface LeaderRewardRulesTable {
  id: string;
  operator_id: string;
  name: string;
  kpi: string;
  comparator: 'gte' | 'lte';
  threshold: number;
  amount_fen: number;
  kind: 'bonus' | 'penalty';
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeaderRuleResultsTable {
  operator_id: string;
  rule_id: string;
  leader_id: string;
  period_kind: PeriodKindColumn;
  period_start: string;
  kind: 'bonus' | 'penalty';
  kpi: string;
  kpi_value: number;
  amount_fen: number;
  entry_id: string | null;
  available_after_fen: number | null;
  created_at: Timestamp;
}

export interface LeaderProbationsTable {
  id: string;
  operator_id: string;
  leader_id: string;
  period_kind: PeriodKindColumn;
  period_start: string;
  tail_streak: number;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface PerformanceTables {
  leader_performance_settings: LeaderPerformanceSettingsTable;
  leader_levels: LeaderLevelsTable;
  leader_kpis: LeaderKpisTable;
  leader_period_closings: LeaderPeriodClosingsTable;
  leader_period_results: LeaderPeriodResultsTable;
  leader_reward_rules: LeaderRewardRulesTable;
  leader_rule_results: LeaderRuleResultsTable;
  leader_probations: LeaderProbationsTable;
}
