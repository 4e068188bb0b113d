import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { OnResidentRegistered } from '../identity/index.ts';
import { issueCoupon } from './coupons.service.ts';

/**
 * Newcomer coupons: the listener a sign-up hands identity (called in the registering transaction,
 * only when the resident is new). It issues one coupon of each of the operator's running coupon
 * templates marked `issue_on_sign_up`, source `newcomer`, cause the resident (one per template
 * whatever the retries). A template that cannot give one now (run out, paused, ended, at its
 * limits) gives nothing, and nothing of the attempt is kept (a savepoint): a sign-up never fails
 * for a coupon.
 */
export const newcomerCoupons: OnResidentRegistered = async (db, now, r) => {
  const templates = await db
    .selectFrom('promotions')
    .select('id')
    .where('operator_id', '=', r.operatorId)
    // A literal: the partial index promotions_sign_up serves only a plan that knows the condition.
    .where('issue_on_sign_up', '=', sql.lit(true))
    .where('trigger', '=', 'coupon')
    .where('status', '=', 'active')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (templates.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const t of templates) {
      await sql`savepoint newcomer_coupon`.execute(trx);
      try {
        await issueCoupon(trx, now, {
          operatorId: r.operatorId,
          templateId: t.id,
          residentId: r.residentId,
          source: 'newcomer',
          sourceId: r.residentId,
        });
      } catch (err) {
        await sql`rollback to savepoint newcomer_coupon`.execute(trx);
        if (!(err instanceof AppError)) throw err;
      }
      await sql`release savepoint newcomer_coupon`.execute(trx);
    }
  });
};

/** The caller's transaction, or one of its own when handed the database. */
function inTransaction(db: Executor, work: (trx: Tx) => Promise<void>): Promise<void> {
  return db.isTransaction ? work(db as Tx) : db.transaction().execute(work);
}
