import { ErrorBody, IdParams, procurement } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import { attachment } from '../../http/content-disposition.ts';
import type { RouteModule } from '../../http/server.ts';
import type { StaffRole } from '../../platform/db/schema.ts';
import { pointsOfWarehouse } from '../logistics/index.ts';
import { pickListsFor } from './demand.repository.ts';
import { purchaseOrderWorkbook } from './purchase-order.export.ts';
import { getPurchaseOrder, listPurchaseOrders } from './purchase-order.queries.ts';
import { adjustPurchaseOrder, cancelPurchaseOrder, confirmPurchaseOrderByPhone, sendPurchaseOrder } from './purchase-order.service.ts';
import { completeReceiving, receivePurchaseOrder } from './receiving.service.ts';
import { previewShortfall } from './shortfall.preview.ts';
import { listCutoffs } from './cutoff.queries.ts';
import { procurementSettings, saveProcurementSettings } from './settings.ts';

const tags = ['admin'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Purchasing (purchaser) and receiving (warehouse) of purchase orders; cutoff outcomes and pick lists. */
export const procurementRoutes: RouteModule = (app, ctx) => {
  const staff = async (req: Parameters<typeof requireStaff>[1], ...roles: StaffRole[]) =>
    (await requireStaff(ctx, req, ...roles)).operatorId;
  const one = { params: IdParams, response: { 200: procurement.PurchaseOrder, ...errors } };

  app.get(
    '/api/v1/admin/purchase-orders',
    {
      schema: {
        tags,
        summary: 'List purchase orders, latest delivery date first',
        querystring: procurement.PurchaseOrderListQuery,
        response: { 200: procurement.PurchaseOrderPage, ...errors },
      },
    },
    async (req) => listPurchaseOrders(ctx.db, { operatorId: await staff(req, 'purchaser', 'warehouse') }, req.query),
  );
  app.get('/api/v1/admin/purchase-orders/:id', { schema: { tags, summary: 'One purchase order with its lines', ...one } }, async (req) =>
    getPurchaseOrder(ctx.db, { operatorId: await staff(req, 'purchaser', 'warehouse') }, req.params.id),
  );
  app.get(
    '/api/v1/admin/purchase-orders/:id/export.xlsx',
    { schema: { tags, summary: 'A purchase order as an Excel workbook', params: IdParams } },
    async (req, reply) => {
      const po = await getPurchaseOrder(ctx.db, { operatorId: await staff(req, 'purchaser', 'warehouse') }, req.params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`${po.id}.xlsx`))
        .send(await purchaseOrderWorkbook(po));
    },
  );
  app.patch(
    '/api/v1/admin/purchase-orders/:id/lines',
    { schema: { tags, summary: 'Set quantities to buy on lines of a draft', body: procurement.AdjustPurchaseOrder, ...one } },
    async (req) => adjustPurchaseOrder(ctx, await staff(req, 'purchaser'), req.params.id, req.body),
  );
  app.post('/api/v1/admin/purchase-orders/:id/send', { schema: { tags, summary: 'Send a draft to its supplier', ...one } }, async (req) =>
    sendPurchaseOrder(ctx, await staff(req, 'purchaser'), req.params.id),
  );
  app.post(
    '/api/v1/admin/purchase-orders/:id/cancel',
    { schema: { tags, summary: 'Cancel a purchase order the supplier has not confirmed', ...one } },
    async (req) => cancelPurchaseOrder(ctx, await staff(req, 'purchaser'), req.params.id),
  );
  app.post(
    '/api/v1/admin/purchase-orders/:id/phone-confirmation',
    {
      schema: {
        tags,
        summary: "Record the supplier's confirmation taken by phone: quantities as the supplier confirms them, with a note",
        body: procurement.ConfirmPurchaseOrderByPhone,
        ...one,
      },
    },
    async (req) => {
      const p = await requireStaff(ctx, req, 'purchaser');
      return confirmPurchaseOrderByPhone(ctx, { operatorId: p.operatorId, staffId: p.id }, req.params.id, req.body);
    },
  );
  app.get(
    '/api/v1/admin/purchase-orders/:id/shortfall-preview',
    {
      schema: {
        tags,
        summary: 'How many residents would be refunded if a line not yet recorded took so many units into stock',
        params: IdParams,
        querystring: procurement.ShortfallPreviewQuery,
        response: { 200: procurement.ShortfallPreview, ...errors },
      },
    },
    async (req) => previewShortfall(ctx, await staff(req, 'warehouse', 'purchaser'), req.params.id, req.query),
  );
  app.post(
    '/api/v1/admin/purchase-orders/:id/receipts',
    {
      schema: {
        tags,
        summary: 'Record received quantities, rejects, lots and expiry on lines',
        body: procurement.ReceivePurchaseOrder,
        ...one,
      },
    },
    async (req) => receivePurchaseOrder(ctx, await staff(req, 'warehouse'), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/purchase-orders/:id/receiving/complete',
    { schema: { tags, summary: 'Complete receiving; lines not recorded received nothing', ...one } },
    async (req) => completeReceiving(ctx, await staff(req, 'warehouse'), req.params.id),
  );
  app.get(
    '/api/v1/admin/procurement/settings',
    { schema: { tags, summary: 'Purchase buffer and shortage rule', response: { 200: procurement.ProcurementSettings, ...errors } } },
    async (req) => procurementSettings(ctx.db, await staff(req, 'purchaser')),
  );
  app.put(
    '/api/v1/admin/procurement/settings',
    {
      schema: {
        tags,
        summary: 'Change the purchase buffer and shortage rule',
        body: procurement.UpdateProcurementSettings,
        response: { 200: procurement.ProcurementSettings, ...errors },
      },
    },
    async (req) => saveProcurementSettings(ctx.db, await staff(req, 'admin'), req.body, ctx.clock.now()),
  );
  app.get(
    '/api/v1/admin/cutoffs',
    {
      schema: {
        tags,
        summary: "Cutoff outcomes of a pickup date's campaigns",
        querystring: procurement.CutoffListQuery,
        response: { 200: procurement.CampaignCutoffList, ...errors },
      },
    },
    async (req) => ({ items: await listCutoffs(ctx.db, await staff(req, 'purchaser', 'merchandiser'), req.query.pickupDate) }),
  );
  app.get(
    '/api/v1/admin/pick-lists',
    {
      schema: {
        tags,
        summary: 'Units per pickup point and SKU for a pickup date, as aggregated at cutoff',
        querystring: procurement.PickListQuery,
        response: { 200: procurement.PickList, ...errors },
      },
    },
    async (req) => {
      const operatorId = await staff(req, 'warehouse', 'purchaser');
      const { pickupDate, pickupPointId, warehouseId } = req.query;
      let items = await pickListsFor(ctx.db, operatorId, pickupDate);
      if (pickupPointId) items = items.filter((r) => r.pickupPointId === pickupPointId);
      if (warehouseId) {
        const served = await pointsOfWarehouse(ctx.db, operatorId, warehouseId);
        items = items.filter((r) => served.has(r.pickupPointId));
      }
      return { items };
    },
  );
};
