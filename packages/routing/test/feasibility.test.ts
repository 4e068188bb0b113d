import { describe, expect, it } from 'vitest';
import { emptyVehicles, makeFeasible } from '../src/feasibility.ts';
import type { Model } from '../src/model.ts';
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

  it('makes room for a stop only one vehicle can carry by moving another stop to a vehicle that can take it', () => {
    // Dimensions [kg, frozen crates]: the reefer carries 2 kg and a frozen crate, the van 2 kg and no frozen.
    const model: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
      stops: [
        { id: 'frozen', position: { x: 10, y: 0 }, demand: [2, 1] },
        { id: 'ambient', position: { x: 0, y: 10 }, demand: [1, 0] },
      ],
      vehicleTypes: [
        { id: 'reefer', count: 1, capacity: [2, 1], startDepot: 'hub' },
        { id: 'van', count: 1, capacity: [2, 0], startDepot: 'hub' },
      ],
      travel: { kind: 'euclidean' },
    };
    const problem = compileProblem(model, checkModel(model).servable);
    const [frozen, ambient] = [problem.nDepots, problem.nDepots + 1];
    // Both on the reefer (3 kg of 2): taking the frozen stop out repairs it, but it fits nowhere else.
    const routes = [Int32Array.of(frozen, ambient), new Int32Array(0)];
    expect(makeFeasible(problem, routes)).toEqual([]);
    expect(routes.map((r) => [...r])).toEqual([[frozen], [ambient]]);
  });

  it('makes room for a stop only one vehicle can carry by moving several stops out of a full shift', () => {
    // Dimensions [kg, frozen crates]. The reefer's shift (100 time units) holds its three ambient
    // stops (about 84) but not the frozen stop's 40 minutes of service as well, nor with one ambient
    // stop fewer (about 103): two must go to the vans.
    const shift = { shiftStart: 0, shiftEnd: 100, startDepot: 'hub' };
    const model: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
      stops: [
        { id: 'a1', position: { x: 10, y: 1 }, demand: [1, 0], serviceTime: 20 },
        { id: 'a2', position: { x: 10, y: 2 }, demand: [1, 0], serviceTime: 20 },
        { id: 'a3', position: { x: 10, y: -1 }, demand: [1, 0], serviceTime: 20 },
        { id: 'frozen', position: { x: 10, y: 0 }, demand: [1, 1], serviceTime: 40 },
      ],
      vehicleTypes: [
        { id: 'reefer', count: 1, capacity: [10, 5], ...shift },
        { id: 'van', count: 2, capacity: [10, 0], ...shift },
      ],
      travel: { kind: 'euclidean', speed: 1 },
    };
    const problem = compileProblem(model, checkModel(model).servable);
    const [a1, a2, a3, frozen] = [0, 1, 2, 3].map((i) => problem.nDepots + i) as [number, number, number, number];
    const routes = [Int32Array.of(a1, a2, a3, frozen), new Int32Array(0), new Int32Array(0)];
    expect(makeFeasible(problem, routes)).toEqual([]);
    const weights = loadWeights(problem);
    routes.forEach((route, slot) => {
      const m = measureRoute(problem, slot, route, route.length, weights);
      expect(m.loadExcess + m.timeExcess).toBeLessThanOrEqual(1e-9);
    });
    expect(routes[0]).toContain(frozen);
    expect(routes[0]!.length).toBe(2);
    expect(routes.flatMap((r) => [...r]).sort()).toEqual([a1, a2, a3, frozen].sort());
  });

  it('empties a vehicle whose stops fit in the others for less than it costs, and keeps one whose stops fit nowhere else', () => {
    const model: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
      stops: [
        { id: 'a', position: { x: 10, y: 0 }, demand: [3] },
        { id: 'b', position: { x: 12, y: 0 }, demand: [3] },
        { id: 'c', position: { x: 11, y: 1 }, demand: [3] },
      ],
      vehicleTypes: [{ id: 'van', count: 3, capacity: [10], fixedCost: 100, startDepot: 'hub' }],
      travel: { kind: 'euclidean' },
    };
    const problem = compileProblem(model, checkModel(model).servable);
    const [a, b, c] = [problem.nDepots, problem.nDepots + 1, problem.nDepots + 2];
    const routes = [Int32Array.of(a, b), Int32Array.of(c), new Int32Array(0)];
    expect(emptyVehicles(problem, routes)).toBe(1);
    expect(routes.map((r) => r.length)).toEqual([3, 0, 0]);
    // A first van full to capacity takes nothing more: the second stays.
    const cheap: Model = { ...model, vehicleTypes: [{ ...model.vehicleTypes[0]!, capacity: [6] }] };
    const p2 = compileProblem(cheap, checkModel(cheap).servable);
    const kept = [Int32Array.of(a, b), Int32Array.of(c), new Int32Array(0)];
    expect(emptyVehicles(p2, kept)).toBe(0);
    expect(kept.map((r) => r.length)).toEqual([2, 1, 0]);
  });
});
