import { ErrorBody, crm } from '@linli/contracts';
import { z } from 'zod';
import { requireKind, requireStaff } from '../../http/auth.ts';
import { campaignsSellingThrough } from '../campaign/index.ts';
import type { RouteModule } from '../../http/server.ts';
import { computeCrmPeriod, crmRules, markReminded, saveCrmRules } from './crm.service.ts';
import { leaderCrm, leaderCrmMembers, leaderReminders, toPeriodDto } from './members.report.ts';
import { todayPushes } from './pushes.report.ts';
import { regionCrm } from './region.report.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const ResidentParams = z.strictObject({ residentId: z.string().min(1).max(64) });

/** Leader CRM: the leader's segments, members, today's pushes and reminders; staff's CRM per region and its thresholds. */
export const crmRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/leader/crm',
    {
      schema: {
        tags: ['leader'],
        summary: 'My members by segment (RFM) in the latest period',
        response: { 200: crm.LeaderCrm, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderCrm(ctx, me.operatorId, me.id);
    },
  );
  app.get(
    '/api/v1/leader/crm/members',
    {
      schema: {
        tags: ['leader'],
        summary: 'My members with recency, frequency, monetary value, scores, segment and what they buy; phones masked',
        querystring: crm.CrmMemberQuery,
        response: { 200: crm.CrmMemberPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderCrmMembers(ctx, me.operatorId, me.id, req.query);
    },
  );
  app.get(
    '/api/v1/leader/crm/pushes',
    {
      schema: {
        tags: ['leader'],
        summary: 'What to push today: per segment, open campaign lines in the categories its members buy most',
        response: { 200: crm.TodayPushes, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const open = await campaignsSellingThrough(ctx.db, me.operatorId, me.id, ctx.clock.now());
      return { items: await todayPushes(ctx, me.operatorId, me.id, open) };
    },
  );
  app.get(
    '/api/v1/leader/crm/reminders',
    {
      schema: {
        tags: ['leader'],
        summary: "Members to remind (at risk, lapsed) with what they used to buy and today's mark; phones masked",
        response: { 200: crm.Reminders, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderReminders(ctx, me.operatorId, me.id);
    },
  );
  app.put(
    '/api/v1/leader/crm/reminders/:residentId',
    {
      schema: {
        tags: ['leader'],
        summary: 'Mark a member reminded today (or not)',
        params: ResidentParams,
        body: crm.MarkReminded,
        response: { 200: crm.ReminderMark, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return markReminded(ctx, me.operatorId, me.id, req.params.residentId, req.body.reminded);
    },
  );

  app.get(
    '/api/v1/admin/crm',
    {
      schema: {
        tags: ['admin'],
        summary: "A region's CRM (a warehouse's pickup points, or all): residents by segment and each leader's members by segment",
        querystring: crm.RegionCrmQuery,
        response: { 200: crm.RegionCrm, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'support', 'finance');
      return regionCrm(ctx, me.operatorId, req.query.warehouseId);
    },
  );
  app.post(
    '/api/v1/admin/crm/compute',
    {
      schema: {
        tags: ['admin'],
        summary: "Compute today's RFM now (the daily job does it once a day)",
        response: { 200: crm.CrmPeriod, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      return toPeriodDto(await computeCrmPeriod(ctx, me.operatorId));
    },
  );
  app.get(
    '/api/v1/admin/crm/rules',
    { schema: { tags: ['admin'], summary: 'The RFM thresholds and segment days', response: { 200: crm.CrmRules, ...errors } } },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser', 'support', 'finance');
      return crmRules(ctx.db, me.operatorId);
    },
  );
  app.put(
    '/api/v1/admin/crm/rules',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set the RFM thresholds and segment days (used from the next computation)',
        body: crm.CrmRules,
        response: { 200: crm.CrmRules, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      return saveCrmRules(ctx, me.operatorId, me.id, req.body);
    },
  );
};
