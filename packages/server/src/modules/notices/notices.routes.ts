import { ErrorBody, notices } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { noticeLog } from './notices.queries.ts';
import { preferencesOf, setPreferences } from './notices.preferences.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** A resident's notice wishes, and the delivery log for staff. */
export const noticeRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/notice-preferences',
    {
      schema: {
        tags: ['shop'],
        summary: 'My notice wishes: SMS, WeChat, quiet hours',
        response: { 200: notices.NoticePreferences, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return preferencesOf(ctx.db, { operatorId: me.operatorId, kind: 'resident', id: me.id });
    },
  );
  app.put(
    '/api/v1/shop/notice-preferences',
    {
      schema: {
        tags: ['shop'],
        summary: 'Set my notice wishes',
        description: 'Notices held by quiet hours go out when the quiet time ends; the app inbox gets them at once.',
        body: notices.NoticePreferences,
        response: { 200: notices.NoticePreferences, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return setPreferences(ctx.db, ctx.clock.now(), { operatorId: me.operatorId, kind: 'resident', id: me.id }, req.body);
    },
  );
  app.get(
    '/api/v1/admin/notices',
    {
      schema: {
        tags: ['admin'],
        summary: 'The delivery log of notices outside the app (SMS, WeChat), newest first',
        querystring: notices.NoticeLogQuery,
        response: { 200: notices.NoticeLog, ...errors },
      },
    },
    async (req) => noticeLog(ctx.db, (await requireStaff(ctx, req, 'support')).operatorId, req.query),
  );
};
