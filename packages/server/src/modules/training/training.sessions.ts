import type { training } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId, randomDigits } from '../../platform/ids.ts';
import { existingLeaderIds } from '../leader/index.ts';
import type { Principal } from '../identity/index.ts';
import { MINUTE } from '../../platform/clock.ts';
import { checkInOpen, weeklyStarts } from './training.rules.ts';

/**
 * Training sessions (e.g. the weekly sales training) are dated: a weekly series is created as one
 * session per week. Attendance is taken two ways: the trainer shows the session's four-digit code
 * and each leader types it on the phone while check-in is open (30 minutes before the start to the
 * end), or staff mark a leader present or absent afterwards.
 */

/** Creates one session, or `weeks` sessions a week apart tied by a series id. Returns their ids. */
export async function createSessions(ctx: AppContext, staff: Principal, input: training.CreateSessions): Promise<string[]> {
  const first = new Date(input.startsAt);
  const seriesId = input.weeks > 1 ? newId('trs') : null;
  const now = ctx.clock.now();
  const rows = weeklyStarts(first, input.weeks).map((startsAt) => ({
    id: newId('tss'),
    operator_id: staff.operatorId,
    series_id: seriesId,
    title: input.title,
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + input.durationMinutes * MINUTE),
    check_in_code: randomDigits(4),
    created_at: now,
  }));
  await ctx.db.insertInto('training_sessions').values(rows).execute();
  return rows.map((r) => r.id);
}

/**
 * A leader checks in with the code shown at a session open now. VALIDATION_FAILED when no
 * session open now has that code; checking in twice is harmless. Returns the session's id.
 */
export async function checkIn(ctx: AppContext, leader: Principal, code: string): Promise<string> {
  const now = ctx.clock.now();
  const candidates = await ctx.db
    .selectFrom('training_sessions')
    .select(['id', 'starts_at', 'ends_at'])
    .where('operator_id', '=', leader.operatorId)
    .where('check_in_code', '=', code)
    .where('ends_at', '>=', now)
    .where('starts_at', '<=', new Date(now.getTime() + 30 * MINUTE))
    .orderBy('starts_at')
    .execute();
  const session = candidates.find((s) => checkInOpen({ startsAt: s.starts_at, endsAt: s.ends_at }, now));
  if (!session) throw new AppError('VALIDATION_FAILED', 'no session open now has this code', { field: 'code' });
  await ctx.db
    .insertInto('training_attendance')
    .values({ session_id: session.id, leader_id: leader.id, operator_id: leader.operatorId, via: 'code', marked_by: null, at: now })
    .onConflict((oc) => oc.columns(['session_id', 'leader_id']).doNothing())
    .execute();
  return session.id;
}

/** Staff mark a leader present (or take the mark back) at one of the operator's sessions. */
export async function markAttendance(ctx: AppContext, staff: Principal, sessionId: string, input: training.MarkAttendance): Promise<void> {
  found(
    await ctx.db
      .selectFrom('training_sessions')
      .select('id')
      .where('operator_id', '=', staff.operatorId)
      .where('id', '=', sessionId)
      .executeTakeFirst(),
    'session',
  );
  if (!(await existingLeaderIds(ctx.db, staff.operatorId, [input.leaderId])).has(input.leaderId))
    throw new AppError('NOT_FOUND', 'leader not found');
  if (!input.attended) {
    await ctx.db.deleteFrom('training_attendance').where('session_id', '=', sessionId).where('leader_id', '=', input.leaderId).execute();
    return;
  }
  await ctx.db
    .insertInto('training_attendance')
    .values({
      session_id: sessionId,
      leader_id: input.leaderId,
      operator_id: staff.operatorId,
      via: 'staff',
      marked_by: staff.id,
      at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['session_id', 'leader_id']).doNothing())
    .execute();
}
