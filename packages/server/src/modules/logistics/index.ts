/**
 * Logistics: warehouses and fleet, route planning, standing lines, dispatch, sorting, delivery and handover to leaders.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { departRoute, driverStopStep } from './delivery.service.ts';
export { updateDeliverySettings } from './delivery.settings.ts';
export { publishRoute } from './dispatch.service.ts';
export { createCarrier, createDriver, createVehicleType, createWarehouse } from './fleet.service.ts';
export { confirmHandover } from './handover.service.ts';
export { planRoutes } from './planning.service.ts';
export { saveLinesFromRoutes, updateLine } from './standing-lines.service.ts';
export { decideUnrouted, strandedOrders, unroutedPoints } from './unrouted.service.ts';
export { assignableWarehouse, defaultWarehouseId, pointsOfWarehouse, servingWarehouses } from './warehouse.assignment.ts';
export { logisticsEvents } from './logistics.events.ts';
export type { HandoverConfirmed, LogisticsEvents, RouteCompleted, RoutePublished } from './logistics.events.ts';
export { carrierNames } from './carrier-names.queries.ts';
export { driverAccounts } from './driver.accounts.ts';
export { warehousesByIds } from './warehouses.queries.ts';
export type { WarehouseAddress } from './warehouses.queries.ts';
export { redeliveries, scheduleRedelivery, unitsSentAgain } from './redeliveries.queries.ts';
export type { RedeliveryLine } from './redeliveries.queries.ts';
export { DISPATCHED_ROUTES, routeLeftPlanning } from './dispatched-routes.queries.ts';
