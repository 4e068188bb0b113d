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

/** What leader recruiting checks of an approved application: the applicant, their phone, the proposed point and the referrer. */
export async function referredApplication(db: Executor, operatorId: string, applicationId: string) {
  return db
    .selectFrom('leader_applications')
    .select(['id', 'resident_id as residentId', 'phone', 'name', 'point_lat as lat', 'point_lng as lng', 'referrer_id as referrerId'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', applicationId)
    .executeTakeFirst();
}
