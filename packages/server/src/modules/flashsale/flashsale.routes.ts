import { ErrorBody, IdParams, flashsale } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { toOrderDto } from '../ordering/index.ts';
import { adminFlashSale, adminFlashSales, leaderFlashSales, shopFlashSales } from './flashsale.queries.ts';
import { attemptFlashSale, cancelFlashSale, closeGate, createFlashSale, reconcileFlashSaleById } from './flashsale.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Flash sales: merchandisers set up and watch sessions; residents see them and try for a unit. */
export const flashSaleRoutes: RouteModule = (app, ctx) => {
  app.addHook('onClose', async () => closeGate(ctx));

  app.get(
    '/api/v1/admin/flash-sales',
    {
      schema: {
        tags: ['admin'],
        summary: 'Flash-sale sessions, live: units left in the gate and by the orders, orders, cost, new residents',
        response: { 200: flashsale.AdminFlashSaleList, ...errors },
      },
    },
    async (req) => adminFlashSales(ctx, (await requireStaff(ctx, req, 'merchandiser', 'finance')).operatorId),
  );
  app.post(
    '/api/v1/admin/flash-sales',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set up a flash-sale session on a campaign line',
        body: flashsale.CreateFlashSale,
        response: { 201: flashsale.AdminFlashSale, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      const b = req.body;
      const sale = await createFlashSale(ctx, me, { ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
      return reply.status(201).send(await adminFlashSale(ctx, me.operatorId, sale.id));
    },
  );
  app.post(
    '/api/v1/admin/flash-sales/:id/cancel',
    {
      schema: {
        tags: ['admin'],
        summary: 'Cancel a session that has not ended (orders already won stay)',
        params: IdParams,
        response: { 200: flashsale.AdminFlashSale, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      await cancelFlashSale(ctx, me, req.params.id);
      return adminFlashSale(ctx, me.operatorId, req.params.id);
    },
  );
  app.post(
    '/api/v1/admin/flash-sales/:id/reconcile',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Check the gate against the orders in PostgreSQL now and repair it from them where they differ (done by itself after the session)',
        params: IdParams,
        response: { 200: flashsale.AdminFlashSale, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'merchandiser');
      await reconcileFlashSaleById(ctx, me.operatorId, req.params.id);
      return adminFlashSale(ctx, me.operatorId, req.params.id);
    },
  );

  app.get(
    '/api/v1/leader/flash-sales',
    {
      schema: {
        tags: ['leader'],
        summary: 'Flash-sale sessions on now or upcoming, to share into my group before the start',
        response: { 200: flashsale.LeaderFlashSaleList, ...errors },
      },
    },
    async (req) => leaderFlashSales(ctx, (await requireKind(ctx, req, 'leader')).operatorId),
  );
  app.get(
    '/api/v1/shop/flash-sales',
    {
      schema: {
        tags: ['shop'],
        summary: "Today's flash-sale sessions: on now, upcoming (with the server's time for the countdown), just ended",
        response: { 200: flashsale.FlashSaleList, ...errors },
      },
    },
    async (req) => shopFlashSales(ctx, (await requireKind(ctx, req, 'resident')).operatorId),
  );
  app.post(
    '/api/v1/shop/flash-sales/:id/attempts',
    {
      schema: {
        tags: ['shop'],
        summary: 'Try for a unit: a winner gets an order at the session price, to pay within its payment window',
        params: IdParams,
        body: flashsale.Attempt,
        response: { 201: flashsale.AttemptWon, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'resident');
      const order = await attemptFlashSale(ctx, me, req.params.id, req.body.attemptKey);
      return reply.status(201).send({ result: 'won' as const, order: toOrderDto(order) });
    },
  );
};
