import { withInserted } from './feasibility.ts';
import type { ChangeCode, Model, PreferenceChange } from './model.ts';
import type { Problem } from './problem.ts';
import { loadWeights } from './solver/penalties.ts';
import { measureRoute } from './solver/route-eval.ts';

const TOLERANCE = 1e-9;

const REASONS: Record<ChangeCode, string> = {
  capacity: 'its preferred vehicle has no room for it on any trip',
  time: 'its preferred vehicle has room but cannot serve it within its window and the shift',
  cheaper: 'its preferred vehicle could take it, but serving it otherwise saves more than the change cost',
  no_vehicle: 'no vehicle of its preferred type is available',
};

/**
 * Explains every served stop whose vehicle is not of its preferred type: whether its preferred
 * vehicle(s) could have taken it, tried at every place of their routes (a vehicle that stayed
 * at the depot is tried with the stop alone).
 */
export function explainChanges(model: Model, p: Problem, routes: Int32Array[]): PreferenceChange[] {
  if (!p.hasPreferences) return [];
  const weights = loadWeights(p);
  const changes: PreferenceChange[] = [];
  routes.forEach((route, slot) => {
    const type = p.slotType[slot]!;
    for (const node of route) {
      if (node < p.nDepots) continue;
      const preferred = p.preferredType[node]!;
      if (preferred < 0 || preferred === type) continue;
      const code = whyNotOn(p, routes, node, preferred, weights);
      changes.push({
        stopId: model.stops[p.stopOfNode[node]!]!.id,
        preferredVehicleTypeId: model.vehicleTypes[preferred]!.id,
        vehicleTypeId: model.vehicleTypes[type]!.id,
        code,
        reason: REASONS[code],
      });
    }
  });
  return changes;
}

function whyNotOn(p: Problem, routes: Int32Array[], node: number, preferred: number, weights: Float64Array): ChangeCode {
  let any = false;
  let fits = false;
  for (let slot = 0; slot < p.nSlots; slot++) {
    if (p.slotType[slot] !== preferred) continue;
    any = true;
    const route = routes[slot]!;
    for (let at = 0; at <= route.length; at++) {
      const candidate = withInserted(route, at, node);
      const m = measureRoute(p, slot, candidate, candidate.length, weights);
      if (m.loadExcess > TOLERANCE) continue;
      if (m.timeExcess <= TOLERANCE) return 'cheaper';
      fits = true;
    }
  }
  if (!any) return 'no_vehicle';
  return fits ? 'time' : 'capacity';
}
