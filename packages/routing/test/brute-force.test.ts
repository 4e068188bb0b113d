import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { buildTravelMatrices } from '../src/travel.ts';
import { randomModel } from './random-model.ts';

/** Cheapest feasible route over exactly the stops of `mask`, by trying every order (Infinity if none). */
function bestRoute(model: Model, mask: number): number {
  const { distance, duration, size } = buildTravelMatrices(model);
  const type = model.vehicleTypes[0]!;
  const stops = model.stops.map((_, i) => i).filter((i) => mask & (1 << i));
  const load = stops.reduce((sum, i) => sum + model.stops[i]!.demand[0]!, 0);
  if (load > type.capacity[0]!) return Infinity;
  let best = Infinity;
  const order: number[] = [];
  const used = new Set<number>();
  const extend = () => {
    if (order.length === stops.length) {
      let time = type.shiftStart ?? 0;
      let dist = 0;
      let prev = 0;
      for (const s of order) {
        const node = 1 + s;
        dist += distance[prev * size + node]!;
        const [open, close] = model.stops[s]!.timeWindow ?? [-Infinity, Infinity];
        time = Math.max(time + duration[prev * size + node]!, open);
        if (time > close) return;
        time += model.stops[s]!.serviceTime ?? 0;
        prev = node;
      }
      dist += distance[prev * size]!;
      if (time + duration[prev * size]! > (type.shiftEnd ?? Infinity)) return;
      best = Math.min(best, dist);
      return;
    }
    for (const s of stops) {
      if (used.has(s)) continue;
      used.add(s);
      order.push(s);
      extend();
      order.pop();
      used.delete(s);
    }
  };
  extend();
  return best;
}

/** Optimal total distance with unlimited vehicles: best partition of the stops into routes. */
function optimum(model: Model): number {
  const n = model.stops.length;
  const full = (1 << n) - 1;
  const route = new Float64Array(full + 1);
  for (let mask = 1; mask <= full; mask++) route[mask] = bestRoute(model, mask);
  const best = new Float64Array(full + 1).fill(Infinity);
  best[0] = 0;
  for (let mask = 1; mask <= full; mask++) {
    const lowest = mask & -mask;
    // Enumerate the routes containing the lowest stop, so each partition is counted once.
    for (let sub = mask; sub > 0; sub = (sub - 1) & mask) {
      if (sub & lowest) best[mask] = Math.min(best[mask]!, route[sub]! + best[mask ^ sub]!);
    }
  }
  return best[full]!;
}

describe('small instances against brute-force optima', () => {
  it('finds the optimum of random 7-stop capacitated instances', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const model = randomModel(seed, { stops: 7 });
        for (const stop of model.stops) stop.serviceTime = 0;
        const { plan } = solveInThread(model, { seed: 1, maxIterations: 1000 });
        expect(checkPlan(model, plan)).toEqual([]);
        expect(plan.totalDistance).toBeCloseTo(optimum(model), 6);
      }),
      { numRuns: 8, seed: 20261122 },
    );
  });

  it('finds the optimum of random 7-stop instances with time windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const model = randomModel(seed, { stops: 7, timeWindows: true });
        const { plan } = solveInThread(model, { seed: 1, maxIterations: 1000 });
        expect(checkPlan(model, plan)).toEqual([]);
        expect(plan.unserved).toEqual([]);
        expect(plan.totalDistance).toBeCloseTo(optimum(model), 6);
      }),
      { numRuns: 8, seed: 20261122 },
    );
  });
});
