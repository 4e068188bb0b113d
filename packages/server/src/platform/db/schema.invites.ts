import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of invite rewards (migration 0043, module invites). */

export type InviteStatus = 'registered' | 'held' | 'rewarded' | 'refused' | 'rejected';

/** A resident's own invite code (created on first ask, never changed). */
export interface InviteCodesTable {
  operator_id: string;
  resident_id: string;
  code: string;
  created_at: Timestamp;
}

/** One resident who signed up through another's code, and their reward's life. */
export interface InvitesTable {
  id: string;
  operator_id: string;
  inviter_id: string;
  invitee_id: string;
  /** HMACs under the installation secret: compared, never shown. */
  invitee_phone_hash: string;
  device_hash: string | null;
  openid_hash: string | null;
  registered_at: Timestamp;
  status: Generated<InviteStatus>;
  /** Why a reward was held or refused (the abuse rules' reasons). */
  flags: ColumnType<string[], string[] | undefined, string[]>;
  /** The invitee's pickup point, from their first picked-up order. */
  pickup_point_id: string | null;
  first_order_id: string | null;
  first_picked_up_at: Timestamp | null;
  reward_points: number | null;
  /** The coupon the inviter got with the reward (migration 0044), if the settings name a template. */
  reward_coupon_id: Generated<string | null>;
  rewarded_at: Timestamp | null;
  /** The staff member who approved or rejected a held reward, when, and why. */
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

/** The operator's reward and limits. */
export interface InviteSettingsTable {
  operator_id: string;
  enabled: Generated<boolean>;
  reward_points: Generated<number>;
  inviter_daily_limit: Generated<number>;
  operator_daily_cap: Generated<number>;
  cluster_device_threshold: Generated<number>;
  cluster_point_threshold: Generated<number>;
  cluster_window_minutes: Generated<number>;
  /** A coupon template (promotions) the inviter also gets; null: points only (migration 0044). */
  reward_coupon_template_id: Generated<string | null>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface InviteTables {
  invite_codes: InviteCodesTable;
  invites: InvitesTable;
  invite_settings: InviteSettingsTable;
}
