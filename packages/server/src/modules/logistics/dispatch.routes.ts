import { ErrorBody, IdParams, logistics } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import { attachment } from '../../http/content-disposition.ts';
import type { RouteModule } from '../../http/server.ts';
import { cancelRoute, getRoute, listRoutes, moveStop, publishRoute, reorderStops, startLoading, updateRoute } from './dispatch.service.ts';
import { planRoutes } from './planning.service.ts';
import { routeGeometry } from './route.geometry.ts';
import { sortingWorkbook, labelsHtml, loadSheetWorkbook } from './sorting.export.ts';
import { sortingSheet } from './sorting.service.ts';
import { decideUnrouted, unroutedPoints } from './unrouted.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Route planning and dispatch (dispatchers), sorting sheets and labels (warehouse staff). */
export const dispatchRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const dispatcher = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'dispatcher')).operatorId;
  const warehouse = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'warehouse', 'dispatcher')).operatorId;

  app.post(
    '/api/v1/admin/route-plans',
    {
      schema: {
        tags,
        summary: 'Plan the routes of a warehouse for a delivery date (replaces unlocked drafts)',
        body: logistics.PlanRoutes,
        response: { 200: logistics.RoutePlan, ...errors },
      },
    },
    async (req) => planRoutes(ctx, await dispatcher(req), req.body),
  );
  app.get(
    '/api/v1/admin/unrouted-points',
    {
      schema: {
        tags,
        summary: 'Pickup points with goods on a delivery date that no route serves, with what waits there',
        querystring: logistics.UnroutedQuery,
        response: { 200: logistics.UnroutedList, ...errors },
      },
    },
    async (req) => unroutedPoints(ctx.db, await warehouse(req), req.query.deliveryDate, req.query.warehouseId),
  );
  app.post(
    '/api/v1/admin/unrouted-points/decisions',
    {
      schema: {
        tags,
        summary: 'Postpone or refund the orders of pickup points no route serves on a date (residents and leaders are told)',
        body: logistics.DecideUnrouted,
        response: { 200: logistics.UnroutedDecision, ...errors },
      },
    },
    async (req) => {
      const staff = await requireStaff(ctx, req, 'dispatcher');
      return decideUnrouted(ctx, staff.operatorId, staff.id, req.body);
    },
  );
  app.get(
    '/api/v1/admin/routes',
    {
      schema: {
        tags,
        summary: 'Routes of a delivery date with their load sheets',
        querystring: logistics.RouteListQuery,
        response: { 200: logistics.RouteList, ...errors },
      },
    },
    async (req) => listRoutes(ctx, await warehouse(req), req.query),
  );
  app.get(
    '/api/v1/admin/routes/:id',
    { schema: { tags, summary: 'One route with its load sheet', params: IdParams, response: { 200: logistics.Route, ...errors } } },
    async (req) => getRoute(ctx, await warehouse(req), req.params.id),
  );
  app.get(
    '/api/v1/admin/routes/:id/geometry',
    {
      schema: {
        tags,
        summary: "The line to draw a route on the map: along the roads from the operator's OSRM server, else straight",
        params: IdParams,
        response: { 200: logistics.RouteGeometry, ...errors, 502: ErrorBody },
      },
    },
    async (req) => routeGeometry(ctx, await warehouse(req), req.params.id),
  );
  app.get(
    '/api/v1/admin/routes/:id/load-sheet.xlsx',
    {
      schema: { tags, summary: 'The load sheet as an Excel workbook', params: IdParams, response: { 200: logistics.Download, ...errors } },
    },
    async (req, reply) => {
      const route = await getRoute(ctx, await warehouse(req), req.params.id);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`load-sheet-${route.deliveryDate}-${route.routeNo}.xlsx`))
        .send(await loadSheetWorkbook(route));
    },
  );
  app.patch(
    '/api/v1/admin/routes/:id',
    {
      schema: {
        tags,
        summary: 'Lock or unlock a draft route, or change its vehicle type',
        params: IdParams,
        body: logistics.UpdateRoute,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => updateRoute(ctx, await dispatcher(req), req.params.id, req.body),
  );
  app.put(
    '/api/v1/admin/routes/:id/stop-order',
    {
      schema: {
        tags,
        summary: "Reorder a draft route's stops",
        params: IdParams,
        body: logistics.ReorderStops,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => reorderStops(ctx, await dispatcher(req), req.params.id, req.body.stopIds),
  );
  app.post(
    '/api/v1/admin/routes/:id/stops/:stopId/move',
    {
      schema: {
        tags,
        summary: 'Move a stop to another draft route',
        params: logistics.RouteStopParams,
        body: logistics.MoveStop,
        response: { 200: logistics.DriverRouteList, ...errors },
      },
    },
    async (req) => ({ items: await moveStop(ctx, await dispatcher(req), req.params.id, req.params.stopId, req.body) }),
  );
  app.post(
    '/api/v1/admin/routes/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft route to a driver',
        params: IdParams,
        body: logistics.PublishRoute,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => publishRoute(ctx, await dispatcher(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/routes/:id/loading',
    { schema: { tags, summary: 'Start loading a published route', params: IdParams, response: { 200: logistics.Route, ...errors } } },
    async (req) => startLoading(ctx, await warehouse(req), req.params.id),
  );
  app.post(
    '/api/v1/admin/routes/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a route before it leaves (its pickup points can be planned again)',
        params: IdParams,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => cancelRoute(ctx, await dispatcher(req), req.params.id),
  );

  app.get(
    '/api/v1/admin/sorting',
    {
      schema: {
        tags,
        summary: 'Pick lists per pickup point and per SKU, by route in loading order',
        querystring: logistics.SortingQuery,
        response: { 200: logistics.SortingSheet, ...errors },
      },
    },
    async (req) => sortingSheet(ctx.db, await warehouse(req), req.query.deliveryDate, req.query.warehouseId),
  );
  app.get(
    '/api/v1/admin/sorting/labels.html',
    {
      schema: {
        tags,
        summary: 'Printable bundle labels with a QR code per pickup point',
        querystring: logistics.SortingQuery,
        response: { 200: logistics.Download, ...errors },
      },
    },
    async (req, reply) => {
      const sheet = await sortingSheet(ctx.db, await warehouse(req), req.query.deliveryDate, req.query.warehouseId);
      return reply.type('text/html; charset=utf-8').send(await labelsHtml(sheet));
    },
  );
  app.get(
    '/api/v1/admin/sorting/sorting.xlsx',
    {
      schema: {
        tags,
        summary: 'The sorting sheets as an Excel workbook',
        querystring: logistics.SortingQuery,
        response: { 200: logistics.Download, ...errors },
      },
    },
    async (req, reply) => {
      const sheet = await sortingSheet(ctx.db, await warehouse(req), req.query.deliveryDate, req.query.warehouseId);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`sorting-${sheet.deliveryDate}.xlsx`))
        .send(await sortingWorkbook(sheet));
    },
  );
};
