import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { Rng } from '../src/solver/rng.ts';

/** Two vans, forty stops in two clusters east and west, each cluster a standing line of one van. */
function twoLines(seed: number): Model {
  const rng = new Rng(seed);
  return {
    depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
    stops: Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      position: { x: (i < 20 ? 60 : -60) + rng.below(30) - 15, y: rng.below(60) - 30 },
      demand: [1],
      preferredVehicleType: i < 20 ? 'east' : 'west',
      changeCost: 50,
    })),
    vehicleTypes: [
      { id: 'east', count: 1, capacity: [25], startDepot: 'hub' },
      { id: 'west', count: 1, capacity: [25], startDepot: 'hub' },
    ],
    travel: { kind: 'euclidean' },
  };
}

describe('a search started from given routes (warm start)', () => {
  it('keeps the lines it started from on a budget of one iteration', () => {
    const model = twoLines(1);
    const given = [
      // Each line in a poor order: the search improves the order, keeps the lines.
      {
        vehicleTypeId: 'east',
        stopIds: model.stops
          .slice(0, 20)
          .map((s) => s.id)
          .reverse(),
      },
      { vehicleTypeId: 'west', stopIds: model.stops.slice(20).map((s) => s.id) },
    ];
    const { plan } = solveInThread(model, { maxIterations: 1, initialRoutes: given });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.changes).toEqual([]);
    for (const route of plan.routes) expect(route.visits).toHaveLength(20);
  });

  it('builds no other solution once its budget is spent: the warm start is a solution already', () => {
    const model = twoLines(3);
    const given = [
      { vehicleTypeId: 'east', stopIds: model.stops.slice(0, 20).map((s) => s.id) },
      { vehicleTypeId: 'west', stopIds: model.stops.slice(20).map((s) => s.id) },
    ];
    // At 1,000 stops with several trips one more descent took seconds past the budget.
    expect(solveInThread(model, { maxIterations: 1, initialRoutes: given }).stats.iterations).toBe(1);
    expect(solveInThread(model, { maxIterations: 1 }).stats.iterations).toBe(1);
  });

  it('puts stops missing from the routes at their cheapest place and ignores unknown stops and types', () => {
    const model = twoLines(2);
    const given = [
      { vehicleTypeId: 'east', stopIds: [...model.stops.slice(0, 15).map((s) => s.id), 'nowhere'] },
      { vehicleTypeId: 'truck', stopIds: model.stops.slice(20).map((s) => s.id) },
    ];
    const { plan } = solveInThread(model, { maxIterations: 3, initialRoutes: given });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved).toEqual([]);
    expect(plan.routes.reduce((n, r) => n + r.visits.length, 0)).toBe(40);
  });
});
