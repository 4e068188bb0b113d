import { ErrorBody, IdParams, training } from '@linli/contracts';
import { z } from 'zod';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { DAY } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { addLesson, createCourse, deleteLesson, setCourseStatus, updateCourse, updateLesson } from './training.courses.ts';
import {
  adminCourse,
  adminCourses,
  adminSessions,
  leaderCourse,
  leaderSessions,
  leaderTraining,
  sessionAttendance,
  trainingProgress,
} from './training.queries.ts';
import { behindPolicy, policyDto, saveBehindPolicy } from './training.policy.ts';
import { submitQuiz } from './training.service.ts';
import { checkIn, createSessions, markAttendance } from './training.sessions.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Staff who run training: support (leader relations) and admins. */
const TRAINERS = ['support'] as const;

/** Training (团长培训课堂): staff write courses, quizzes and sessions and watch who is behind; leaders learn on the phone. */
export const trainingRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/training/courses',
    {
      schema: {
        tags: ['admin'],
        summary: 'Training courses, oldest first, with lessons and completions counted',
        response: { 200: training.AdminCourseList, ...errors },
      },
    },
    async (req) => ({ items: await adminCourses(ctx.db, (await requireStaff(ctx, req, ...TRAINERS)).operatorId) }),
  );
  app.post(
    '/api/v1/admin/training/courses',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a training course (a draft)',
        body: training.CreateCourse,
        response: { 201: training.AdminCourseDetail, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      const id = await createCourse(ctx, me, req.body);
      return reply.status(201).send(await adminCourse(ctx.db, me.operatorId, id));
    },
  );
  app.get(
    '/api/v1/admin/training/courses/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'A course with its lessons and quizzes',
        params: IdParams,
        response: { 200: training.AdminCourseDetail, ...errors },
      },
    },
    async (req) => adminCourse(ctx.db, (await requireStaff(ctx, req, ...TRAINERS)).operatorId, req.params.id),
  );
  app.patch(
    '/api/v1/admin/training/courses/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a course or change whether it is required before a new point opens',
        params: IdParams,
        body: training.UpdateCourse,
        response: { 200: training.AdminCourseDetail, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await updateCourse(ctx, me, req.params.id, req.body);
      return adminCourse(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/training/courses/:id/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Publish a course (it needs a lesson) or take it back to draft',
        params: IdParams,
        body: training.SetCourseStatus,
        response: { 200: training.AdminCourseDetail, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await setCourseStatus(ctx, me, req.params.id, req.body.status);
      return adminCourse(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/training/courses/:id/lessons',
    {
      schema: {
        tags: ['admin'],
        summary: 'Append a lesson (text, images, a video link) with its quiz',
        params: IdParams,
        body: training.LessonInput,
        response: { 201: training.AdminCourseDetail, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await addLesson(ctx, me, req.params.id, req.body);
      return reply.status(201).send(await adminCourse(ctx.db, me.operatorId, req.params.id));
    },
  );
  app.put(
    '/api/v1/admin/training/courses/:id/lessons/:lessonId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rewrite a lesson and its quiz',
        params: training.LessonParams,
        body: training.LessonInput,
        response: { 200: training.AdminCourseDetail, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await updateLesson(ctx, me, req.params.id, req.params.lessonId, req.body);
      return adminCourse(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.delete(
    '/api/v1/admin/training/courses/:id/lessons/:lessonId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a lesson no leader has attempted',
        params: training.LessonParams,
        response: { 200: training.AdminCourseDetail, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await deleteLesson(ctx, me, req.params.id, req.params.lessonId);
      return adminCourse(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.get(
    '/api/v1/admin/training/sessions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Training sessions from four weeks ago on, with attendance counted',
        response: { 200: training.AdminSessionList, ...errors },
      },
    },
    async (req) => ({ items: await adminSessions(ctx.db, (await requireStaff(ctx, req, ...TRAINERS)).operatorId, ctx.clock.now()) }),
  );
  app.post(
    '/api/v1/admin/training/sessions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Schedule a session, or a weekly series of them (each with its own check-in code)',
        body: training.CreateSessions,
        response: { 201: training.AdminSessionList, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      const ids = new Set(await createSessions(ctx, me, req.body));
      const all = await adminSessions(ctx.db, me.operatorId, ctx.clock.now());
      return reply.status(201).send({ items: all.filter((s) => ids.has(s.id)) });
    },
  );
  app.get(
    '/api/v1/admin/training/sessions/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'A session with every active leader, present or not',
        params: IdParams,
        response: { 200: training.SessionAttendance, ...errors },
      },
    },
    async (req) => sessionAttendance(ctx.db, (await requireStaff(ctx, req, ...TRAINERS)).operatorId, req.params.id, ctx.clock.now()),
  );
  app.post(
    '/api/v1/admin/training/sessions/:id/attendance',
    {
      schema: {
        tags: ['admin'],
        summary: 'Mark a leader present at a session, or take the mark back',
        params: IdParams,
        body: training.MarkAttendance,
        response: { 200: training.SessionAttendance, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      await markAttendance(ctx, me, req.params.id, req.body);
      return sessionAttendance(ctx.db, me.operatorId, req.params.id, ctx.clock.now());
    },
  );
  app.get(
    '/api/v1/admin/training/progress',
    {
      schema: {
        tags: ['admin'],
        summary: "Who is behind: every active leader's required courses and attendance over the period (default the last 28 days)",
        querystring: training.ProgressQuery,
        response: { 200: training.ProgressList, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      const now = ctx.clock.now();
      const to = req.query.to ? new Date(req.query.to) : now;
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 28 * DAY);
      if (from.getTime() >= to.getTime())
        throw new AppError('VALIDATION_FAILED', 'the period must start before it ends', { field: 'from' });
      const policy = await behindPolicy(ctx.db, me.operatorId);
      const rows = await trainingProgress(ctx.db, me.operatorId, { from, to }, now, policy);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        policy: policyDto(policy),
        items: req.query.behindOnly === 'true' ? rows.filter((r) => r.behind.length > 0) : rows,
      };
    },
  );
  app.get(
    '/api/v1/admin/training/policy',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Who counts as behind: the days to finish the required courses and the lowest attendance (the operator's, or 7 days and 50 %)",
        response: { 200: training.TrainingPolicy, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      return policyDto(await behindPolicy(ctx.db, me.operatorId));
    },
  );
  app.put(
    '/api/v1/admin/training/policy',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set who counts as behind in training',
        body: training.TrainingPolicy,
        response: { 200: training.TrainingPolicy, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, ...TRAINERS);
      return saveBehindPolicy(ctx, me.operatorId, me.id, req.body);
    },
  );

  app.get(
    '/api/v1/leader/training',
    {
      schema: {
        tags: ['leader'],
        summary: 'My courses (required first) with progress, and whether my point waits for them',
        response: { 200: training.LeaderTraining, ...errors },
      },
    },
    async (req) => leaderTraining(ctx.db, await requireKind(ctx, req, 'leader')),
  );
  app.get(
    '/api/v1/leader/training/courses/:id',
    {
      schema: {
        tags: ['leader'],
        summary: 'A course: its lessons and quizzes (answers not shown)',
        params: IdParams,
        response: { 200: training.LeaderCourseDetail, ...errors },
      },
    },
    async (req) => leaderCourse(ctx.db, await requireKind(ctx, req, 'leader'), req.params.id),
  );
  app.post(
    '/api/v1/leader/training/lessons/:id/quiz',
    {
      schema: {
        tags: ['leader'],
        summary: "Submit a lesson's quiz: the score, pass or not, and whether it completed the course (and opened my point)",
        params: IdParams,
        body: training.SubmitQuiz,
        response: { 200: training.QuizResult, ...errors },
      },
    },
    async (req) => submitQuiz(ctx, await requireKind(ctx, req, 'leader'), req.params.id, req.body),
  );
  app.get(
    '/api/v1/leader/training/sessions',
    {
      schema: {
        tags: ['leader'],
        summary: 'Training sessions from a week ago to four weeks ahead, with my attendance',
        response: { 200: training.LeaderSessionList, ...errors },
      },
    },
    async (req) => ({ items: await leaderSessions(ctx.db, await requireKind(ctx, req, 'leader'), ctx.clock.now()) }),
  );
  app.post(
    '/api/v1/leader/training/check-in',
    {
      schema: {
        tags: ['leader'],
        summary: 'Check in to a session open now with the code the trainer shows',
        body: training.CheckIn,
        response: { 200: z.object({ sessionId: z.string() }), ...errors },
      },
    },
    async (req) => ({ sessionId: await checkIn(ctx, await requireKind(ctx, req, 'leader'), req.body.code) }),
  );
};
