import { describe, expect, it } from 'vitest';
import { makeFeasible } from '../src/feasibility.ts';
import { checkModel } from '../src/model-check.ts';
import { compileProblem } from '../src/problem.ts';
import { loadWeights } from '../src/solver/penalties.ts';
import { measureRoute } from '../src/solver/route-eval.ts';
import { randomModel } from './random-model.ts';

describe('makeFeasible', () => {
  it('moves stops out of routes that break constraints, into spare vehicles before giving up on them', () => {
    const model = randomModel(5, { stops: 30, timeWindows: true, dims: 2 });
    const problem = compileProblem(model, checkModel(model).servable);
    // Everything in the first vehicle: far over capacity and late.
    const routes = Array.from({ length: problem.nSlots }, () => new Int32Array(0));
    routes[0] = Int32Array.from({ length: problem.nClients }, (_, c) => problem.nDepots + c);
    expect(makeFeasible(problem, routes)).toEqual([]);
    const weights = loadWeights(problem);
    routes.forEach((route, slot) => {
      const m = measureRoute(problem, slot, route, route.length, weights);
      expect(m.loadExcess + m.timeExcess).toBeLessThanOrEqual(1e-9);
    });
    expect(routes.reduce((sum, r) => sum + r.length, 0)).toBe(problem.nClients);
  });

  it('returns the stops that fit in no vehicle left', () => {
    const model = randomModel(6, { stops: 12 });
    model.vehicleTypes[0]!.count = 1;
    const problem = compileProblem(model, checkModel(model).servable);
    const routes = [Int32Array.from({ length: problem.nClients }, (_, c) => problem.nDepots + c)];
    const left = makeFeasible(problem, routes);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length + routes[0]!.length).toBe(problem.nClients);
  });
});
