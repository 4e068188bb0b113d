import type { AppContext } from '../../context.ts';
import { localDate } from '../../platform/calendar.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { operatorTimeZone, type Principal, residentAccount } from '../identity/index.ts';
import { credit, debit, lockBalance } from './points.ledger.ts';
import { nextStreak, signInAward } from './points.rules.ts';
import { pointsSettings } from './points.settings.ts';

export interface SignedIn {
  day: string;
  streak: number;
  points: number;
  bonus: number;
  balance: number;
}

/**
 * A resident's daily sign-in (签到): one per operator-local day. The streak counts consecutive
 * days; the day's points and the streak day's bonus are each an entry and a lot. A second
 * sign-in the same day is ALREADY_SIGNED_IN and changes nothing: the sign-in's primary key
 * (operator, resident, day) decides between concurrent ones.
 */
export async function signIn(ctx: AppContext, me: Principal): Promise<SignedIn> {
  const now = ctx.clock.now();
  const settings = await pointsSettings(ctx.db, me.operatorId);
  if (!settings.enabled) throw new AppError('POINTS_DISABLED', 'points are switched off');
  const day = localDate(now, await operatorTimeZone(ctx.db, me.operatorId));
  return ctx.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('points_sign_ins')
      .select(['day', 'streak'])
      .where('operator_id', '=', me.operatorId)
      .where('resident_id', '=', me.id)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last?.day === day) throw new AppError('ALREADY_SIGNED_IN', `already signed in on ${day}`, { day });
    const streak = nextStreak(last, day);
    const award = signInAward(settings, streak);
    const inserted = await trx
      .insertInto('points_sign_ins')
      .values({ operator_id: me.operatorId, resident_id: me.id, day, streak, points: award.points, bonus: award.bonus, at: now })
      .onConflict((oc) => oc.columns(['operator_id', 'resident_id', 'day']).doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!inserted) throw new AppError('ALREADY_SIGNED_IN', `already signed in on ${day}`, { day });
    let balance = await lockBalance(trx, now, me.operatorId, me.id);
    const base = { operatorId: me.operatorId, residentId: me.id, documentId: day };
    if (award.points > 0) {
      const posted = await credit(trx, now, { ...base, key: `sign_in:${me.id}:${day}`, reason: 'sign_in' }, award.points, settings.lotDays);
      balance = posted?.balance ?? balance;
    }
    if (award.bonus > 0) {
      const posted = await credit(
        trx,
        now,
        { ...base, key: `streak_bonus:${me.id}:${day}`, reason: 'streak_bonus', note: `day ${streak}` },
        award.bonus,
        settings.lotDays,
      );
      balance = posted?.balance ?? balance;
    }
    return { day, streak, points: award.points, bonus: award.bonus, balance };
  });
}

/**
 * Staff add or take a resident's points by hand, with a reason. Taking more than the balance is
 * POINTS_INSUFFICIENT and changes nothing; added points are a lot with the operator's lifetime.
 */
export async function adjustPoints(
  ctx: AppContext,
  staff: Principal,
  residentId: string,
  change: { delta: number; reason: string },
): Promise<{ entryId: string; delta: number; balance: number }> {
  found(await residentAccount(ctx.db, staff.operatorId, residentId), 'resident');
  const now = ctx.clock.now();
  const settings = await pointsSettings(ctx.db, staff.operatorId);
  const key = `staff:${newId('adj')}`;
  const posting = {
    operatorId: staff.operatorId,
    residentId,
    key,
    reason: 'staff_adjustment' as const,
    documentId: null,
    note: change.reason,
    staffId: staff.id,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const posted =
      change.delta > 0
        ? await credit(trx, now, posting, change.delta, settings.lotDays)
        : await debit(trx, now, posting, -change.delta, { strict: true });
    if (!posted) throw new Error('a fresh adjustment key was already posted');
    return { entryId: posted.entryId, delta: posted.delta, balance: posted.balance };
  });
}
