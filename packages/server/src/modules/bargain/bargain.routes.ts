import { bargain, ErrorBody, IdParams, shop } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { found } from '../../platform/errors.ts';
import { toOrderDto } from '../ordering/index.ts';
import { toIntentDto } from '../payment/index.ts';
import { bargainView, leaderOffers, listOffers, offerBargains, offerView, shopOffers } from './bargain.queries.ts';
import { buyBargain, createOffer, cutBargain, setOfferStatus, startBargain } from './bargain.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Bargains (砍价): staff set up and watch offers; residents start, share, help cut and buy; leaders share. */
export const bargainRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/admin/bargain-offers',
    {
      schema: {
        tags: ['admin'],
        summary: 'The bargain offers, newest first, with their results (admin)',
        response: { 200: bargain.BargainOffers, ...errors },
      },
    },
    async (req) => listOffers(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId),
  );
  app.post(
    '/api/v1/admin/bargain-offers',
    {
      schema: {
        tags: ['admin'],
        summary: 'Offer a campaign line for bargaining (admin)',
        description: 'A bargain starts at the line’s group price; price − floor is at least the helpers needed (400 VALIDATION_FAILED).',
        body: bargain.CreateBargainOffer,
        response: { 201: bargain.BargainOfferWithResults, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createOffer(ctx, await requireStaff(ctx, req, 'merchandiser'), req.body)),
  );
  app.get(
    '/api/v1/admin/bargain-offers/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'A bargain offer with its results (admin)',
        params: IdParams,
        response: { 200: bargain.BargainOfferWithResults, ...errors },
      },
    },
    async (req) =>
      found(await offerView(ctx.db, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId, req.params.id), 'offer'),
  );
  app.post(
    '/api/v1/admin/bargain-offers/:id/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Pause, resume or end a bargain offer (admin)',
        params: IdParams,
        body: bargain.OfferStatusChange,
        response: { 200: bargain.BargainOfferWithResults, ...errors },
      },
    },
    async (req) => setOfferStatus(ctx, await requireStaff(ctx, req, 'merchandiser'), req.params.id, req.body.status),
  );
  app.get(
    '/api/v1/admin/bargain-offers/:id/bargains',
    {
      schema: {
        tags: ['admin'],
        summary: "An offer's bargains, newest first (admin)",
        params: IdParams,
        querystring: bargain.AdminBargainsQuery,
        response: { 200: bargain.AdminBargains, ...errors },
      },
    },
    async (req) =>
      offerBargains(
        ctx.db,
        (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId,
        req.params.id,
        req.query,
        ctx.clock.now(),
      ),
  );

  app.get(
    '/api/v1/shop/bargain-offers',
    {
      schema: {
        tags: ['shop'],
        summary: 'The bargain offers open now, with my bargain on each',
        response: { 200: bargain.ShopOffers, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return shopOffers(ctx.db, me.operatorId, me.id, ctx.clock.now());
    },
  );
  app.post(
    '/api/v1/shop/bargain-offers/:id/bargains',
    {
      schema: {
        tags: ['shop'],
        summary: 'Start my bargain on an offer (asking again answers the one I have)',
        params: IdParams,
        body: bargain.StartBargain,
        response: { 201: bargain.Bargain, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'resident');
      const id = await startBargain(ctx, me, req.params.id, req.body.leaderId);
      return reply.status(201).send(await bargainView(ctx.db, me.operatorId, me.id, id, ctx.clock.now()));
    },
  );
  app.get(
    '/api/v1/shop/bargains/:id',
    {
      schema: {
        tags: ['shop'],
        summary: 'A bargain (mine, or a friend’s I am asked to help): its price now and its helpers',
        params: IdParams,
        response: { 200: bargain.Bargain, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return bargainView(ctx.db, me.operatorId, me.id, req.params.id, ctx.clock.now());
    },
  );
  app.post(
    '/api/v1/shop/bargains/:id/cuts',
    {
      schema: {
        tags: ['shop'],
        summary: "Help cut a friend's bargain (砍一刀)",
        description:
          'One cut per helper, phone and device (X-Device-Id) per bargain, within the helper’s and device’s daily limits; refused with 409 BARGAIN_CUT_REFUSED and details.reason.',
        params: IdParams,
        response: { 201: bargain.CutResult, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await cutBargain(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.headers['x-device-id'])),
  );
  app.post(
    '/api/v1/shop/bargains/:id/purchase',
    {
      schema: {
        tags: ['shop'],
        summary: 'Buy my bargain at its price now (once, before it expires)',
        description:
          'Places the order of its line at the bargain price and opens its payment; past its time or bought: 409 BARGAIN_UNAVAILABLE.',
        params: IdParams,
        response: { 201: shop.PlacedOrder, ...errors },
      },
    },
    async (req, reply) => {
      const { order, payment } = await buyBargain(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.ip);
      return reply.status(201).send({ ...toOrderDto(order), ...(payment ? { payment: toIntentDto(payment) } : {}) });
    },
  );

  app.get(
    '/api/v1/leader/bargain-offers',
    {
      schema: {
        tags: ['leader'],
        summary: 'Bargain offers to share into my group, with the bargains my links started',
        response: { 200: bargain.LeaderOffers, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      return leaderOffers(ctx.db, me.operatorId, me.id, ctx.clock.now());
    },
  );
};
