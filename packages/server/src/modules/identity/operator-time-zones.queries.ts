import type { Executor } from '../../platform/db/database.ts';

/** Every operator with its time zone (IANA name): for the jobs that run once per operator and business day. */
export async function operatorTimeZones(db: Executor): Promise<Array<{ id: string; timeZone: string }>> {
  return db.selectFrom('operators').select(['id', 'timezone as timeZone']).execute();
}
