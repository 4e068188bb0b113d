import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of leader transfer (migration 0058, module leader-transfer). */

export type LeaderTransferReason = 'removal' | 'leaving';
export type LeaderTransferStatus = 'proposed' | 'confirmed' | 'completed' | 'cancelled';

/** A leader's removal or leave, and the move of their members to other leaders' pickup points. */
export interface LeaderTransfersTable {
  id: string;
  operator_id: string;
  leader_id: string;
  reason: LeaderTransferReason;
  note: string;
  status: LeaderTransferStatus;
  requested_by_kind: 'staff' | 'leader';
  requested_by_id: string;
  created_at: Timestamp;
  confirmed_by: string | null;
  confirmed_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  members_moved: Generated<number>;
  /** The withdrawal of the leader's available commission made at completion, if any. */
  withdrawal_id: string | null;
  /** What a confirmed transfer still waits for before the leader is suspended (null: nothing yet checked). */
  waiting_for: string | null;
}

/** One of the leader's pickup points in a transfer: where its members go. */
export interface LeaderTransferPointsTable {
  transfer_id: string;
  operator_id: string;
  from_point_id: string;
  /** The rule's choice (null: no good point near enough). */
  proposed_point_id: string | null;
  /** The target staff confirm (the proposal unless changed). */
  to_point_id: string | null;
  distance_m: number | null;
  members: Generated<number>;
}

/** A member moved by a transfer: once per transfer and resident. */
export interface LeaderTransferMovesTable {
  transfer_id: string;
  operator_id: string;
  resident_id: string;
  from_point_id: string;
  to_point_id: string;
  moved_at: Timestamp;
}

export interface LeaderTransferTables {
  leader_transfers: LeaderTransfersTable;
  leader_transfer_points: LeaderTransferPointsTable;
  leader_transfer_moves: LeaderTransferMovesTable;
}
