import { ErrorBody, IdParams, procurement } from '@linli/contracts';
import { requireKind } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { getPurchaseOrder, listPurchaseOrders } from './purchase-order.queries.ts';
import { confirmPurchaseOrder } from './purchase-order.service.ts';

const tags = ['supplier'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** A supplier's own purchase orders (sent to them, never drafts): read, confirm or ship short. */
export const supplierRoutes: RouteModule = (app, ctx) => {
  const scope = async (req: Parameters<typeof requireKind>[1]) => {
    const p = await requireKind(ctx, req, 'supplier');
    return { operatorId: p.operatorId, supplierId: p.id };
  };
  app.get(
    '/api/v1/supplier/purchase-orders',
    {
      schema: {
        tags,
        summary: 'My purchase orders, latest delivery date first',
        querystring: procurement.SupplierPurchaseOrderListQuery,
        response: { 200: procurement.PurchaseOrderPage, ...errors },
      },
    },
    async (req) => listPurchaseOrders(ctx.db, await scope(req), req.query),
  );
  app.get(
    '/api/v1/supplier/purchase-orders/:id',
    { schema: { tags, summary: 'One of my purchase orders', params: IdParams, response: { 200: procurement.PurchaseOrder, ...errors } } },
    async (req) => getPurchaseOrder(ctx.db, await scope(req), req.params.id),
  );
  app.post(
    '/api/v1/supplier/purchase-orders/:id/confirmation',
    {
      schema: {
        tags,
        summary: 'Confirm quantities; lines named ship short, the rest in full',
        params: IdParams,
        body: procurement.ConfirmPurchaseOrder,
        response: { 200: procurement.PurchaseOrder, ...errors },
      },
    },
    async (req) => confirmPurchaseOrder(ctx, await scope(req), req.params.id, req.body),
  );
};
