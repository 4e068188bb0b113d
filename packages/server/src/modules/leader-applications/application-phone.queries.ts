import type { Executor } from '../../platform/db/database.ts';

/** The phone an application was made with, in full, or undefined for none of the operator's (a reveal the audit log records). */
export async function applicationPhone(db: Executor, operatorId: string, applicationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('leader_applications')
    .select('phone')
    .where('operator_id', '=', operatorId)
    .where('id', '=', applicationId)
    .executeTakeFirst();
  return row?.phone;
}
