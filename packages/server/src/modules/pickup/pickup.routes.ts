import { ErrorBody, IdParams, aftersales, notices } from '@linli/contracts';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { leaderPoints, listPickupOrders } from './pickup.queries.ts';
import { findPickup, pickupTicket, verifyPickup } from './pickup.service.ts';
import { closeUnpicked, listUnpicked } from './pickup.unpicked.ts';
import { remindAgain } from './pickup.notices.ts';
import { businessToday } from '../identity/index.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Pickup (核销): the resident's ticket, the leader's hand-out list and verification, unpicked orders. */
export const pickupRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/shop/orders/:id/pickup',
    {
      schema: {
        tags: ['shop'],
        summary: 'My pickup ticket: code, QR payload and what is already handed out',
        params: IdParams,
        response: { 200: aftersales.PickupTicket, ...errors },
      },
    },
    async (req) => pickupTicket(ctx.db, await requireKind(ctx, req, 'resident'), req.params.id),
  );

  app.get(
    '/api/v1/leader/pickups',
    {
      schema: {
        tags: ['leader'],
        summary: 'Orders to hand out at my pickup points on a date (default today), with their pickup state',
        querystring: aftersales.PickupListQuery,
        response: { 200: aftersales.PickupPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const pickupPointIds = await leaderPoints(ctx.db, me.operatorId, me.id, req.query.pickupPointId);
      const pickupDate = req.query.pickupDate ?? (await businessToday(ctx.db, me.operatorId, ctx.clock.now()));
      const { page, pageSize, state } = req.query;
      const { items, total } = await listPickupOrders(ctx.db, me.operatorId, { pickupPointIds, pickupDate, state, page, pageSize });
      return { items, total, page, pageSize };
    },
  );
  app.post(
    '/api/v1/leader/pickups/find',
    {
      schema: {
        tags: ['leader'],
        summary: 'Look up an order by pickup code or scanned QR payload (nothing is handed out)',
        body: aftersales.FindPickup,
        response: { 200: aftersales.PickupOrder, ...errors },
      },
    },
    async (req) => findPickup(ctx, await requireKind(ctx, req, 'leader'), req.body),
  );
  app.post(
    '/api/v1/leader/pickups/verify',
    {
      schema: {
        tags: ['leader'],
        summary: 'Verify a pickup (核销) by code or scan, for the whole order or some lines',
        body: aftersales.VerifyPickup,
        response: { 200: aftersales.PickupVerified, ...errors },
      },
    },
    async (req) => verifyPickup(ctx, await requireKind(ctx, req, 'leader'), req.body),
  );

  app.get(
    '/api/v1/leader/unpicked',
    {
      schema: {
        tags: ['leader'],
        summary: 'Unpicked orders at my pickup points',
        querystring: aftersales.UnpickedListQuery,
        response: { 200: aftersales.UnpickedPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const pickupPointIds = await leaderPoints(ctx.db, me.operatorId, me.id);
      const { items, total } = await listUnpicked(ctx.db, me.operatorId, { ...req.query, pickupPointIds });
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.post(
    '/api/v1/leader/unpicked/:id/disposal',
    {
      schema: {
        tags: ['leader'],
        summary: 'Confirm I disposed of the goods of an unpicked order (rule leader_disposal)',
        params: IdParams,
        response: { 200: aftersales.UnpickedOrder, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const pickupPointIds = await leaderPoints(ctx.db, me.operatorId, me.id);
      return closeUnpicked(ctx, me.operatorId, req.params.id, 'disposed', { id: me.id, pickupPointIds });
    },
  );

  app.get(
    '/api/v1/admin/unpicked',
    {
      schema: {
        tags: ['admin'],
        summary: 'Unpicked orders (warehouse, support)',
        querystring: aftersales.UnpickedListQuery,
        response: { 200: aftersales.UnpickedPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'warehouse', 'support');
      const { items, total } = await listUnpicked(ctx.db, me.operatorId, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.post(
    '/api/v1/admin/unpicked/:id/return',
    {
      schema: {
        tags: ['admin'],
        summary: 'Confirm the goods of an unpicked order came back to the warehouse (rule return_to_warehouse)',
        params: IdParams,
        response: { 200: aftersales.UnpickedOrder, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'warehouse');
      return closeUnpicked(ctx, me.operatorId, req.params.id, 'returned', { id: me.id });
    },
  );
  app.post(
    '/api/v1/leader/orders/:id/reminders',
    {
      schema: {
        tags: ['leader'],
        summary: 'Remind the resident again to pick up a delivered order (at most once in 10 minutes per order)',
        description:
          'Queues a pickup reminder by WeChat or SMS, as the resident allows; it waits for the end of their quiet hours. ' +
          'RATE_LIMITED with retryAfterSeconds when the order was reminded by hand a moment ago.',
        params: IdParams,
        response: { 202: notices.ReminderQueued, 429: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const me = await requireKind(ctx, req, 'leader');
      return reply.status(202).send(await remindAgain(ctx, { operatorId: me.operatorId, leaderId: me.id, orderId: req.params.id }));
    },
  );
};
