import type { AppContext } from '../context.ts';
import type { ManualClock } from '../platform/clock.ts';
import { HOUR, MINUTE } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Principal } from '../modules/identity/index.ts';
import { applyForLeader, approveApplication } from '../modules/leader-applications/index.ts';
import {
  addLesson,
  checkIn,
  createCourse,
  createSessions,
  behindPolicy,
  setCourseStatus,
  submitQuiz,
  trainingProgress,
} from '../modules/training/index.ts';

/**
 * Leader training (团长培训课堂) on the simulated days: support writes and publishes the required
 * course for new leaders; a resident's application to lead is approved, the new point starts
 * closed, the new leader fails a quiz once, passes the course on the phone and the point opens.
 * A dozen existing leaders take the course too, and the evening's weekly sales training takes
 * check-ins from about two leaders in three. Runs once per database (a resumed day finds its course).
 */

export const REQUIRED_COURSE = '新团长必修课：开店第一周';

const LESSONS = [
  {
    title: '第一课 接货与分拣',
    body: '每天早上司机送货到自提点：当面点数、看温区（冷藏、冷冻的先放进冰柜），有短少或破损在团长端「到货」里照实登记，平台会按规则退款。',
    imageUrls: [],
    videoUrl: 'https://example.com/linli/training/receiving.mp4',
    questions: [
      { prompt: '冷冻商品到货后应当？', choices: ['先放进冰柜', '放在门口等居民来取'], correct: [0] },
      { prompt: '到货短少时团长应该？', choices: ['在团长端登记短少', '自己垫钱补上', '不用管'], correct: [0] },
    ],
    passMark: 100,
  },
  {
    title: '第二课 取货核销',
    body: '居民凭取货码取货：核对取货码和商品，在团长端核销。代取要看居民的授权。核销后佣金进入待结算。',
    imageUrls: [],
    videoUrl: null,
    questions: [
      { prompt: '居民取货时团长要核对什么？', choices: ['取货码', '身份证', '手机型号'], correct: [0] },
      { prompt: '哪些是团长每天的工作？', choices: ['接货', '核销取货', '改商品价格'], correct: [0, 1] },
    ],
    passMark: 100,
  },
] as const;
const RIGHT = [
  [[0], [0]],
  [[0], [0, 1]],
];

export async function demoTraining(
  ctx: AppContext,
  clock: ManualClock,
  o: { operatorId: string; day: string; staff: (role: string) => Promise<Principal>; log: (line: string) => void },
): Promise<void> {
  const { operatorId } = o;
  const existing = await ctx.db
    .selectFrom('training_courses')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('title', '=', REQUIRED_COURSE)
    .executeTakeFirst();
  if (existing) return;
  clock.set(new Date(`${o.day}T13:00:00+08:00`));
  const support = await o.staff('support');
  const courseId = await createCourse(ctx, support, {
    title: REQUIRED_COURSE,
    summary: '新团长开店前必学：接货、分拣、取货核销。',
    required: true,
  });
  const lessonIds: string[] = [];
  for (const l of LESSONS)
    lessonIds.push(
      await addLesson(ctx, support, courseId, {
        ...l,
        imageUrls: [...l.imageUrls],
        questions: l.questions.map((q) => ({ ...q, choices: [...q.choices], correct: [...q.correct] })),
      }),
    );
  await setCourseStatus(ctx, support, courseId, 'published');

  // A resident applies to lead a point near home; support approves: the point starts closed.
  clock.advance(HOUR);
  const applicant = await ctx.db
    .selectFrom('residents as r')
    .select(['r.id'])
    .where('r.operator_id', '=', operatorId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('leaders as l').select('l.id').whereRef('l.phone', '=', 'r.phone'))))
    .orderBy('r.id')
    .executeTakeFirstOrThrow();
  const resident: Principal = { kind: 'resident', id: applicant.id, operatorId, sessionId: 'demo', roles: [] };
  const application = await applyForLeader(ctx, resident, {
    name: '罗桂英',
    pickupPoint: { name: '桐梓坡·新团长便利店', address: '岳麓区桐梓坡路168号', lat: 28.2168, lng: 112.9315, openingHours: '07:30-21:30' },
    note: '小区里开了三年便利店，业主群两百多人。',
  });
  clock.advance(30 * MINUTE);
  const approved = await approveApplication(ctx, support, application.id, {});
  const leader: Principal = { kind: 'leader', id: approved.leaderId as string, operatorId, sessionId: 'demo', roles: [] };
  const pointStatus = async () =>
    (
      await ctx.db
        .selectFrom('pickup_points')
        .select('status')
        .where('id', '=', approved.pickupPointId as string)
        .executeTakeFirstOrThrow()
    ).status;
  const before = await pointStatus();

  // On the phone: the first quiz failed once, then the course passed; the last pass opens the point.
  clock.advance(HOUR);
  await submitQuiz(ctx, leader, lessonIds[0] as string, { answers: [[1], [0]] });
  let opened = false;
  for (const [i, id] of lessonIds.entries()) {
    clock.advance(20 * MINUTE);
    opened = (await submitQuiz(ctx, leader, id, { answers: RIGHT[i] as number[][] })).pointOpened || opened;
  }
  o.log(
    `  training: new leader ${approved.name}'s point was ${before} after approval, ${opened ? 'opened' : 'NOT OPENED'} by the required course (${await pointStatus()})`,
  );

  // A dozen existing leaders take the course too (one in four fails a lesson first).
  const leaders = await ctx.db
    .selectFrom('leaders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('id', '!=', leader.id)
    .orderBy('id')
    .execute();
  for (const [n, l] of leaders.slice(0, 12).entries()) {
    const who: Principal = { kind: 'leader', id: l.id, operatorId, sessionId: 'demo', roles: [] };
    clock.advance(5 * MINUTE);
    if (n % 4 === 3) await submitQuiz(ctx, who, lessonIds[1] as string, { answers: [[0], [0]] });
    for (const [i, id] of lessonIds.entries()) await submitQuiz(ctx, who, id, { answers: RIGHT[i] as number[][] });
  }

  // The weekly sales training at 19:00: about two leaders in three check in with the code shown.
  const start = new Date(`${o.day}T19:00:00+08:00`);
  const [sessionId] = await createSessions(ctx, support, {
    title: '每周销售培训',
    startsAt: start.toISOString(),
    durationMinutes: 60,
    weeks: 4,
  });
  const session = await ctx.db
    .selectFrom('training_sessions')
    .select('check_in_code')
    .where('id', '=', sessionId as string)
    .executeTakeFirstOrThrow();
  clock.set(new Date(start.getTime() - 10 * MINUTE));
  let checkedIn = 0;
  for (const [i, l] of [...leaders, { id: leader.id }].entries()) {
    if (i % 3 === 2) continue;
    try {
      await checkIn(ctx, { kind: 'leader', id: l.id, operatorId, sessionId: 'demo', roles: [] }, session.check_in_code);
      checkedIn++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  clock.set(new Date(start.getTime() + 90 * MINUTE));
  o.log(`  training: ${checkedIn} leaders checked in to the weekly sales training`);
}

/** The report's line: the required course, who completed it, who is behind, the sessions' attendance. */
export async function trainingLine(ctx: AppContext, operatorId: string, orderDate: string): Promise<string> {
  const now = ctx.clock.now();
  const from = new Date(`${orderDate}T00:00:00+08:00`);
  const rows = await trainingProgress(
    ctx.db,
    operatorId,
    { from, to: now > from ? now : from },
    now,
    await behindPolicy(ctx.db, operatorId),
  );
  const required = rows[0]?.requiredTotal ?? 0;
  const done = rows.filter((r) => required > 0 && r.requiredDone >= required).length;
  const behind = rows.filter((r) => r.behind.length > 0).length;
  const waiting = rows.filter((r) => r.pointWaiting).length;
  const held = rows.reduce((n, r) => n + r.held, 0);
  const attended = rows.reduce((n, r) => n + r.attended, 0);
  const gates = await ctx.db.selectFrom('training_gates').select(['state']).where('operator_id', '=', operatorId).execute();
  const opened = gates.filter((g) => g.state === 'opened').length;
  return `  training      ${required} required course${required === 1 ? '' : 's'}, ${done} leaders done, ${behind} behind; ${opened} new point${opened === 1 ? '' : 's'} opened by training, ${waiting} waiting; sessions: ${attended} of ${held} seats attended`;
}
