import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Table types of pickup verification, unpicked orders and after-sales (migration 0005). */

export type UnpickedRule = 'return_to_warehouse' | 'leader_disposal';

/** An operator's pickup and after-sales rules; no row means the defaults. */
export interface AftersalesSettingsTable {
  operator_id: string;
  unpicked_after_days: Generated<number>;
  unpicked_rule: Generated<UnpickedRule>;
  unpicked_refund: Generated<boolean>;
  claim_window_hours: Generated<number>;
  updated_at: Timestamp;
}

export interface PickupVerificationsTable {
  id: string;
  operator_id: string;
  order_id: string;
  pickup_point_id: string;
  leader_id: string;
  method: 'code' | 'scan';
  verified_at: Timestamp;
}

export interface PickupVerificationLinesTable {
  verification_id: string;
  operator_id: string;
  order_id: string;
  order_line_id: string;
  quantity: number;
}

export type UnpickedStatus = 'to_return' | 'returned' | 'to_dispose' | 'disposed';

export interface UnpickedOrdersTable {
  order_id: string;
  operator_id: string;
  pickup_point_id: string;
  leader_id: string;
  pickup_date: string;
  rule: UnpickedRule;
  status: UnpickedStatus;
  lines: Json<Array<{ orderLineId: string; quantity: number }>>;
  refund_id: string | null;
  recorded_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
}

export type ClaimType = 'missing' | 'damaged' | 'quality' | 'wrong_item';
export type CaseStatus = 'submitted' | 'approved' | 'refunded' | 'rejected' | 'withdrawn';
export type CaseBlame = 'supplier' | 'warehouse' | 'driver' | 'leader' | 'none';

export interface AftersaleCasesTable {
  id: string;
  operator_id: string;
  order_id: string;
  order_line_id: string;
  resident_id: string;
  pickup_point_id: string;
  type: ClaimType;
  quantity: number;
  requested_fen: number;
  description: Generated<string>;
  evidence_urls: Json<string[]>;
  status: CaseStatus;
  blame: CaseBlame | null;
  approved_fen: number | null;
  decision_reason: string | null;
  decided_by_kind: 'leader' | 'staff' | null;
  decided_by_id: string | null;
  decided_at: Timestamp | null;
  refund_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AftersalesTables {
  aftersales_settings: AftersalesSettingsTable;
  pickup_verifications: PickupVerificationsTable;
  pickup_verification_lines: PickupVerificationLinesTable;
  unpicked_orders: UnpickedOrdersTable;
  aftersale_cases: AftersaleCasesTable;
}
