import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of leader applications (migration 0010). */

export type LeaderApplicationStatus = 'pending' | 'approved' | 'rejected';

export interface LeaderApplicationsTable {
  id: string;
  operator_id: string;
  resident_id: string;
  /** The resident's login phone when they applied; the leader's login once approved. */
  phone: string;
  name: string;
  point_name: string;
  point_address: string;
  point_lat: number;
  point_lng: number;
  point_opening_hours: string;
  note: string;
  status: LeaderApplicationStatus;
  /** Why it was rejected (only when rejected). */
  reason: string | null;
  leader_id: string | null;
  pickup_point_id: string | null;
  decided_by_id: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  /** The leader whose recruit link brought the applicant (an active leader of the operator when they applied; migration 0060). */
  referrer_id: Generated<string | null>;
}

export interface ApplicationTables {
  leader_applications: LeaderApplicationsTable;
}
