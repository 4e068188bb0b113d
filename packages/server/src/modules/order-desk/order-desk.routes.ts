import { ErrorBody, IdParams, logistics, orders } from '@linli/contracts';
import type { FastifyRequest } from 'fastify';
import { attachment } from '../../http/content-disposition.ts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { operatorTimeZone, type Principal } from '../identity/index.ts';
import { EXPORT_LIMIT, ordersWorkbook } from './order-desk.export.ts';
import { orderDetail } from './order-detail.report.ts';
import { allOrders } from './order-search.report.ts';
import { moveOrder, redeliverLine, refundLine, resendPickupCode, searchPage, withSearch } from './order-desk.service.ts';
import { localDate } from '../../platform/calendar.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The orders desk: support (and dispatchers, for the logistics of an order) find an order, read
 * its timeline and act on it. Refunds are support's (money, as claims are); a search by phone is
 * support's (personal data) and is audited.
 */
export const orderDeskRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  /** Reading and the logistics actions: support and dispatchers; a phone search: support only. */
  const desk = async (req: FastifyRequest, phone?: string): Promise<Principal> =>
    phone === undefined ? requireStaff(ctx, req, 'support', 'dispatcher') : requireStaff(ctx, req, 'support');

  app.get(
    '/api/v1/admin/order-desk',
    {
      schema: {
        tags,
        summary: 'Find orders by order number, full resident phone (audited) or pickup code, filtered; newest first',
        querystring: orders.OrderSearchQuery,
        response: { 200: orders.DeskOrderPage, ...errors },
      },
    },
    async (req) => searchPage(ctx, await desk(req, req.query.phone), req.ip, req.query),
  );
  app.get(
    '/api/v1/admin/order-desk/export.xlsx',
    {
      schema: {
        tags,
        summary: `The filtered orders as an Excel workbook (at most ${EXPORT_LIMIT}, newest first)`,
        querystring: orders.OrderSearchFilter,
        response: { 200: logistics.Download, ...errors },
      },
    },
    async (req, reply) => {
      const me = await desk(req, req.query.phone);
      const items = await withSearch(ctx, me, req.ip, req.query, (db, filter) => allOrders(db, me.operatorId, filter, EXPORT_LIMIT));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          attachment(`orders-${localDate(ctx.clock.now(), await operatorTimeZone(ctx.db, me.operatorId))}.xlsx`),
        )
        .send(await ordersWorkbook(items));
    },
  );
  app.get(
    '/api/v1/admin/order-desk/:id',
    {
      schema: {
        tags,
        summary: 'One order: lines, what may still be refunded or sent again, and its timeline',
        params: IdParams,
        response: { 200: orders.DeskOrderDetail, ...errors },
      },
    },
    async (req) => orderDetail(ctx.db, (await desk(req)).operatorId, req.params.id),
  );
  app.post(
    '/api/v1/admin/order-desk/:id/refund',
    {
      schema: {
        tags,
        summary: 'Refund a line (support): recorded as a claim with its cause and blame, approved at once',
        params: IdParams,
        body: orders.RefundOrderLine,
        response: { 200: orders.DeskOrderDetail, ...errors },
      },
    },
    async (req) => refundLine(ctx, await requireStaff(ctx, req, 'support'), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/order-desk/:id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a missing line again with a later delivery to the pickup point',
        params: IdParams,
        body: orders.RedeliverOrderLine,
        response: { 200: orders.DeskOrderDetail, ...errors },
      },
    },
    async (req) => redeliverLine(ctx, await desk(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/order-desk/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an order not yet sorted to another pickup point (ORDER_ALREADY_SORTED once sorted or dispatched)',
        params: IdParams,
        body: orders.MoveOrder,
        response: { 200: orders.DeskOrderDetail, ...errors },
      },
    },
    async (req) => moveOrder(ctx, await desk(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/order-desk/:id/resend-code',
    {
      schema: {
        tags,
        summary: 'Send the resident their pickup code again',
        params: IdParams,
        response: { 200: orders.CodeResent, ...errors },
      },
    },
    async (req) => resendPickupCode(ctx, await desk(req), req.params.id),
  );
};
