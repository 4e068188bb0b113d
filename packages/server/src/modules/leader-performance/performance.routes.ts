import { ErrorBody, IdParams, logistics, performance } from '@linli/contracts';
import { attachment } from '../../http/content-disposition.ts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { businessToday } from '../identity/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { closedPeriods, leaderRanking, myPerformance, periodCsv, periodTable, probationList, ruleResults } from './performance.queries.ts';
import { KPI_CATALOGUE, lastClosedPeriod, type PeriodKind, periodLabel, periodOf, type RewardRule } from './performance.rules.ts';
import {
  closePeriod,
  createRule,
  getSettings,
  listLevels,
  listRules,
  saveLevels,
  setRuleActive,
  updateSettings,
} from './performance.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['admin'];

/** The period a query names: the period of `date`, or the last one ended before today. */
async function periodFor(ctx: AppContext, operatorId: string, q: { kind?: PeriodKind | undefined; date?: string | undefined }) {
  const kind = q.kind ?? (await getSettings(ctx.db, operatorId)).periodKind;
  return q.date ? periodOf(kind, q.date) : lastClosedPeriod(kind, await businessToday(ctx.db, operatorId, ctx.clock.now()));
}

async function table(
  ctx: AppContext,
  operatorId: string,
  q: { kind?: PeriodKind | undefined; date?: string | undefined; warehouseId?: string | undefined },
) {
  const period = await periodFor(ctx, operatorId, q);
  const periods = await closedPeriods(ctx.db, operatorId, period.kind);
  return {
    period: { ...period, label: periodLabel(period) },
    closed: periods.some((p) => p.start === period.start),
    periods,
    items: await periodTable(ctx.db, operatorId, period, q.warehouseId),
    results: await ruleResults(ctx.db, operatorId, period),
  };
}

/** Leader performance: staff set levels and rules and read the period's KPIs, ranking and probation; leaders read their own. */
export const performanceRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/leader-performance/levels',
    {
      schema: {
        tags,
        summary: 'Leader levels with their KPI thresholds and commission tier, the KPI catalogue and the settings',
        response: { 200: performance.LevelList, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin', 'finance', 'support');
      return {
        items: await listLevels(ctx.db, me.operatorId),
        catalogue: [...KPI_CATALOGUE],
        settings: await getSettings(ctx.db, me.operatorId),
      };
    },
  );
  app.put(
    '/api/v1/admin/leader-performance/levels',
    {
      schema: {
        tags,
        summary: "Replace the levels (numbered 1, 2, …); each level's rate becomes the ledger's commission rule for that level",
        body: performance.SaveLevels,
        response: { 200: performance.LevelList, 422: ErrorBody, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin');
      const items = await ctx.db.transaction().execute((trx) => saveLevels(trx, ctx.clock.now(), me.operatorId, req.body.levels));
      return { items, catalogue: [...KPI_CATALOGUE], settings: await getSettings(ctx.db, me.operatorId) };
    },
  );
  app.patch(
    '/api/v1/admin/leader-performance/settings',
    {
      schema: {
        tags,
        summary: 'Period (week or month), grace periods, the ranking tail and probation after K periods, top N shown to leaders',
        body: performance.UpdateSettings,
        response: { 200: performance.Settings, 422: ErrorBody, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin');
      return ctx.db.transaction().execute((trx) => updateSettings(trx, ctx.clock.now(), me.operatorId, req.body));
    },
  );
  app.get(
    '/api/v1/admin/leader-performance/rules',
    { schema: { tags, summary: 'Reward and penalty rules', response: { 200: performance.RuleList, ...errors } } },
    async (req) => ({ items: await listRules(ctx.db, (await requireStaff(ctx, req, 'admin', 'finance', 'support')).operatorId) }),
  );
  app.post(
    '/api/v1/admin/leader-performance/rules',
    {
      schema: {
        tags,
        summary:
          'A reward or penalty rule: a KPI, a comparator and threshold, an amount; posted at period close as a commission adjustment',
        body: performance.CreateRule,
        response: { 201: performance.Rule, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, 'admin');
      const rule = await ctx.db
        .transaction()
        .execute((trx) => createRule(trx, ctx.clock.now(), me.operatorId, req.body as Omit<RewardRule, 'id'>));
      return reply.status(201).send(rule);
    },
  );
  app.post(
    '/api/v1/admin/leader-performance/rules/:id/active',
    {
      schema: {
        tags,
        summary: 'Switch a rule on or off',
        params: IdParams,
        body: performance.SetRuleActive,
        response: { 200: performance.Rule, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin');
      return ctx.db.transaction().execute((trx) => setRuleActive(trx, ctx.clock.now(), me.operatorId, req.params.id, req.body.active));
    },
  );
  app.get(
    '/api/v1/admin/leader-performance/periods',
    {
      schema: {
        tags,
        summary: "A period's KPI table and ranking per warehouse (default: the last closed period), with what the rules gave",
        querystring: performance.PeriodQuery,
        response: { 200: performance.PeriodTable, ...errors },
      },
    },
    async (req) => table(ctx, (await requireStaff(ctx, req, 'admin', 'finance', 'support')).operatorId, req.query),
  );
  app.get(
    '/api/v1/admin/leader-performance/periods/export',
    {
      schema: {
        tags,
        summary: "A period's KPI table and ranking as CSV (UTF-8), one row per leader",
        querystring: performance.PeriodQuery,
        response: { 200: logistics.Download, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, 'admin', 'finance', 'support');
      const period = await periodFor(ctx, me.operatorId, req.query);
      const rows = await periodTable(ctx.db, me.operatorId, period, req.query.warehouseId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`leader-kpis-${periodLabel(period)}.csv`))
        .send(periodCsv(rows));
    },
  );
  app.post(
    '/api/v1/admin/leader-performance/periods/close',
    {
      schema: {
        tags,
        summary: 'Close a period that has ended now (the sweep does it after each period): KPIs, ranking, levels, rules, probation, once',
        body: performance.ClosePeriod,
        response: { 200: performance.CloseSummary, 422: ErrorBody, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'admin');
      const period = periodOf(req.body.kind ?? (await getSettings(ctx.db, me.operatorId)).periodKind, req.body.date);
      const today = await businessToday(ctx.db, me.operatorId, ctx.clock.now());
      if (period.end >= today) throw new AppError('INVALID_STATE', 'the period has not ended yet');
      return ctx.db.transaction().execute((trx) => closePeriod(trx, ctx.clock.now(), me.operatorId, period));
    },
  );
  app.get(
    '/api/v1/admin/leader-performance/probations',
    {
      schema: {
        tags,
        summary: 'Leaders on probation (the ranking tail K periods in a row), and lately ended',
        response: { 200: performance.ProbationList, ...errors },
      },
    },
    async (req) => ({ items: await probationList(ctx.db, (await requireStaff(ctx, req, 'admin', 'finance', 'support')).operatorId) }),
  );

  app.get(
    '/api/v1/leader/performance',
    {
      schema: {
        tags: ['leader'],
        summary: 'My level, the last closed period’s KPIs, progress to the next level and why, rank, rewards and probation',
        response: { 200: performance.MyPerformance, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const leader = (await leadersByIds(ctx.db, me.operatorId, [me.id])).get(me.id);
      const mine = await myPerformance(ctx.db, me.operatorId, me.id, leader?.level ?? 1);
      return { ...mine, catalogue: [...KPI_CATALOGUE] };
    },
  );
  app.get(
    '/api/v1/leader/performance/ranking',
    {
      schema: {
        tags: ['leader'],
        summary: "My warehouse's ranking for the last closed period: the top N named, the rest anonymised, my own row",
        response: { 200: performance.MyRanking, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const settings = await getSettings(ctx.db, me.operatorId);
      const last = (await closedPeriods(ctx.db, me.operatorId, settings.periodKind, 1))[0];
      if (!last) return { period: null, topN: settings.topN, rows: [] };
      const period = periodOf(last.kind, last.start);
      const ranking = await leaderRanking(ctx.db, me.operatorId, me.id, period);
      return { period: { ...period, label: periodLabel(period) }, topN: ranking.topN, rows: ranking.rows };
    },
  );
};
