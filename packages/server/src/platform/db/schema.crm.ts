import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

type DateString = string;

/** Table types of the leader CRM (migration 0059, module crm). */

export type MemberSegment = 'champions' | 'loyal' | 'new' | 'at_risk' | 'lapsed' | 'low_value' | 'regular';

export interface CrmSettingsTable {
  operator_id: string;
  /** The operator's thresholds (crm.rules.ts `CrmRules`). */
  rules: Json<unknown>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CrmPeriodsTable {
  operator_id: string;
  period: DateString;
  window_days: number;
  members: Generated<number>;
  computed_at: Timestamp;
}

export interface CrmMemberRfmTable {
  operator_id: string;
  period: DateString;
  resident_id: string;
  /** null: the resident across all the operator's leaders. */
  leader_id: string | null;
  recency_days: number;
  frequency: number;
  monetary_fen: number;
  first_order_at: Timestamp;
  last_order_at: Timestamp;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: MemberSegment;
}

export interface CrmRemindersTable {
  operator_id: string;
  leader_id: string;
  resident_id: string;
  day: DateString;
  reminded_at: Timestamp;
}

export interface CrmTables {
  crm_settings: CrmSettingsTable;
  crm_periods: CrmPeriodsTable;
  crm_member_rfm: CrmMemberRfmTable;
  crm_reminders: CrmRemindersTable;
}
