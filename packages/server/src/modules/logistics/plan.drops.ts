import type { TemperatureClass } from '../../platform/db/schema.ts';
import { temperatureClassesOf } from './logistics.rules.ts';
import type { PlannedTrip } from './planner.ts';

/** One engine stop: a pickup point's goods of one temperature class, or all of them. */
export interface Drop {
  pickupPointId: string;
  goods: TemperatureClass;
}

/** A trip as routes are stored: stops per pickup point with the classes they carry (null: all of the point's). */
export interface RouteTrip extends Omit<PlannedTrip, 'stops'> {
  stops: Array<{ pickupPointId: string; goodsClasses: TemperatureClass[] | null; arrivalS: number }>;
  /** The standing line whose vehicle makes the trip, if any. */
  standingLineId?: string | null;
}

/**
 * Turns the engine's trips into stored trips: stops of points left out are taken off (a point is
 * served whole or not at all), drops of one point next to each other on a trip become one stop, a
 * stop carrying every class the point has says so with null, and trips left empty are dropped
 * with the vehicle's later trips numbered again from 1.
 */
export function keepServedPoints(
  trips: readonly PlannedTrip[],
  drops: ReadonlyMap<string, Drop>,
  leftOut: ReadonlyMap<string, unknown>,
): RouteTrip[] {
  const classesOfPoint = new Map<string, Set<TemperatureClass>>();
  for (const d of drops.values()) classesOfPoint.set(d.pickupPointId, (classesOfPoint.get(d.pickupPointId) ?? new Set()).add(d.goods));
  const out: RouteTrip[] = [];
  const tripsOfVehicle = new Map<string, number>();
  for (const trip of trips) {
    const points: string[] = [];
    const carried: Set<TemperatureClass>[] = [];
    const arrivals: number[] = [];
    for (const s of trip.stops) {
      const drop = drops.get(s.stopId);
      if (!drop) throw new Error(`the plan has a stop ${s.stopId} that was not asked for`);
      if (leftOut.has(drop.pickupPointId)) continue;
      if (points.at(-1) === drop.pickupPointId) {
        carried.at(-1)!.add(drop.goods);
        continue;
      }
      points.push(drop.pickupPointId);
      carried.push(new Set([drop.goods]));
      arrivals.push(s.arrivalS);
    }
    if (points.length === 0) continue;
    const stops = points.map((pickupPointId, i) => ({
      pickupPointId,
      goodsClasses: carried[i]!.size === classesOfPoint.get(pickupPointId)!.size ? null : temperatureClassesOf(carried[i]!),
      arrivalS: arrivals[i]!,
    }));
    const tripNo = (tripsOfVehicle.get(trip.vehicleKey) ?? 0) + 1;
    tripsOfVehicle.set(trip.vehicleKey, tripNo);
    out.push({ ...trip, tripNo, stops });
  }
  return out;
}
