import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { TemperatureClass } from '../../platform/db/schema.ts';
import type { LineChange } from '../../platform/db/schema.logistics.ts';
import type { Drop, RouteTrip } from './plan.drops.ts';
import type { PlanResult, PlanStop, PlannedTrip, PlanVehicleType } from './planner.ts';
import {
  fleetWithLines,
  LINE_CHANGE_REASONS,
  lineChangeOf,
  lineIndex,
  lineOfTypeId,
  lineTypeId,
  type PlanningLine,
} from './standing-lines.rules.ts';

type Stop = RouteTrip['stops'][number];

/**
 * A plan's standing lines, from the fleet left to the stored stops: each line gets one vehicle of
 * its type as an engine type of its own, the drops that belong on a line prefer it at the change
 * cost and start the search on it, and afterwards every stored stop off its line says why.
 * A drop belongs on its point's line (for its class) when the line's vehicle type can carry its
 * goods — a frozen drop has no place on an ambient van's line without boxes — or when that type is
 * retired (its points are then reported as having no vehicle).
 */
export function linesOfPlan(input: {
  lines: readonly PlanningLine[];
  fleet: readonly PlanVehicleType[];
  drops: ReadonlyMap<string, Drop>;
  /** Whether a (still active) vehicle type carries goods of a class; undefined for a retired type. */
  carries: (vehicleTypeId: string, goods: TemperatureClass) => boolean | undefined;
  changeCostFen: number;
}) {
  const { lines, drops } = input;
  const lined = fleetWithLines(input.fleet, lines);
  const lineOf = lineIndex(lines);
  const lineOfDrop = (dropId: string) => {
    const drop = drops.get(dropId)!;
    const line = lineOf(drop.pickupPointId, drop.goods);
    return line && input.carries(line.vehicleTypeId, drop.goods) !== false ? line : undefined;
  };
  const dropsOfPoint = new Map<string, Array<[string, Drop]>>();
  for (const entry of drops) dropsOfPoint.set(entry[1].pickupPointId, [...(dropsOfPoint.get(entry[1].pickupPointId) ?? []), entry]);
  const engineChange = new Map<string, LineChange>();

  return {
    /** The fleet with each line's vehicle split off as a type of its own. */
    fleet: lined.fleet,

    /** Marks the stops that prefer a line's vehicle; returns the lines' vehicles with their drops in line order, to start from. */
    prefer(stops: PlanStop[]): Array<{ vehicleTypeId: string; stopIds: string[] }> {
      for (const s of stops) {
        const line = lineOfDrop(s.id);
        if (line && lined.withVehicle.has(line.id)) {
          s.preferredVehicleType = lineTypeId(line.id);
          s.changeCostFen = input.changeCostFen;
        }
      }
      return lines
        .filter((l) => lined.withVehicle.has(l.id))
        .map((l) => ({
          vehicleTypeId: lineTypeId(l.id),
          stopIds: [
            ...new Set(
              l.points.flatMap((point) =>
                (dropsOfPoint.get(point.pickupPointId) ?? []).filter(([id]) => lineOfDrop(id) === l).map(([id]) => id),
              ),
            ),
          ],
        }));
    },

    /** The trip on its real vehicle type, naming the line whose vehicle makes it. */
    tripOf<T extends Pick<PlannedTrip, 'vehicleTypeId'>>(trip: T): T & { standingLineId: string | null } {
      return {
        ...trip,
        vehicleTypeId: lined.baseType.get(trip.vehicleTypeId) ?? trip.vehicleTypeId,
        standingLineId: lineOfTypeId(trip.vehicleTypeId),
      };
    },

    /** Keeps the engine's reasons for drops served off their preferred vehicle. */
    engineChanges(changes: PlanResult['changes']): void {
      for (const c of changes ?? []) engineChange.set(c.stopId, c.code);
    },

    /**
     * Why each stored stop is off its line (a stop is when one of its drops that belongs on a line
     * is; the first such drop's reason), and the points moved, once each, for the plan's answer.
     */
    explain(trips: readonly RouteTrip[]) {
      const changeOf = (stop: Stop, tripLineId: string | null) => {
        for (const [dropId, drop] of dropsOfPoint.get(stop.pickupPointId) ?? []) {
          if (stop.goodsClasses !== null && !stop.goodsClasses.includes(drop.goods)) continue;
          const line = lineOfDrop(dropId);
          const code = lineChangeOf(line?.id, tripLineId, line !== undefined && lined.withVehicle.has(line.id), engineChange.get(dropId));
          if (code !== null && line) return { code, line };
        }
        return null;
      };
      const lineChanges: z.infer<typeof logistics.LineChange>[] = [];
      const changeOfStop = new Map<Stop, LineChange>();
      for (const trip of trips) {
        for (const s of trip.stops) {
          const change = changeOf(s, trip.standingLineId ?? null);
          if (change === null) continue;
          changeOfStop.set(s, change.code);
          if (lineChanges.some((c) => c.pickupPointId === s.pickupPointId)) continue;
          const { code, line } = change;
          lineChanges.push({
            pickupPointId: s.pickupPointId,
            lineId: line.id,
            lineName: line.name,
            code,
            reason: LINE_CHANGE_REASONS[code],
          });
        }
      }
      return { lineChanges, changeOfStop };
    },
  };
}
