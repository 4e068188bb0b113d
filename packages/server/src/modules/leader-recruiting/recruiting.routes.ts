import { ErrorBody, recruiting } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { listReferrals, myRecruits } from './recruiting.queries.ts';
import { getTerms, saveTerms } from './recruiting.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Leader recruiting (团长拉新): a leader's link and recruits; staff's terms and the referrals. */
export const recruitingRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/leader/recruiting',
    {
      schema: {
        tags: ['leader'],
        summary: 'My recruit link, the terms, and my recruits with their state, the bonus and the override posted to me',
        response: { 200: recruiting.MyRecruiting, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const [terms, mine] = await Promise.all([getTerms(ctx.db, me.operatorId), myRecruits(ctx.db, me.operatorId, me.id)]);
      return { link: `/shop/apply?ref=${encodeURIComponent(me.id)}`, terms, ...mine };
    },
  );

  const tags = ['admin'];
  app.get(
    '/api/v1/admin/recruiting/settings',
    {
      schema: {
        tags,
        summary: 'The recruiting terms (off, with defaults, until saved)',
        response: { 200: recruiting.RecruitTerms, ...errors },
      },
    },
    async (req) => getTerms(ctx.db, (await requireStaff(ctx, req, 'admin', 'support')).operatorId),
  );
  app.put(
    '/api/v1/admin/recruiting/settings',
    {
      schema: {
        tags,
        summary: 'Save the recruiting terms; referrals already recorded keep the terms of their approval day',
        body: recruiting.RecruitTerms,
        response: { 200: recruiting.RecruitTerms, ...errors },
      },
    },
    async (req) => saveTerms(ctx.db, (await requireStaff(ctx, req, 'admin')).operatorId, ctx.clock.now(), req.body),
  );
  app.get(
    '/api/v1/admin/recruiting/referrals',
    {
      schema: {
        tags,
        summary: 'Referrals, newest first, refusals with their reason',
        querystring: recruiting.ReferralListQuery,
        response: { 200: recruiting.AdminReferrals, ...errors },
      },
    },
    async (req) => listReferrals(ctx.db, (await requireStaff(ctx, req, 'admin', 'support')).operatorId, req.query.state),
  );
};
