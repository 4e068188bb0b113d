import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { expireDueLots } from './points.ledger.ts';

const RESIDENTS_PER_RUN = 200;

/**
 * The expiry sweep: what is left of lots past their date is expired, an `expired` entry per lot,
 * one resident per transaction (the resident's balance lock first, as every writer takes it).
 * Up to 200 residents a run; the rest go on the next poll. Answers how many residents it swept.
 */
export async function expirePoints(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('points_lots')
    .select(['operator_id', 'resident_id'])
    .distinct()
    // A literal: the partial index points_lots_due serves only a plan that knows the bound.
    .where('remaining', '>', sql.lit(0))
    .where('expires_at', '<=', now)
    .limit(RESIDENTS_PER_RUN)
    .execute();
  for (const r of due) {
    await ctx.db.transaction().execute((trx) => expireDueLots(trx, now, r.operator_id, r.resident_id));
  }
  return due.length;
}
