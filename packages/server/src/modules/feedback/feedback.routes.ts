import { ErrorBody, IdParams, feedback } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { adminComplaint, adminComplaints } from './feedback.admin.ts';
import { complaintsOf, leaderRecentFeedback, periodOf } from './feedback.queries.ts';
import { appealComplaint, assignComplaint, fileComplaint, orderFeedback, rateOrder, resolveComplaint } from './feedback.service.ts';
import { leaderComplaintRates } from './leader-rates.report.ts';
import { supplierScorecards } from './supplier-scorecard.report.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The residents' voice: residents rate orders and file complaints; support works the complaints queue; purchasing reads supplier scorecards. */
export const feedbackRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/orders/:id/feedback',
    {
      schema: {
        tags: ['shop'],
        summary: "My order's rating and complaints, and whether I may still rate it or complain",
        params: IdParams,
        response: { 200: feedback.OrderFeedback, ...errors },
      },
    },
    async (req) => orderFeedback(ctx, await requireKind(ctx, req, 'resident'), req.params.id),
  );
  app.post(
    '/api/v1/shop/orders/:id/rating',
    {
      schema: {
        tags: ['shop'],
        summary: 'Rate my picked-up order (items, freshness, the leader’s service, 1–5), once',
        params: IdParams,
        body: feedback.RateOrder,
        response: { 201: feedback.OrderFeedback, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await rateOrder(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/shop/complaints',
    {
      schema: {
        tags: ['shop'],
        summary: "Complain about my order's leader, a line's supplier or its driver (one complaint per order and target)",
        body: feedback.FileComplaint,
        response: { 201: feedback.Complaint, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await fileComplaint(ctx, await requireKind(ctx, req, 'resident'), req.body)),
  );
  app.get(
    '/api/v1/shop/complaints',
    {
      schema: {
        tags: ['shop'],
        summary: 'My complaints, newest first, with their steps',
        response: { 200: feedback.ComplaintList, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return { items: await complaintsOf(ctx.db, me.operatorId, { residentId: me.id }) };
    },
  );
  app.post(
    '/api/v1/shop/complaints/:id/appeal',
    {
      schema: {
        tags: ['shop'],
        summary: "Appeal a complaint's resolution (once), with a reason",
        params: IdParams,
        body: feedback.AppealComplaint,
        response: { 200: feedback.Complaint, ...errors },
      },
    },
    async (req) => appealComplaint(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.body.reason),
  );

  app.get(
    '/api/v1/admin/complaints',
    {
      schema: {
        tags: ['admin'],
        summary: "The complaints queue, newest first, filtered by status and target, each with its leader's complaint rate",
        querystring: feedback.ComplaintQuery,
        response: { 200: feedback.AdminComplaintPage, ...errors },
      },
    },
    async (req) => adminComplaints(ctx, (await requireStaff(ctx, req, 'support')).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/complaints/:id/assign',
    {
      schema: {
        tags: ['admin'],
        summary: 'Take a complaint (or give it to another staff member)',
        params: IdParams,
        body: feedback.AssignComplaint,
        response: { 200: feedback.AdminComplaint, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support');
      await assignComplaint(ctx, me, req.params.id, req.body.assigneeId);
      return adminComplaint(ctx, me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/complaints/:id/resolve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Resolve a complaint with the reason the resident reads and whether it is upheld (they are told, and may appeal once)',
        params: IdParams,
        body: feedback.ResolveComplaint,
        response: { 200: feedback.AdminComplaint, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support');
      await resolveComplaint(ctx, me, req.params.id, req.body.resolution, req.body.outcome);
      return adminComplaint(ctx, me.operatorId, req.params.id);
    },
  );
  app.get(
    '/api/v1/admin/leader-feedback-rates',
    {
      schema: {
        tags: ['admin'],
        summary: "Each leader's complaint and rating rates per picked-up order over a period (default: the last 30 days), worst first",
        querystring: feedback.PeriodQuery,
        response: { 200: feedback.LeaderRatesList, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support', 'merchandiser');
      const { from, to } = await periodOf(ctx.db, me.operatorId, ctx.clock.now(), req.query);
      return { from, to, items: await leaderComplaintRates(ctx.db, me.operatorId, from, to) };
    },
  );
  app.get(
    '/api/v1/leader/feedback',
    {
      schema: {
        tags: ['leader'],
        summary:
          'What residents said of me over a period (default: the last 30 days): my rates, newest ratings and complaints, without who gave them',
        querystring: feedback.PeriodQuery,
        response: { 200: feedback.MyFeedback, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const { from, to } = await periodOf(ctx.db, me.operatorId, ctx.clock.now(), req.query);
      const [rates] = await leaderComplaintRates(ctx.db, me.operatorId, from, to, [me.id]);
      return { from, to, rates: rates!, ...(await leaderRecentFeedback(ctx.db, me.operatorId, me.id, from, to)) };
    },
  );
  app.get(
    '/api/v1/admin/supplier-scorecards',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Each supplier's scorecard over a period (default: the last 30 days): on time, short shipments, quality rejects, complaints, ratings",
        querystring: feedback.PeriodQuery,
        response: { 200: feedback.SupplierScorecardList, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'purchaser', 'merchandiser');
      const { from, to } = await periodOf(ctx.db, me.operatorId, ctx.clock.now(), req.query);
      return { from, to, items: await supplierScorecards(ctx.db, me.operatorId, from, to) };
    },
  );
};
