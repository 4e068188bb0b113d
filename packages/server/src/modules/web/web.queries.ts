import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { localDate } from '../campaign/campaign.rules.ts';
import { timezoneOf } from '../ledger/ledger.queries.ts';

/** The business day asked for, or today, in the operator's time zone. */
export async function businessDayOf(ctx: AppContext, operatorId: string, date: string | undefined): Promise<{ day: string; tz: string }> {
  const tz = await timezoneOf(ctx.db, operatorId);
  return { day: date ?? localDate(ctx.clock.now(), tz), tz };
}

/** The first instant of a business day in a time zone, as SQL (daylight saving included). */
export const dayStart = (day: string, tz: string): RawBuilder<Date> => sql<Date>`(${day}::date)::timestamp at time zone ${tz}`;

/** The first instant of the next business day. */
export const dayEnd = (day: string, tz: string): RawBuilder<Date> => sql<Date>`(${day}::date + 1)::timestamp at time zone ${tz}`;

/** `column` falls on the business day, as SQL. */
export const onDay = (column: string, day: string, tz: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(column)} >= ${dayStart(day, tz)} and ${sql.ref(column)} < ${dayEnd(day, tz)})`;

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
