import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Table types of promotions (migrations 0040, 0049, 0050, 0059; module promotions). */

/** `play`: the price of a play (team buy, flash sale, bargain), its `discount_kind` `play_price` (migration 0050). */
export type PromotionTrigger = 'automatic' | 'coupon' | 'play';
export type DiscountKind = 'amount' | 'percent' | 'free_unit' | 'play_price';
export type PromotionScopeKind = 'operator' | 'sku' | 'category' | 'campaign' | 'leader';
export type PromotionStatus = 'active' | 'paused' | 'ended';
export type CouponStatus = 'available' | 'held' | 'used' | 'expired';
export type CouponSource = 'claim' | 'newcomer' | 'compensation' | 'invite' | 'staff' | 'points' | 'lottery';

export interface PromotionsTable {
  id: string;
  operator_id: string;
  name: string;
  description: Generated<string>;
  trigger: PromotionTrigger;
  discount_kind: DiscountKind;
  amount_off_fen: number | null;
  percent_off: number | null;
  max_off_fen: number | null;
  threshold_fen: Generated<number>;
  scope_kind: PromotionScopeKind;
  scope_ids: Generated<string[]>;
  newcomer_only: Generated<boolean>;
  stackable: Generated<boolean>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  per_resident_limit: number | null;
  total_limit: number | null;
  issued_count: Generated<number>;
  used_count: Generated<number>;
  budget_fen: number | null;
  spent_fen: Generated<number>;
  funded_by: Generated<'operator' | 'supplier'>;
  supplier_id: string | null;
  coupon_valid_days: number | null;
  claimable: Generated<boolean>;
  /** Issued to every resident at sign-up (migration 0046; coupon templates only). */
  issue_on_sign_up: Generated<boolean>;
  /** Member segments left out of its audience (migration 0059, module crm computes the segments). */
  excluded_segments: Generated<string[]>;
  status: Generated<PromotionStatus>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CouponsTable {
  id: string;
  operator_id: string;
  promotion_id: string;
  resident_id: string;
  status: Generated<CouponStatus>;
  source: CouponSource;
  source_id: string | null;
  shared_by_leader_id: string | null;
  valid_from: Timestamp;
  valid_until: Timestamp;
  order_id: string | null;
  issued_at: Timestamp;
  used_at: Timestamp | null;
  returned_count: Generated<number>;
}

export interface PromotionResidentUsesTable {
  promotion_id: string;
  resident_id: string;
  operator_id: string;
  uses: number;
}

export interface OrderDiscountsTable {
  order_id: string;
  promotion_id: string;
  operator_id: string;
  resident_id: string;
  leader_id: string;
  coupon_id: string | null;
  amount_fen: number;
  /** Its parts per order line (they add up to amount_fen), written once by checkout and read whole. */
  lines: Json<Array<{ order_line_id: string; amount_fen: number }>>;
  status: Generated<'applied' | 'returned'>;
  created_at: Timestamp;
  returned_at: Timestamp | null;
}

export interface PromotionTables {
  promotions: PromotionsTable;
  coupons: CouponsTable;
  promotion_resident_uses: PromotionResidentUsesTable;
  order_discounts: OrderDiscountsTable;
}
