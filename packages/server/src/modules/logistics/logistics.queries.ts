import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import type { TemperatureClass } from '../../platform/db/schema.ts';
import { insulatedBoxes } from './delivery.settings.ts';
import { boxesNeeded, bundleId, cratesFor, mapLink, temperatureClassesOf } from './logistics.rules.ts';
import { type ClassVolumes, stow } from './stowage.rules.ts';
import { describeSkus } from '../catalog/index.ts';
import { leadersByIds, pickupPointsByIds } from '../leader/index.ts';
import { paidUnitsByPoint } from '../ordering/index.ts';

export interface BundleLineRow {
  pickupPointId: string;
  skuId: string;
  title: string;
  quantity: number;
  weightG: number;
  volumeMl: number;
  temperatureClass: TemperatureClass;
}

/** A SKU's title on load sheets, sorting sheets and count-ins: its product's name and its spec. */
export const titleOf = (sku: { productName: string; spec: string }): string => `${sku.productName} ${sku.spec}`;

/**
 * The goods for each pickup point on a delivery date: per SKU, the net quantity (bought minus
 * refunded, so shortage and handover refunds are already taken out) over the orders that count
 * (ordering's), with its title, weight, volume and temperature class (catalog's).
 */
export async function bundleLines(
  db: Executor,
  operatorId: string,
  deliveryDate: string,
  pickupPointIds?: readonly string[],
): Promise<BundleLineRow[]> {
  const units = await paidUnitsByPoint(db, operatorId, deliveryDate, pickupPointIds);
  if (units.length === 0) return [];
  const skuIds = [...new Set(units.map((u) => u.skuId))];
  const skus = await describeSkus(db, operatorId, skuIds);
  return units.map((u) => {
    const sku = skus.get(u.skuId)!;
    return { ...u, title: titleOf(sku), weightG: sku.weightG, volumeMl: sku.volumeMl, temperatureClass: sku.temperatureClass };
  });
}

export interface Bundle {
  pickupPointId: string;
  lines: Array<{ skuId: string; title: string; quantity: number }>;
  load: { weightG: number; volumeMl: number; crates: number };
  temperatureClasses: Set<TemperatureClass>;
  /** Volume of the goods per temperature class, ml (for insulated boxes). */
  volumeByClass: Partial<Record<TemperatureClass, number>>;
}

/** Bundles (one per pickup point) from bundle lines, with their weight, volume and crates. */
export function bundlesOf(rows: readonly BundleLineRow[]): Map<string, Bundle> {
  const out = new Map<string, Bundle>();
  for (const r of rows) {
    let b = out.get(r.pickupPointId);
    if (!b) {
      b = {
        pickupPointId: r.pickupPointId,
        lines: [],
        load: { weightG: 0, volumeMl: 0, crates: 0 },
        temperatureClasses: new Set(),
        volumeByClass: {},
      };
      out.set(r.pickupPointId, b);
    }
    b.lines.push({ skuId: r.skuId, title: r.title, quantity: r.quantity });
    b.load.weightG += r.weightG * r.quantity;
    b.load.volumeMl += r.volumeMl * r.quantity;
    b.temperatureClasses.add(r.temperatureClass);
    b.volumeByClass[r.temperatureClass] = (b.volumeByClass[r.temperatureClass] ?? 0) + r.volumeMl * r.quantity;
  }
  for (const b of out.values()) b.load.crates = cratesFor(b.load.weightG, b.load.volumeMl);
  return out;
}

/**
 * The goods one stop carries: its point's lines, only those of the temperature classes it carries
 * when the point's delivery is split into drops per class (`goodsClasses`; null: all of them).
 */
export function linesOfStop<T extends { pickupPointId: string; temperatureClass: TemperatureClass }>(
  rows: readonly T[],
  stop: { pickupPointId: string; goodsClasses: readonly TemperatureClass[] | null },
): T[] {
  return rows.filter(
    (r) => r.pickupPointId === stop.pickupPointId && (stop.goodsClasses === null || stop.goodsClasses.includes(r.temperatureClass)),
  );
}

export type RouteView = z.infer<typeof logistics.Route>;

export interface RouteFilter {
  routeIds?: readonly string[];
  deliveryDate?: string;
  warehouseId?: string | undefined;
  driverId?: string;
  statuses?: readonly string[];
}

/**
 * Routes with their stops in driving order, each stop's bundle, the load against capacity and the
 * stowage: which goods go in which compartment of the vehicle and how many insulated boxes.
 */
export async function loadRoutes(db: Executor, operatorId: string, filter: RouteFilter): Promise<RouteView[]> {
  let q = db
    .selectFrom('delivery_routes as r')
    .innerJoin('vehicle_types as v', 'v.id', 'r.vehicle_type_id')
    .leftJoin('standing_lines as sl', 'sl.id', 'r.standing_line_id')
    .where('r.operator_id', '=', operatorId);
  if (filter.routeIds) {
    if (filter.routeIds.length === 0) return [];
    q = q.where('r.id', 'in', [...filter.routeIds]);
  }
  if (filter.deliveryDate) q = q.where('r.delivery_date', '=', filter.deliveryDate);
  if (filter.warehouseId) q = q.where('r.warehouse_id', '=', filter.warehouseId);
  if (filter.driverId) q = q.where('r.driver_id', '=', filter.driverId);
  if (filter.statuses) q = q.where('r.status', 'in', [...(filter.statuses as RouteView['status'][])]);
  const routes = await q
    .selectAll('r')
    .select([
      'v.name as vehicle_type_name',
      'v.capacity_weight_kg',
      'v.capacity_volume_l',
      'v.capacity_crates',
      'v.temperature_class',
      'v.chilled_volume_l',
      'v.frozen_volume_l',
      'sl.name as line_name',
      'sl.driver_id as line_driver_id',
    ])
    .orderBy('r.delivery_date')
    .orderBy('r.route_no')
    .execute();
  if (routes.length === 0) return [];
  const stops = await db
    .selectFrom('route_stops')
    .where('operator_id', '=', operatorId)
    .where(
      'route_id',
      'in',
      routes.map((r) => r.id),
    )
    .selectAll()
    .orderBy('route_id')
    .orderBy('seq')
    .execute();
  // Each stop's pickup point and its leader, as the leader module shows them.
  const points = await pickupPointsByIds(
    db,
    operatorId,
    stops.map((s) => s.pickup_point_id),
  );
  const leaders = await leadersByIds(
    db,
    operatorId,
    [...points.values()].map((p) => p.leaderId),
  );
  const linesByPoint = new Map<string, BundleLineRow[]>();
  for (const date of new Set(routes.map((r) => r.delivery_date))) {
    const points = stops.filter((s) => s.delivery_date === date).map((s) => s.pickup_point_id);
    for (const row of await bundleLines(db, operatorId, date, points)) {
      const key = `${date}|${row.pickupPointId}`;
      const rows = linesByPoint.get(key);
      if (rows) rows.push(row);
      else linesByPoint.set(key, [row]);
    }
  }
  const bundleOf = (date: string, s: { pickup_point_id: string; goods_classes: TemperatureClass[] | null }) =>
    bundlesOf(
      linesOfStop(linesByPoint.get(`${date}|${s.pickup_point_id}`) ?? [], {
        pickupPointId: s.pickup_point_id,
        goodsClasses: s.goods_classes,
      }),
    ).get(s.pickup_point_id);
  const boxRule = await insulatedBoxes(db, operatorId);
  const boxVolumeL = boxRule.boxVolumeL;
  return routes.map((r) => {
    const own = stops.filter((s) => s.route_id === r.id);
    const load = { weightG: 0, volumeMl: 0, crates: 0 };
    let routeBoxes = 0;
    const drops: ClassVolumes[] = [];
    const routeStops = own.map((s) => {
      const b = bundleOf(r.delivery_date, s);
      if (b) drops.push(b.volumeByClass);
      const stopLoad = b?.load ?? { weightG: 0, volumeMl: 0, crates: 0 };
      const boxes = b ? boxesNeeded(b.volumeByClass, r.temperature_class, boxVolumeL) : 0;
      routeBoxes += boxes;
      load.weightG += stopLoad.weightG;
      load.volumeMl += stopLoad.volumeMl;
      load.crates += stopLoad.crates;
      const point = points.get(s.pickup_point_id)!;
      const leader = leaders.get(point.leaderId)!;
      return {
        id: s.id,
        seq: s.seq,
        pickupPointId: s.pickup_point_id,
        pickupPointName: point.name,
        leaderName: leader.name,
        leaderPhone: leader.phone,
        address: point.address,
        lat: point.lat,
        lng: point.lng,
        mapUrl: mapLink(point.lat, point.lng, point.name),
        plannedArrivalAt: s.planned_arrival_at?.toISOString() ?? null,
        status: s.status,
        bundleId: bundleId(r.delivery_date, s.pickup_point_id, s.goods_classes),
        goodsClasses: s.goods_classes === null ? null : temperatureClassesOf(s.goods_classes),
        load: stopLoad,
        lines: b?.lines ?? [],
        temperatureClasses: temperatureClassesOf(b?.temperatureClasses ?? []),
        insulatedBoxes: boxes,
        lineChange: s.line_change,
      };
    });
    return {
      id: r.id,
      routeNo: r.route_no,
      warehouseId: r.warehouse_id,
      deliveryDate: r.delivery_date,
      status: r.status,
      locked: r.locked,
      vehicleTypeId: r.vehicle_type_id,
      vehicleTypeName: r.vehicle_type_name,
      vehicleNo: r.vehicle_no,
      tripNo: r.trip_no,
      standingLineId: r.standing_line_id,
      standingLineName: r.line_name,
      driverBreak: r.break_at && r.break_minutes ? { at: r.break_at.toISOString(), minutes: r.break_minutes } : null,
      lineDriverId: r.line_driver_id,
      driverId: r.driver_id,
      carrierId: r.carrier_id,
      departureAt: r.departure_at.toISOString(),
      distanceM: Math.round(r.distance_m),
      costFen: r.cost_fen,
      load,
      capacity: { weightG: r.capacity_weight_kg * 1000, volumeMl: r.capacity_volume_l * 1000, crates: r.capacity_crates },
      vehicleTemperature: r.temperature_class,
      insulatedBoxes: routeBoxes,
      compartments: { chilledL: r.chilled_volume_l, frozenL: r.frozen_volume_l },
      stowage: stow(drops, { volumeL: r.capacity_volume_l, chilledL: r.chilled_volume_l, frozenL: r.frozen_volume_l }, boxRule),
      stops: routeStops,
    };
  });
}

/** The pickup points on a route (of any warehouse, not cancelled) on a delivery date. */
export async function routedPoints(db: Executor, operatorId: string, deliveryDate: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('route_stops as s')
    .innerJoin('delivery_routes as r', 'r.id', 's.route_id')
    .select('s.pickup_point_id')
    .distinct()
    .where('r.operator_id', '=', operatorId)
    .where('r.delivery_date', '=', deliveryDate)
    .where('r.status', '!=', 'cancelled')
    .execute();
  return new Set(rows.map((r) => r.pickup_point_id));
}
