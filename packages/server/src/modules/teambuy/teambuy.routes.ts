import { ErrorBody, IdParams, teambuy } from '@linli/contracts';
import { z } from 'zod';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { AppError } from '../../platform/errors.ts';
import { firstPaidOrders, toOrderDto } from '../ordering/index.ts';
import type { Principal } from '../identity/index.ts';
import type { AppContext } from '../../context.ts';
import { createTeamDeal, setTeamDealStatus } from './teambuy.deals.ts';
import { adminTeamDeal, adminTeamDeals, adminTeams, leaderTeamDeals, myTeamOrders, shopTeam, shopTeamDeals } from './teambuy.queries.ts';
import { joinTeam, openTeam, type TeamOrderPlaced } from './teambuy.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .optional()
    .describe('a retried submission with the same key returns the first order'),
});

const paidBefore = async (ctx: AppContext, me: Principal) => (await firstPaidOrders(ctx.db, me.operatorId, [me.id])).has(me.id);
const placedDto = (p: TeamOrderPlaced) => ({ dealId: p.dealId, wantedTeamId: p.wantedTeamId, order: toOrderDto(p.order) });

/** Team buy (拼团): staff set deals up and watch their teams; residents open and join teams; leaders share deals. */
export const teambuyRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/team-deals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Team buys, newest first, with their teams (open, formed, failed, filled) and P&L (cost, orders, new residents)',
        response: { 200: teambuy.TeamDealList, ...errors },
      },
    },
    async (req) => ({
      items: await adminTeamDeals(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance', 'support')).operatorId),
    }),
  );
  app.post(
    '/api/v1/admin/team-deals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set up a team buy on a campaign line (its price goes through checkout as a play promotion)',
        body: teambuy.CreateTeamDeal,
        response: { 201: teambuy.TeamDeal, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      const id = await createTeamDeal(ctx, me, req.body);
      return reply.status(201).send(await adminTeamDeal(ctx.db, me.operatorId, id));
    },
  );
  app.get(
    '/api/v1/admin/team-deals/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One team buy with its counts and P&L',
        params: IdParams,
        response: { 200: teambuy.TeamDeal, ...errors },
      },
    },
    async (req) => adminTeamDeal(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance', 'support')).operatorId, req.params.id),
  );
  app.post(
    '/api/v1/admin/team-deals/:id/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Pause, resume or end a team buy (its open teams run to their expiry)',
        params: IdParams,
        body: teambuy.SetTeamDealStatus,
        response: { 200: teambuy.TeamDeal, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      await setTeamDealStatus(ctx, me, req.params.id, req.body.status);
      return adminTeamDeal(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.get(
    '/api/v1/admin/team-deals/:id/teams',
    {
      schema: {
        tags: ['admin'],
        summary: "A team buy's teams, newest first, with members and history (to watch it live)",
        params: IdParams,
        querystring: teambuy.AdminTeamQuery,
        response: { 200: teambuy.AdminTeamList, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'finance', 'support');
      await adminTeamDeal(ctx.db, me.operatorId, req.params.id);
      return { items: await adminTeams(ctx.db, me.operatorId, req.params.id, req.query.state) };
    },
  );

  app.get(
    '/api/v1/shop/team-deals',
    {
      schema: {
        tags: ['shop'],
        summary: 'Team buys open now, each with its open teams to join',
        response: { 200: teambuy.ShopTeamDealList, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return { items: await shopTeamDeals(ctx.db, me, ctx.clock.now(), await paidBefore(ctx, me)) };
    },
  );
  app.get(
    '/api/v1/shop/team-deals/:id',
    {
      schema: {
        tags: ['shop'],
        summary: 'A team buy: its terms and open teams',
        params: IdParams,
        response: { 200: teambuy.ShopTeamDeal, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      const [deal] = await shopTeamDeals(ctx.db, me, ctx.clock.now(), await paidBefore(ctx, me), req.params.id);
      if (!deal) throw new AppError('NOT_FOUND', 'team deal not found');
      return deal;
    },
  );
  app.post(
    '/api/v1/shop/team-deals/:id/teams',
    {
      schema: {
        tags: ['shop'],
        summary: 'Open a team: places the order at the team price; paying it opens the team',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: teambuy.OpenTeam,
        response: { 201: teambuy.TeamOrderPlaced, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'resident');
      const placed = await openTeam(ctx, me, req.params.id, {
        leaderId: req.body.leaderId,
        idempotencyKey: req.headers['idempotency-key'],
      });
      return reply.status(201).send(placedDto(placed));
    },
  );
  app.get(
    '/api/v1/shop/teams/:id',
    {
      schema: {
        tags: ['shop'],
        summary: "A team from its share link: members, countdown, history, and my order's standing",
        params: IdParams,
        response: { 200: teambuy.ShopTeam, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return shopTeam(ctx.db, me, ctx.clock.now(), await paidBefore(ctx, me), req.params.id);
    },
  );
  app.post(
    '/api/v1/shop/teams/:id/join',
    {
      schema: {
        tags: ['shop'],
        summary: 'Join a team: places the order at the team price; paying it takes a slot',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: teambuy.JoinTeam,
        response: { 201: teambuy.TeamOrderPlaced, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'resident');
      const placed = await joinTeam(ctx, me, req.params.id, {
        leaderId: req.body.leaderId,
        idempotencyKey: req.headers['idempotency-key'],
      });
      return reply.status(201).send(placedDto(placed));
    },
  );
  app.get(
    '/api/v1/shop/my-teams',
    {
      schema: {
        tags: ['shop'],
        summary: 'My team orders and their teams, newest first',
        response: { 200: teambuy.MyTeamOrders, ...errors },
      },
    },
    async (req) => ({ items: await myTeamOrders(ctx.db, await requireKind(ctx, req, 'resident')) }),
  );

  app.get(
    '/api/v1/leader/team-deals',
    {
      schema: {
        tags: ['leader'],
        summary: 'Team buys I sell, with my share link (it carries my id) and the orders it brought',
        response: { 200: teambuy.LeaderTeamDeals, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return { items: await leaderTeamDeals(ctx.db, me, ctx.clock.now()) };
    },
  );
};
