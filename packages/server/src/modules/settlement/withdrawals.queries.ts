import type { Executor } from '../../platform/db/database.ts';
import { onDay } from '../../platform/calendar.ts';

/**
 * What a leader asked to withdraw on a business day, as the withdrawal service counts it against
 * the daily limit: every request of the day but those rejected or failed.
 */
export async function withdrawnOnDay(db: Executor, operatorId: string, leaderId: string, day: string, tz: string): Promise<number> {
  const row = await db
    .selectFrom('withdrawals')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total'))
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('status', 'not in', ['rejected', 'failed'])
    .where(onDay('requested_at', day, tz))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
