import type { privacy } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Principal, staffNames } from '../identity/index.ts';

/**
 * Where each kind of record keeps the phone a reveal may show: its owner's lookup, undefined for
 * none of the operator's. The routes hand it in: privacy sits low (the order desk logs its phone
 * searches here), below leader applications, so it cannot ask every owner itself.
 */
export type PersonalPhones = Record<
  privacy.PersonalRecordKind,
  (db: Executor, operatorId: string, id: string) => Promise<string | undefined>
>;

/**
 * Writes a search by a full phone to the audit log, in the caller's transaction (the search and
 * its log are one): one row per resident the phone matched, or one with record id `-` when it
 * matched none (a probe is logged too).
 */
export async function logPhoneSearch(trx: Executor, now: Date, staff: Principal, ip: string, residentIds: readonly string[]) {
  await trx
    .insertInto('audit_log')
    .values(
      (residentIds.length ? residentIds : ['-']).map((recordId) => ({
        id: newId('aud'),
        operator_id: staff.operatorId,
        staff_id: staff.id,
        staff_roles: staff.roles,
        action: 'personal_data.search' as const,
        record_kind: 'resident',
        record_id: recordId,
        field: 'phone',
        ip,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Shows one record's masked field in full to a staff member allowed to see it, and writes who
 * looked, with which roles, at what, from where and when to the audit log in the same
 * transaction: a reveal that is not logged does not happen. NOT_FOUND for another tenant's record.
 */
export async function revealPersonalData(
  ctx: AppContext,
  staff: Principal,
  ip: string,
  input: privacy.RevealPersonalData,
  phoneOf: PersonalPhones,
): Promise<privacy.RevealedPersonalData> {
  const field = input.field ?? 'phone';
  return ctx.db.transaction().execute(async (trx) => {
    const phone = found(await phoneOf[input.kind](trx, staff.operatorId, input.id), input.kind.replace('_', ' '));
    await trx
      .insertInto('audit_log')
      .values({
        id: newId('aud'),
        operator_id: staff.operatorId,
        staff_id: staff.id,
        staff_roles: staff.roles,
        action: 'personal_data.reveal',
        record_kind: input.kind,
        record_id: input.id,
        field,
        ip,
        created_at: ctx.clock.now(),
      })
      .execute();
    return { kind: input.kind, id: input.id, field, value: phone };
  });
}

export interface AuditLogFilter {
  page: number;
  pageSize: number;
  staffId?: string | undefined;
  recordId?: string | undefined;
}

/** The operator's audit log, newest first, filtered by staff member or record. */
export async function listAuditLog(db: Executor, operatorId: string, f: AuditLogFilter): Promise<Page<privacy.AuditLogEntry>> {
  let base = db.selectFrom('audit_log').where('operator_id', '=', operatorId);
  if (f.staffId) base = base.where('staff_id', '=', f.staffId);
  if (f.recordId) base = base.where('record_id', '=', f.recordId);
  const listed = await fetchPage(f, base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), base);
  const names = await staffNames(
    db,
    operatorId,
    listed.items.map((r) => r.staff_id),
  );
  return {
    ...listed,
    items: listed.items.map((r) => ({
      id: r.id,
      action: r.action,
      staff: { id: r.staff_id, name: names.get(r.staff_id) ?? '' },
      staffRoles: r.staff_roles,
      recordKind: r.record_kind,
      recordId: r.record_id,
      field: r.field,
      ip: r.ip,
      at: r.created_at.toISOString(),
    })),
  };
}
