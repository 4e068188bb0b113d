import { DateOnly, ErrorBody, IdParams, shop, web } from '@linli/contracts';
import { z } from 'zod';
import { requireKind, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { getOrder, listOrders, toOrderDto } from './ordering.queries.ts';
import { withResidents } from '../identity/index.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const OrderPage = z.object({ items: z.array(shop.Order), page: z.number(), pageSize: z.number(), total: z.number() });
const LeaderOrderQuery = z.strictObject({
  pickupDate: DateOnly.optional(),
  status: shop.OrderStatus.optional(),
  campaignId: z.string().max(64).optional(),
  residentId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const AdminOrderQuery = LeaderOrderQuery.extend({
  leaderId: z.string().max(64).optional(),
  pickupPointId: z.string().max(64).optional(),
});

/** Orders as a leader sees them (only their own pickup points') and as operator staff see them. */
export const orderingRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/v1/leader/orders',
    {
      schema: {
        tags: ['leader'],
        summary: "Orders at my pickup points, with the resident's masked phone",
        querystring: LeaderOrderQuery,
        response: { 200: web.LeaderOrderPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const { items, total } = await listOrders(ctx.db, { operatorId: me.operatorId, leaderId: me.id, ...req.query });
      const orders = await withResidents(ctx.db, me.operatorId, items.map(toOrderDto));
      return { items: orders, page: req.query.page, pageSize: req.query.pageSize, total };
    },
  );

  app.get(
    '/api/v1/leader/orders/:id',
    {
      schema: {
        tags: ['leader'],
        summary: 'One order at my pickup points',
        params: IdParams,
        response: { 200: web.LeaderOrder, ...errors },
      },
    },
    async (req) => {
      const me = await requireKind(ctx, req, 'leader');
      const order = toOrderDto(await getOrder(ctx.db, me.operatorId, req.params.id, { leaderId: me.id }));
      return (await withResidents(ctx.db, me.operatorId, [order]))[0];
    },
  );

  app.get(
    '/api/v1/admin/orders',
    {
      schema: {
        tags: ['admin'],
        summary: 'Orders, filtered and paginated',
        querystring: AdminOrderQuery,
        response: { 200: OrderPage, ...errors },
      },
    },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support', 'finance', 'merchandiser', 'purchaser');
      const { items, total } = await listOrders(ctx.db, { operatorId: me.operatorId, ...req.query });
      return { items: items.map(toOrderDto), page: req.query.page, pageSize: req.query.pageSize, total };
    },
  );

  app.get(
    '/api/v1/admin/orders/:id',
    { schema: { tags: ['admin'], summary: 'One order', params: IdParams, response: { 200: shop.Order, ...errors } } },
    async (req) => {
      const me = await requireStaff(ctx, req, 'support', 'finance', 'merchandiser', 'purchaser');
      return toOrderDto(await getOrder(ctx.db, me.operatorId, req.params.id));
    },
  );
};
