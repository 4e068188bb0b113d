import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of the residents' voice (migration 0055, module feedback). */

export type ComplaintTargetKind = 'leader' | 'supplier' | 'driver';
export type ComplaintState = 'open' | 'assigned' | 'resolved' | 'appealed';
/** A resolution's finding: the target at fault (counted in its rates) or not (migration 0062). */
export type ComplaintOutcome = 'upheld' | 'dismissed';
export type ComplaintStep = 'opened' | 'assigned' | 'resolved' | 'appealed';

/** A resident's rating of one picked-up order: once, 1–5 on items, freshness and the leader's service. */
export interface OrderRatingsTable {
  id: string;
  operator_id: string;
  order_id: string;
  resident_id: string;
  leader_id: string;
  pickup_point_id: string;
  items_score: number;
  freshness_score: number;
  service_score: number;
  comment: string | null;
  created_at: Timestamp;
}

/** The suppliers of a rated order's lines, as they were when it was rated. */
export interface OrderRatingSuppliersTable {
  rating_id: string;
  operator_id: string;
  supplier_id: string;
  created_at: Timestamp;
}

/** A complaint ticket against a leader, a supplier or a driver, from one of the resident's orders. */
export interface ComplaintsTable {
  id: string;
  operator_id: string;
  order_id: string;
  order_line_id: string | null;
  resident_id: string;
  target_kind: ComplaintTargetKind;
  target_id: string;
  leader_id: string;
  description: string;
  state: Generated<ComplaintState>;
  assignee_id: string | null;
  resolution: string | null;
  /** The last resolution's finding; a dismissed complaint does not count against its target while resolved. */
  outcome: Generated<ComplaintOutcome | null>;
  appeal_reason: string | null;
  appeals: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
}

/** One step of a ticket: who did what, when, with their note. */
export interface ComplaintStepsTable {
  id: string;
  operator_id: string;
  complaint_id: string;
  step: ComplaintStep;
  actor_kind: 'resident' | 'staff';
  actor_id: string;
  note: string | null;
  at: Timestamp;
}

export interface FeedbackTables {
  order_ratings: OrderRatingsTable;
  order_rating_suppliers: OrderRatingSuppliersTable;
  complaints: ComplaintsTable;
  complaint_steps: ComplaintStepsTable;
}
