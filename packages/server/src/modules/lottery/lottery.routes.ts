import { ErrorBody, IdParams, lottery } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { found } from '../../platform/errors.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { auditDraw, leaderLotteries, listLotteries, lotteryDraws, lotteryView, myDraws, shopLotteries } from './lottery.queries.ts';
import { createLottery, draw, setLotteryStatus } from './lottery.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The lottery (抽奖): staff set up and watch; residents see the odds and draw; leaders share. */
export const lotteryRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/lotteries',
    {
      schema: {
        tags: ['admin'],
        summary: 'The lotteries, newest first, with their odds, stock and results (admin)',
        response: { 200: lottery.Lotteries, ...errors },
      },
    },
    async (req) => listLotteries(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId),
  );
  app.post(
    '/api/v1/admin/lotteries',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set up a lottery with its odds table (admin)',
        description:
          'The weights sum to 10000 basis points with exactly one unlimited none prize (400 VALIDATION_FAILED); a coupon or item prize names a running coupon template (400 COUPON_TEMPLATE_INVALID).',
        body: lottery.CreateLottery,
        response: { 201: lottery.LotteryWithResults, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createLottery(ctx, await requireStaff(ctx, req, 'merchandiser'), req.body)),
  );
  app.get(
    '/api/v1/admin/lotteries/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'A lottery with its odds, stock and results (admin)',
        params: IdParams,
        response: { 200: lottery.LotteryWithResults, ...errors },
      },
    },
    async (req) =>
      found(await lotteryView(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId, req.params.id), 'lottery'),
  );
  app.post(
    '/api/v1/admin/lotteries/:id/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Pause, resume or end a lottery (admin)',
        description: 'An ended lottery stays ended (409 INVALID_STATE).',
        params: IdParams,
        body: lottery.LotteryStatusChange,
        response: { 200: lottery.LotteryWithResults, ...errors },
      },
    },
    async (req) => setLotteryStatus(ctx, await requireStaff(ctx, req, 'merchandiser'), req.params.id, req.body.status),
  );
  app.get(
    '/api/v1/admin/lotteries/:id/draws',
    {
      schema: {
        tags: ['admin'],
        summary: "A lottery's draws, newest first (admin)",
        params: IdParams,
        querystring: lottery.DrawsQuery,
        response: { 200: lottery.AdminDraws, ...errors },
      },
    },
    async (req) => lotteryDraws(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId, req.params.id, req.query),
  );
  app.get(
    '/api/v1/admin/lottery-draws/:id/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'Recompute a draw from its recorded random value and the odds table (audit)',
        params: IdParams,
        response: { 200: lottery.DrawAudit, ...errors },
      },
    },
    async (req) => auditDraw(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId, req.params.id),
  );

  app.get(
    '/api/v1/shop/lotteries',
    {
      schema: {
        tags: ['shop'],
        summary: 'The lotteries drawing now, with every prize and its odds, and my free draws',
        response: { 200: lottery.ShopLotteries, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return shopLotteries(ctx.db, me.operatorId, me.id, ctx.clock.now(), await operatorTimeZone(ctx.db, me.operatorId));
    },
  );
  app.post(
    '/api/v1/shop/lotteries/:id/draws',
    {
      schema: {
        tags: ['shop'],
        summary: 'Draw once',
        description:
          'A free draw earned by sign-in is used first, else the points (409 POINTS_INSUFFICIENT changes nothing). Paused, ended or outside its window: 409 LOTTERY_UNAVAILABLE; past the daily limit: 409 LOTTERY_DAILY_LIMIT.',
        params: IdParams,
        body: lottery.DrawRequest,
        response: { 201: lottery.Draw, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await draw(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.body.leaderId)),
  );
  app.get(
    '/api/v1/shop/lotteries/:id/draws',
    {
      schema: {
        tags: ['shop'],
        summary: 'My draws of a lottery, newest first',
        params: IdParams,
        querystring: lottery.DrawsQuery,
        response: { 200: lottery.Draws, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return myDraws(ctx.db, me.operatorId, me.id, req.params.id, req.query);
    },
  );

  app.get(
    '/api/v1/leader/lotteries',
    {
      schema: {
        tags: ['leader'],
        summary: 'Lotteries to share into my group, with the draws my links brought',
        response: { 200: lottery.LeaderLotteries, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderLotteries(ctx.db, me.operatorId, me.id, ctx.clock.now());
    },
  );
};
