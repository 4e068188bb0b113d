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
