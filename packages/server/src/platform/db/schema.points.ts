import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of points and daily sign-in (migrations 0042 and 0045, module points). */

export type PointsReason =
  | 'order_picked_up'
  | 'order_refunded'
  | 'sign_in'
  | 'streak_bonus'
  | 'redeemed'
  | 'expired'
  | 'invite_reward'
  | 'staff_adjustment'
  | 'lottery_draw'
  | 'lottery_prize';

/** A streak bonus: on the streak's day `day`, `points` more. */
export interface StreakBonus {
  day: number;
  points: number;
}

/** The operator's rules; no row means the defaults (points.rules.ts DEFAULT_SETTINGS). */
export interface PointsSettingsTable {
  operator_id: string;
  enabled: boolean;
  points_per_yuan: number;
  lot_days: number;
  sign_in_points: number;
  streak_bonuses: ColumnType<StreakBonus[], string, string>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A resident's balance: the sum of what is left of their lots, never negative. */
export interface PointsBalancesTable {
  operator_id: string;
  resident_id: string;
  balance: Generated<number>;
  updated_at: Timestamp;
}

/** One change of a resident's points: the points ledger. */
export interface PointsEntriesTable {
  id: string;
  operator_id: string;
  resident_id: string;
  /** Points added (positive) or taken (negative). */
  delta: number;
  reason: PointsReason;
  /** The document it came from: an order, a refund, a sign-in day, a lot, a coupon. */
  document_id: string | null;
  /** Unique per operator: posting the same key again posts nothing. */
  key: string;
  /** Points a take-back could not take because the balance did not hold them. */
  shortfall: Generated<number>;
  balance_after: number;
  note: string | null;
  staff_id: string | null;
  at: Timestamp;
}

/** Points earned together, spent soonest-expiring first, what is left expired at `expires_at`. */
export interface PointsLotsTable {
  id: string;
  operator_id: string;
  resident_id: string;
  entry_id: string;
  points: number;
  remaining: number;
  earned_at: Timestamp;
  expires_at: Timestamp;
}

/** What an order earned at pickup, and how much refunds have taken back. */
export interface PointsOrderGrantsTable {
  operator_id: string;
  order_id: string;
  resident_id: string;
  base_fen: number;
  points: number;
  /** The order's refunded amount when it was granted: refunds up to it were never granted. */
  refunded_fen_at_grant: number;
  taken_back: Generated<number>;
  at: Timestamp;
}

/** A resident's sign-in on an operator-local day. */
export interface PointsSignInsTable {
  operator_id: string;
  resident_id: string;
  /** 'YYYY-MM-DD', the operator's time zone. */
  day: string;
  streak: number;
  points: number;
  bonus: number;
  at: Timestamp;
}

/** A coupon template residents may redeem points for. */
export interface PointsOffersTable {
  id: string;
  operator_id: string;
  /** The promotions module's coupon template (a promotion with trigger `coupon`). */
  coupon_template_id: string;
  title: string;
  points_cost: number;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PointsTables {
  points_settings: PointsSettingsTable;
  points_balances: PointsBalancesTable;
  points_entries: PointsEntriesTable;
  points_lots: PointsLotsTable;
  points_order_grants: PointsOrderGrantsTable;
  points_sign_ins: PointsSignInsTable;
  points_offers: PointsOffersTable;
}
