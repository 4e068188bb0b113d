import type { training } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Principal } from '../identity/index.ts';
import { releaseReadyGates } from './training.gates.ts';
import { assertPublishable, assertQuizWellFormed, isWebUrl } from './training.rules.ts';

/** Staff write courses and their lessons (with quizzes) and publish them. */

const courseRow = async (db: Executor, operatorId: string, id: string) =>
  found(
    await db.selectFrom('training_courses').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'course',
  );

/** A new course, a draft. */
export async function createCourse(ctx: AppContext, staff: Principal, input: training.CreateCourse): Promise<string> {
  const now = ctx.clock.now();
  const id = newId('trc');
  await ctx.db
    .insertInto('training_courses')
    .values({
      id,
      operator_id: staff.operatorId,
      title: input.title,
      summary: input.summary,
      required: input.required,
      status: 'draft',
      created_at: now,
      updated_at: now,
      published_at: null,
    })
    .execute();
  return id;
}

/**
 * Renames a course or changes whether it is required. Making a published course no longer
 * required may open points that waited only for it.
 */
export async function updateCourse(ctx: AppContext, staff: Principal, id: string, patch: training.UpdateCourse): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await courseRow(trx, staff.operatorId, id);
    const changes = {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.summary !== undefined ? { summary: patch.summary } : {}),
      ...(patch.required !== undefined ? { required: patch.required } : {}),
    };
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('training_courses')
      .set({ ...changes, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .execute();
    await releaseReadyGates(trx, ctx.clock.now(), staff.operatorId);
  });
}

/**
 * Publishes a course (it needs a lesson) or takes it back to draft (leaders no longer see it
 * and it no longer holds points closed). Either may open points that now have nothing left to
 * wait for.
 */
export async function setCourseStatus(ctx: AppContext, staff: Principal, id: string, status: 'draft' | 'published'): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const course = await courseRow(trx, staff.operatorId, id);
    if (course.status === status) return;
    if (status === 'published') {
      const lessons = await trx.selectFrom('training_lessons').select('id').where('course_id', '=', id).execute();
      assertPublishable(lessons.length);
    }
    const now = ctx.clock.now();
    await trx
      .updateTable('training_courses')
      .set({ status, updated_at: now, ...(status === 'published' ? { published_at: now } : {}) })
      .where('id', '=', id)
      .execute();
    await releaseReadyGates(trx, now, staff.operatorId);
  });
}

function checkLesson(input: training.LessonInput): void {
  assertQuizWellFormed(input.questions);
  if (input.videoUrl !== null && !isWebUrl(input.videoUrl)) {
    throw new AppError('VALIDATION_FAILED', 'the video link must start with http:// or https://', { field: 'videoUrl' });
  }
}

const lessonValues = (input: training.LessonInput) => ({
  title: input.title,
  body: input.body,
  image_urls: JSON.stringify(input.imageUrls),
  video_url: input.videoUrl,
  questions: JSON.stringify(input.questions),
  pass_mark: input.passMark,
});

/** Appends a lesson to a course. */
export async function addLesson(ctx: AppContext, staff: Principal, courseId: string, input: training.LessonInput): Promise<string> {
  checkLesson(input);
  const id = newId('trl');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('training_courses')
      .select('id')
      .where('operator_id', '=', staff.operatorId)
      .where('id', '=', courseId)
      .forUpdate()
      .executeTakeFirst()
      .then((r) => found(r, 'course'));
    const last = await trx
      .selectFrom('training_lessons')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('course_id', '=', courseId)
      .executeTakeFirst();
    const now = ctx.clock.now();
    await trx
      .insertInto('training_lessons')
      .values({
        id,
        operator_id: staff.operatorId,
        course_id: courseId,
        position: Number(last?.max ?? 0) + 1,
        ...lessonValues(input),
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return id;
}

/** Rewrites a lesson (its text, links, quiz and pass mark); earlier attempts keep their scores. */
export async function updateLesson(
  ctx: AppContext,
  staff: Principal,
  courseId: string,
  lessonId: string,
  input: training.LessonInput,
): Promise<void> {
  checkLesson(input);
  const updated = await ctx.db
    .updateTable('training_lessons')
    .set({ ...lessonValues(input), updated_at: ctx.clock.now() })
    .where('operator_id', '=', staff.operatorId)
    .where('course_id', '=', courseId)
    .where('id', '=', lessonId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'lesson not found');
}

/** Removes a lesson no leader has attempted yet (INVALID_STATE otherwise); the rest keep their order. */
export async function deleteLesson(ctx: AppContext, staff: Principal, courseId: string, lessonId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const lesson = found(
      await trx
        .selectFrom('training_lessons')
        .select(['id', 'position'])
        .where('operator_id', '=', staff.operatorId)
        .where('course_id', '=', courseId)
        .where('id', '=', lessonId)
        .forUpdate()
        .executeTakeFirst(),
      'lesson',
    );
    const attempted = await trx.selectFrom('training_attempts').select('id').where('lesson_id', '=', lessonId).limit(1).executeTakeFirst();
    if (attempted) throw new AppError('INVALID_STATE', 'leaders have taken this lesson’s quiz: edit it instead of removing it');
    await trx.deleteFrom('training_lessons').where('id', '=', lessonId).execute();
    await trx
      .updateTable('training_lessons')
      .set((eb) => ({ position: eb('position', '-', 1) }))
      .where('course_id', '=', courseId)
      .where('position', '>', lesson.position)
      .execute();
  });
}
