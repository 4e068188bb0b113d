import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingStatusOf } from '../src/modules/training/index.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Leader training on one database, through the HTTP routes: courses and quizzes written by staff,
// a newly approved leader's point held closed until the required course is passed, sessions with
// check-in codes and staff marks, and who is behind.
let t: TestApp;
let world: World;
let support: string;

beforeAll(async () => {
  t = await startTestApp('2026-12-07T02:00:00Z');
  world = await createWorld(t.ctx, { leaders: 1, residents: 0 });
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
});
afterAll(() => t.close());

const admin = (method: string, url: string, body?: unknown) => t.request(method, `/api/v1/admin/training${url}`, { token: support, body });
const leaderApi = (token: string, method: string, url: string, body?: unknown) =>
  t.request(method, `/api/v1/leader/training${url}`, { token, body });

const lesson = (title: string, over: Record<string, unknown> = {}) => ({
  title,
  body: '团长每天要做的事：接货、分拣、通知取货。',
  imageUrls: ['https://img.example.com/a.jpg'],
  videoUrl: 'https://video.example.com/lesson.mp4',
  questions: [
    { prompt: '居民取货时要核对什么？', choices: ['取货码', '天气'], correct: [0] },
    { prompt: '哪些属于团长的日常工作？', choices: ['接货', '分拣', '炒股'], correct: [0, 1] },
  ],
  passMark: 100,
  ...over,
});

/** A course with two lessons; published unless told otherwise. Returns its id and lesson ids. */
async function course(opts: { required: boolean; publish?: boolean; title?: string }) {
  const created = await admin('POST', '/courses', { title: opts.title ?? '新团长必修课', summary: '开店前必学', required: opts.required });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  await admin('POST', `/courses/${id}/lessons`, lesson('第一课 接货'));
  const withLessons = await admin('POST', `/courses/${id}/lessons`, lesson('第二课 取货'));
  expect(withLessons.status, JSON.stringify(withLessons.body)).toBe(201);
  if (opts.publish !== false) expect((await admin('POST', `/courses/${id}/status`, { status: 'published' })).status).toBe(200);
  return { id, lessons: (withLessons.body.lessons as { id: string }[]).map((l) => l.id) };
}

/** A resident applies and support approves: returns the new leader's id, point and token. */
async function approvedLeader() {
  const phone = nextPhone();
  const resident = await t.login('resident', phone);
  const applied = await t.request('POST', '/api/v1/shop/leader-applications', {
    token: resident,
    body: {
      name: '新团长',
      pickupPoint: { name: `新自提点${phone.slice(-4)}`, address: '岳麓区1号', lat: 28.21, lng: 112.9 },
      note: '想当团长',
    },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const approved = await t.request('POST', `/api/v1/admin/leader-applications/${applied.body.id}/approve`, { token: support, body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return {
    leaderId: approved.body.leaderId as string,
    pointId: approved.body.pickupPointId as string,
    phone,
    token: await t.login('leader', phone),
  };
}

const pointStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('pickup_points').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const right = { answers: [[0], [0, 1]] };
const wrong = { answers: [[1], [0]] };

describe('training courses and the opening gate', () => {
  let required: { id: string; lessons: string[] };

  it('a draft course takes no quiz and leaders do not see it; with no required course published, a new point opens at once', async () => {
    required = await course({ required: true, publish: false });
    const early = await approvedLeader();
    expect(await pointStatus(early.pointId)).toBe('open');
    const page = await leaderApi(early.token, 'GET', '');
    expect(page.body).toEqual({ pointWaiting: false, requiredMissing: 0, courses: [] });
    expect((await leaderApi(early.token, 'GET', `/courses/${required.id}`)).body.code).toBe('NOT_FOUND');
    const draft = await leaderApi(early.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, right);
    expect(draft.body.code).toBe('INVALID_STATE');
    expect(await t.ctx.db.selectFrom('training_attempts').select('id').execute()).toEqual([]);
  });

  it('staff input is checked: a video link must be http(s), a quiz needs correct choices, publishing needs a lesson', async () => {
    const bad = await admin('POST', `/courses/${required.id}/lessons`, lesson('x', { videoUrl: 'javascript:alert(1)' }));
    expect(bad.status).toBe(400);
    const noCorrect = await admin(
      'POST',
      `/courses/${required.id}/lessons`,
      lesson('x', { questions: [{ prompt: 'p', choices: ['a', 'b'], correct: [2] }] }),
    );
    expect(noCorrect.body.code).toBe('VALIDATION_FAILED');
    const empty = await admin('POST', '/courses', { title: '空课程' });
    expect((await admin('POST', `/courses/${empty.body.id}/status`, { status: 'published' })).body.code).toBe('INVALID_STATE');
    expect((await admin('GET', `/courses/${required.id}`)).body.lessons).toHaveLength(2);
  });

  it('once a required course is published, a newly approved leader’s point stays closed until it is passed; a failed quiz does not complete it', async () => {
    expect((await admin('POST', `/courses/${required.id}/status`, { status: 'published' })).status).toBe(200);
    const existingPoint = world.leaders[0]?.pickupPointId as string;
    const fresh = await approvedLeader();
    expect(await pointStatus(fresh.pointId)).toBe('closed');
    expect(await pointStatus(existingPoint)).toBe('open');
    const applicantNotice = await t.ctx.db
      .selectFrom('notifications')
      .select('body')
      .where('recipient_kind', '=', 'resident')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(applicantNotice.body).toContain('完成必修培训后');

    const nearby = async () =>
      (
        await t.request('GET', '/api/v1/shop/pickup-points/nearby?lat=28.21&lng=112.9&limit=50', {
          token: await t.login('resident', nextPhone()),
        })
      ).body.items.map((p: { id: string }) => p.id);
    expect(await nearby()).not.toContain(fresh.pointId);
    const page = await leaderApi(fresh.token, 'GET', '');
    expect(page.body).toMatchObject({ pointWaiting: true, requiredMissing: 1 });
    const detail = await leaderApi(fresh.token, 'GET', `/courses/${required.id}`);
    expect(detail.body.lessons[1].questions[1]).toEqual({
      prompt: '哪些属于团长的日常工作？',
      choices: ['接货', '分拣', '炒股'],
      multiple: true,
    });
    expect(JSON.stringify(detail.body)).not.toContain('correct');

    const failed = await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, wrong);
    expect(failed.body).toEqual({ score: 0, right: 0, total: 2, passMark: 100, passed: false, courseCompleted: false, pointOpened: false });
    const half = await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, { answers: [[0], [0]] });
    expect(half.body).toMatchObject({ score: 50, passed: false });
    const misfit = await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, { answers: [[0]] });
    expect(misfit.body.code).toBe('VALIDATION_FAILED');
    expect((await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, right)).body).toMatchObject({
      passed: true,
      courseCompleted: false,
      pointOpened: false,
    });
    // every lesson but the last passed: still closed
    expect(await pointStatus(fresh.pointId)).toBe('closed');
    const last = await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[1]}/quiz`, right);
    expect(last.body).toEqual({ score: 100, right: 2, total: 2, passMark: 100, passed: true, courseCompleted: true, pointOpened: true });
    expect(await pointStatus(fresh.pointId)).toBe('open');
    const notices = await t.ctx.db
      .selectFrom('notifications')
      .select('title')
      .where('recipient_id', '=', fresh.leaderId)
      .orderBy('created_at')
      .execute();
    expect(notices.map((n) => n.title)).toEqual(['完成必修培训后开店', '您的自提点已开放']);
    // residents find the point now
    expect(await nearby()).toContain(fresh.pointId);
    // passing again changes nothing
    expect((await leaderApi(fresh.token, 'POST', `/lessons/${required.lessons[1]}/quiz`, right)).body).toMatchObject({
      pointOpened: false,
    });
    expect((await leaderApi(fresh.token, 'GET', '')).body).toMatchObject({
      pointWaiting: false,
      requiredMissing: 0,
      courses: [{ id: required.id, completed: true, score: 100, lessonsPassed: 2, lessonCount: 2 }],
    });
    expect((await admin('GET', '/courses')).body.items.find((c: { id: string }) => c.id === required.id)).toMatchObject({ completedBy: 1 });
  });

  it('two submissions racing to complete the last lesson open the point once and tell the leader once', async () => {
    const racer = await approvedLeader();
    expect(await pointStatus(racer.pointId)).toBe('closed');
    await leaderApi(racer.token, 'POST', `/lessons/${required.lessons[0]}/quiz`, right);
    const results = await Promise.all([1, 2].map(() => leaderApi(racer.token, 'POST', `/lessons/${required.lessons[1]}/quiz`, right)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.filter((r) => r.body.pointOpened)).toHaveLength(1);
    expect(await pointStatus(racer.pointId)).toBe('open');
    const opened = await t.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('recipient_id', '=', racer.leaderId)
      .where('title', '=', '您的自提点已开放')
      .execute();
    expect(opened).toHaveLength(1);
    const completions = await t.ctx.db
      .selectFrom('training_completions')
      .select('course_id')
      .where('leader_id', '=', racer.leaderId)
      .execute();
    expect(completions).toEqual([{ course_id: required.id }]);
  });

  it('a second required course holds points again; taking it back to draft opens the points that waited only for it', async () => {
    const second = await course({ required: true, title: '食品安全' });
    const waiting = await approvedLeader();
    expect(await pointStatus(waiting.pointId)).toBe('closed');
    // the first required course done: still the second missing
    for (const l of required.lessons) await leaderApi(waiting.token, 'POST', `/lessons/${l}/quiz`, right);
    expect(await pointStatus(waiting.pointId)).toBe('closed');
    expect((await leaderApi(waiting.token, 'GET', '')).body).toMatchObject({ pointWaiting: true, requiredMissing: 1 });
    expect((await admin('POST', `/courses/${second.id}/status`, { status: 'draft' })).status).toBe(200);
    expect(await pointStatus(waiting.pointId)).toBe('open');
  });

  it('a leader staff create directly waits for the required course too: their first point and any added while it waits; a working leader’s new point opens', async () => {
    const phone = nextPhone();
    const created = await t.request('POST', '/api/v1/admin/leaders', { token: support, body: { phone, name: '直招团长' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const leaderId = created.body.id as string;
    const openPoint = (id: string, name: string) =>
      t.request('POST', `/api/v1/admin/leaders/${id}/pickup-points`, {
        token: support,
        body: { name, address: '岳麓区2号', lat: 28.22, lng: 112.91 },
      });
    const first = await openPoint(leaderId, '直招自提点');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.status).toBe('closed');
    expect(await pointStatus(first.body.id)).toBe('closed');
    const second = await openPoint(leaderId, '直招二号点');
    expect(second.body.status).toBe('closed');
    const working = await openPoint(world.leaders[0]?.id as string, '老团长新点');
    expect(working.body.status).toBe('open');
    expect(await pointStatus(working.body.id)).toBe('open');

    const token = await t.login('leader', phone);
    expect((await leaderApi(token, 'GET', '')).body).toMatchObject({ pointWaiting: true, requiredMissing: 1 });
    for (const l of required.lessons) await leaderApi(token, 'POST', `/lessons/${l}/quiz`, right);
    expect(await pointStatus(first.body.id)).toBe('open');
    expect(await pointStatus(second.body.id)).toBe('open');
  });

  it('a lesson a leader attempted cannot be removed; one nobody attempted can', async () => {
    expect((await admin('DELETE', `/courses/${required.id}/lessons/${required.lessons[0]}`)).body.code).toBe('INVALID_STATE');
    const added = await admin('POST', `/courses/${required.id}/lessons`, lesson('第三课'));
    const third = added.body.lessons[2].id;
    const removed = await admin('DELETE', `/courses/${required.id}/lessons/${third}`);
    expect(removed.body.lessons.map((l: { position: number }) => l.position)).toEqual([1, 2]);
  });
});

describe('sessions, attendance and who is behind', () => {
  it('leaders check in with the session code while it is open; staff mark the others; the progress table shows who is behind', async () => {
    const a = await approvedLeader(); // the required course is published: held
    const b = world.leaders[0] as { id: string; phone: string };
    const bToken = await t.login('leader', b.phone);
    const startsAt = new Date(t.clock.now().getTime() + 2 * HOUR);
    const created = await admin('POST', '/sessions', {
      title: '每周销售培训',
      startsAt: startsAt.toISOString(),
      durationMinutes: 60,
      weeks: 2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [first, second] = created.body.items as { id: string; checkInCode: string; seriesId: string; startsAt: string }[];
    expect(first?.seriesId).toBe(second?.seriesId);
    expect(new Date(second?.startsAt as string).getTime() - startsAt.getTime()).toBe(7 * DAY);

    // too early
    expect((await leaderApi(a.token, 'POST', '/check-in', { code: first?.checkInCode })).body.code).toBe('VALIDATION_FAILED');
    t.clock.advance(2 * HOUR - 10 * MINUTE);
    const wrongCode = String((Number(first?.checkInCode) + 1) % 10000).padStart(4, '0');
    expect((await leaderApi(a.token, 'POST', '/check-in', { code: wrongCode })).body.code).toBe('VALIDATION_FAILED');
    const checked = await leaderApi(a.token, 'POST', '/check-in', { code: first?.checkInCode });
    expect(checked.body).toEqual({ sessionId: first?.id });
    expect((await leaderApi(a.token, 'POST', '/check-in', { code: first?.checkInCode })).status).toBe(200);
    const mine = await leaderApi(a.token, 'GET', '/sessions');
    expect(mine.body.items.map((s: { attended: boolean; checkInOpen: boolean }) => [s.attended, s.checkInOpen])).toEqual([
      [true, true],
      [false, false],
    ]);

    t.clock.advance(2 * HOUR);
    // staff mark b present, then take it back: b attended nothing
    const marked = await admin('POST', `/sessions/${first?.id}/attendance`, { leaderId: b.id, attended: true });
    expect(marked.body.leaders.find((l: { leaderId: string }) => l.leaderId === b.id)).toMatchObject({ attended: true, via: 'staff' });
    const unmarked = await admin('POST', `/sessions/${first?.id}/attendance`, { leaderId: b.id, attended: false });
    expect(unmarked.body.leaders.find((l: { leaderId: string }) => l.leaderId === b.id)).toMatchObject({ attended: false, via: null });
    expect(unmarked.body.session.attended).toBe(1);
    expect((await leaderApi(bToken, 'GET', '/sessions')).body.items[0].attended).toBe(false);

    // a week later: a has not done the required course (7 days), b attended none of one held session
    t.clock.advance(7 * DAY);
    const progress = await admin('GET', '/progress');
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    const rowOf = (id: string) => progress.body.items.find((r: { leaderId: string }) => r.leaderId === id);
    expect(rowOf(a.leaderId)).toMatchObject({
      requiredTotal: 1,
      requiredDone: 0,
      held: 2,
      attended: 1,
      attendanceRate: 0.5,
      pointWaiting: true,
      behind: ['required_overdue'],
    });
    expect(rowOf(b.id)).toMatchObject({ held: 2, attended: 0, attendanceRate: 0, behind: ['required_overdue', 'low_attendance'] });
    const behindOnly = await admin('GET', '/progress?behindOnly=true');
    expect(behindOnly.body.items.every((r: { behind: string[] }) => r.behind.length > 0)).toBe(true);
    expect(progress.body.policy).toEqual({ requiredWithinDays: 7, minAttendancePercent: 50 });

    // the operator's own rule: 14 days for the required courses, attendance of 60 % at least
    for (const bad of [
      { requiredWithinDays: 0, minAttendancePercent: 60 },
      { requiredWithinDays: 14, minAttendancePercent: 101 },
      { requiredWithinDays: 14 },
    ]) {
      const refused = await admin('PUT', '/policy', bad);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin('GET', '/policy')).body).toEqual({ requiredWithinDays: 7, minAttendancePercent: 50 });
    const saved = await admin('PUT', '/policy', { requiredWithinDays: 14, minAttendancePercent: 60 });
    expect(saved.body).toEqual({ requiredWithinDays: 14, minAttendancePercent: 60 });
    const stricter = await admin('GET', '/progress');
    expect(stricter.body.policy).toEqual({ requiredWithinDays: 14, minAttendancePercent: 60 });
    const rowAfter = (id: string) => stricter.body.items.find((r: { leaderId: string }) => r.leaderId === id);
    expect(rowAfter(a.leaderId).behind).toEqual(['low_attendance']); // 50 % < 60 %; not overdue within 14 days
    expect(rowAfter(b.id).behind).toEqual(['low_attendance']);
    await admin('PUT', '/policy', { requiredWithinDays: 7, minAttendancePercent: 50 });

    // the KPI input, set-based
    const status = await trainingStatusOf(t.ctx.db, world.operatorId, new Date(t.clock.now().getTime() - 28 * DAY), t.clock.now());
    expect(status.find((s) => s.leaderId === a.leaderId)).toMatchObject({ requiredComplete: false, attended: 1, held: 2 });
    expect(status.filter((s) => s.requiredComplete).length).toBeGreaterThanOrEqual(2);
  });

  it('another operator’s staff and leaders see nothing of it', async () => {
    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 1, residents: 0 });
    const otherStaff = await t.login('staff', other.adminPhone, 'other-op');
    expect((await t.request('GET', '/api/v1/admin/training/courses', { token: otherStaff })).body.items).toEqual([]);
    const otherLeader = await t.login('leader', (other.leaders[0] as { phone: string }).phone, 'other-op');
    expect((await t.request('GET', '/api/v1/leader/training', { token: otherLeader })).body.courses).toEqual([]);
  });
});
