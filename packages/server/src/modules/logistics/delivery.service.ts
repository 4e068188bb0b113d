import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { StopStatus } from '../../platform/db/schema.logistics.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { operatorTimeZone, type Principal } from '../identity/index.ts';
import { lockRoute } from './dispatch.service.ts';
import { loadRoutes } from './logistics.queries.ts';
import { assertRouteTransition, assertStopTransition, carrierCost, ownFleetCost, stopDone } from './logistics.rules.ts';
import { localDate } from '../../platform/calendar.ts';

const DRIVER_VISIBLE = ['published', 'loading', 'in_transit', 'completed'] as const;

/** Today's date (or the given one) in the operator's time zone. */
export async function businessDate(ctx: AppContext, operatorId: string, date?: string): Promise<string> {
  return date ?? localDate(ctx.clock.now(), await operatorTimeZone(ctx.db, operatorId));
}

/** The driver's routes of a date (default today), stops in order with what to hand over. */
export async function driverRoutes(ctx: AppContext, driver: Principal, date?: string) {
  const deliveryDate = await businessDate(ctx, driver.operatorId, date);
  return { items: await loadRoutes(ctx.db, driver.operatorId, { driverId: driver.id, deliveryDate, statuses: DRIVER_VISIBLE }) };
}

/** One of the driver's routes; another driver's route is NOT_FOUND. */
export async function driverRoute(ctx: AppContext, driver: Principal, id: string) {
  const [route] = await loadRoutes(ctx.db, driver.operatorId, { routeIds: [id], driverId: driver.id, statuses: DRIVER_VISIBLE });
  return found(route, 'route');
}

async function lockDriverRoute(trx: Tx, driver: Principal, id: string) {
  const route = await lockRoute(trx, driver.operatorId, id);
  if (route.driver_id !== driver.id || route.status === 'draft' || route.status === 'cancelled')
    throw new AppError('NOT_FOUND', 'route not found');
  return route;
}

/** The driver leaves the warehouse with the route. */
export async function departRoute(ctx: AppContext, driver: Principal, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockDriverRoute(trx, driver, id);
    assertRouteTransition(route.status, 'in_transit');
    await trx.updateTable('delivery_routes').set({ status: 'in_transit', updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  });
  return driverRoute(ctx, driver, id);
}

/** Moves one stop of a route under way to `to` (arrived, handed over, failed); the route completes when every stop is done. */
export async function driverStopStep(ctx: AppContext, driver: Principal, routeId: string, stopId: string, to: StopStatus, reason?: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockDriverRoute(trx, driver, routeId);
    if (route.status !== 'in_transit') throw new AppError('INVALID_STATE', 'depart with the route first', { status: route.status });
    const stop = found(
      await trx
        .selectFrom('route_stops')
        .selectAll()
        .where('route_id', '=', routeId)
        .where('id', '=', stopId)
        .forUpdate()
        .executeTakeFirst(),
      'stop',
    );
    assertStopTransition(stop.status, to);
    const now = ctx.clock.now();
    const stamp =
      to === 'arrived' ? { arrived_at: now } : to === 'handed_over' ? { handed_over_at: now } : { failure_reason: reason ?? null };
    await trx
      .updateTable('route_stops')
      .set({ status: to, ...stamp })
      .where('id', '=', stopId)
      .execute();
    await completeRouteIfDone(ctx, trx, routeId);
  });
  return driverRoute(ctx, driver, routeId);
}

/**
 * Completes a route under way once every stop is confirmed or failed, pricing the trip: own fleet
 * by kilometres and per trip, a carrier by its rate card over the stops actually delivered.
 * Emits `route.completed` (the ledger books the logistics cost and carrier payable from it).
 */
export async function completeRouteIfDone(ctx: AppContext, trx: Tx, routeId: string): Promise<boolean> {
  const route = await trx.selectFrom('delivery_routes').selectAll().where('id', '=', routeId).executeTakeFirstOrThrow();
  const stops = await trx.selectFrom('route_stops').select('status').where('route_id', '=', routeId).execute();
  if (route.status !== 'in_transit' || !stops.every((s) => stopDone(s.status))) return false;
  assertRouteTransition(route.status, 'completed');
  const stopsDelivered = stops.filter((s) => s.status === 'confirmed').length;
  let priced: { costFen: number; applied: Record<string, unknown> };
  if (route.carrier_id) {
    const carrier = await trx.selectFrom('carriers').select('rate_card').where('id', '=', route.carrier_id).executeTakeFirstOrThrow();
    priced = carrierCost(carrier.rate_card, stopsDelivered, route.distance_m);
  } else {
    const vehicle = await trx
      .selectFrom('vehicle_types')
      .select(['cost_per_km_fen', 'cost_per_trip_fen'])
      .where('id', '=', route.vehicle_type_id)
      .executeTakeFirstOrThrow();
    priced = ownFleetCost(route.distance_m, vehicle.cost_per_km_fen, vehicle.cost_per_trip_fen);
  }
  const now = ctx.clock.now();
  await trx
    .updateTable('delivery_routes')
    .set({ status: 'completed', completed_at: now, updated_at: now, cost_fen: priced.costFen, cost_detail: JSON.stringify(priced.applied) })
    .where('id', '=', routeId)
    .execute();
  await emit(trx, ctx.clock, {
    type: 'route.completed',
    operatorId: route.operator_id,
    aggregateId: routeId,
    payload: {
      routeId,
      deliveryDate: route.delivery_date,
      driverId: route.driver_id,
      carrierId: route.carrier_id,
      vehicleTypeId: route.vehicle_type_id,
      stopsDelivered,
      distanceMeters: route.distance_m,
      costFen: priced.costFen,
      rateCard: priced.applied,
    },
  });
  return true;
}
