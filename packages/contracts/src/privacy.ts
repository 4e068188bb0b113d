import { z } from 'zod';
import { Id, PageQuery, StaffRole, Timestamp, pageOf } from './common.ts';

// ---- personal data: masked in every list and detail, revealed one record at a time and logged ----

export const PersonalRecordKind = z.enum(['leader', 'leader_application', 'resident']);
export type PersonalRecordKind = z.infer<typeof PersonalRecordKind>;

export const RevealPersonalData = z.strictObject({
  kind: PersonalRecordKind.describe('which kind of record'),
  id: Id.describe("the record's id"),
  field: z.literal('phone').default('phone').describe('which field to show in full'),
});
export type RevealPersonalData = z.input<typeof RevealPersonalData>;

export const RevealedPersonalData = z.object({
  kind: PersonalRecordKind,
  id: Id,
  field: z.literal('phone'),
  value: z.string().describe('the full value; this look is written to the audit log'),
});
export type RevealedPersonalData = z.infer<typeof RevealedPersonalData>;

export const AuditLogEntry = z.object({
  id: Id,
  action: z.enum(['personal_data.reveal', 'personal_data.search']).describe('a reveal of one field, or a search by a full phone'),
  staff: z.object({ id: Id, name: z.string() }),
  staffRoles: z.array(StaffRole).describe('the roles held at the time'),
  recordKind: z.string(),
  recordId: Id,
  field: z.string(),
  ip: z.string().describe('the address the request came from'),
  at: Timestamp,
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;
export const AuditLogPage = pageOf(AuditLogEntry);
export const AuditLogQuery = PageQuery.extend({ staffId: Id.optional(), recordId: Id.optional() });
