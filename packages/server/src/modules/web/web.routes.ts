import { ErrorBody, web } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { adminDashboard } from './admin-dashboard.report.ts';
import { leaderCampaigns } from './leader-campaigns.report.ts';
import { leaderSummary } from './leader.dashboard.ts';
import { leaderMembers } from './leader-members.report.ts';
import { publicConfig } from './public.config.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** What the web apps read: the public configuration, the leader's screens and the admin dashboard. */
export const webRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/public/config',
    { schema: { tags: ['web'], summary: 'The web app configuration (no login)', security: [], response: { 200: web.PublicConfig } } },
    async () => publicConfig(ctx),
  );

  app.get(
    '/api/v1/leader/summary',
    {
      schema: {
        tags: ['leader'],
        summary: 'My day: orders, sales, members and commission',
        querystring: web.DateQuery,
        response: { 200: web.LeaderSummary, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderSummary(ctx, me.operatorId, me.id, req.query.date);
    },
  );
  app.get(
    '/api/v1/leader/campaigns',
    {
      schema: {
        tags: ['leader'],
        summary: 'Campaigns I sell now or that closed today, with my sales',
        response: { 200: web.LeaderCampaignList, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return { items: await leaderCampaigns(ctx, me.operatorId, me.id) };
    },
  );
  app.get(
    '/api/v1/leader/members',
    {
      schema: {
        tags: ['leader'],
        summary: 'Residents who ordered at my pickup points, most recent first',
        querystring: web.LeaderMemberQuery,
        response: { 200: web.LeaderMemberPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderMembers(ctx, me.operatorId, me.id, req.query);
    },
  );

  app.get(
    '/api/v1/admin/dashboard',
    {
      schema: {
        tags: ['admin'],
        summary: "The day's orders, campaigns and background work at a glance (any staff role)",
        querystring: web.DateQuery,
        response: { 200: web.AdminDashboard, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'purchaser', 'warehouse', 'dispatcher', 'finance', 'support');
      return adminDashboard(ctx, me.operatorId, req.query.date);
    },
  );
};
