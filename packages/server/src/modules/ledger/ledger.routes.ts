import { ErrorBody, IdParams, ledger } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { reverseEntry } from './journal.ts';
import { getPolicy, listCommissionRules, setCommissionRule, updatePolicy } from './ledger.policy.ts';
import { entriesOfDocument, listJournal, pageAccounts } from './ledger.queries.ts';
import { reconcile } from './ledger.reconcile.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The ledger for finance staff: accounts, a document's entries, reversing entries, reconciliation, settlement policy and commission rules. */
export const ledgerRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const finance = async (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'finance');

  app.get(
    '/api/v1/admin/finance/accounts',
    {
      schema: {
        tags,
        summary: 'Ledger accounts with their balances, a page at a time, with the totals by code of every match',
        querystring: ledger.AccountQuery,
        response: { 200: ledger.AccountPage, ...errors },
      },
    },
    async (req) => pageAccounts(ctx.db, (await finance(req)).operatorId, req.query),
  );
  app.get(
    '/api/v1/admin/finance/entries',
    {
      schema: {
        tags,
        summary: 'The journal, a page at a time: newest first, filtered; or one document’s entries, oldest first',
        querystring: ledger.JournalQuery,
        response: { 200: ledger.EntryPage, ...errors },
      },
    },
    async (req) => listJournal(ctx.db, (await finance(req)).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/finance/entries/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Correct an entry with a reversing entry (the journal is never edited)',
        params: IdParams,
        body: ledger.ReverseEntry,
        response: { 201: ledger.EntryList, ...errors },
      },
    },
    async (req, reply) => {
      const me = await finance(req);
      const entry = await ctx.db
        .transaction()
        .execute((trx) => reverseEntry(trx, ctx.clock.now(), me.operatorId, req.params.id, req.body.reason));
      const made = await ctx.db
        .selectFrom('journal_entries')
        .select(['document_type', 'document_id'])
        .where('id', '=', entry)
        .executeTakeFirstOrThrow();
      const all = await entriesOfDocument(ctx.db, me.operatorId, made.document_type, made.document_id);
      return reply.status(201).send({ items: all.filter((e) => e.id === entry) });
    },
  );
  app.get(
    '/api/v1/admin/finance/reconciliation',
    {
      schema: {
        tags,
        summary: 'The daily reconciliation of the ledger with payments, refunds and commission',
        querystring: ledger.DateQuery,
        response: { 200: ledger.Reconciliation, ...errors },
      },
    },
    async (req) => reconcile(ctx.db, (await finance(req)).operatorId, req.query.date),
  );
  app.get(
    '/api/v1/admin/finance/policy',
    {
      schema: {
        tags,
        summary: 'Settlement policy: commission rate, after-sales window, withdrawal rules',
        response: { 200: ledger.Policy, ...errors },
      },
    },
    async (req) => getPolicy(ctx.db, (await finance(req)).operatorId),
  );
  app.patch(
    '/api/v1/admin/finance/policy',
    { schema: { tags, summary: 'Change the settlement policy', body: ledger.UpdatePolicy, response: { 200: ledger.Policy, ...errors } } },
    async (req) => {
      const me = await finance(req);
      return ctx.db.transaction().execute((trx) => updatePolicy(trx, ctx.clock.now(), me.operatorId, req.body));
    },
  );
  app.get(
    '/api/v1/admin/finance/commission-rules',
    {
      schema: {
        tags,
        summary: 'Commission rates by product, category or leader level',
        response: { 200: ledger.CommissionRuleList, ...errors },
      },
    },
    async (req) => ({ items: await listCommissionRules(ctx.db, (await finance(req)).operatorId) }),
  );
  app.put(
    '/api/v1/admin/finance/commission-rules',
    {
      schema: {
        tags,
        summary: 'Set or remove a commission rate for orders paid from now on',
        body: ledger.SetCommissionRule,
        response: { 200: ledger.CommissionRuleList, ...errors },
      },
    },
    async (req) => {
      const me = await finance(req);
      return { items: await ctx.db.transaction().execute((trx) => setCommissionRule(trx, ctx.clock.now(), me.operatorId, req.body)) };
    },
  );
};
