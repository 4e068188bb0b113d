import { ErrorBody, IdParams, applications } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import {
  applyForLeader,
  approveApplication,
  getApplication,
  listApplications,
  myApplications,
  rejectApplication,
} from './leader-applications.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Leader applications (团长申请): a resident applies in the shop; support or an admin approves or rejects. */
export const leaderApplicationRoutes: RouteModule = (app, ctx) => {
  const support = (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'support');

  app.post(
    '/api/v1/shop/leader-applications',
    {
      schema: {
        tags: ['shop'],
        summary: 'Apply to become a group leader with a proposed pickup point (one pending application at a time)',
        body: applications.CreateLeaderApplication,
        response: { 201: applications.LeaderApplication, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForLeader(ctx, await requireKind(ctx, req, 'resident'), req.body)),
  );
  app.get(
    '/api/v1/shop/leader-applications',
    {
      schema: {
        tags: ['shop'],
        summary: 'My leader applications and their status',
        response: { 200: applications.MyLeaderApplications, ...errors },
      },
    },
    async (req) => ({ items: await myApplications(ctx.db, await requireKind(ctx, req, 'resident')) }),
  );

  const tags = ['admin'];
  app.get(
    '/api/v1/admin/leader-applications',
    {
      schema: {
        tags,
        summary: 'Leader applications, newest first, by status',
        querystring: applications.LeaderApplicationListQuery,
        response: { 200: applications.AdminLeaderApplicationPage, ...errors },
      },
    },
    async (req) => listApplications(ctx.db, (await support(req)).operatorId, req.query),
  );
  app.get(
    '/api/v1/admin/leader-applications/:id',
    {
      schema: {
        tags,
        summary: 'One leader application',
        params: IdParams,
        response: { 200: applications.AdminLeaderApplication, ...errors },
      },
    },
    async (req) => getApplication(ctx.db, (await support(req)).operatorId, req.params.id),
  );
  app.post(
    '/api/v1/admin/leader-applications/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve: registers the leader (the applicant phone logs in) and opens the proposed pickup point',
        params: IdParams,
        body: applications.ApproveLeaderApplication,
        response: { 200: applications.AdminLeaderApplication, ...errors },
      },
    },
    async (req) => approveApplication(ctx, await support(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/leader-applications/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject with a reason the applicant is told',
        params: IdParams,
        body: applications.RejectLeaderApplication,
        response: { 200: applications.AdminLeaderApplication, ...errors },
      },
    },
    async (req) => rejectApplication(ctx, await support(req), req.params.id, req.body),
  );
};
