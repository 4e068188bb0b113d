import type { Timestamp } from './schema.ts';

/** Table types of leader recruiting (migration 0060, module leader-recruiting). */

export type ReferralState = 'pending' | 'qualified' | 'bonus_paid' | 'refused';
export type RefusalReason = 'same_phone' | 'same_point' | 'member_of_referrer' | 'referrer_inactive';

/** The operator's recruiting terms; off until staff turn it on. */
export interface RecruitSettingsTable {
  operator_id: string;
  enabled: boolean;
  bonus_fen: number;
  bonus_pickups: number;
  override_bp: number;
  override_days: number;
  updated_at: Timestamp;
}

/** A leader recruited by another through their link: once per approved application. */
export interface RecruitReferralsTable {
  id: string;
  operator_id: string;
  referrer_id: string;
  recruit_leader_id: string;
  application_id: string;
  state: ReferralState;
  refusal_reason: RefusalReason | null;
  approved_at: Timestamp;
  /** The terms on the day of approval (0 when recruiting was off). */
  bonus_fen: number;
  bonus_pickups: number;
  override_bp: number;
  /** The override's first and last day (operator time), both included. */
  override_from: string;
  override_until: string;
  qualified_at: Timestamp | null;
  bonus_entry_id: string | null;
  created_at: Timestamp;
}

/** One day's override of a referral, posted once (amount 0: nothing posted). */
/** A correction of an override day: the difference, signed, between what its sales owe now and what was posted (migration 0063). */
export interface RecruitOverrideCorrectionsTable {
  referral_id: string;
  day: string;
  seq: number;
  operator_id: string;
  referrer_id: string;
  base_fen: number;
  amount_fen: number;
  entry_id: string | null;
  posted_at: Timestamp;
}

export interface RecruitOverridePostingsTable {
  referral_id: string;
  day: string;
  operator_id: string;
  referrer_id: string;
  base_fen: number;
  amount_fen: number;
  entry_id: string | null;
  posted_at: Timestamp;
}

export interface RecruitingTables {
  recruit_settings: RecruitSettingsTable;
  recruit_referrals: RecruitReferralsTable;
  recruit_override_postings: RecruitOverridePostingsTable;
  recruit_override_corrections: RecruitOverrideCorrectionsTable;
}
