import type { AppContext } from '../../context.ts';
import { localDate } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';

/** The business day asked for, or today, in the operator's time zone. */
export async function businessDayOf(ctx: AppContext, operatorId: string, date: string | undefined): Promise<{ day: string; tz: string }> {
  const tz = await operatorTimeZone(ctx.db, operatorId);
  return { day: date ?? localDate(ctx.clock.now(), tz), tz };
}
