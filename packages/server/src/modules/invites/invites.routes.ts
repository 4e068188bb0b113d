import { ErrorBody, IdParams, PageQuery, invites } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { adminInvite, adminInvites, myInvitees } from './invites.queries.ts';
import { decideHeldInvite, myInviteLink } from './invites.service.ts';
import { inviteSettings, updateInviteSettings } from './invites.settings.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Invite rewards: a resident's link and invitees; for staff the settings, the review queue and the list. */
export const inviteRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/invites/link',
    {
      schema: {
        tags: ['shop'],
        summary: 'My invite link (made on first ask) and what its poster shows',
        response: { 200: invites.InviteLink, ...errors },
      },
    },
    async (req) => myInviteLink(ctx, await requireKind(ctx, req, 'resident')),
  );
  app.get(
    '/api/v1/shop/invites',
    {
      schema: {
        tags: ['shop'],
        summary: 'The residents I invited, newest first (phones masked), with where each reward stands',
        querystring: PageQuery,
        response: { 200: invites.MyInvitees, ...errors },
      },
    },
    async (req) => myInvitees(ctx.db, await requireKind(ctx, req, 'resident'), req.query),
  );

  app.get(
    '/api/v1/admin/invite-settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Invite rewards: the reward, the daily limits and the cluster thresholds',
        response: { 200: invites.InviteSettingsView, ...errors },
      },
    },
    async (req) => inviteSettings(ctx.db, (await requireStaff(ctx, req, 'support')).operatorId),
  );
  app.patch(
    '/api/v1/admin/invite-settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change invite rewards (admin); they apply to the next first pickup',
        body: invites.UpdateInviteSettings,
        response: { 200: invites.InviteSettingsView, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req);
      return updateInviteSettings(ctx.db, ctx.clock.now(), { operatorId: me.operatorId, staffId: me.id }, req.body);
    },
  );
  app.get(
    '/api/v1/admin/invites',
    {
      schema: {
        tags: ['admin'],
        summary: 'Invites with their state; status=held is the review queue, oldest first',
        querystring: invites.AdminInviteQuery,
        response: { 200: invites.AdminInvitePage, ...errors },
      },
    },
    async (req) => adminInvites(ctx.db, (await requireStaff(ctx, req, 'support')).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/invites/:id/approve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Grant a reward held for review (who and when are recorded)',
        params: IdParams,
        body: invites.ApproveInvite,
        response: { 200: invites.AdminInvite, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support');
      await decideHeldInvite(ctx, me, req.params.id, { approve: true, note: req.body.note });
      return adminInvite(ctx.db, me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/invites/:id/reject',
    {
      schema: {
        tags: ['admin'],
        summary: 'Refuse a reward held for review, with a reason (who and when are recorded)',
        params: IdParams,
        body: invites.RejectInvite,
        response: { 200: invites.AdminInvite, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support');
      await decideHeldInvite(ctx, me, req.params.id, { approve: false, reason: req.body.reason });
      return adminInvite(ctx.db, me.operatorId, req.params.id);
    },
  );
};
