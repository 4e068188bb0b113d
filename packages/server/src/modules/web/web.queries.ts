import type { AppContext } from '../../context.ts';
import { localDate, onDay } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';

/** The business day asked for, or today, in the operator's time zone. */
export async function businessDayOf(ctx: AppContext, operatorId: string, date: string | undefined): Promise<{ day: string; tz: string }> {
  const tz = await operatorTimeZone(ctx.db, operatorId);
  return { day: date ?? localDate(ctx.clock.now(), tz), tz };
}

/**
 * What a leader asked to withdraw on a business day, as the withdrawal service counts it against
 * the daily limit: every request of the day but those rejected or failed.
 */
export async function withdrawnOnDay(ctx: AppContext, operatorId: string, leaderId: string, day: string, tz: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('withdrawals')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total'))
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('status', 'not in', ['rejected', 'failed'])
    .where(onDay('requested_at', day, tz))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
