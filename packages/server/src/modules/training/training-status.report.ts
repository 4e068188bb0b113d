import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { attendanceRate } from './training.rules.ts';

/**
 * A read-model report across leader and training tables: for every active leader of the operator,
 * in one statement, the published required courses they completed, every course they completed,
 * the sessions held in the period since they became a leader and how many of those they attended,
 * and whether a point of theirs waits for their training. A session counts in the period when it
 * ended within (from, to]. The KPI work reads it as one of its inputs.
 */
export interface TrainingStatus {
  leaderId: string;
  name: string;
  /** When they became a leader: the required courses' clock and the first session that counts. */
  since: Date;
  requiredTotal: number;
  requiredDone: number;
  /** Every published required course completed (true when none is required). */
  requiredComplete: boolean;
  coursesDone: number;
  held: number;
  attended: number;
  /** attended / held, or null when no session was held for them in the period. */
  attendanceRate: number | null;
  pointWaiting: boolean;
}

export async function trainingStatusOf(db: Executor, operatorId: string, from: Date, to: Date): Promise<TrainingStatus[]> {
  const required = await db
    .selectFrom('training_courses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('required', '=', true)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  const requiredTotal = Number(required.n);
  const rows = await db
    .selectFrom('leaders as l')
    .select((eb) => [
      'l.id',
      'l.name',
      'l.created_at',
      eb
        .selectFrom('training_completions as c')
        .innerJoin('training_courses as k', 'k.id', 'c.course_id')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('c.leader_id', '=', 'l.id')
        .where('k.required', '=', true)
        .where('k.status', '=', 'published')
        .as('required_done'),
      eb
        .selectFrom('training_completions as c')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('c.leader_id', '=', 'l.id')
        .as('courses_done'),
      eb
        .selectFrom('training_sessions as s')
        .select(eb.fn.countAll<string>().as('n'))
        .where('s.operator_id', '=', operatorId)
        .where('s.ends_at', '>', from)
        .where('s.ends_at', '<=', to)
        .whereRef('s.starts_at', '>=', 'l.created_at')
        .as('held'),
      eb
        .selectFrom('training_attendance as a')
        .innerJoin('training_sessions as s', 's.id', 'a.session_id')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.leader_id', '=', 'l.id')
        .where('s.ends_at', '>', from)
        .where('s.ends_at', '<=', to)
        .as('attended'),
      sql<boolean>`exists (select 1 from training_gates g where g.leader_id = l.id and g.state = 'waiting')`.as('point_waiting'),
    ])
    .where('l.operator_id', '=', operatorId)
    .where('l.status', '=', 'active')
    .orderBy('l.name')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => {
    const requiredDone = Number(r.required_done ?? 0);
    const held = Number(r.held ?? 0);
    const attended = Number(r.attended ?? 0);
    return {
      leaderId: r.id,
      name: r.name,
      since: r.created_at,
      requiredTotal,
      requiredDone,
      requiredComplete: requiredDone >= requiredTotal,
      coursesDone: Number(r.courses_done ?? 0),
      held,
      attended,
      attendanceRate: attendanceRate(attended, held),
      pointWaiting: Boolean(r.point_waiting),
    };
  });
}
