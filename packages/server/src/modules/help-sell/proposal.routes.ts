import { ErrorBody, IdParams, helpSell } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import {
  approveProposal,
  listProposals,
  myProposals,
  proposableSkus,
  propose,
  type Proposer,
  rejectProposal,
  withdrawProposal,
} from './proposal.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** 帮卖 proposals: a leader or a supplier proposes a help-sell campaign and sees its fate; staff approve or reject. */
export const helpSellProposalRoutes: RouteModule = (app, ctx) => {
  for (const kind of ['leader', 'supplier'] as const) {
    const me = async (req: Parameters<typeof requireKind>[1]) => (await requireKind(ctx, req, kind)) as Proposer;
    const base = `/api/v1/${kind}/help-sell`;
    const tags = [kind];
    app.get(
      `${base}/skus`,
      { schema: { tags, summary: '帮卖: the SKUs I may propose', response: { 200: helpSell.ProposableSkus, ...errors } } },
      async (req) => proposableSkus(ctx.db, await me(req)),
    );
    app.get(
      `${base}/proposals`,
      {
        schema: {
          tags,
          summary: '帮卖: my proposals and their status, newest first',
          response: { 200: helpSell.MyHelpSellProposals, ...errors },
        },
      },
      async (req) => ({ proposals: await myProposals(ctx.db, await me(req)) }),
    );
    app.post(
      `${base}/proposals`,
      {
        schema: {
          tags,
          summary: '帮卖: propose a help-sell campaign I would publish, for staff to approve',
          body: helpSell.CreateHelpSellProposal,
          response: { 201: helpSell.HelpSellProposal, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await propose(ctx, await me(req), req.body)),
    );
    app.post(
      `${base}/proposals/:id/withdraw`,
      {
        schema: {
          tags,
          summary: '帮卖: withdraw my pending proposal',
          params: IdParams,
          response: { 200: helpSell.HelpSellProposal, ...errors },
        },
      },
      async (req) => withdrawProposal(ctx, await me(req), req.params.id),
    );
  }

  const merchandiser = (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'merchandiser');
  const tags = ['admin'];
  app.get(
    '/api/v1/admin/help-sell/proposals',
    {
      schema: {
        tags,
        summary: "帮卖 proposals of leaders and suppliers, oldest first (status 'pending': the queue)",
        querystring: helpSell.ProposalListQuery,
        response: { 200: helpSell.HelpSellProposalPage, ...errors },
      },
    },
    async (req) => listProposals(ctx.db, (await merchandiser(req)).operatorId, req.query),
  );
  app.post(
    '/api/v1/admin/help-sell/proposals/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a pending proposal: its campaign is created (a draft, or published) with the proposer as help-sell publisher',
        params: IdParams,
        body: helpSell.ApproveHelpSellProposal,
        response: { 200: helpSell.HelpSellProposal, ...errors },
      },
    },
    async (req) => approveProposal(ctx, await merchandiser(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/help-sell/proposals/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending proposal with a reason the proposer is told',
        params: IdParams,
        body: helpSell.RejectHelpSellProposal,
        response: { 200: helpSell.HelpSellProposal, ...errors },
      },
    },
    async (req) => rejectProposal(ctx, await merchandiser(req), req.params.id, req.body.reason),
  );
};
