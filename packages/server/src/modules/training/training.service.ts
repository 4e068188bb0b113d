import type { training } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Principal } from '../identity/index.ts';
import { releaseReadyGates } from './training.gates.ts';
import { assertAnswersFit, courseComplete, courseScore, passes, scoreQuiz } from './training.rules.ts';

/**
 * A leader submits a lesson's quiz: the attempt is recorded with its score; when it passes and
 * every lesson of the course now has a passed quiz, the course is completed (once), and a point
 * held for the leader's training opens if nothing required is left. A draft course takes no
 * submissions (INVALID_STATE); answers that do not fit the quiz record nothing (VALIDATION_FAILED).
 */
export async function submitQuiz(
  ctx: AppContext,
  leader: Principal,
  lessonId: string,
  input: training.SubmitQuiz,
): Promise<training.QuizResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const lesson = found(
      await trx
        .selectFrom('training_lessons as l')
        .innerJoin('training_courses as c', 'c.id', 'l.course_id')
        .select(['l.id', 'l.course_id', 'l.questions', 'l.pass_mark', 'c.status'])
        .where('l.operator_id', '=', leader.operatorId)
        .where('l.id', '=', lessonId)
        .executeTakeFirst(),
      'lesson',
    );
    if (lesson.status !== 'published') throw new AppError('INVALID_STATE', 'this course is not published: its quizzes take no answers');
    assertAnswersFit(lesson.questions, input.answers);
    const { right, total, score } = scoreQuiz(lesson.questions, input.answers);
    const passed = passes(score, lesson.pass_mark);
    const now = ctx.clock.now();
    await trx
      .insertInto('training_attempts')
      .values({
        id: newId('tra'),
        operator_id: leader.operatorId,
        leader_id: leader.id,
        course_id: lesson.course_id,
        lesson_id: lesson.id,
        answers: JSON.stringify(input.answers),
        score,
        passed,
        at: now,
      })
      .execute();
    const result = { score, right, total, passMark: lesson.pass_mark, passed, courseCompleted: false, pointOpened: false };
    if (!passed) return result;

    const lessons = await trx.selectFrom('training_lessons').select('id').where('course_id', '=', lesson.course_id).execute();
    const best = await trx
      .selectFrom('training_attempts')
      .select(['lesson_id', (eb) => eb.fn.max('score').as('best')])
      .where('leader_id', '=', leader.id)
      .where('course_id', '=', lesson.course_id)
      .where('passed', '=', true)
      .groupBy('lesson_id')
      .execute();
    const passedIds = new Set(best.map((b) => b.lesson_id));
    const lessonIds = lessons.map((l) => l.id);
    if (!courseComplete(lessonIds, passedIds)) return result;
    await trx
      .insertInto('training_completions')
      .values({
        operator_id: leader.operatorId,
        leader_id: leader.id,
        course_id: lesson.course_id,
        score: courseScore(best.filter((b) => lessonIds.includes(b.lesson_id)).map((b) => Number(b.best))),
        completed_at: now,
      })
      .onConflict((oc) => oc.columns(['leader_id', 'course_id']).doNothing())
      .execute();
    const opened = await releaseReadyGates(trx, now, leader.operatorId, [leader.id]);
    return { ...result, courseCompleted: true, pointOpened: opened.length > 0 };
  });
}
