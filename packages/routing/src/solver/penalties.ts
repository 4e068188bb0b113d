import type { Problem } from '../problem.ts';

/**
 * Penalty weights of the penalised cost: load excess is measured in vehicle-capacity
 * fractions per dimension (so dimensions with different units weigh alike), time excess
 * (time warp plus duration over the limit) in time units.
 */
export interface Penalties {
  load: number;
  time: number;
}

/** Weight of one unit of excess per dimension: 1 / the largest capacity in that dimension. */
export function loadWeights(p: Problem): Float64Array {
  const weights = new Float64Array(p.dims);
  for (let d = 0; d < p.dims; d++) {
    let max = 0;
    for (let t = 0; t < p.nTypes; t++) max = Math.max(max, p.capacity[t * p.dims + d]!);
    weights[d] = max > 0 ? 1 / max : 1;
  }
  return weights;
}

/** Starting penalties as HGS-CVRP: about the cost of the longest edge per capacity fraction. */
export function initialPenalties(p: Problem): Penalties {
  let maxDist = 0;
  for (let i = 0; i < p.dist.length; i++) maxDist = Math.max(maxDist, p.dist[i]!);
  let maxCpd = 0;
  for (let t = 0; t < p.nTypes; t++) maxCpd = Math.max(maxCpd, p.costPerDistance[t]!, p.costPerTime[t]!);
  const weights = loadWeights(p);
  let maxDemand = 0;
  for (let i = p.nDepots; i < p.nNodes; i++) {
    for (let d = 0; d < p.dims; d++) maxDemand = Math.max(maxDemand, p.demand[i * p.dims + d]! * weights[d]!);
  }
  const load = Math.max(0.1, Math.min(1000 / (weights[0] ?? 1), (maxDist * Math.max(maxCpd, 1e-9)) / Math.max(maxDemand, 1e-9)));
  return { load, time: 10 * Math.max(1, maxCpd) };
}
