import { ErrorBody, IdParams, shop } from '@linli/contracts';
import { z } from 'zod';
import { requireKind } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { AppError } from '../../platform/errors.ts';
import { cancelOrder, checkout, getOrder, listOrders, payOrder, toOrderDto } from '../ordering/index.ts';
import { toIntentDto } from '../payment/index.ts';
import { shopPayer } from './wechat-payer.ts';
import { choosePickupPoint, nearbyPickupPoints, residentNotifications, residentProfile, shopCampaigns } from './shop.service.ts';

const tags = ['shop'];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .optional()
    .describe('a retried submission with the same key returns the first order'),
});

/** The resident's shop: pickup point, today's campaigns, orders and payment. */
export const shopRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/pickup-points/nearby',
    {
      schema: {
        tags,
        summary: 'Open pickup points nearest to a coordinate',
        querystring: shop.NearbyQuery,
        response: { 200: z.object({ items: z.array(shop.PickupPointSummary) }), ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return { items: await nearbyPickupPoints(ctx.db, me.operatorId, req.query.lat, req.query.lng, req.query.limit) };
    },
  );

  app.get(
    '/api/v1/shop/me',
    { schema: { tags, summary: 'My profile and pickup point', response: { 200: shop.ResidentProfile, ...errors } } },
    async (req) => residentProfile(ctx, await requireKind(ctx, req, 'resident')),
  );

  app.put(
    '/api/v1/shop/me/pickup-point',
    {
      schema: {
        tags,
        summary: 'Bind me to a pickup point (applies to new orders)',
        body: shop.ChoosePickupPoint,
        response: { 200: shop.ResidentProfile, ...errors },
      },
    },
    async (req) => choosePickupPoint(ctx, await requireKind(ctx, req, 'resident'), req.body.pickupPointId),
  );

  app.get(
    '/api/v1/shop/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns open now at my pickup point (or the one named), with stock left and what I bought',
        querystring: z.strictObject({ pickupPointId: z.string().max(64).optional() }),
        response: { 200: shop.ShopCampaignList, ...errors },
      },
    },
    async (req) => ({ items: await shopCampaigns(ctx, await requireKind(ctx, req, 'resident'), req.query.pickupPointId) }),
  );

  app.get(
    '/api/v1/shop/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'One open campaign',
        params: IdParams,
        querystring: z.strictObject({ pickupPointId: z.string().max(64).optional() }),
        response: { 200: shop.ShopCampaign, ...errors },
      },
    },
    async (req) => {
      const [campaign] = await shopCampaigns(ctx, await requireKind(ctx, req, 'resident'), req.query.pickupPointId, req.params.id);
      if (!campaign) throw new AppError('NOT_FOUND', 'campaign not found or not open here');
      return campaign;
    },
  );

  app.post(
    '/api/v1/shop/orders',
    {
      schema: {
        tags,
        summary: 'Place an order (reserves stock); pay it within the payment time',
        headers: IdempotencyHeaders,
        body: shop.PlaceOrder,
        response: { 201: shop.PlacedOrder, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const { order, payment } = await checkout(
        ctx,
        await requireKind(ctx, req, 'resident'),
        req.body,
        req.headers['idempotency-key'],
        req.ip,
      );
      return reply.status(201).send({ ...toOrderDto(order), ...(payment ? { payment: toIntentDto(payment) } : {}) });
    },
  );

  app.get(
    '/api/v1/shop/orders',
    {
      schema: {
        tags,
        summary: 'My orders, newest first',
        querystring: shop.OrderListQuery,
        response: { 200: z.object({ items: z.array(shop.Order), page: z.number(), pageSize: z.number(), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      const { items, total } = await listOrders(ctx.db, {
        operatorId: me.operatorId,
        residentId: me.id,
        status: req.query.status,
        page: req.query.page,
        pageSize: req.query.pageSize,
      });
      return { items: items.map(toOrderDto), page: req.query.page, pageSize: req.query.pageSize, total };
    },
  );

  app.get(
    '/api/v1/shop/orders/:id',
    { schema: { tags, summary: 'One of my orders', params: IdParams, response: { 200: shop.Order, ...errors } } },
    async (req) => {
      const me = await requireKind(ctx, req, 'resident');
      return toOrderDto(await getOrder(ctx.db, me.operatorId, req.params.id, { residentId: me.id }));
    },
  );

  app.post(
    '/api/v1/shop/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an unpaid order, or a paid one before cutoff (full refund)',
        params: IdParams,
        body: shop.CancelOrder,
        response: { 200: shop.Order, ...errors },
      },
    },
    async (req) => toOrderDto(await cancelOrder(ctx, await requireKind(ctx, req, 'resident'), req.params.id, req.body.reason)),
  );

  app.post(
    '/api/v1/shop/orders/:id/payments',
    {
      schema: {
        tags,
        summary: 'Start paying an order',
        params: IdParams,
        body: shop.PayOrder,
        // 403 INSTANT_PAYMENT_UNAVAILABLE: `instant` outside development.
        response: { 201: shop.PaymentIntent, ...errors, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const resident = await requireKind(ctx, req, 'resident');
      const from = await shopPayer(ctx, resident, req.ip, req.body.channel);
      const intent = await payOrder(ctx, resident, req.params.id, req.body.mode, from);
      return reply.status(201).send(toIntentDto(intent));
    },
  );

  app.get(
    '/api/v1/shop/notifications',
    { schema: { tags, summary: 'My messages (refunds, cancellations)', response: { 200: shop.NotificationList, ...errors } } },
    async (req) => ({
      items: await residentNotifications(ctx, await requireKind(ctx, req, 'resident')),
    }),
  );
};
