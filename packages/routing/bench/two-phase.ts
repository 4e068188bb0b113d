/**
 * The two-phase baseline of the multi-trip benchmark: first plan one-trip routes, then pack them
 * into the real fleet's shifts (src/trip-packing.ts, which the engine also uses to start a
 * multi-trip search).
 *
 * Phase 1 solves the model with every vehicle type allowed one trip (`maxTrips: 1`) and as many
 * vehicles as needed (`count` omitted), everything else unchanged (capacities, costs, windows,
 * shift), so each route is one feasible trip. (Variant `bounded`: count × maxTrips vehicles of
 * each type instead of unlimited.) Phase 2 is `packRoutes`.
 */
import type { Model } from '../src/model.ts';
import { type SolveOptions, type SolveResult, solveInThread } from '../src/solve-in-thread.ts';
import { oneTripModel, type PackResult, packRoutes } from '../src/trip-packing.ts';

export { packRoutes } from '../src/trip-packing.ts';

export interface TwoPhaseResult extends PackResult {
  phase1: SolveResult;
  phase1Model: Model;
}

/**
 * The model phase 1 solves: one trip per vehicle, unlimited vehicles, nothing else changed.
 * `bounded`: as many one-trip vehicles of each type as the fleet can make trips of it
 * (count × maxTrips), a variant that keeps phase 1 from planning more trips of a type than
 * exist (the default follows the usual two-phase method: unlimited).
 */
export function phaseOneModel(model: Model, bounded = false): Model {
  if (!bounded) return oneTripModel(model);
  return {
    ...model,
    vehicleTypes: model.vehicleTypes.map(({ count, ...t }) => ({
      ...t,
      maxTrips: 1,
      ...(count !== undefined ? { count: count * (t.maxTrips ?? 1) } : {}),
    })),
  };
}

/** Both phases: solve one-trip routes with `options`, then pack them into `model`'s fleet. */
export function solveTwoPhase(
  model: Model,
  options: SolveOptions,
  pack: { sameTypeOnly?: boolean; bounded?: boolean } = {},
): TwoPhaseResult {
  const phase1Model = phaseOneModel(model, pack.bounded);
  const phase1 = solveInThread(phase1Model, options);
  return { phase1, phase1Model, ...packRoutes(model, phase1.plan, pack) };
}
