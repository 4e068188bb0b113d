import { ErrorBody, points } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { found } from '../../platform/errors.ts';
import { operatorTimeZone, residentAccount } from '../identity/index.ts';
import { myPoints, pointsHistory, signInCalendar, storedBalance } from './points.queries.ts';
import { adjustPoints, signIn } from './points.service.ts';
import { pointsSettings, setPointsSettings } from './points.settings.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Points: the resident's balance, history and daily sign-in; the operator's rules and a resident's points for staff. */
export const pointsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/points',
    {
      schema: {
        tags: ['shop'],
        summary: 'My points: balance, what expires when, my sign-in streak',
        response: { 200: points.MyPoints, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return myPoints(ctx.db, me.operatorId, me.id, ctx.clock.now(), await operatorTimeZone(ctx.db, me.operatorId));
    },
  );
  app.get(
    '/api/v1/shop/points/history',
    {
      schema: {
        tags: ['shop'],
        summary: 'My points entries, newest first',
        querystring: points.PointsHistoryQuery,
        response: { 200: points.PointsHistory, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return pointsHistory(ctx.db, me.operatorId, me.id, req.query);
    },
  );
  app.post(
    '/api/v1/shop/points/sign-ins',
    {
      schema: {
        tags: ['shop'],
        summary: "Sign in for today (签到): the day's points and the streak day's bonus",
        description: "Once per day in the operator's time zone; a second time is 409 ALREADY_SIGNED_IN and changes nothing.",
        response: { 201: points.SignInResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await signIn(ctx, await requireKind(ctx, req, 'resident'))),
  );
  app.get(
    '/api/v1/shop/points/sign-ins',
    {
      schema: {
        tags: ['shop'],
        summary: 'My sign-ins of a month, with the streak and the rules',
        querystring: points.SignInCalendarQuery,
        response: { 200: points.SignInCalendar, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      const tz = await operatorTimeZone(ctx.db, me.operatorId);
      return signInCalendar(ctx.db, me.operatorId, me.id, ctx.clock.now(), tz, req.query.month);
    },
  );

  app.get(
    '/api/v1/admin/points/settings',
    {
      schema: {
        tags: ['admin'],
        summary: "The operator's points rules (the defaults where none were set)",
        response: { 200: points.PointsSettings, ...errors },
      },
    },
    async (req) => pointsSettings(ctx.db, (await requireStaff(ctx, req)).operatorId),
  );
  app.put(
    '/api/v1/admin/points/settings',
    {
      schema: {
        tags: ['admin'],
        summary: "Set the operator's points rules (admin)",
        description: 'Applies to points earned from now on; lots already earned keep their expiry.',
        body: points.PointsSettings,
        response: { 200: points.PointsSettings, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req);
      return setPointsSettings(ctx.db, ctx.clock.now(), me.operatorId, me.id, req.body);
    },
  );
  app.get(
    '/api/v1/admin/residents/:id/points',
    {
      schema: {
        tags: ['admin'],
        summary: "A resident's points: balance and entries, newest first (support)",
        params: points.ResidentPointsParams,
        querystring: points.PointsHistoryQuery,
        response: { 200: points.ResidentPoints, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support');
      found(await residentAccount(ctx.db, me.operatorId, req.params.id), 'resident');
      const [page, balance] = await Promise.all([
        pointsHistory(ctx.db, me.operatorId, req.params.id, req.query),
        storedBalance(ctx.db, me.operatorId, req.params.id),
      ]);
      return { ...page, balance };
    },
  );
  app.post(
    '/api/v1/admin/residents/:id/points/adjustments',
    {
      schema: {
        tags: ['admin'],
        summary: "Add or take a resident's points by hand, with a reason (support)",
        description: 'Taking more than the balance is 409 POINTS_INSUFFICIENT and changes nothing.',
        params: points.ResidentPointsParams,
        body: points.PointsAdjustment,
        response: { 201: points.PointsAdjusted, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await adjustPoints(ctx, await requireStaff(ctx, req, 'support'), req.params.id, req.body)),
  );
};
