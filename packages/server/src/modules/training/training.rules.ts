import type { QuizQuestion } from '../../platform/db/schema.training.ts';
import { AppError } from '../../platform/errors.ts';
import { DAY, MINUTE } from '../../platform/clock.ts';

/**
 * The rules of leader training (团长培训课堂), pure. A lesson's quiz scores the percent of its
 * questions answered exactly (every correct choice and no other); it passes at the lesson's pass
 * mark. A course is complete when every one of its lessons has a passed quiz. A newly approved
 * leader's point opens when every published required course is complete. A leader is behind when
 * a required course is still not done some days after they became a leader, or when they attended
 * too few of the sessions held in the period.
 */

/** The score of one submission: percent of questions answered exactly, rounded down. */
export function scoreQuiz(
  questions: readonly QuizQuestion[],
  answers: readonly (readonly number[])[],
): { right: number; total: number; score: number } {
  const total = questions.length;
  if (total === 0) return { right: 0, total: 0, score: 100 };
  let right = 0;
  questions.forEach((q, i) => {
    const given = new Set(answers[i] ?? []);
    const correct = new Set(q.correct);
    if (given.size === correct.size && [...correct].every((c) => given.has(c))) right += 1;
  });
  return { right, total, score: Math.floor((right * 100) / total) };
}

/** A quiz passes at or above the lesson's pass mark (percent). */
export const passes = (score: number, passMark: number): boolean => score >= passMark;

/**
 * Answers fit the quiz: one list per question, each of distinct choice indexes within the
 * question's choices. VALIDATION_FAILED otherwise (nothing is recorded).
 */
export function assertAnswersFit(questions: readonly QuizQuestion[], answers: readonly (readonly number[])[]): void {
  if (answers.length !== questions.length) {
    throw new AppError('VALIDATION_FAILED', `the quiz has ${questions.length} questions; ${answers.length} answers were given`, {
      field: 'answers',
    });
  }
  answers.forEach((a, i) => {
    const choices = questions[i]?.choices.length ?? 0;
    if (new Set(a).size !== a.length || a.some((c) => c < 0 || c >= choices)) {
      throw new AppError('VALIDATION_FAILED', `answer ${i + 1} names a choice the question does not have`, { field: `answers.${i}` });
    }
  });
}

/** A quiz as staff write it: each question with 2+ choices and 1+ correct choices among them. */
export function assertQuizWellFormed(questions: readonly QuizQuestion[]): void {
  questions.forEach((q, i) => {
    if (q.choices.length < 2)
      throw new AppError('VALIDATION_FAILED', `question ${i + 1} needs at least two choices`, { field: `questions.${i}.choices` });
    if (q.correct.length === 0 || new Set(q.correct).size !== q.correct.length || q.correct.some((c) => c < 0 || c >= q.choices.length)) {
      throw new AppError('VALIDATION_FAILED', `question ${i + 1} must mark one or more of its own choices correct`, {
        field: `questions.${i}.correct`,
      });
    }
  });
}

/** A video or image link: http(s) only. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A course is complete when it has lessons and every one of them has a passed quiz. */
export function courseComplete(lessonIds: readonly string[], passedLessonIds: ReadonlySet<string>): boolean {
  return lessonIds.length > 0 && lessonIds.every((id) => passedLessonIds.has(id));
}

/** A completed course's score: the mean of its lessons' best scores, rounded. */
export function courseScore(bestScores: readonly number[]): number {
  if (bestScores.length === 0) return 0;
  return Math.round(bestScores.reduce((a, b) => a + b, 0) / bestScores.length);
}

/** May a held point open: every published required course completed (none required: yes). */
export function mayOpen(
  requiredCourseIds: readonly string[],
  completedCourseIds: ReadonlySet<string>,
): { open: boolean; missing: string[] } {
  const missing = requiredCourseIds.filter((id) => !completedCourseIds.has(id));
  return { open: missing.length === 0, missing };
}

/** Attended of held sessions, as a fraction; null when none was held (nothing to be behind on). */
export function attendanceRate(attended: number, held: number): number | null {
  if (held <= 0) return null;
  return Math.min(1, attended / held);
}

/** How the operator judges who is behind. */
export interface BehindPolicy {
  /** Days a new leader has to complete the required courses. */
  requiredWithinDays: number;
  /** The lowest acceptable attendance rate (0..1) over the period. */
  minAttendanceRate: number;
}

export const DEFAULT_BEHIND_POLICY: BehindPolicy = { requiredWithinDays: 7, minAttendanceRate: 0.5 };

export type BehindReason = 'required_overdue' | 'low_attendance';

/** Why a leader is behind (empty: not behind). */
export function behindReasons(
  leader: { since: Date; requiredTotal: number; requiredDone: number; attended: number; held: number },
  now: Date,
  policy: BehindPolicy = DEFAULT_BEHIND_POLICY,
): BehindReason[] {
  const reasons: BehindReason[] = [];
  const overdue = now.getTime() - leader.since.getTime() >= policy.requiredWithinDays * DAY;
  if (leader.requiredDone < leader.requiredTotal && overdue) reasons.push('required_overdue');
  const rate = attendanceRate(leader.attended, leader.held);
  if (rate !== null && rate < policy.minAttendanceRate) reasons.push('low_attendance');
  return reasons;
}

/** Check-in opens this long before a session starts and closes when it ends. */
export const CHECK_IN_EARLY = 30 * MINUTE;

/** May a leader check in to a session now (from 30 minutes before its start to its end). */
export const checkInOpen = (session: { startsAt: Date; endsAt: Date }, now: Date): boolean =>
  now.getTime() >= session.startsAt.getTime() - CHECK_IN_EARLY && now.getTime() <= session.endsAt.getTime();

/** The start of each session of a weekly series: `weeks` starts, seven days apart. */
export function weeklyStarts(first: Date, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, i) => new Date(first.getTime() + i * 7 * DAY));
}

/** A course may be published once it has lessons, and only while it is a draft (and back). */
export function assertPublishable(lessonCount: number): void {
  if (lessonCount === 0) throw new AppError('INVALID_STATE', 'a course needs at least one lesson before it is published');
}
