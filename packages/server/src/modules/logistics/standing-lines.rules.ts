import type { TemperatureClass } from '../../platform/db/schema.ts';
import type { LineChange } from '../../platform/db/schema.logistics.ts';
import type { PlanVehicleType } from './planner.ts';

/** A standing line as planning sees it. */
export interface PlanningLine {
  id: string;
  name: string;
  vehicleTypeId: string;
  /** In line order; `goodsClass` null: all the point's goods. */
  points: ReadonlyArray<{ pickupPointId: string; goodsClass: TemperatureClass | null }>;
}

/**
 * The line a point's goods of one class are on: the line holding that class of the point, else
 * the one holding all its goods.
 */
export function lineIndex(lines: readonly PlanningLine[]): (pickupPointId: string, goods: TemperatureClass) => PlanningLine | undefined {
  const byKey = new Map<string, PlanningLine>();
  for (const line of lines) for (const p of line.points) byKey.set(`${p.pickupPointId}|${p.goodsClass ?? '*'}`, line);
  return (pickupPointId, goods) => byKey.get(`${pickupPointId}|${goods}`) ?? byKey.get(`${pickupPointId}|*`);
}

const LINE_TYPE = 'line:';

/** The engine's vehicle type id for a line's vehicle. */
export const lineTypeId = (lineId: string) => `${LINE_TYPE}${lineId}`;

/** The line whose vehicle an engine type id names, or null for a vehicle of no line. */
export const lineOfTypeId = (typeId: string): string | null => (typeId.startsWith(LINE_TYPE) ? typeId.slice(LINE_TYPE.length) : null);

/**
 * Gives each line one vehicle of its type, taken from what the fleet has left, as an engine
 * vehicle type of its own (so stops on the line can prefer it); lines in name order, and a line
 * whose type has no vehicle left gets none. Returns the fleet with those vehicles split off, the
 * fleet type each line type stands for, and the lines that got a vehicle.
 */
export function fleetWithLines(
  fleet: readonly PlanVehicleType[],
  lines: readonly PlanningLine[],
): { fleet: PlanVehicleType[]; baseType: Map<string, string>; withVehicle: Set<string> } {
  const left = new Map(fleet.map((v) => [v.id, v.count]));
  const out: PlanVehicleType[] = [];
  const baseType = new Map<string, string>();
  const withVehicle = new Set<string>();
  for (const line of [...lines].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))) {
    const base = fleet.find((v) => v.id === line.vehicleTypeId);
    if (!base || (left.get(base.id) ?? 0) < 1) continue;
    left.set(base.id, left.get(base.id)! - 1);
    out.push({ ...base, id: lineTypeId(line.id), count: 1 });
    baseType.set(lineTypeId(line.id), base.id);
    withVehicle.add(line.id);
  }
  return { fleet: [...fleet.map((v) => ({ ...v, count: left.get(v.id)! })), ...out], baseType, withVehicle };
}

export const LINE_CHANGE_REASONS: Record<LineChange, string> = {
  capacity: "the line's vehicle was full on every trip",
  time: "the line's vehicle had room but could not keep the point's hours and the shift",
  cheaper: "the line's vehicle could have taken it, but serving it otherwise saved more than the change cost",
  no_vehicle: "no vehicle of the line's type was left for it",
};

/**
 * Why a served stop of a point on line `lineId` is not on it: none when the trip's vehicle is the
 * line's; `no_vehicle` when the line got no vehicle; otherwise the engine's reason for the stop
 * (its drops' first reason, when the point was split per class).
 */
export function lineChangeOf(
  lineId: string | undefined,
  tripLineId: string | null,
  lineHasVehicle: boolean,
  engineReason: LineChange | undefined,
): LineChange | null {
  if (lineId === undefined || tripLineId === lineId) return null;
  if (!lineHasVehicle) return 'no_vehicle';
  return engineReason ?? 'cheaper';
}
