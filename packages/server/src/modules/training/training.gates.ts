import type { Executor } from '../../platform/db/database.ts';
import { notify } from '../../platform/notifications.ts';
import { pickupPointIdsOfLeader, setPickupPointStatus } from '../leader/index.ts';
import { mayOpen } from './training.rules.ts';

/**
 * The opening gate: when the operator has published required courses, a newly approved leader's
 * pickup point starts closed, held by a `training_gates` row (the reason it is closed), and opens
 * itself the moment the leader has completed every published required course. Existing leaders'
 * points are never held.
 */

/** The operator's published required courses. */
export async function requiredCourseIds(db: Executor, operatorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('training_courses')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('required', '=', true)
    .where('status', '=', 'published')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

async function completedBy(db: Executor, operatorId: string, leaderIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const done = new Map<string, Set<string>>();
  if (leaderIds.length === 0) return done;
  const rows = await db
    .selectFrom('training_completions')
    .select(['leader_id', 'course_id'])
    .where('operator_id', '=', operatorId)
    .where('leader_id', 'in', [...new Set(leaderIds)])
    .execute();
  for (const r of rows) done.set(r.leader_id, (done.get(r.leader_id) ?? new Set()).add(r.course_id));
  return done;
}

/**
 * Called in the approval's transaction right after the leader's point is created: holds the point
 * closed when the operator has published required courses the leader has not completed. Returns
 * whether it holds it.
 */
export async function holdPointForTraining(
  db: Executor,
  now: Date,
  operatorId: string,
  leaderId: string,
  pointId: string,
): Promise<boolean> {
  const required = await requiredCourseIds(db, operatorId);
  const done = (await completedBy(db, operatorId, [leaderId])).get(leaderId) ?? new Set<string>();
  if (mayOpen(required, done).open) return false;
  await setPickupPointStatus(db, operatorId, pointId, 'closed');
  await db
    .insertInto('training_gates')
    .values({ pickup_point_id: pointId, operator_id: operatorId, leader_id: leaderId, state: 'waiting', created_at: now, opened_at: null })
    .onConflict((oc) => oc.column('pickup_point_id').doNothing())
    .execute();
  await notify(db, now, operatorId, [
    {
      recipientKind: 'leader',
      recipientId: leaderId,
      title: '完成必修培训后开店',
      body: '您的自提点将在完成必修课程后自动开放：请在团长端「培训」中学习并通过测验。',
    },
  ]);
  return true;
}

/**
 * Called in the transaction where staff open a pickup point for a leader themselves (not through
 * an application): the point is a new leader's when it is the leader's only point, or when a point
 * of theirs already waits for training; then it is held like an approved applicant's. A point
 * added for a leader already at work opens at once. Returns whether it holds it.
 */
export async function holdNewLeaderPoint(db: Executor, now: Date, operatorId: string, leaderId: string, pointId: string): Promise<boolean> {
  const points = await pickupPointIdsOfLeader(db, operatorId, leaderId);
  const onlyPoint = points.length === 1 && points[0] === pointId;
  if (!onlyPoint && !(await pointWaiting(db, operatorId, leaderId))) return false;
  return holdPointForTraining(db, now, operatorId, leaderId, pointId);
}

/**
 * Opens every waiting point (of these leaders, or of all the operator's) whose leader has now
 * completed every published required course, and tells the leader. Returns the points opened.
 */
export async function releaseReadyGates(db: Executor, now: Date, operatorId: string, leaderIds?: readonly string[]): Promise<string[]> {
  let waitingQuery = db
    .selectFrom('training_gates')
    .select(['pickup_point_id', 'leader_id'])
    .where('operator_id', '=', operatorId)
    .where('state', '=', 'waiting');
  if (leaderIds) {
    if (leaderIds.length === 0) return [];
    waitingQuery = waitingQuery.where('leader_id', 'in', [...new Set(leaderIds)]);
  }
  const waiting = await waitingQuery.execute();
  if (waiting.length === 0) return [];
  const required = await requiredCourseIds(db, operatorId);
  const done = await completedBy(
    db,
    operatorId,
    waiting.map((w) => w.leader_id),
  );
  const opened: string[] = [];
  for (const gate of waiting) {
    if (!mayOpen(required, done.get(gate.leader_id) ?? new Set()).open) continue;
    // the gate's own state decides who opens it: one of two racing submissions does
    const taken = await db
      .updateTable('training_gates')
      .set({ state: 'opened', opened_at: now })
      .where('pickup_point_id', '=', gate.pickup_point_id)
      .where('state', '=', 'waiting')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) continue;
    await setPickupPointStatus(db, operatorId, gate.pickup_point_id, 'open');
    opened.push(gate.pickup_point_id);
    await notify(db, now, operatorId, [
      {
        recipientKind: 'leader',
        recipientId: gate.leader_id,
        title: '您的自提点已开放',
        body: '必修培训已完成，居民现在可以选择您的自提点下单。',
      },
    ]);
  }
  return opened;
}

/** Whether a pickup point of this leader waits for their training. */
export async function pointWaiting(db: Executor, operatorId: string, leaderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('training_gates')
    .select('pickup_point_id')
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('state', '=', 'waiting')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
