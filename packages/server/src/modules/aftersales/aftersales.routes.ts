import { ErrorBody, IdParams, aftersales } from '@linli/contracts';
import type { FastifyRequest } from 'fastify';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { getSettings, updateSettings, leaderPoints } from '../pickup/index.ts';
import { getCase, listCases } from './aftersales.queries.ts';
import { type Decider, approveClaim, createClaim, rejectClaim, setBlame, withdrawClaim } from './aftersales.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** After-sales claims: residents claim, leaders (their pickup points) and support decide; the rules are the operator's settings. */
export const aftersalesRoutes: RouteModule = (app, ctx) => {
  const leaderDecider = async (req: FastifyRequest): Promise<Decider> => {
    const me = await requireKind(ctx, req, 'leader');
    return {
      kind: 'leader',
      id: me.id,
      scope: { operatorId: me.operatorId, pickupPointIds: await leaderPoints(ctx.db, me.operatorId, me.id) },
    };
  };
  const supportDecider = async (req: FastifyRequest): Promise<Decider> => {
    const me = await requireStaff(ctx, req, 'support');
    return { kind: 'staff', id: me.id, scope: { operatorId: me.operatorId } };
  };

  app.post(
    '/api/v1/shop/aftersales',
    {
      schema: {
        tags: ['shop'],
        summary: 'Claim on a line of my order (missing, damaged, quality, wrong item) with evidence',
        body: aftersales.CreateClaim,
        response: { 201: aftersales.AftersaleCase, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createClaim(ctx, await requireKind(ctx, req, 'resident'), req.body)),
  );
  app.get(
    '/api/v1/shop/aftersales',
    {
      schema: {
        tags: ['shop'],
        summary: 'My claims, newest first',
        querystring: aftersales.CaseListQuery,
        response: { 200: aftersales.CasePage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      const { items, total } = await listCases(ctx.db, { operatorId: me.operatorId, residentId: me.id }, { ...req.query, order: 'desc' });
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.post(
    '/api/v1/shop/aftersales/:id/withdraw',
    {
      schema: { tags: ['shop'], summary: 'Withdraw my claim', params: IdParams, response: { 200: aftersales.AftersaleCase, ...errors } },
    },
    async (req) => withdrawClaim(ctx, await requireKind(ctx, req, 'resident'), req.params.id),
  );

  app.get(
    '/api/v1/leader/aftersales',
    {
      schema: {
        tags: ['leader'],
        summary: 'Claims at my pickup points',
        querystring: aftersales.CaseListQuery,
        response: { 200: aftersales.CasePage, ...errors },
      },
    },
    async (req) => {
      const { scope } = await leaderDecider(req);
      const { items, total } = await listCases(ctx.db, scope, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.post(
    '/api/v1/leader/aftersales/:id/approve',
    {
      schema: {
        tags: ['leader'],
        summary: 'Approve a claim at my pickup point: the line is refunded',
        params: IdParams,
        body: aftersales.ApproveClaim,
        response: { 200: aftersales.AftersaleCase, ...errors },
      },
    },
    async (req) => approveClaim(ctx, await leaderDecider(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/leader/aftersales/:id/reject',
    {
      schema: {
        tags: ['leader'],
        summary: 'Reject a claim at my pickup point, with a reason',
        params: IdParams,
        body: aftersales.RejectClaim,
        response: { 200: aftersales.AftersaleCase, ...errors },
      },
    },
    async (req) => rejectClaim(ctx, await leaderDecider(req), req.params.id, req.body.reason),
  );

  app.get(
    '/api/v1/admin/aftersales',
    {
      schema: {
        tags: ['admin'],
        summary: 'After-sales claims (support), newest first, filtered',
        querystring: aftersales.AdminCaseQuery,
        response: { 200: aftersales.AdminCasePage, ...errors },
      },
    },
    async (req) => {
      const { scope } = await supportDecider(req);
      const { items, total } = await listCases(ctx.db, scope, { ...req.query, order: 'desc' });
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.get(
    '/api/v1/admin/aftersales/:id',
    { schema: { tags: ['admin'], summary: 'One claim', params: IdParams, response: { 200: aftersales.AdminAftersaleCase, ...errors } } },
    async (req) => getCase(ctx.db, (await supportDecider(req)).scope, req.params.id),
  );
  app.post(
    '/api/v1/admin/aftersales/:id/approve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Approve a claim: the line is refunded, the blame recorded; a coupon may be granted with it',
        params: IdParams,
        body: aftersales.AdminApproveClaim,
        response: { 200: aftersales.AdminAftersaleCase, ...errors },
      },
    },
    async (req) => approveClaim(ctx, await supportDecider(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/aftersales/:id/reject',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reject a claim with a reason',
        params: IdParams,
        body: aftersales.RejectClaim,
        response: { 200: aftersales.AdminAftersaleCase, ...errors },
      },
    },
    async (req) => rejectClaim(ctx, await supportDecider(req), req.params.id, req.body.reason),
  );
  app.put(
    '/api/v1/admin/aftersales/:id/blame',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set who is to blame on a claim still to be decided',
        params: IdParams,
        body: aftersales.SetBlame,
        response: { 200: aftersales.AdminAftersaleCase, ...errors },
      },
    },
    async (req) => setBlame(ctx, (await supportDecider(req)).scope.operatorId, req.params.id, req.body.blame),
  );

  app.get(
    '/api/v1/admin/aftersales-settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Pickup and after-sales rules: unpicked period and rule, claim window',
        response: { 200: aftersales.AftersalesSettings, ...errors },
      },
    },
    async (req) => getSettings(ctx.db, (await requireStaff(ctx, req, 'support', 'warehouse')).operatorId),
  );
  app.patch(
    '/api/v1/admin/aftersales-settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change pickup and after-sales rules (admin)',
        body: aftersales.UpdateAftersalesSettings,
        response: { 200: aftersales.AftersalesSettings, ...errors },
      },
    },
    async (req) => updateSettings(ctx, (await requireStaff(ctx, req)).operatorId, req.body),
  );
};
