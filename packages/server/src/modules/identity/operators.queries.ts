import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { localDate } from '../../platform/calendar.ts';

/** The operator's time zone (IANA name): its business days, cutoffs and reports follow it. */
export async function operatorTimeZone(db: Executor, operatorId: string): Promise<string> {
  const row = await db.selectFrom('operators').select('timezone').where('id', '=', operatorId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'operator not found');
  return row.timezone;
}

/** The operator's business date ('YYYY-MM-DD') at an instant. */
export async function businessToday(db: Executor, operatorId: string, now: Date): Promise<string> {
  return localDate(now, await operatorTimeZone(db, operatorId));
}

/** Every operator with its time zone (IANA name): for the jobs that run once per operator and business day. */
export async function operatorTimeZones(db: Executor): Promise<Array<{ id: string; timeZone: string }>> {
  return db.selectFrom('operators').select(['id', 'timezone as timeZone']).execute();
}

/** The slug of the installation's only operator; null when there is none or there are several. */
export async function soleOperatorSlug(db: Executor): Promise<string | null> {
  const rows = await db.selectFrom('operators').select('slug').orderBy('slug').limit(2).execute();
  return rows.length === 1 ? (rows[0]?.slug ?? null) : null;
}
