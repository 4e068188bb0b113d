import { describe, expect, it } from 'vitest';
import {
  assertAnswersFit,
  assertQuizWellFormed,
  attendanceRate,
  behindReasons,
  checkInOpen,
  courseComplete,
  courseScore,
  isWebUrl,
  mayOpen,
  passes,
  scoreQuiz,
  weeklyStarts,
} from '../src/modules/training/training.rules.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';

const q = (choices: number, ...correct: number[]) => ({
  prompt: 'q',
  choices: Array.from({ length: choices }, (_, i) => `c${i}`),
  correct,
});
const quiz = [q(3, 1), q(4, 0, 2), q(2, 0), q(3, 2)];

function codeOf(f: () => void): string {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('quiz scoring', () => {
  it.each([
    ['all right', [[1], [0, 2], [0], [2]], 4, 100],
    ['order of choices does not matter', [[1], [2, 0], [0], [2]], 4, 100],
    ['a multiple-choice question half answered is wrong', [[1], [0], [0], [2]], 3, 75],
    ['an extra wrong choice makes it wrong', [[1], [0, 2, 3], [0], [2]], 3, 75],
    ['one right of four', [[1], [], [1], [0]], 1, 25],
    ['none right', [[0], [1], [1], [0]], 0, 0],
  ])('%s', (_, answers, right, score) => {
    expect(scoreQuiz(quiz, answers)).toEqual({ right, total: 4, score });
  });

  it('rounds down: two of three is 66', () => {
    expect(scoreQuiz([q(2, 0), q(2, 0), q(2, 0)], [[0], [0], [1]]).score).toBe(66);
  });

  it('a lesson without questions scores 100 (reading it is the lesson)', () => {
    expect(scoreQuiz([], [])).toEqual({ right: 0, total: 0, score: 100 });
  });

  it.each([
    [60, 60, true],
    [59, 60, false],
    [100, 100, true],
    [0, 0, true],
    [99, 100, false],
  ])('score %i against pass mark %i passes: %s', (score, mark, expected) => {
    expect(passes(score, mark)).toBe(expected);
  });

  it.each([
    ['fits', [[1], [0, 2], [0], [2]], 'ok'],
    ['empty answers (skipped questions) fit', [[], [], [], []], 'ok'],
    ['too few answers', [[1], [0, 2], [0]], 'VALIDATION_FAILED'],
    ['too many answers', [[1], [0, 2], [0], [2], [0]], 'VALIDATION_FAILED'],
    ['a choice the question lacks', [[1], [0, 4], [0], [2]], 'VALIDATION_FAILED'],
    ['a choice named twice', [[1, 1], [0, 2], [0], [2]], 'VALIDATION_FAILED'],
  ])('answers %s', (_, answers, code) => {
    expect(codeOf(() => assertAnswersFit(quiz, answers))).toBe(code);
  });

  it.each([
    ['well formed', [q(2, 0), q(4, 1, 3)], 'ok'],
    ['one choice only', [q(1, 0)], 'VALIDATION_FAILED'],
    ['no correct choice', [q(3)], 'VALIDATION_FAILED'],
    ['a correct choice out of range', [q(3, 3)], 'VALIDATION_FAILED'],
    ['a correct choice twice', [q(3, 1, 1)], 'VALIDATION_FAILED'],
  ])('a quiz %s', (_, questions, code) => {
    expect(codeOf(() => assertQuizWellFormed(questions))).toBe(code);
  });

  it.each([
    ['https://v.example.com/a.mp4', true],
    ['http://v.example.com/a.mp4', true],
    ['javascript:alert(1)', false],
    ['ftp://x.example.com/a', false],
    ['not a url', false],
  ])('%s is a web link: %s', (url, expected) => {
    expect(isWebUrl(url)).toBe(expected);
  });
});

describe('course completion and the opening gate', () => {
  it.each([
    [['a', 'b'], ['a', 'b'], true],
    [['a', 'b'], ['b', 'a', 'x'], true],
    [['a', 'b'], ['a'], false],
    [[], [], false],
  ])('lessons %j with passed %j: complete %s', (lessons, passed, expected) => {
    expect(courseComplete(lessons, new Set(passed))).toBe(expected);
  });

  it.each([
    [[100, 80], 90],
    [[61, 60], 61],
    [[100], 100],
    [[], 0],
  ])('best scores %j make a course score of %i', (scores, expected) => {
    expect(courseScore(scores)).toBe(expected);
  });

  it.each([
    [[], [], true, []],
    [['r1'], [], false, ['r1']],
    [['r1', 'r2'], ['r1'], false, ['r2']],
    [['r1', 'r2'], ['r2', 'r1', 'elective'], true, []],
  ])('required %j, completed %j: may open %s', (required, done, open, missing) => {
    expect(mayOpen(required, new Set(done))).toEqual({ open, missing });
  });
});

describe('who is behind', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
  it.each([
    ['new leader within the 7 days, required not done', { since: daysAgo(3), requiredTotal: 1, requiredDone: 0, attended: 0, held: 0 }, []],
    [
      'required not done after 7 days',
      { since: daysAgo(7), requiredTotal: 1, requiredDone: 0, attended: 0, held: 0 },
      ['required_overdue'],
    ],
    ['required done long ago', { since: daysAgo(60), requiredTotal: 2, requiredDone: 2, attended: 2, held: 4 }, []],
    ['attended one of four', { since: daysAgo(60), requiredTotal: 0, requiredDone: 0, attended: 1, held: 4 }, ['low_attendance']],
    ['both', { since: daysAgo(30), requiredTotal: 1, requiredDone: 0, attended: 0, held: 3 }, ['required_overdue', 'low_attendance']],
    ['no session held: attendance cannot be behind', { since: daysAgo(30), requiredTotal: 0, requiredDone: 0, attended: 0, held: 0 }, []],
  ])('%s', (_, leader, reasons) => {
    expect(behindReasons(leader, now)).toEqual(reasons);
  });

  it('the policy is the operator’s: 3 days, 90% attendance', () => {
    const leader = { since: daysAgo(4), requiredTotal: 1, requiredDone: 0, attended: 3, held: 4 };
    expect(behindReasons(leader, now, { requiredWithinDays: 3, minAttendanceRate: 0.9 })).toEqual(['required_overdue', 'low_attendance']);
  });

  it.each([
    [0, 0, null],
    [1, 4, 0.25],
    [4, 4, 1],
    [5, 4, 1],
  ])('attended %i of %i: rate %s', (attended, held, rate) => {
    expect(attendanceRate(attended, held)).toBe(rate);
  });
});

describe('sessions', () => {
  const startsAt = new Date('2026-12-08T12:00:00Z');
  const endsAt = new Date(startsAt.getTime() + 60 * MINUTE);
  it.each([
    [-31, false],
    [-30, true],
    [0, true],
    [60, true],
    [61, false],
  ])('check-in %i minutes from the start open: %s', (minutes, open) => {
    expect(checkInOpen({ startsAt, endsAt }, new Date(startsAt.getTime() + minutes * MINUTE))).toBe(open);
  });

  it('a weekly series starts on the same weekday and time each week', () => {
    expect(weeklyStarts(startsAt, 3).map((d) => d.toISOString())).toEqual([
      '2026-12-08T12:00:00.000Z',
      '2026-12-15T12:00:00.000Z',
      '2026-12-22T12:00:00.000Z',
    ]);
  });
});
