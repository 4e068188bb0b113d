import type { StaffRole, Timestamp } from './schema.ts';

/** Table types of the privacy audit (migration 0011). */

/** One look at personal data in full: a staff member revealing a masked field of a record. */
export interface AuditLogTable {
  id: string;
  operator_id: string;
  staff_id: string;
  /** The roles the staff member held when they looked. */
  staff_roles: StaffRole[];
  /** A reveal of one field, or a search by a full phone (orders desk). */
  action: 'personal_data.reveal' | 'personal_data.search';
  record_kind: string;
  record_id: string;
  field: string;
  ip: string;
  created_at: Timestamp;
}

export interface PrivacyTables {
  audit_log: AuditLogTable;
}
