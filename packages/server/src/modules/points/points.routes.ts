import { ErrorBody, IdParams, points } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { found } from '../../platform/errors.ts';
import { operatorTimeZone, residentAccount } from '../identity/index.ts';
import { createOffer, listOffers, redeemOffer, updateOffer } from './points.offers.ts';
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
    '/api/v1/shop/points/offers',
    {
      schema: {
        tags: ['shop'],
        summary: 'What I may redeem points for (coupons), cheapest first',
        response: { 200: points.PointsOffers, ...errors },
      },
    },
    async (req) => ({ items: await listOffers(ctx.db, (await requireKind(ctx, req, 'resident')).operatorId, true) }),
  );
  app.post(
    '/api/v1/shop/points/offers/:id/redemptions',
    {
      schema: {
        tags: ['shop'],
        summary: "Redeem points for an offer's coupon",
        description:
          'Spends the points (soonest-expiring first) and issues the coupon together; not enough points is 409 POINTS_INSUFFICIENT, a coupon sold out or at my limit its own 409, and nothing changes.',
        params: IdParams,
        response: { 201: points.Redeemed, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await redeemOffer(ctx, await requireKind(ctx, req, 'resident'), req.params.id)),
  );

  app.get(
    '/api/v1/admin/points/offers',
    {
      schema: {
        tags: ['admin'],
        summary: 'The coupons residents may redeem points for (admin)',
        response: { 200: points.PointsOffers, ...errors },
      },
    },
    async (req) => ({ items: await listOffers(ctx.db, (await requireStaff(ctx, req)).operatorId, false) }),
  );
  app.post(
    '/api/v1/admin/points/offers',
    {
      schema: {
        tags: ['admin'],
        summary: 'Offer a coupon template for points (admin)',
        description: 'The template is checked when a resident redeems: an unknown or ended one refuses the redemption.',
        body: points.CreatePointsOffer,
        response: { 201: points.PointsOffer, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createOffer(ctx.db, ctx.clock.now(), (await requireStaff(ctx, req)).operatorId, req.body)),
  );
  app.patch(
    '/api/v1/admin/points/offers/:id',
    {
      schema: {
        tags: ['admin'],
        summary: "Change an offer's title, cost or whether it is offered (admin)",
        params: IdParams,
        body: points.UpdatePointsOffer,
        response: { 200: points.PointsOffer, ...errors },
      },
    },
    async (req) => updateOffer(ctx.db, ctx.clock.now(), (await requireStaff(ctx, req)).operatorId, req.params.id, req.body),
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
