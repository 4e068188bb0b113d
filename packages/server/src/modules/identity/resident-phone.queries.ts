import type { Executor } from '../../platform/db/database.ts';

/**
 * A resident's phone in full, or undefined for none of the operator's: for the resident's own use
 * (their leader application) and for a reveal the audit log records. Leaders see it masked
 * (`residentsSeenByLeader`).
 */
export async function residentPhone(db: Executor, operatorId: string, residentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('residents')
    .select('phone')
    .where('operator_id', '=', operatorId)
    .where('id', '=', residentId)
    .executeTakeFirst();
  return row?.phone;
}
