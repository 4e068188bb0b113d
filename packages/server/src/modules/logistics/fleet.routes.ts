import { ErrorBody, IdParams, logistics } from '@linli/contracts';
import { requireAnyStaff, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { getDeliverySettings, updateDeliverySettings } from './delivery.settings.ts';
import { getMapSettings, updateMapSettings } from './distance.settings.ts';
import {
  createCarrier,
  createDriver,
  createVehicleType,
  createWarehouse,
  listCarriers,
  listDrivers,
  listVehicleTypes,
  listWarehouses,
  updateCarrier,
  updateDriver,
  updateVehicleType,
  updateWarehouse,
} from './fleet.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Warehouses, vehicle types, carriers and drivers: managed by dispatchers. */
export const fleetRoutes: RouteModule = (app, ctx) => {
  const tags = ['admin'];
  const dispatcher = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req, 'dispatcher')).operatorId;
  const anyStaff = async (req: Parameters<typeof requireStaff>[1]) => (await requireAnyStaff(ctx, req)).operatorId;

  app.get(
    '/api/v1/admin/delivery-settings',
    {
      schema: {
        tags,
        summary: 'Whether cold goods may ride in insulated boxes; which warehouse serves points without one',
        response: { 200: logistics.DeliverySettings, ...errors },
      },
    },
    async (req) => getDeliverySettings(ctx.db, await anyStaff(req)),
  );
  app.patch(
    '/api/v1/admin/delivery-settings',
    {
      schema: {
        tags,
        summary:
          'Allow insulated boxes on warmer vehicles (how many, their size); serve points without a warehouse from the default or the nearest one',
        body: logistics.UpdateDeliverySettings,
        response: { 200: logistics.DeliverySettings, ...errors },
      },
    },
    async (req) => updateDeliverySettings(ctx, await dispatcher(req), req.body),
  );
  app.get(
    '/api/v1/admin/map-settings',
    {
      schema: {
        tags,
        summary: 'Where road distances for route planning come from (the AMap key masked)',
        response: { 200: logistics.MapSettings, ...errors },
      },
    },
    async (req) => getMapSettings(ctx.db, await dispatcher(req)),
  );
  app.patch(
    '/api/v1/admin/map-settings',
    {
      schema: {
        tags,
        summary: 'Choose the estimate, an OSRM server or AMap (with a key) for road distances; the detour factor and speed of the estimate',
        body: logistics.UpdateMapSettings,
        response: { 200: logistics.MapSettings, ...errors },
      },
    },
    async (req) => updateMapSettings(ctx, await dispatcher(req), req.body),
  );
  app.get(
    '/api/v1/admin/warehouses',
    { schema: { tags, summary: 'List warehouses', response: { 200: logistics.WarehouseList, ...errors } } },
    async (req) => listWarehouses(ctx.db, await anyStaff(req)),
  );
  app.post(
    '/api/v1/admin/warehouses',
    { schema: { tags, summary: 'Add a warehouse', body: logistics.CreateWarehouse, response: { 201: logistics.Warehouse, ...errors } } },
    async (req, reply) => reply.status(201).send(await createWarehouse(ctx, await dispatcher(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/warehouses/:id',
    {
      schema: {
        tags,
        summary: 'Edit or close a warehouse',
        params: IdParams,
        body: logistics.UpdateWarehouse,
        response: { 200: logistics.Warehouse, ...errors },
      },
    },
    async (req) => updateWarehouse(ctx, await dispatcher(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/carriers',
    { schema: { tags, summary: 'List outsourced carriers', response: { 200: logistics.CarrierList, ...errors } } },
    async (req) => listCarriers(ctx.db, (await requireAnyStaff(ctx, req)).operatorId),
  );
  app.post(
    '/api/v1/admin/carriers',
    {
      schema: {
        tags,
        summary: 'Add a carrier with its rate card',
        body: logistics.CreateCarrier,
        response: { 201: logistics.Carrier, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createCarrier(ctx, await dispatcher(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/carriers/:id',
    {
      schema: {
        tags,
        summary: 'Edit a carrier or its rate card (applies to routes completed later)',
        params: IdParams,
        body: logistics.UpdateCarrier,
        response: { 200: logistics.Carrier, ...errors },
      },
    },
    async (req) => updateCarrier(ctx, await dispatcher(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/vehicle-types',
    { schema: { tags, summary: 'List vehicle types (own fleet and carriers)', response: { 200: logistics.VehicleTypeList, ...errors } } },
    async (req) => listVehicleTypes(ctx.db, await anyStaff(req)),
  );
  app.post(
    '/api/v1/admin/vehicle-types',
    {
      schema: {
        tags,
        summary: 'Add a vehicle type with its cold compartments (or one temperature class for its whole volume)',
        body: logistics.CreateVehicleType,
        response: { 201: logistics.VehicleType, 422: ErrorBody, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createVehicleType(ctx, await dispatcher(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/vehicle-types/:id',
    {
      schema: {
        tags,
        summary: 'Change capacities, compartments, costs or the number available',
        params: IdParams,
        body: logistics.UpdateVehicleType,
        response: { 200: logistics.VehicleType, 422: ErrorBody, ...errors },
      },
    },
    async (req) => updateVehicleType(ctx, await dispatcher(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/drivers',
    { schema: { tags, summary: 'List drivers', response: { 200: logistics.DriverList, ...errors } } },
    async (req) => listDrivers(ctx.db, await dispatcher(req)),
  );
  app.post(
    '/api/v1/admin/drivers',
    {
      schema: {
        tags,
        summary: 'Register a driver (their phone is their login)',
        body: logistics.CreateDriver,
        response: { 201: logistics.Driver, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createDriver(ctx, await dispatcher(req), req.body)),
  );
  app.patch(
    '/api/v1/admin/drivers/:id',
    {
      schema: {
        tags,
        summary: 'Edit or deactivate a driver',
        params: IdParams,
        body: logistics.UpdateDriver,
        response: { 200: logistics.Driver, ...errors },
      },
    },
    async (req) => updateDriver(ctx, await dispatcher(req), req.params.id, req.body),
  );
};
