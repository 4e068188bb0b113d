import type { training } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { TrainingCoursesTable, TrainingLessonsTable } from '../../platform/db/schema.training.ts';
import { DAY } from '../../platform/clock.ts';
import { found } from '../../platform/errors.ts';
import type { Principal } from '../identity/index.ts';
import { pointWaiting, requiredCourseIds } from './training.gates.ts';
import { behindReasons, checkInOpen, DEFAULT_BEHIND_POLICY, type BehindPolicy } from './training.rules.ts';
import { trainingStatusOf } from './training-status.report.ts';

type CourseRow = Selectable<TrainingCoursesTable>;
type LessonRow = Selectable<TrainingLessonsTable>;

const toAdminLesson = (l: LessonRow): training.AdminLesson => ({
  id: l.id,
  position: l.position,
  title: l.title,
  body: l.body,
  imageUrls: l.image_urls,
  videoUrl: l.video_url,
  questions: l.questions,
  passMark: l.pass_mark,
});

async function lessonCounts(db: Executor, courseIds: string[]): Promise<Map<string, number>> {
  if (courseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('training_lessons')
    .select(['course_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('course_id', 'in', courseIds)
    .groupBy('course_id')
    .execute();
  return new Map(rows.map((r) => [r.course_id, Number(r.n)]));
}

async function toAdminCourses(db: Executor, rows: CourseRow[]): Promise<training.AdminCourse[]> {
  const ids = rows.map((r) => r.id);
  const lessons = await lessonCounts(db, ids);
  const completions =
    ids.length === 0
      ? []
      : await db
          .selectFrom('training_completions')
          .select(['course_id', (eb) => eb.fn.countAll<string>().as('n')])
          .where('course_id', 'in', ids)
          .groupBy('course_id')
          .execute();
  const done = new Map(completions.map((c) => [c.course_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    required: r.required,
    status: r.status,
    lessonCount: lessons.get(r.id) ?? 0,
    completedBy: done.get(r.id) ?? 0,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
  }));
}

/** The operator's courses, oldest first, with their lessons and completions counted. */
export async function adminCourses(db: Executor, operatorId: string): Promise<training.AdminCourse[]> {
  const rows = await db
    .selectFrom('training_courses')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return toAdminCourses(db, rows);
}

/** One course with its lessons and quizzes (correct choices included), or NOT_FOUND. */
export async function adminCourse(db: Executor, operatorId: string, id: string): Promise<training.AdminCourseDetail> {
  const row = found(
    await db.selectFrom('training_courses').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'course',
  );
  const [course] = await toAdminCourses(db, [row]);
  const lessons = await db.selectFrom('training_lessons').selectAll().where('course_id', '=', id).orderBy('position').execute();
  return { ...(course as training.AdminCourse), lessons: lessons.map(toAdminLesson) };
}

/** Per lesson of the leader: passed or not and the best score. */
async function leaderLessonProgress(db: Executor, leader: Principal, courseIds: string[]) {
  if (courseIds.length === 0) return new Map<string, { passed: boolean; best: number }>();
  const rows = await db
    .selectFrom('training_attempts')
    .select(['lesson_id', (eb) => eb.fn.max('score').as('best'), (eb) => eb.fn.max(eb.cast<number>('passed', 'integer')).as('passed')])
    .where('operator_id', '=', leader.operatorId)
    .where('leader_id', '=', leader.id)
    .where('course_id', 'in', courseIds)
    .groupBy('lesson_id')
    .execute();
  return new Map(rows.map((r) => [r.lesson_id, { passed: Number(r.passed) === 1, best: Number(r.best) }]));
}

async function leaderCourseRows(db: Executor, leader: Principal, courseId?: string): Promise<training.LeaderCourse[]> {
  let q = db.selectFrom('training_courses').selectAll().where('operator_id', '=', leader.operatorId).where('status', '=', 'published');
  if (courseId) q = q.where('id', '=', courseId);
  const rows = await q.orderBy('required', 'desc').orderBy('published_at').orderBy('id').execute();
  const ids = rows.map((r) => r.id);
  const lessons =
    ids.length === 0 ? [] : await db.selectFrom('training_lessons').select(['id', 'course_id']).where('course_id', 'in', ids).execute();
  const progress = await leaderLessonProgress(db, leader, ids);
  const completions =
    ids.length === 0
      ? []
      : await db
          .selectFrom('training_completions')
          .select(['course_id', 'score'])
          .where('leader_id', '=', leader.id)
          .where('course_id', 'in', ids)
          .execute();
  const done = new Map(completions.map((c) => [c.course_id, c.score]));
  return rows.map((r) => {
    const own = lessons.filter((l) => l.course_id === r.id);
    return {
      id: r.id,
      title: r.title,
      summary: r.summary,
      required: r.required,
      lessonCount: own.length,
      lessonsPassed: own.filter((l) => progress.get(l.id)?.passed).length,
      completed: done.has(r.id),
      score: done.get(r.id) ?? null,
    };
  });
}

/** The leader's training page: published courses (required first) with progress, and the gate. */
export async function leaderTraining(db: Executor, leader: Principal): Promise<training.LeaderTraining> {
  const courses = await leaderCourseRows(db, leader);
  const required = new Set(await requiredCourseIds(db, leader.operatorId));
  return {
    pointWaiting: await pointWaiting(db, leader.operatorId, leader.id),
    requiredMissing: courses.filter((c) => required.has(c.id) && !c.completed).length,
    courses,
  };
}

/** One published course for the leader: its lessons and quizzes (without the answers), or NOT_FOUND. */
export async function leaderCourse(db: Executor, leader: Principal, courseId: string): Promise<training.LeaderCourseDetail> {
  const [course] = await leaderCourseRows(db, leader, courseId);
  const found_ = found(course, 'course');
  const lessons = await db.selectFrom('training_lessons').selectAll().where('course_id', '=', courseId).orderBy('position').execute();
  const progress = await leaderLessonProgress(db, leader, [courseId]);
  return {
    ...found_,
    lessons: lessons.map((l) => ({
      id: l.id,
      position: l.position,
      title: l.title,
      body: l.body,
      imageUrls: l.image_urls,
      videoUrl: l.video_url,
      questions: l.questions.map((q) => ({ prompt: q.prompt, choices: q.choices, multiple: q.correct.length > 1 })),
      passMark: l.pass_mark,
      passed: progress.get(l.id)?.passed ?? false,
      bestScore: progress.get(l.id)?.best ?? null,
    })),
  };
}

const toAdminSession = (
  s: { id: string; series_id: string | null; title: string; starts_at: Date; ends_at: Date; check_in_code: string },
  attended: number,
): training.AdminSession => ({
  id: s.id,
  seriesId: s.series_id,
  title: s.title,
  startsAt: s.starts_at.toISOString(),
  endsAt: s.ends_at.toISOString(),
  checkInCode: s.check_in_code,
  attended,
});

/** The operator's sessions from a week ago on, soonest first, with attendance counted. */
export async function adminSessions(db: Executor, operatorId: string, now: Date): Promise<training.AdminSession[]> {
  const rows = await db
    .selectFrom('training_sessions as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('training_attendance as a')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.session_id', '=', 's.id')
        .as('attended'),
    )
    .where('s.operator_id', '=', operatorId)
    .where('s.ends_at', '>=', new Date(now.getTime() - 28 * DAY))
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(200)
    .execute();
  return rows.map((r) => toAdminSession(r, Number(r.attended ?? 0)));
}

/** One session with every active leader, present or not (and how they were marked). */
export async function sessionAttendance(
  db: Executor,
  operatorId: string,
  sessionId: string,
  now: Date,
): Promise<training.SessionAttendance> {
  const session = found(
    await db
      .selectFrom('training_sessions')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', '=', sessionId)
      .executeTakeFirst(),
    'session',
  );
  const marks = await db.selectFrom('training_attendance').select(['leader_id', 'via']).where('session_id', '=', sessionId).execute();
  const via = new Map(marks.map((m) => [m.leader_id, m.via]));
  const leaders = await trainingStatusOf(db, operatorId, now, now);
  return {
    session: toAdminSession(session, marks.length),
    leaders: leaders.map((l) => ({ leaderId: l.leaderId, name: l.name, attended: via.has(l.leaderId), via: via.get(l.leaderId) ?? null })),
  };
}

/** The leader's sessions from a week ago to four weeks ahead, with their attendance and whether check-in is open. */
export async function leaderSessions(db: Executor, leader: Principal, now: Date): Promise<training.LeaderSession[]> {
  const rows = await db
    .selectFrom('training_sessions as s')
    .leftJoin('training_attendance as a', (j) => j.onRef('a.session_id', '=', 's.id').on('a.leader_id', '=', leader.id))
    .select(['s.id', 's.title', 's.starts_at', 's.ends_at', 'a.leader_id as attended_by'])
    .where('s.operator_id', '=', leader.operatorId)
    .where('s.ends_at', '>=', new Date(now.getTime() - 7 * DAY))
    .where('s.starts_at', '<=', new Date(now.getTime() + 28 * DAY))
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    attended: r.attended_by !== null,
    checkInOpen: checkInOpen({ startsAt: r.starts_at, endsAt: r.ends_at }, now),
  }));
}

/** Who is behind: every active leader's training status over the period, with the reasons. */
export async function trainingProgress(
  db: Executor,
  operatorId: string,
  period: { from: Date; to: Date },
  now: Date,
  policy: BehindPolicy = DEFAULT_BEHIND_POLICY,
): Promise<training.ProgressRow[]> {
  const rows = await trainingStatusOf(db, operatorId, period.from, period.to);
  return rows.map((r) => ({
    leaderId: r.leaderId,
    name: r.name,
    since: r.since.toISOString(),
    requiredTotal: r.requiredTotal,
    requiredDone: r.requiredDone,
    coursesDone: r.coursesDone,
    attended: r.attended,
    held: r.held,
    attendanceRate: r.attendanceRate,
    pointWaiting: r.pointWaiting,
    behind: behindReasons(r, now, policy),
  }));
}
