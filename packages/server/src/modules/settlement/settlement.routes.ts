import { ErrorBody, IdParams, ledger } from '@linli/contracts';
import type { FastifyReply } from 'fastify';
import { requireKind, requireStaff } from '../../http/auth.ts';
import { attachment } from '../../http/content-disposition.ts';
import type { RouteModule } from '../../http/server.ts';
import { dailyPnl, type PeriodPnl, type PnlView, periodPnl } from './pnl.ts';
import { carrierStatementWorkbook, leaderStatementWorkbook, pnlWorkbook, supplierStatementWorkbook } from './settlement.export.ts';
import { carrierStatement, leaderStatement, supplierStatement } from './statements.ts';
import { approveWithdrawal, pageWithdrawals, rejectWithdrawal, requestWithdrawal } from './withdrawal.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function xlsx(reply: FastifyReply, name: string, body: Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(`${name}.xlsx`))
    .send(body);
}

/** Settlement: a leader's commission and withdrawals, a supplier's statement, and finance's statements, withdrawals and P&L. */
export const settlementRoutes: RouteModule = (app, ctx) => {
  const finance = async (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'finance');
  const pnlOf = (
    operatorId: string,
    q: { date?: string | undefined; from?: string | undefined; to?: string | undefined; view?: PnlView | undefined },
  ): Promise<PeriodPnl & { date?: string }> =>
    q.date ? dailyPnl(ctx.db, operatorId, q.date, q.view) : periodPnl(ctx.db, operatorId, q.from as string, q.to as string, q.view);

  app.get(
    '/api/v1/leader/commission',
    {
      schema: {
        tags: ['leader'],
        summary: 'My commission statement; its entries all or a page at a time',
        querystring: ledger.LeaderStatementQuery,
        response: { 200: ledger.LeaderStatement, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const { page, pageSize, order, ...period } = req.query;
      return leaderStatement(ctx.db, me.operatorId, me.id, period, { page, pageSize, order });
    },
  );
  app.get(
    '/api/v1/leader/commission/export',
    { schema: { tags: ['leader'], summary: 'My commission statement as an Excel workbook', querystring: ledger.PeriodQuery } },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'leader');
      return xlsx(reply, 'commission', await leaderStatementWorkbook(await leaderStatement(ctx.db, me.operatorId, me.id, req.query)));
    },
  );
  app.post(
    '/api/v1/leader/withdrawals',
    {
      schema: {
        tags: ['leader'],
        summary: 'Withdraw available commission',
        body: ledger.CreateWithdrawal,
        response: { 201: ledger.Withdrawal, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await requestWithdrawal(ctx, await requireKind(ctx, req, 'leader'), req.body.amountFen)),
  );
  app.get(
    '/api/v1/leader/withdrawals',
    {
      schema: {
        tags: ['leader'],
        summary: 'My withdrawals, newest first, a page at a time',
        querystring: ledger.WithdrawalQuery,
        response: { 200: ledger.WithdrawalPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return pageWithdrawals(ctx.db, me.operatorId, { ...req.query, leaderId: me.id });
    },
  );

  app.get(
    '/api/v1/supplier/statement',
    {
      schema: {
        tags: ['supplier'],
        summary: 'My statement: goods received, chargebacks, payable; its entries all or a page at a time',
        querystring: ledger.SupplierStatementQuery,
        response: { 200: ledger.SupplierStatement, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'supplier');
      const { page, pageSize, order, ...period } = req.query;
      return supplierStatement(ctx.db, me.operatorId, me.id, period, { page, pageSize, order });
    },
  );
  app.get(
    '/api/v1/supplier/statement/export',
    { schema: { tags: ['supplier'], summary: 'My statement as an Excel workbook', querystring: ledger.PeriodQuery } },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'supplier');
      return xlsx(reply, 'statement', await supplierStatementWorkbook(await supplierStatement(ctx.db, me.operatorId, me.id, req.query)));
    },
  );

  const tags = ['admin'];
  const statement = (path: string, what: string) => ({
    json: {
      schema: { tags, summary: `${what}; its entries all or a page at a time`, params: IdParams, querystring: ledger.StatementQuery },
    },
    xlsx: { schema: { tags, summary: `${what} as an Excel workbook`, params: IdParams, querystring: ledger.PeriodQuery } },
    url: `/api/v1/admin/finance/${path}/:id/statement`,
  });
  const leaders = statement('leaders', 'A leader’s commission statement');
  app.get(leaders.url, { schema: { ...leaders.json.schema, response: { 200: ledger.LeaderStatement, ...errors } } }, async (req) => {
    const { page, pageSize, order, ...period } = req.query;
    return leaderStatement(ctx.db, (await finance(req)).operatorId, req.params.id, period, { page, pageSize, order });
  });
  app.get(`${leaders.url}/export`, leaders.xlsx, async (req, reply) =>
    xlsx(
      reply,
      `leader-${req.params.id}`,
      await leaderStatementWorkbook(await leaderStatement(ctx.db, (await finance(req)).operatorId, req.params.id, req.query)),
    ),
  );
  const suppliers = statement('suppliers', 'A supplier’s statement');
  app.get(suppliers.url, { schema: { ...suppliers.json.schema, response: { 200: ledger.SupplierStatement, ...errors } } }, async (req) => {
    const { page, pageSize, order, ...period } = req.query;
    return supplierStatement(ctx.db, (await finance(req)).operatorId, req.params.id, period, { page, pageSize, order });
  });
  app.get(`${suppliers.url}/export`, suppliers.xlsx, async (req, reply) =>
    xlsx(
      reply,
      `supplier-${req.params.id}`,
      await supplierStatementWorkbook(await supplierStatement(ctx.db, (await finance(req)).operatorId, req.params.id, req.query)),
    ),
  );
  const carriers = statement('carriers', 'A carrier’s statement: routes, stops, rate card applied, payable');
  app.get(carriers.url, { schema: { ...carriers.json.schema, response: { 200: ledger.CarrierStatement, ...errors } } }, async (req) => {
    const { page, pageSize, order, ...period } = req.query;
    return carrierStatement(ctx.db, (await finance(req)).operatorId, req.params.id, period, { page, pageSize, order });
  });
  app.get(`${carriers.url}/export`, carriers.xlsx, async (req, reply) =>
    xlsx(
      reply,
      `carrier-${req.params.id}`,
      await carrierStatementWorkbook(await carrierStatement(ctx.db, (await finance(req)).operatorId, req.params.id, req.query)),
    ),
  );

  app.get(
    '/api/v1/admin/finance/withdrawals',
    {
      schema: {
        tags,
        summary: 'Withdrawals, newest first, a page at a time (to approve: status=requested)',
        querystring: ledger.AdminWithdrawalQuery,
        response: { 200: ledger.WithdrawalPage, ...errors },
      },
    },
    async (req) => pageWithdrawals(ctx.db, (await finance(req)).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/finance/withdrawals/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a withdrawal and send the payout',
        params: IdParams,
        response: { 200: ledger.Withdrawal, ...errors },
      },
    },
    async (req) => approveWithdrawal(ctx, await finance(req), req.params.id),
  );
  app.post(
    '/api/v1/admin/finance/withdrawals/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a withdrawal: the money goes back to available',
        params: IdParams,
        body: ledger.RejectWithdrawal,
        response: { 200: ledger.Withdrawal, ...errors },
      },
    },
    async (req) => rejectWithdrawal(ctx, await finance(req), req.params.id, req.body.reason),
  );
  app.get(
    '/api/v1/admin/finance/pnl',
    {
      schema: {
        tags,
        summary:
          'The operator’s P&L of a business day (date) or a period of up to 92 (from, to): totals, by category and SKU, each day; view=batch (by pickup date, the default), booked or cash',
        querystring: ledger.PnlQuery,
        response: { 200: ledger.Pnl, ...errors },
      },
    },
    async (req) => pnlOf((await finance(req)).operatorId, req.query),
  );
  app.get(
    '/api/v1/admin/finance/pnl/export',
    { schema: { tags, summary: 'The P&L of a day or period as one Excel workbook', querystring: ledger.PnlQuery } },
    async (req, reply) => {
      const p = await pnlOf((await finance(req)).operatorId, req.query);
      return xlsx(reply, p.date ? `pnl-${p.date}` : `pnl-${p.from}_${p.to}`, await pnlWorkbook(p));
    },
  );
};
