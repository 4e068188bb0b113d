import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSol, readVrp } from '../src/formats/cvrplib.ts';
import type { Model } from '../src/model.ts';
import { ModelError } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solve } from '../src/solve.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { randomModel } from './random-model.ts';

describe('solver', () => {
  it('is deterministic for a given seed and iteration budget', () => {
    const model = randomModel(11, { stops: 40, timeWindows: true, dims: 2, mixedFleet: true, depots: 2 });
    const first = solveInThread(model, { seed: 5, maxIterations: 120 });
    const second = solveInThread(model, { seed: 5, maxIterations: 120 });
    expect(second.plan).toEqual(first.plan);
    expect(first.stats.iterations).toBe(120);
  });

  it('respects time windows, shifts, duration limits and capacities in every dimension', () => {
    for (const seed of [1, 2, 3]) {
      const model = randomModel(seed, { stops: 60, timeWindows: true, dims: 3, mixedFleet: true, depots: 2 });
      const { plan } = solveInThread(model, { seed, maxIterations: 50 });
      expect(checkPlan(model, plan)).toEqual([]);
      const limited = randomModel(seed, { stops: 60, maxDuration: 200 });
      const result = solveInThread(limited, { seed, maxIterations: 50 });
      expect(checkPlan(limited, result.plan)).toEqual([]);
      expect(result.plan.unserved).toEqual([]);
      expect(Math.max(...result.plan.routes.map((r) => r.duration))).toBeLessThanOrEqual(200);
    }
  });

  it('uses the cheaper vehicle type where the load fits it', () => {
    const model: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
      stops: [
        { id: 'a', position: { x: 10, y: 0 }, demand: [3] },
        { id: 'b', position: { x: 10, y: 5 }, demand: [3] },
        { id: 'c', position: { x: 0, y: 10 }, demand: [3] },
      ],
      vehicleTypes: [
        { id: 'truck', count: 2, capacity: [100], fixedCost: 50, costPerDistance: 2, startDepot: 'hub' },
        { id: 'bike', count: 1, capacity: [10], fixedCost: 5, costPerDistance: 1, startDepot: 'hub' },
      ],
      travel: { kind: 'euclidean' },
    };
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 60 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.routes.map((r) => r.vehicleTypeId)).toEqual(['bike']);
    model.stops.push({ id: 'd', position: { x: -10, y: 0 }, demand: [4] });
    const bigger = solveInThread(model, { seed: 1, maxIterations: 60 }).plan;
    expect(bigger.routes.map((r) => r.vehicleTypeId).sort()).toEqual(['bike', 'truck']);
  });

  it('reports stops it cannot serve, with the reason', () => {
    const model = randomModel(4, { stops: 12 });
    model.vehicleTypes[0]!.count = 1;
    model.stops[0]!.demand = [99];
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 50 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved[0]).toEqual({ stopId: 's0', code: 'too_big', reason: expect.stringMatching(/exceeds every vehicle's capacity/) });
    expect(plan.unserved.length).toBeGreaterThan(1);
    expect(plan.unserved.slice(1).every((u) => u.code === 'no_vehicle_left' && /no vehicle left/.test(u.reason))).toBe(true);
  });

  it('copes with no stop and with a single stop', () => {
    const none = randomModel(2, { stops: 0 });
    expect(solveInThread(none, { maxIterations: 5 }).plan).toEqual({
      routes: [],
      unserved: [],
      changes: [],
      totalCost: 0,
      totalDistance: 0,
    });
    const one = randomModel(2, { stops: 1 });
    const { plan } = solveInThread(one, { maxIterations: 5 });
    expect(checkPlan(one, plan)).toEqual([]);
    expect(plan.routes).toHaveLength(1);
  });

  it('solves a 200-stop instance within a short iteration budget', () => {
    // CVRPLIB's X-n200-k36 and its best-known solution, kept in the repository (test/instances).
    const { model } = readVrp(readFileSync(new URL('./instances/X-n200-k36.vrp', import.meta.url), 'utf8'));
    const bestKnown = readSol(readFileSync(new URL('./instances/X-n200-k36.sol', import.meta.url), 'utf8')).cost;
    const { plan, stats } = solveInThread(model, { seed: 1, maxIterations: 150 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved).toEqual([]);
    expect(stats.msPerLocalSearchPass).toBeGreaterThan(0);
    expect(plan.totalCost / bestKnown).toBeLessThan(1.03);
  });
});

describe('solve in a worker thread', () => {
  it('reports progress and returns a valid plan', async () => {
    const model = randomModel(3, { stops: 50, timeWindows: true });
    const progress: number[] = [];
    const { plan, stats } = await solve(model, { seed: 2, maxIterations: 150, onProgress: (p) => progress.push(p.iteration) });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(stats.cancelled).toBe(false);
    expect(progress.at(-1)).toBe(150);
  });

  it('stops when cancelled and returns the best plan so far', async () => {
    const model = randomModel(8, { stops: 150 });
    const controller = new AbortController();
    const pending = solve(model, {
      seed: 1,
      timeLimitMs: 600_000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const { plan, stats } = await pending;
    expect(stats.cancelled).toBe(true);
    expect(checkPlan(model, plan)).toEqual([]);
  });

  it('rejects malformed models with a ModelError', async () => {
    const model = randomModel(1, { stops: 3 });
    model.vehicleTypes[0]!.startDepot = 'nowhere';
    await expect(solve(model, { maxIterations: 5 })).rejects.toBeInstanceOf(ModelError);
  });
});
