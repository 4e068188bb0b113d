import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { credit, debit } from './points.ledger.ts';
import { pointsSettings } from './points.settings.ts';

/**
 * Points for the other modules' plays (the lottery): spending a resident's points and giving
 * points, each in the caller's transaction and keyed (the same key posts nothing again), and the
 * sign-in days a play counts.
 */

export interface PlayPosting {
  operatorId: string;
  residentId: string;
  /** Unique per operator. */
  key: string;
  reason: 'lottery_draw' | 'lottery_prize';
  documentId: string;
  note?: string | null;
}

/**
 * Spends `points` of the resident's, soonest-expiring first. POINTS_DISABLED while points are off,
 * POINTS_INSUFFICIENT short of the balance (nothing changes). Answers the balance after.
 */
export async function spendPoints(trx: Tx, now: Date, p: PlayPosting, points: number): Promise<number> {
  if (!(await pointsSettings(trx, p.operatorId)).enabled) throw new AppError('POINTS_DISABLED', 'points are switched off');
  const posted = await debit(trx, now, { ...p, staffId: null }, points, { strict: true });
  if (!posted) throw new AppError('CONFLICT', 'these points were spent already', { key: p.key });
  return posted.balance;
}

/**
 * Gives the resident `points` as a lot with the operator's lifetime. False while points are off
 * (nothing is given) or when the key was posted before.
 */
export async function givePoints(trx: Tx, now: Date, p: PlayPosting, points: number): Promise<boolean> {
  const settings = await pointsSettings(trx, p.operatorId);
  if (!settings.enabled) return false;
  return (await credit(trx, now, { ...p, staffId: null }, points, settings.lotDays)) !== undefined;
}

/** How many days from `fromDay` to `toDay` (operator-local 'YYYY-MM-DD', both included) the resident signed in. */
export async function signInDaysBetween(
  db: Executor,
  operatorId: string,
  residentId: string,
  fromDay: string,
  toDay: string,
): Promise<number> {
  const row = await db
    .selectFrom('points_sign_ins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
