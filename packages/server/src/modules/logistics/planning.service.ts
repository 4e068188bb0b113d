import { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { TemperatureClass } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { distanceProviderFor } from './distance.settings.ts';
import { crewRules, insulatedBoxes } from './delivery.settings.ts';
import { warehouseRow } from './fleet.service.ts';
import { type Bundle, bundleLines, bundlesOf, linesOfStop, loadRoutes } from './logistics.queries.ts';
import { boxesNeeded, canCarry, strictestClass, temperatureClassesOf, zonedInstant } from './logistics.rules.ts';
import { enginePlanner, type PlanResult, type PlanStop, type PlanVehicleType, type RoutePlanner } from './planner.ts';
import { keepServedPoints, type RouteTrip } from './plan.drops.ts';
import { linesOfPlan } from './plan.lines.ts';
import { planningLines } from './standing-lines.service.ts';
import { pointsOfWarehouse } from './warehouse.assignment.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { pickupPointsByIds } from '../leader/index.ts';

/** Room without limit in a box dimension: the vehicle is cold enough for those goods. */
const UNLIMITED = 1_000_000;

/** Routes of the date that a new plan keeps: anything not an unlocked draft of this warehouse. */
async function keptRoutes(db: AppContext['db'] | Tx, operatorId: string, warehouseId: string, deliveryDate: string) {
  const rows = await db
    .selectFrom('delivery_routes as r')
    .leftJoin('route_stops as s', 's.route_id', 'r.id')
    .select(['r.id', 'r.status', 'r.locked', 'r.warehouse_id', 'r.vehicle_type_id', 'r.vehicle_no', 'r.route_no', 's.pickup_point_id'])
    .where('r.operator_id', '=', operatorId)
    .where('r.delivery_date', '=', deliveryDate)
    .where('r.status', '!=', 'cancelled')
    .orderBy('r.id')
    .orderBy('s.pickup_point_id')
    .execute();
  const replaced = (r: (typeof rows)[number]) => r.status === 'draft' && !r.locked && r.warehouse_id === warehouseId;
  const kept = rows.filter((r) => !replaced(r));
  // A vehicle is out once however many of its trips are kept; a route planned before trips is a vehicle of its own.
  const keptVehicles = new Map(kept.map((r) => [r.vehicle_no === null ? r.id : `#${r.vehicle_no}`, r.vehicle_type_id]));
  const vehiclesInUse = new Map<string, number>();
  for (const type of keptVehicles.values()) vehiclesInUse.set(type, (vehiclesInUse.get(type) ?? 0) + 1);
  return {
    replacedRouteIds: [...new Set(rows.filter(replaced).map((r) => r.id))],
    routedPoints: new Set(kept.flatMap((r) => (r.pickup_point_id ? [r.pickup_point_id] : []))),
    vehiclesInUse,
    fingerprint: kept.map((r) => `${r.id}:${r.pickup_point_id}`).join(','),
    maxRouteNo: kept.reduce((m, r) => Math.max(m, r.route_no), 0),
    maxVehicleNo: kept.reduce((m, r) => Math.max(m, r.vehicle_no ?? 0), 0),
  };
}

/**
 * Plans the routes of a warehouse for a delivery date: every pickup point with goods that is not
 * on a kept route (published, locked, or another warehouse's) gets a stop. Unlocked drafts are
 * replaced. All goods are planned at once: a point's goods needing cold go on a vehicle cold enough
 * (or in insulated boxes where allowed), and a vehicle may make several trips where its type
 * allows, each trip a route of its own sharing the vehicle's number. Unserved stops come back with a reason.
 * Options left out take the contract's defaults (05:00 departure, 09:00 deadline, 8 h shift, 5 s search).
 */
export async function planRoutes(
  ctx: AppContext,
  operatorId: string,
  request: z.input<typeof logistics.PlanRoutes>,
  planner?: RoutePlanner,
) {
  const input = logistics.PlanRoutes.parse(request);
  const warehouse = await warehouseRow(ctx.db, operatorId, input.warehouseId);
  if (!warehouse.active) throw new AppError('INVALID_STATE', 'this warehouse is closed');
  const timeZone = await operatorTimeZone(ctx.db, operatorId);
  const departureAt = zonedInstant(input.deliveryDate, input.departure, timeZone);
  const deadlineAt = zonedInstant(input.deliveryDate, input.deadline, timeZone);
  const windowS = (deadlineAt.getTime() - departureAt.getTime()) / 1000;
  if (windowS <= 0) throw new AppError('VALIDATION_FAILED', 'the deadline must be after the departure', { field: 'deadline' });
  const serviceS = input.serviceMinutes * 60;

  const before = await keptRoutes(ctx.db, operatorId, warehouse.id, input.deliveryDate);
  const lines = await bundleLines(ctx.db, operatorId, input.deliveryDate);
  const bundles = bundlesOf(lines);
  // Only the points this warehouse serves (assigned, or by the operator's fixed/nearest rule).
  const served = await pointsOfWarehouse(ctx.db, operatorId, warehouse.id);
  const open = [...bundles.values()].filter((b) => !before.routedPoints.has(b.pickupPointId) && served.has(b.pickupPointId));
  // Where each open point is and the hours it takes deliveries, in one lookup for all of them.
  const where = await pickupPointsByIds(
    ctx.db,
    operatorId,
    open.map((b) => b.pickupPointId),
  );
  const vehicleTypes = await ctx.db
    .selectFrom('vehicle_types')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const extra = new Map<string, number>();
  for (const e of input.extraVehicles) {
    if (!vehicleTypes.some((v) => v.id === e.vehicleTypeId)) {
      throw new AppError('NOT_FOUND', 'vehicle type not found or not active', { vehicleTypeId: e.vehicleTypeId });
    }
    extra.set(e.vehicleTypeId, (extra.get(e.vehicleTypeId) ?? 0) + e.count);
  }
  const left = new Map(vehicleTypes.map((v) => [v.id, v.available_count + (extra.get(v.id) ?? 0) - (before.vehiclesInUse.get(v.id) ?? 0)]));
  // Goods needing cold take room in a vehicle's compartments cold enough for them: two dimensions
  // count the volume of chilled-or-frozen goods (room: the chilled and frozen compartments) and of
  // frozen goods (room: the frozen compartment). With insulated boxes, goods colder than every
  // compartment of a vehicle ride in boxes instead (room without limit there), and two more
  // dimensions count those boxes, by the vehicle's coldest compartment (`temperature_class`), as
  // by its one class before compartments. Goods that a compartment is cold enough for must fit the
  // compartments: they take no boxes (stowage.rules.ts stows them the same way). On a vehicle whose
  // coldest compartment is chilled and smaller than the vehicle, frozen goods in boxes still count
  // against the chilled room (the dimension sums chilled and frozen goods): cautious, never too full.
  const boxes = await insulatedBoxes(ctx.db, operatorId);
  const withBoxes = boxes.enabled && boxes.boxesPerVehicle > 0;
  const boxPlaces = (v: TemperatureClass): [number, number] =>
    v === 'frozen' ? [UNLIMITED, UNLIMITED] : v === 'chilled' ? [boxes.boxesPerVehicle, UNLIMITED] : [UNLIMITED, boxes.boxesPerVehicle];
  // Chilled goods go in the chilled and the frozen compartments (as `canCarry`), frozen goods in the frozen one.
  const compartmentsL = (v: (typeof vehicleTypes)[number], goods: 'chilled' | 'frozen') =>
    goods === 'frozen' ? v.frozen_volume_l : v.chilled_volume_l + v.frozen_volume_l;
  const coldRoom = (v: (typeof vehicleTypes)[number], goods: 'chilled' | 'frozen') =>
    canCarry(v.temperature_class, goods) ? compartmentsL(v, goods) * 1000 : withBoxes ? UNLIMITED : 0;
  const fleetOf = (types: typeof vehicleTypes, count: (v: (typeof vehicleTypes)[number]) => number): PlanVehicleType[] =>
    types.map((v) => ({
      id: v.id,
      count: Math.max(0, count(v)),
      capacity: [
        v.capacity_weight_kg * 1000,
        v.capacity_volume_l * 1000,
        v.capacity_crates,
        coldRoom(v, 'chilled'),
        coldRoom(v, 'frozen'),
        ...(withBoxes ? boxPlaces(v.temperature_class) : []),
      ],
      perKmFen: v.cost_per_km_fen,
      perTripFen: v.cost_per_trip_fen,
      maxDurationS: input.shiftHours * 3600,
      maxTrips: v.max_trips,
    }));
  const reloadS = warehouse.reload_minutes * 60;
  // The warehouse's standing lines, and the operator's change cost and driver break.
  const [standing, crew] = await Promise.all([planningLines(ctx.db, operatorId, warehouse.id), crewRules(ctx.db, operatorId)]);
  // Every driver's break, in seconds after the plan's departure.
  const driverBreak =
    crew.driverBreak.minutes > 0
      ? { fromS: crew.driverBreak.fromMinutes * 60, untilS: crew.driverBreak.untilMinutes * 60, durationS: crew.driverBreak.minutes * 60 }
      : undefined;

  const use =
    planner ?? enginePlanner({ timeLimitMs: input.timeLimitMs, ...(input.maxIterations ? { maxIterations: input.maxIterations } : {}) });
  // Sizing a shortfall runs the engine again on the points left out, on a shorter budget.
  const sizer =
    planner ??
    enginePlanner(input.maxIterations ? { maxIterations: input.maxIterations } : { timeLimitMs: Math.min(1000, input.timeLimitMs) });
  const trips: RouteTrip[] = [];
  const unserved: Array<{ pickupPointId: string; code: PlanResult['unserved'][number]['code']; goods: TemperatureClass; reason: string }> =
    [];
  const shortfall: z.infer<typeof logistics.Shortfall>[] = [];
  // Road distances from the operator's map provider, asked for all the open points at once before
  // a solver slot is taken; each class's run and the shortfall sizing then read them from memory.
  const distances = await distanceProviderFor(ctx.db, operatorId, { day: input.deliveryDate, log: ctx.log });
  await distances.prefetch?.([warehouse, ...where.values()]);
  const goodsOf = new Map(open.map((b) => [b.pickupPointId, strictestClass(b.temperatureClasses)]));
  // A point with goods of several temperature classes gets one stop per class at its site: the
  // engine delivers them in one visit (parking once) on a vehicle that takes them all, or splits
  // them over vehicles (its frozen goods on a freezer truck, the rest on a van) where that is
  // cheaper or the only way.
  const demandOf = (b: Bundle) => [
    b.load.weightG,
    b.load.volumeMl,
    b.load.crates,
    (b.volumeByClass.chilled ?? 0) + (b.volumeByClass.frozen ?? 0),
    b.volumeByClass.frozen ?? 0,
    ...(withBoxes
      ? [boxesNeeded(b.volumeByClass, 'chilled', boxes.boxVolumeL), boxesNeeded(b.volumeByClass, 'ambient', boxes.boxVolumeL)]
      : []),
  ];
  // A point's own delivery hours narrow the plan's window (seconds after departure); a point whose
  // hours do not meet the plan's is left out before planning, as unreachable.
  const windowOf = (pointId: string): [number, number] => {
    const p = where.get(pointId)!;
    const at = (time: string) => (zonedInstant(input.deliveryDate, time, timeZone).getTime() - departureAt.getTime()) / 1000;
    return [Math.max(0, p.deliveryFrom ? at(p.deliveryFrom) : 0), Math.min(windowS, p.deliveryUntil ? at(p.deliveryUntil) : windowS)];
  };
  const closed = open.filter((b) => {
    const [from, until] = windowOf(b.pickupPointId);
    return from > until;
  });
  const closedIds = new Set(closed.map((b) => b.pickupPointId));
  for (const b of closed) {
    const p = where.get(b.pickupPointId)!;
    unserved.push({
      pickupPointId: b.pickupPointId,
      code: 'unreachable',
      goods: goodsOf.get(b.pickupPointId)!,
      reason: `it takes deliveries ${p.deliveryFrom ?? ''}–${p.deliveryUntil ?? ''}, outside this plan's ${input.departure}–${input.deadline}`,
    });
  }
  const drops = new Map<string, { pickupPointId: string; goods: TemperatureClass }>();
  const stops: PlanStop[] = open
    .filter((b) => !closed.includes(b))
    .flatMap((b) => {
      const at = { lat: where.get(b.pickupPointId)!.lat, lng: where.get(b.pickupPointId)!.lng };
      const classes = temperatureClassesOf(b.temperatureClasses);
      if (classes.length === 1) {
        drops.set(b.pickupPointId, { pickupPointId: b.pickupPointId, goods: classes[0]! });
        return [{ id: b.pickupPointId, ...at, demand: demandOf(b), serviceS, window: windowOf(b.pickupPointId) }];
      }
      return classes.map((goods) => {
        const id = `${b.pickupPointId}~${goods}`;
        drops.set(id, { pickupPointId: b.pickupPointId, goods });
        const part = bundlesOf(linesOfStop(lines, { pickupPointId: b.pickupPointId, goodsClasses: [goods] })).get(b.pickupPointId)!;
        return {
          id,
          ...at,
          demand: demandOf(part),
          serviceS: 0,
          site: b.pickupPointId,
          setupS: serviceS,
          window: windowOf(b.pickupPointId),
        };
      });
    });
  // Standing lines: each gets one vehicle of its type, its drops prefer that vehicle (moving one off
  // costs the change cost) and the search starts from them (plan.lines.ts).
  const typeOf = new Map(vehicleTypes.map((v) => [v.id, v]));
  const standingPlan = linesOfPlan({
    lines: standing,
    fleet: fleetOf(vehicleTypes, (v) => left.get(v.id) ?? 0),
    drops,
    carries: (typeId, goods) => {
      const type = typeOf.get(typeId);
      return type && (withBoxes || canCarry(type.temperature_class, goods));
    },
    changeCostFen: crew.lineChangeCostFen,
  });
  const initialRoutes = standingPlan.prefer(stops);
  // One solver slot for the whole request: all goods in one plan, so a vehicle may carry frozen
  // goods on one trip and ambient goods on the next.
  await ctx.solvers.run(async () => {
    if (stops.length === 0) return;
    const result = await use.plan({
      depot: warehouse,
      reloadS,
      driverBreak,
      stops,
      vehicleTypes: standingPlan.fleet,
      distances,
      initialRoutes,
    });
    // A point is served whole or not at all: when one of its drops is left out, so are the others
    // (taking stops off a trip never breaks its capacity or deadline).
    const leftOut = new Map<string, (typeof result.unserved)[number]>();
    for (const u of result.unserved) {
      const point = drops.get(u.stopId)!.pickupPointId;
      if (!leftOut.has(point)) leftOut.set(point, { ...u, stopId: point });
    }
    // A line's vehicle is a vehicle of its type, making the line's trips.
    for (const trip of keepServedPoints(result.trips, drops, leftOut)) trips.push(standingPlan.tripOf(trip));
    standingPlan.engineChanges(result.changes);
    for (const u of leftOut.values()) {
      const goods = goodsOf.get(u.stopId)!;
      // Goods no vehicle left today can carry at all are not too big: there is no vehicle for them.
      const carried = vehicleTypes.some((v) => (left.get(v.id) ?? 0) > 0 && (withBoxes || canCarry(v.temperature_class, goods)));
      if (u.code === 'too_big' && !carried) {
        unserved.push({
          pickupPointId: u.stopId,
          code: 'no_vehicle',
          goods,
          reason: `no vehicle available for these goods (${goods} goods)`,
        });
      } else {
        unserved.push({ pickupPointId: u.stopId, code: u.code, goods, reason: `${u.reason} (${goods} goods)` });
      }
    }
    // What would serve the rest, per class of goods: as many vehicles of one carrying type as it takes, the cheapest per trip first.
    for (const goods of ['frozen', 'chilled', 'ambient'] as TemperatureClass[]) {
      // Points whose own hours miss the plan's window want no vehicle, but other hours.
      const short = new Set(unserved.filter((u) => u.goods === goods && !closedIds.has(u.pickupPointId)).map((u) => u.pickupPointId));
      if (short.size === 0) continue;
      const carrying = vehicleTypes.filter((v) => withBoxes || canCarry(v.temperature_class, goods));
      const candidates = fleetOf(carrying, () => short.size).sort((a, b) => a.perTripFen - b.perTripFen || a.id.localeCompare(b.id));
      let suggestion: z.infer<typeof logistics.Shortfall>['suggestion'] = null;
      for (const type of candidates) {
        const trial = await sizer.plan({
          depot: warehouse,
          reloadS,
          driverBreak,
          stops: stops.filter((s) => short.has(drops.get(s.id)!.pickupPointId)),
          vehicleTypes: [type],
          distances,
        });
        const name = vehicleTypes.find((v) => v.id === type.id)?.name ?? type.id;
        const count = new Set(trial.trips.map((t) => t.vehicleKey)).size;
        suggestion = {
          vehicleTypeId: type.id,
          vehicleTypeName: name,
          count,
          trips: trial.trips.length,
          servesAll: trial.unserved.length === 0,
        };
        if (suggestion.servesAll) break;
      }
      shortfall.push({ goods, pickupPointIds: [...short].sort(), suggestion });
    }
  });

  const { lineChanges, changeOfStop } = standingPlan.explain(trips);
  const carrierOf = new Map(vehicleTypes.map((v) => [v.id, v.carrier_id]));
  const routeIds = await ctx.db.transaction().execute(async (trx) => {
    // One plan at a time per warehouse; a plan made on a stale picture is refused, not merged.
    await trx.selectFrom('warehouses').select('id').where('id', '=', warehouse.id).forUpdate().execute();
    const now = await keptRoutes(trx, operatorId, warehouse.id, input.deliveryDate);
    if (now.fingerprint !== before.fingerprint) throw new AppError('CONFLICT', 'routes of this date changed while planning; plan again');
    if (now.replacedRouteIds.length) {
      await trx.deleteFrom('route_stops').where('route_id', 'in', now.replacedRouteIds).execute();
      await trx.deleteFrom('delivery_routes').where('id', 'in', now.replacedRouteIds).execute();
    }
    const stamp = ctx.clock.now();
    const ids: string[] = [];
    // Vehicles are numbered after those of the routes kept; a vehicle's trips share its number.
    const vehicleNo = new Map<string, number>();
    for (const trip of trips) if (!vehicleNo.has(trip.vehicleKey)) vehicleNo.set(trip.vehicleKey, now.maxVehicleNo + vehicleNo.size + 1);
    for (const [i, trip] of trips.entries()) {
      const id = newId('rte');
      ids.push(id);
      const leaves = new Date(departureAt.getTime() + Math.round(trip.departureS * 1000));
      await trx
        .insertInto('delivery_routes')
        .values({
          id,
          operator_id: operatorId,
          warehouse_id: warehouse.id,
          delivery_date: input.deliveryDate,
          route_no: now.maxRouteNo + i + 1,
          status: 'draft',
          vehicle_type_id: trip.vehicleTypeId,
          standing_line_id: trip.standingLineId ?? null,
          break_at: trip.breakS ? new Date(departureAt.getTime() + Math.round(trip.breakS.startS * 1000)) : null,
          break_minutes: trip.breakS ? Math.round(trip.breakS.durationS / 60) : null,
          vehicle_no: vehicleNo.get(trip.vehicleKey)!,
          trip_no: trip.tripNo,
          carrier_id: carrierOf.get(trip.vehicleTypeId) ?? null,
          departure_at: leaves,
          deadline_at: deadlineAt,
          service_s: serviceS,
          distance_m: Math.round(trip.distanceM),
          cost_fen: null,
          cost_detail: null,
          created_at: stamp,
          updated_at: stamp,
          published_at: null,
          completed_at: null,
          cancelled_at: null,
        })
        .execute();
      await trx
        .insertInto('route_stops')
        .values(
          trip.stops.map((s, seq) => ({
            id: newId('stp'),
            operator_id: operatorId,
            route_id: id,
            delivery_date: input.deliveryDate,
            pickup_point_id: s.pickupPointId,
            goods_classes: s.goodsClasses,
            line_change: changeOfStop.get(s) ?? null,
            seq: seq + 1,
            planned_arrival_at: new Date(departureAt.getTime() + Math.round(s.arrivalS * 1000)),
            status: 'pending' as const,
            arrived_at: null,
            handed_over_at: null,
            confirmed_at: null,
            failure_reason: null,
          })),
        )
        .execute();
    }
    return ids;
  });
  return { routes: await loadRoutes(ctx.db, operatorId, { routeIds }), unserved, shortfall, lineChanges };
}
