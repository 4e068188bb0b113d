import { ErrorBody, IdParams, helpSell } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { clearHelpSellTerms, setHelpSellTerms } from '../campaign/index.ts';
import { resell as setResell } from './help-sell.service.ts';
import { campaignHelpSell, leaderHelpSell, supplierHelpSell } from './help-sell.views.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** 帮卖 (help-sell): staff's terms on a campaign, a leader's list and opt-in, a supplier's campaigns and shares. */
export const helpSellRoutes: RouteModule = (app, ctx) => {
  const merchandiser = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'merchandiser')).operatorId;
  const tags = ['admin'];
  app.get(
    '/api/v1/admin/campaigns/:id/help-sell',
    {
      schema: {
        tags,
        summary: "A campaign's help-sell publisher, split and resellers (terms null for an ordinary campaign)",
        params: IdParams,
        response: { 200: helpSell.CampaignHelpSell, ...errors },
      },
    },
    async (req) => ({ terms: await campaignHelpSell(ctx.db, await merchandiser(req), req.params.id) }),
  );
  app.put(
    '/api/v1/admin/campaigns/:id/help-sell',
    {
      schema: {
        tags,
        summary: 'Make a draft or scheduled campaign a help-sell campaign, or change its publisher and split',
        params: IdParams,
        body: helpSell.HelpSellTermsInput,
        response: { 200: helpSell.CampaignHelpSell, ...errors },
      },
    },
    async (req) => {
      const operatorId = await merchandiser(req);
      await setHelpSellTerms(ctx.db, ctx.clock.now(), operatorId, req.params.id, req.body);
      return { terms: await campaignHelpSell(ctx.db, operatorId, req.params.id) };
    },
  );
  app.delete(
    '/api/v1/admin/campaigns/:id/help-sell',
    {
      schema: {
        tags,
        summary: 'Make a draft or scheduled help-sell campaign an ordinary one again',
        params: IdParams,
        response: { 200: helpSell.CampaignHelpSell, ...errors },
      },
    },
    async (req) => {
      await clearHelpSellTerms(ctx.db, await merchandiser(req), req.params.id);
      return { terms: null };
    },
  );

  app.get(
    '/api/v1/leader/help-sell',
    {
      schema: {
        tags: ['leader'],
        summary: '帮卖: help-sell campaigns I may resell or publish, with the split, what I would earn and my earnings',
        response: { 200: helpSell.LeaderHelpSell, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderHelpSell(ctx.db, me.operatorId, me.id, ctx.clock.now());
    },
  );
  const resell = (on: boolean) => async (req: { params: { campaignId: string } } & Parameters<typeof requireKind>[1]) => {
    const me = await requireKind(ctx, req, 'leader');
    await setResell(ctx, me.operatorId, req.params.campaignId, me.id, on);
    return leaderHelpSell(ctx.db, me.operatorId, me.id, ctx.clock.now());
  };
  app.put(
    '/api/v1/leader/help-sell/:campaignId/resell',
    {
      schema: {
        tags: ['leader'],
        summary: 'Opt in to resell a help-sell campaign to my members (again: no change)',
        params: helpSell.CampaignIdParams,
        response: { 200: helpSell.LeaderHelpSell, ...errors },
      },
    },
    resell(true),
  );
  app.delete(
    '/api/v1/leader/help-sell/:campaignId/resell',
    {
      schema: {
        tags: ['leader'],
        summary: 'Opt out: new orders of it are no longer taken at my points (orders placed keep me as their seller)',
        params: helpSell.CampaignIdParams,
        response: { 200: helpSell.LeaderHelpSell, ...errors },
      },
    },
    resell(false),
  );

  app.get(
    '/api/v1/supplier/help-sell',
    {
      schema: {
        tags: ['supplier'],
        summary: '帮卖: the help-sell campaigns I publish, how many leaders resell each, and my shares',
        response: { 200: helpSell.SupplierHelpSell, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'supplier');
      return supplierHelpSell(ctx.db, me.operatorId, me.id);
    },
  );
};
