import { ErrorBody, IdParams, admin } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { cancelCampaign, publishCampaign, unpublishCampaign } from './campaign.lifecycle.ts';
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from './campaign.service.ts';

const tags = ['admin'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Campaigns (团购活动): drafting, publishing, editing within what the state allows, cancelling. */
export const campaignRoutes: RouteModule = (app, ctx) => {
  const merchandiser = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'merchandiser')).operatorId;

  app.get(
    '/api/v1/admin/campaigns',
    {
      schema: {
        tags,
        summary: 'List campaigns, latest pickup date first',
        querystring: admin.CampaignListQuery,
        response: { 200: admin.CampaignPage, ...errors },
      },
    },
    async (req) => listCampaigns(ctx.db, await merchandiser(req), req.query),
  );
  app.get(
    '/api/v1/admin/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'One campaign with its lines, stock and reservations',
        params: IdParams,
        response: { 200: admin.Campaign, ...errors },
      },
    },
    async (req) => getCampaign(ctx.db, await merchandiser(req), req.params.id),
  );
  app.post(
    '/api/v1/admin/campaigns',
    { schema: { tags, summary: 'Create a campaign as a draft', body: admin.CreateCampaign, response: { 201: admin.Campaign, ...errors } } },
    async (req, reply) => reply.status(201).send(await createCampaign(ctx, await merchandiser(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Edit a campaign as far as its state allows',
        description:
          'draft and scheduled: anything (lines are replaced); open: title, description, the cutoff (later, or earlier to any time still ahead: the cutoff job moves, residents with unpaid orders in it are notified, campaign.cutoff_moved is emitted), more stock or unlimited, more leaders; closed and cancelled: nothing (INVALID_STATE). A cutoff already past is VALIDATION_FAILED (cutoff_in_past).',
        params: IdParams,
        body: admin.UpdateCampaign,
        response: { 200: admin.Campaign, ...errors },
      },
    },
    async (req) => updateCampaign(ctx, await merchandiser(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/campaigns/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: open now, or scheduled to open at its opening time',
        params: IdParams,
        response: { 200: admin.Campaign, ...errors },
      },
    },
    async (req) => publishCampaign(ctx, await merchandiser(req), req.params.id),
  );
  app.post(
    '/api/v1/admin/campaigns/:id/unpublish',
    {
      schema: { tags, summary: 'Take a scheduled campaign back to draft', params: IdParams, response: { 200: admin.Campaign, ...errors } },
    },
    async (req) => unpublishCampaign(ctx, await merchandiser(req), req.params.id),
  );
  app.post(
    '/api/v1/admin/campaigns/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a draft, scheduled or open campaign; its paid orders are refunded',
        params: IdParams,
        body: admin.CancelCampaign,
        response: { 200: admin.Campaign, ...errors },
      },
    },
    async (req) => cancelCampaign(ctx, await merchandiser(req), req.params.id, req.body.reason),
  );
};
