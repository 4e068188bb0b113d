/**
 * @linli/routing: vehicle routing by hybrid genetic search.
 * `solve` plans in a worker thread; `solveInThread` blocks the caller; `checkPlan`
 * verifies any plan against its model; the readers load CVRPLIB and Solomon files.
 */
export type {
  ChangeCode,
  Depot,
  DriverBreak,
  Model,
  Plan,
  PlannedBreak,
  PlannedRoute,
  Position,
  PreferenceChange,
  Stop,
  Travel,
  Trip,
  UnservedCode,
  UnservedStop,
  VehicleType,
  Visit,
} from './model.ts';
export type { InitialRoute } from './initial-routes.ts';
export { checkModel, ModelError } from './model-check.ts';
export { checkPlan } from './plan-check.ts';
export { solve } from './solve.ts';
export { solveInThread, type SearchProgress, type SolveOptions, type SolveResult, type SolveStats } from './solve-in-thread.ts';
export { buildTravelMatrices, haversineMetres } from './travel.ts';
export { readSol, readVrp } from './formats/cvrplib.ts';
export { readSolomon } from './formats/solomon.ts';
