import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { RouteStatus } from '../../platform/db/schema.logistics.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { bundleLines, bundlesOf, linesOfStop, loadRoutes, routedPoints, type RouteView } from './logistics.queries.ts';
import { pointsOfWarehouse } from './warehouse.assignment.ts';
import { insulatedBoxes } from './delivery.settings.ts';
import { assertRouteTransition } from './logistics.rules.ts';
import { stow } from './stowage.rules.ts';
import { distanceProviderFor } from './distance.settings.ts';
import { keepBreak, routeProblems, timeRoute } from './route.timing.ts';
import { notify } from '../../platform/notifications.ts';
import { pickupPointsByIds } from '../leader/index.ts';

/** A route of the operator, locked for the rest of the transaction; another tenant's is NOT_FOUND. */
export async function lockRoute(trx: Tx, operatorId: string, id: string) {
  return found(
    await trx
      .selectFrom('delivery_routes')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),
    'route',
  );
}

async function oneRoute(ctx: AppContext, operatorId: string, id: string): Promise<RouteView> {
  return found((await loadRoutes(ctx.db, operatorId, { routeIds: [id] }))[0], 'route');
}

function assertDraft(status: RouteStatus): void {
  if (status !== 'draft') throw new AppError('INVALID_STATE', `a ${status} route cannot be edited; cancel it and plan again`, { status });
}

/**
 * Puts a draft route's stops in the given order (ids of its stops) on the given vehicle type,
 * re-timing it from the warehouse; refuses (CONFLICT) a route that would break capacity or the deadline.
 */
async function applyStops(trx: Tx, operatorId: string, routeId: string, stopIds: readonly string[], vehicleTypeId?: string) {
  const route = await trx.selectFrom('delivery_routes').selectAll().where('id', '=', routeId).executeTakeFirstOrThrow();
  const typeId = vehicleTypeId ?? route.vehicle_type_id;
  const vehicle = found(
    await trx.selectFrom('vehicle_types').selectAll().where('operator_id', '=', operatorId).where('id', '=', typeId).executeTakeFirst(),
    'vehicle type',
  );
  const warehouse = await trx
    .selectFrom('warehouses')
    .select(['lat', 'lng'])
    .where('id', '=', route.warehouse_id)
    .executeTakeFirstOrThrow();
  const stops = stopIds.length
    ? await trx
        .selectFrom('route_stops')
        .select(['id', 'pickup_point_id', 'goods_classes'])
        .where('id', 'in', [...stopIds])
        .execute()
    : [];
  const points = await pickupPointsByIds(
    trx,
    operatorId,
    stops.map((s) => s.pickup_point_id),
  );
  // Each stop where its pickup point is, for timing the drive.
  const ordered = stopIds.map((id) => {
    const stop = stops.find((s) => s.id === id)!;
    const { lat, lng } = points.get(stop.pickup_point_id)!;
    return { ...stop, lat, lng };
  });
  const rows = await bundleLines(
    trx,
    operatorId,
    route.delivery_date,
    ordered.map((s) => s.pickup_point_id),
  );
  // Each stop's own goods: a drop of a point split per temperature class carries only its classes.
  const bundles = ordered.flatMap((s) => {
    const b = bundlesOf(linesOfStop(rows, { pickupPointId: s.pickup_point_id, goodsClasses: s.goods_classes })).get(s.pickup_point_id);
    return b ? [b] : [];
  });
  const load = { weightG: 0, volumeMl: 0, crates: 0 };
  for (const b of bundles) {
    load.weightG += b.load.weightG;
    load.volumeMl += b.load.volumeMl;
    load.crates += b.load.crates;
  }
  const distances = await distanceProviderFor(trx, operatorId, { day: route.delivery_date });
  const timing = await timeRoute(distances, warehouse, ordered, route.departure_at, route.service_s);
  // The driver's break stays at its time; the stops after it come its length later.
  const rested =
    route.break_at && route.break_minutes
      ? keepBreak(timing.arrivals, route.service_s, { at: route.break_at, minutes: route.break_minutes })
      : null;
  if (rested) timing.arrivals = rested.arrivals;
  const capacity = {
    weightG: vehicle.capacity_weight_kg * 1000,
    volumeMl: vehicle.capacity_volume_l * 1000,
    crates: vehicle.capacity_crates,
  };
  const problems = routeProblems(load, capacity, timing.arrivals, route.deadline_at);
  // Cold goods must fit the vehicle's compartments cold enough for them, or, colder than all of
  // them, the insulated boxes it takes (more goods than its volume is the volume problem above).
  const boxRule = await insulatedBoxes(trx, operatorId);
  const stowage = stow(
    bundles.map((b) => b.volumeByClass),
    { volumeL: vehicle.capacity_volume_l, chilledL: vehicle.chilled_volume_l, frozenL: vehicle.frozen_volume_l },
    boxRule,
  );
  const cold = stowage.unplaced.filter((u) => u.problem === 'temperature');
  if (cold.length) {
    const what = cold.map((u) => `${Math.ceil(u.volumeMl / 1000)} L of ${u.goods} goods`).join(' and ');
    problems.push({
      code: 'temperature',
      message: `${what} find no room cold enough on ${vehicle.name} (chilled ${vehicle.chilled_volume_l} L, frozen ${vehicle.frozen_volume_l} L${boxRule.enabled ? '' : ', no insulated boxes'})`,
    });
  }
  if (stowage.problems.includes('boxes')) {
    problems.push({
      code: 'temperature',
      message: `goods colder than every compartment need ${stowage.boxes} insulated boxes on ${vehicle.name}, which takes ${boxRule.boxesPerVehicle}`,
    });
  }
  if (!vehicle.active) problems.push({ code: 'retired', message: `vehicle type ${vehicle.name} is retired` });
  if (problems.length) {
    const messages = problems.map((p) => p.message);
    throw new AppError('CONFLICT', `route ${route.route_no}: ${messages.join('; ')}`, {
      routeId,
      problems: messages,
      problemCodes: problems.map((p) => p.code),
    });
  }
  for (const [i, s] of ordered.entries()) {
    await trx
      .updateTable('route_stops')
      .set({ route_id: routeId, seq: i + 1, planned_arrival_at: timing.arrivals[i]! })
      .where('id', '=', s.id)
      .execute();
  }
  await trx
    .updateTable('delivery_routes')
    .set({
      distance_m: Math.round(timing.distanceM),
      vehicle_type_id: vehicle.id,
      carrier_id: vehicle.carrier_id,
      ...(rested ? { break_at: rested.breakAt } : {}),
    })
    .where('id', '=', routeId)
    .execute();
}

async function stopIdsOf(trx: Tx, routeId: string): Promise<string[]> {
  const rows = await trx.selectFrom('route_stops').select('id').where('route_id', '=', routeId).orderBy('seq').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The routes of a delivery date (optionally of one warehouse) and the pickup points with goods on none. */
export async function listRoutes(ctx: AppContext, operatorId: string, query: z.infer<typeof logistics.RouteListQuery>) {
  const items = await loadRoutes(ctx.db, operatorId, { deliveryDate: query.deliveryDate, warehouseId: query.warehouseId });
  // Unrouted: on no route of any warehouse; for one warehouse, only the points it serves.
  const routed = await routedPoints(ctx.db, operatorId, query.deliveryDate);
  const served = query.warehouseId ? await pointsOfWarehouse(ctx.db, operatorId, query.warehouseId) : null;
  const bundles = bundlesOf(await bundleLines(ctx.db, operatorId, query.deliveryDate));
  return { items, unrouted: [...bundles.keys()].filter((id) => !routed.has(id) && (!served || served.has(id))) };
}

/** One route with its load sheet. */
export const getRoute = oneRoute;

/** Locks or unlocks a draft (a locked draft survives re-planning), or moves it to another vehicle type. */
export async function updateRoute(ctx: AppContext, operatorId: string, id: string, patch: z.infer<typeof logistics.UpdateRoute>) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockRoute(trx, operatorId, id);
    assertDraft(route.status);
    if (patch.vehicleTypeId) await applyStops(trx, operatorId, id, await stopIdsOf(trx, id), patch.vehicleTypeId);
    if (patch.locked !== undefined) await trx.updateTable('delivery_routes').set({ locked: patch.locked }).where('id', '=', id).execute();
    await trx.updateTable('delivery_routes').set({ updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  });
  return oneRoute(ctx, operatorId, id);
}

/** Puts a draft route's stops in a new order: `stopIds` must name each of its stops once. */
export async function reorderStops(ctx: AppContext, operatorId: string, id: string, stopIds: readonly string[]) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockRoute(trx, operatorId, id);
    assertDraft(route.status);
    const current = await stopIdsOf(trx, id);
    const same = stopIds.length === current.length && new Set(stopIds).size === current.length && stopIds.every((s) => current.includes(s));
    if (!same) throw new AppError('VALIDATION_FAILED', "stopIds must list each of the route's stops exactly once", { stopIds: current });
    await applyStops(trx, operatorId, id, stopIds);
    await trx.updateTable('delivery_routes').set({ updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  });
  return oneRoute(ctx, operatorId, id);
}

/** Moves a stop from one draft route to another draft route of the same date (at `position`, default last). */
export async function moveStop(
  ctx: AppContext,
  operatorId: string,
  fromId: string,
  stopId: string,
  to: z.infer<typeof logistics.MoveStop>,
) {
  if (to.toRouteId === fromId) throw new AppError('VALIDATION_FAILED', 'the stop is already on this route; reorder it instead');
  await ctx.db.transaction().execute(async (trx) => {
    const [first, second] = [fromId, to.toRouteId].sort();
    const a = await lockRoute(trx, operatorId, first!);
    const b = await lockRoute(trx, operatorId, second!);
    const [from, target] = a.id === fromId ? [a, b] : [b, a];
    assertDraft(from.status);
    assertDraft(target.status);
    if (from.delivery_date !== target.delivery_date)
      throw new AppError('VALIDATION_FAILED', 'both routes must be of the same delivery date');
    const source = await stopIdsOf(trx, from.id);
    if (!source.includes(stopId)) throw new AppError('NOT_FOUND', 'stop not found on this route');
    const dest = await stopIdsOf(trx, target.id);
    dest.splice(Math.min(to.position ?? dest.length + 1, dest.length + 1) - 1, 0, stopId);
    await applyStops(trx, operatorId, target.id, dest);
    await applyStops(
      trx,
      operatorId,
      from.id,
      source.filter((s) => s !== stopId),
    );
    await trx.updateTable('delivery_routes').set({ updated_at: ctx.clock.now() }).where('id', 'in', [from.id, target.id]).execute();
  });
  return loadRoutes(ctx.db, operatorId, { routeIds: [fromId, to.toRouteId] });
}

/** Refuses to publish more routes on a vehicle type in one day than it has vehicles. */
async function assertVehicleFree(trx: Tx, operatorId: string, routeId: string): Promise<void> {
  const route = await trx
    .selectFrom('delivery_routes')
    .select(['vehicle_type_id', 'delivery_date', 'vehicle_no'])
    .where('id', '=', routeId)
    .executeTakeFirstOrThrow();
  const vehicle = await trx
    .selectFrom('vehicle_types')
    .select(['name', 'available_count'])
    .where('id', '=', route.vehicle_type_id)
    // serialises publications on one vehicle type, so two cannot both take its last vehicle
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Vehicles out: the trips of one vehicle count once, a route planned before trips counts as one.
  const out = await trx
    .selectFrom('delivery_routes')
    .select(['id', 'vehicle_no'])
    .where('operator_id', '=', operatorId)
    .where('vehicle_type_id', '=', route.vehicle_type_id)
    .where('delivery_date', '=', route.delivery_date)
    .where('status', 'in', ['published', 'loading', 'in_transit', 'completed'])
    .where('id', '!=', routeId)
    .execute();
  if (route.vehicle_no !== null && out.some((r) => r.vehicle_no === route.vehicle_no)) return;
  const used = new Set(out.map((r) => (r.vehicle_no === null ? r.id : `#${r.vehicle_no}`))).size;
  if (used >= vehicle.available_count) {
    throw new AppError('CONFLICT', `all ${vehicle.available_count} vehicles of type ${vehicle.name} are already on routes that day`, {
      field: 'vehicleTypeId',
    });
  }
}

/**
 * Publishes a draft route to a driver (optionally on another vehicle type): the driver is told,
 * and `route.published` is emitted. A driver drives one route a day.
 */
export async function publishRoute(ctx: AppContext, operatorId: string, id: string, input: z.infer<typeof logistics.PublishRoute>) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockRoute(trx, operatorId, id);
    assertRouteTransition(route.status, 'published');
    const driver = found(
      await trx
        .selectFrom('drivers')
        .select(['id', 'active'])
        .where('operator_id', '=', operatorId)
        .where('id', '=', input.driverId)
        // serialises publications to one driver: one route a day each
        .forUpdate()
        .executeTakeFirst(),
      'driver',
    );
    if (!driver.active) throw new AppError('INVALID_STATE', 'this driver is deactivated');
    const busy = await trx
      .selectFrom('delivery_routes')
      .select('route_no')
      .where('operator_id', '=', operatorId)
      .where('driver_id', '=', driver.id)
      .where('delivery_date', '=', route.delivery_date)
      .where('status', 'not in', ['cancelled'])
      .where('id', '!=', id)
      // The other trips of the same vehicle are the same driver's day.
      .where((eb) =>
        route.vehicle_no === null ? eb.val(true) : eb.or([eb('vehicle_no', 'is', null), eb('vehicle_no', '!=', route.vehicle_no)]),
      )
      .executeTakeFirst();
    if (busy) throw new AppError('CONFLICT', `this driver already drives route ${busy.route_no} that day`, { field: 'driverId' });
    const stops = await stopIdsOf(trx, id);
    if (stops.length === 0) throw new AppError('INVALID_STATE', 'a route without stops cannot be published');
    await applyStops(trx, operatorId, id, stops, input.vehicleTypeId);
    await assertVehicleFree(trx, operatorId, id);
    const now = ctx.clock.now();
    const published = await trx
      .updateTable('delivery_routes')
      .set({ status: 'published', driver_id: driver.id, published_at: now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const stopRows = await trx
      .selectFrom('route_stops')
      .select(['id', 'pickup_point_id', 'seq', 'planned_arrival_at'])
      .where('route_id', '=', id)
      .orderBy('seq')
      .execute();
    await notify(trx, now, operatorId, [
      {
        recipientKind: 'driver',
        recipientId: driver.id,
        title: `配送路线 ${published.route_no} 已发布`,
        body: `${published.delivery_date} 共 ${stopRows.length} 个自提点，${published.departure_at.toISOString()} 出发`,
      },
    ]);
    await emit(trx, ctx.clock, {
      type: 'route.published',
      operatorId,
      aggregateId: id,
      payload: {
        routeId: id,
        deliveryDate: published.delivery_date,
        vehicleTypeId: published.vehicle_type_id,
        driverId: driver.id,
        carrierId: published.carrier_id,
        stops: stopRows.map((s) => ({ stopId: s.id, pickupPointId: s.pickup_point_id, seq: s.seq })),
      },
    });
  });
  return oneRoute(ctx, operatorId, id);
}

/** The warehouse starts loading a published route (last stop's bundles first). */
export async function startLoading(ctx: AppContext, operatorId: string, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockRoute(trx, operatorId, id);
    assertRouteTransition(route.status, 'loading');
    await trx.updateTable('delivery_routes').set({ status: 'loading', updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  });
  return oneRoute(ctx, operatorId, id);
}

/**
 * Cancels a route before it leaves: its stops are removed so their pickup points can be planned
 * again; a driver already assigned is told.
 */
export async function cancelRoute(ctx: AppContext, operatorId: string, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const route = await lockRoute(trx, operatorId, id);
    assertRouteTransition(route.status, 'cancelled');
    const now = ctx.clock.now();
    await trx.deleteFrom('route_stops').where('route_id', '=', id).execute();
    await trx
      .updateTable('delivery_routes')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    if (route.driver_id) {
      await notify(trx, now, operatorId, [
        {
          recipientKind: 'driver',
          recipientId: route.driver_id,
          title: `配送路线 ${route.route_no} 已取消`,
          body: `${route.delivery_date} 的路线已取消`,
        },
      ]);
    }
  });
  return oneRoute(ctx, operatorId, id);
}
