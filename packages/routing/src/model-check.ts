import type { Model, UnservedStop } from './model.ts';
import { TravelSource } from './travel.ts';

/** Thrown when the model itself is malformed (as opposed to a stop being unservable). */
export class ModelError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid routing model:\n- ${problems.join('\n- ')}`);
    this.name = 'ModelError';
    this.problems = problems;
  }
}

export interface ModelCheck {
  /** Stop indices that at least one vehicle type could serve on its own. */
  servable: number[];
  unserved: UnservedStop[];
}

function structuralProblems(model: Model): string[] {
  const problems: string[] = [];
  if (model.depots.length === 0) problems.push('the model has no depot');
  if (model.vehicleTypes.length === 0) problems.push('the model has no vehicle type');
  const depotIds = new Set(model.depots.map((d) => d.id));
  if (depotIds.size !== model.depots.length) problems.push('depot ids are not unique');
  if (new Set(model.stops.map((s) => s.id)).size !== model.stops.length) problems.push('stop ids are not unique');
  const dims = Math.max(0, ...model.vehicleTypes.map((t) => t.capacity.length));
  const typeIds = new Set(model.vehicleTypes.map((t) => t.id));
  for (const t of model.vehicleTypes) {
    if (!depotIds.has(t.startDepot)) problems.push(`vehicle type ${t.id}: unknown start depot ${t.startDepot}`);
    if (t.endDepot !== undefined && !depotIds.has(t.endDepot)) problems.push(`vehicle type ${t.id}: unknown end depot ${t.endDepot}`);
    if (t.capacity.length !== dims) problems.push(`vehicle type ${t.id}: ${t.capacity.length} capacity dimensions, expected ${dims}`);
    if (t.capacity.some((c) => !(c >= 0))) problems.push(`vehicle type ${t.id}: capacities must be non-negative numbers`);
    if (t.count !== undefined && !(Number.isInteger(t.count) && t.count >= 0))
      problems.push(`vehicle type ${t.id}: count must be a non-negative integer`);
    if (t.maxTrips !== undefined && !(Number.isInteger(t.maxTrips) && t.maxTrips >= 1))
      problems.push(`vehicle type ${t.id}: maxTrips must be a positive integer`);
    for (const key of ['fixedCost', 'tripCost', 'costPerDistance', 'costPerTime', 'maxDuration'] as const) {
      const value = t[key];
      if (value !== undefined && !(value >= 0)) problems.push(`vehicle type ${t.id}: ${key} must be non-negative`);
    }
    if ((t.shiftStart ?? 0) > (t.shiftEnd ?? Infinity)) problems.push(`vehicle type ${t.id}: shift ends before it starts`);
    const b = t.driverBreak;
    if (
      b &&
      !(b.duration >= 0 && b.duration < Infinity && b.earliest <= b.latest && Number.isFinite(b.earliest) && Number.isFinite(b.latest))
    )
      problems.push(
        `vehicle type ${t.id}: the driver break needs a finite window that does not close before it opens and a non-negative length`,
      );
  }
  for (const d of model.depots) {
    if (d.reloadTime !== undefined && !(d.reloadTime >= 0)) problems.push(`depot ${d.id}: reload time must be non-negative`);
  }
  for (const s of model.stops) {
    if (s.demand.length > dims) problems.push(`stop ${s.id}: ${s.demand.length} demand dimensions, vehicles have ${dims}`);
    if (s.demand.some((q) => !(q >= 0))) problems.push(`stop ${s.id}: demands must be non-negative numbers`);
    if (s.serviceTime !== undefined && !(s.serviceTime >= 0)) problems.push(`stop ${s.id}: service time must be non-negative`);
    if (s.setupTime !== undefined && !(s.setupTime >= 0)) problems.push(`stop ${s.id}: setup time must be non-negative`);
    if (s.timeWindow && !(s.timeWindow[0] <= s.timeWindow[1])) problems.push(`stop ${s.id}: time window closes before it opens`);
    if (s.preferredVehicleType !== undefined && !typeIds.has(s.preferredVehicleType))
      problems.push(`stop ${s.id}: unknown preferred vehicle type ${s.preferredVehicleType}`);
    if (s.changeCost !== undefined && !(s.changeCost >= 0 && s.changeCost < Infinity))
      problems.push(`stop ${s.id}: change cost must be a non-negative finite number`);
  }
  return problems;
}

/**
 * Checks a model: throws ModelError for malformed input, and reports each stop that no
 * vehicle type could serve even alone (demand too large, window unreachable within a shift
 * or duration limit), with the reason.
 */
export function checkModel(model: Model): ModelCheck {
  const problems = structuralProblems(model);
  if (problems.length > 0) throw new ModelError(problems);
  // Only depot-to-stop entries are read: they are computed one by one, no matrix is built.
  let travel: TravelSource;
  try {
    travel = new TravelSource(model);
  } catch (error) {
    throw new ModelError([(error as Error).message]);
  }
  const depotIndex = new Map(model.depots.map((d, i) => [d.id, i]));
  const servable: number[] = [];
  const unserved: UnservedStop[] = [];
  const dimName = (d: number) => model.dimensions?.[d] ?? `dimension ${d}`;
  model.stops.forEach((stop, s) => {
    const node = model.depots.length + s;
    const fits = model.vehicleTypes.filter((t) => (t.count ?? 1) > 0 && stop.demand.every((q, d) => q <= t.capacity[d]!));
    if (fits.length === 0) {
      const d = stop.demand.findIndex((q, i) => model.vehicleTypes.every((t) => q > t.capacity[i]!));
      const why =
        d >= 0
          ? `its ${dimName(d)} demand ${stop.demand[d]} exceeds every vehicle's capacity`
          : 'its demand fits no single vehicle in every dimension';
      unserved.push({ stopId: stop.id, code: 'too_big', reason: why });
      return;
    }
    const reachable = fits.some((t) => {
      const from = depotIndex.get(t.startDepot)!;
      const to = depotIndex.get(t.endDepot ?? t.startDepot)!;
      const out = travel.duration(from, node) + (stop.setupTime ?? 0);
      const back = travel.duration(node, to);
      const [early, late] = stop.timeWindow ?? [-Infinity, Infinity];
      const shiftStart = t.shiftStart ?? 0;
      const begin = Math.max(shiftStart + out, early);
      const service = stop.serviceTime ?? 0;
      const withinShift = begin <= late && begin + service + back <= (t.shiftEnd ?? Infinity);
      return withinShift && out + service + back <= (t.maxDuration ?? Infinity);
    });
    if (!reachable) {
      unserved.push({
        stopId: stop.id,
        code: 'unreachable',
        reason: 'no vehicle can reach it within its time window, shift and maximum duration',
      });
      return;
    }
    servable.push(s);
  });
  return { servable, unserved };
}
