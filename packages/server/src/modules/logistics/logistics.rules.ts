import type { RateCard, RouteStatus, StopStatus } from '../../platform/db/schema.logistics.ts';
import type { TemperatureClass } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { amapNavigationLink } from './distance.amap.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/** The delivery route's lifecycle. Loading is optional: a driver may depart straight from published. */
export const routeTransitions: Readonly<Record<RouteStatus, readonly RouteStatus[]>> = {
  draft: ['published', 'cancelled'],
  published: ['loading', 'in_transit', 'cancelled'],
  loading: ['in_transit', 'cancelled'],
  in_transit: ['completed'],
  completed: [],
  cancelled: [],
};

/** A stop's lifecycle: the driver arrives and hands over, the leader confirms; or the stop fails. */
export const stopTransitions: Readonly<Record<StopStatus, readonly StopStatus[]>> = {
  pending: ['arrived', 'failed'],
  arrived: ['handed_over', 'confirmed', 'failed'],
  handed_over: ['confirmed'],
  confirmed: [],
  failed: [],
};

/** Throws INVALID_STATE unless the route may move from `from` to `to`. */
export const assertRouteTransition = (from: RouteStatus, to: RouteStatus): void => assertAllowed(routeTransitions, 'a route', from, to);

/** Throws INVALID_STATE unless the stop may move from `from` to `to`. */
export const assertStopTransition = (from: StopStatus, to: StopStatus): void => assertAllowed(stopTransitions, 'a stop', from, to);

/** A stop is done (the route may complete) once confirmed by the leader or given up. */
export const stopDone = (s: StopStatus): boolean => s === 'confirmed' || s === 'failed';

/**
 * The standard sorting crate (周转筐): 40 litres and at most 15 kg. A pickup point's bundle takes
 * enough crates for both its volume and its weight, and at least one when it has goods.
 */
export const CRATE_VOLUME_ML = 40_000;
export const CRATE_WEIGHT_G = 15_000;

/** Crates for a bundle of the given weight and volume. */
export function cratesFor(weightG: number, volumeMl: number): number {
  if (weightG <= 0 && volumeMl <= 0) return 0;
  return Math.max(1, Math.ceil(weightG / CRATE_WEIGHT_G), Math.ceil(volumeMl / CRATE_VOLUME_ML));
}

const temperatureRank: Record<TemperatureClass, number> = { ambient: 0, chilled: 1, frozen: 2 };

/** The most demanding temperature class among goods (frozen > chilled > ambient). */
export function strictestClass(classes: Iterable<TemperatureClass>): TemperatureClass {
  let best: TemperatureClass = 'ambient';
  for (const c of classes) if (temperatureRank[c] > temperatureRank[best]) best = c;
  return best;
}

/** Temperature classes once each, ambient first, frozen last. */
export function temperatureClassesOf(classes: Iterable<TemperatureClass>): TemperatureClass[] {
  return [...new Set(classes)].sort((a, b) => temperatureRank[a] - temperatureRank[b]);
}

/** A vehicle of class `vehicle` may carry goods of class `goods` (a freezer truck also carries chilled goods). */
export function canCarry(vehicle: TemperatureClass, goods: TemperatureClass): boolean {
  return temperatureRank[vehicle] >= temperatureRank[goods];
}

/**
 * Insulated boxes (保温箱): chilled and frozen goods may ride on a vehicle of a warmer class in
 * boxes, where the operator allows it, up to a number of boxes per vehicle.
 */
export interface InsulatedBoxes {
  enabled: boolean;
  boxesPerVehicle: number;
  boxVolumeL: number;
}

/**
 * Boxes a pickup point's goods need on a vehicle of class `vehicle`: those of its goods the vehicle
 * cannot carry in its own space, by volume, and at least one box when there are any.
 */
export function boxesNeeded(
  volumeByClass: Partial<Record<TemperatureClass, number>>,
  vehicle: TemperatureClass,
  boxVolumeL: number,
): number {
  let volumeMl = 0;
  let any = false;
  for (const [goods, ml] of Object.entries(volumeByClass) as Array<[TemperatureClass, number]>) {
    if (canCarry(vehicle, goods)) continue;
    any = true;
    volumeMl += ml;
  }
  if (!any) return 0;
  return Math.max(1, Math.ceil(volumeMl / (boxVolumeL * 1000)));
}

/**
 * Whether goods of the given classes may go on a vehicle of class `vehicle`: in its own space, or
 * in insulated boxes when the operator allows them and `boxes` fit the vehicle's box places.
 */
export function carriesWithBoxes(vehicle: TemperatureClass, goods: TemperatureClass, boxes: number, rule: InsulatedBoxes): boolean {
  if (canCarry(vehicle, goods)) return true;
  return rule.enabled && boxes <= rule.boxesPerVehicle;
}

/** Own fleet: cost per kilometre driven (rounded to the fen) plus the cost per trip. */
export function ownFleetCost(
  distanceM: number,
  perKmFen: number,
  perTripFen: number,
): { costFen: number; applied: Record<string, number> } {
  const km = distanceM / 1000;
  return { costFen: Math.round(km * perKmFen) + perTripFen, applied: { km: Math.round(km * 1000) / 1000, perKmFen, perTripFen } };
}

/** Throws VALIDATION_FAILED unless the distance zones ascend strictly (amounts are checked by the contract). */
export function assertRateCard(card: RateCard): void {
  let last = 0;
  for (const z of card.zones) {
    if (!(z.uptoKm > last)) throw new AppError('VALIDATION_FAILED', 'rate card zones must ascend by uptoKm', { uptoKm: z.uptoKm });
    last = z.uptoKm;
  }
}

/**
 * An outsourced carrier's bill for a trip: per trip + per stop actually delivered + the fee of the
 * distance zone the trip falls in (the first zone whose upper bound reaches the route's distance;
 * a longer trip pays the last zone's fee).
 */
export function carrierCost(card: RateCard, stopsDelivered: number, distanceM: number) {
  const km = distanceM / 1000;
  const zone = card.zones.find((z) => km <= z.uptoKm) ?? card.zones.at(-1);
  const zoneFeeFen = zone?.feeFen ?? 0;
  const costFen = card.perTripFen + card.perStopFen * stopsDelivered + zoneFeeFen;
  return {
    costFen,
    applied: { ...card, km: Math.round(km * 1000) / 1000, stopsDelivered, zoneUptoKm: zone?.uptoKm ?? null, zoneFeeFen },
  };
}

export interface ShortableLine {
  orderId: string;
  orderLineId: string;
  paidAt: Date;
  /** Units still owed on the line (quantity − refunded). */
  net: number;
}

/**
 * Which order lines lose the units missing at a handover: latest paid first (the same rule as
 * supplier shortages), each line down to zero before the next. Returns units per order line.
 */
export function shortLatestPaidFirst(lines: readonly ShortableLine[], missing: number): Map<string, number> {
  const sorted = [...lines].sort((a, b) => b.paidAt.getTime() - a.paidAt.getTime() || (a.orderId < b.orderId ? 1 : -1));
  const out = new Map<string, number>();
  let left = missing;
  for (const l of sorted) {
    if (left <= 0) break;
    const take = Math.min(left, l.net);
    if (take > 0) out.set(l.orderLineId, take);
    left -= take;
  }
  return out;
}

/**
 * Who is to blame for a missing unit: a bundle that arrived with its seal intact left the
 * warehouse short (warehouse); a broken or missing seal means it went missing on the way (driver).
 * Support can still re-assign blame through after-sales.
 */
export const handoverBlame = (sealIntact: boolean): 'warehouse' | 'driver' => (sealIntact ? 'warehouse' : 'driver');

/**
 * A navigation link for the driver (Amap marker URL; opened by the phone, never called by us). The
 * stored WGS-84 point goes out in GCJ-02, which AMap reads: raw GPS coordinates land a few hundred
 * metres off in China.
 */
export function mapLink(lat: number, lng: number, name: string): string {
  return amapNavigationLink({ lat, lng }, name);
}

/** The id printed (and QR-encoded) on a pickup point's bundle for a delivery date. */
export const bundleId = (deliveryDate: string, pickupPointId: string, goodsClasses: readonly TemperatureClass[] | null = null): string =>
  goodsClasses === null
    ? `bdl:${deliveryDate}:${pickupPointId}`
    : `bdl:${deliveryDate}:${pickupPointId}:${temperatureClassesOf(goodsClasses).join('+')}`;

function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - (at - (at % 1000));
}

/** The instant of a local time of day ('HH:MM') on a business date in the operator's time zone. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - zoneOffsetMs(wall, timeZone);
  // A second pass settles times next to a daylight-saving change.
  return new Date(wall - zoneOffsetMs(first, timeZone));
}
