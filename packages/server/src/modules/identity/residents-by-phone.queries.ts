import type { Executor } from '../../platform/db/database.ts';

/**
 * The ids of the operator's residents with this phone in full, in id order: what a staff search
 * by phone finds. The caller audits the search (privacy's `logPhoneSearch`) in the same transaction.
 */
export async function residentIdsWithPhone(db: Executor, operatorId: string, phone: string): Promise<string[]> {
  const rows = await db
    .selectFrom('residents')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('phone', '=', phone)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
