import { ErrorBody, IdParams, logistics } from '@linli/contracts';
import { requireKind } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { departRoute, driverRoute, driverRoutes, driverStopStep } from './delivery.service.ts';
import { confirmHandover, leaderDeliveries } from './handover.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The driver's day (their routes only) and the leader's handover at their own pickup points. */
export const deliveryRoutes: RouteModule = (app, ctx) => {
  const driver = { tags: ['driver'] };
  app.get(
    '/api/v1/driver/routes',
    {
      schema: {
        ...driver,
        summary: 'My routes of a day (default today), stops in order',
        querystring: logistics.DriverRoutesQuery,
        response: { 200: logistics.DriverRouteList, ...errors },
      },
    },
    async (req) => driverRoutes(ctx, await requireKind(ctx, req, 'driver'), req.query.date),
  );
  app.get(
    '/api/v1/driver/routes/:id',
    { schema: { ...driver, summary: 'One of my routes', params: IdParams, response: { 200: logistics.Route, ...errors } } },
    async (req) => driverRoute(ctx, await requireKind(ctx, req, 'driver'), req.params.id),
  );
  app.post(
    '/api/v1/driver/routes/:id/depart',
    {
      schema: { ...driver, summary: 'Leave the warehouse with the route', params: IdParams, response: { 200: logistics.Route, ...errors } },
    },
    async (req) => departRoute(ctx, await requireKind(ctx, req, 'driver'), req.params.id),
  );
  app.post(
    '/api/v1/driver/routes/:id/stops/:stopId/arrive',
    {
      schema: { ...driver, summary: 'Arrived at a stop', params: logistics.RouteStopParams, response: { 200: logistics.Route, ...errors } },
    },
    async (req) => driverStopStep(ctx, await requireKind(ctx, req, 'driver'), req.params.id, req.params.stopId, 'arrived'),
  );
  app.post(
    '/api/v1/driver/routes/:id/stops/:stopId/hand-over',
    {
      schema: {
        ...driver,
        summary: 'Handed the bundle to the leader (who then confirms)',
        params: logistics.RouteStopParams,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => driverStopStep(ctx, await requireKind(ctx, req, 'driver'), req.params.id, req.params.stopId, 'handed_over'),
  );
  app.post(
    '/api/v1/driver/routes/:id/stops/:stopId/fail',
    {
      schema: {
        ...driver,
        summary: 'Could not deliver at a stop (the goods go back to the warehouse)',
        params: logistics.RouteStopParams,
        body: logistics.FailStop,
        response: { 200: logistics.Route, ...errors },
      },
    },
    async (req) => driverStopStep(ctx, await requireKind(ctx, req, 'driver'), req.params.id, req.params.stopId, 'failed', req.body.reason),
  );

  const leader = { tags: ['leader'] };
  app.get(
    '/api/v1/leader/deliveries',
    {
      schema: {
        ...leader,
        summary: 'Deliveries to my pickup points (default today)',
        querystring: logistics.LeaderDeliveriesQuery,
        response: { 200: logistics.LeaderDeliveryList, ...errors },
      },
    },
    async (req) => leaderDeliveries(ctx, await requireKind(ctx, req, 'leader'), req.query.date),
  );
  app.post(
    '/api/v1/leader/deliveries/:id/confirm',
    {
      schema: {
        ...leader,
        summary: 'Count a delivery in: sign off the whole bundle or give received quantities per SKU',
        params: IdParams,
        body: logistics.ConfirmHandover,
        response: { 200: logistics.Handover, ...errors },
      },
    },
    async (req) => confirmHandover(ctx, await requireKind(ctx, req, 'leader'), req.params.id, req.body),
  );
};
