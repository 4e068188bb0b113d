import { describe, expect, it } from 'vitest';
import { CLASSES, DEADLINE, fleetTrips, generateCity, SECONDS_PER_CRATE, SETUP_TIME } from '../bench/city-generator.ts';
import { solveTwoPhase } from '../bench/two-phase.ts';
import type { Model, Plan } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solve } from '../src/solve.ts';

const fitsSomeVehicle = (model: Model, demand: number[]) => model.vehicleTypes.some((t) => demand.every((q, d) => q <= t.capacity[d]!));

describe('the multi-trip city generator', () => {
  it('makes the same city for the same seed and another for another seed', () => {
    const a = generateCity({ points: 300, seed: 7 });
    expect(generateCity({ points: 300, seed: 7 })).toEqual(a);
    expect(generateCity({ points: 300, seed: 8 }).model.stops).not.toEqual(a.model.stops);
    expect(a.points).toHaveLength(300);
  });

  it('gives every point a demand one vehicle can carry, one stop per class at its site', () => {
    const { model, points } = generateCity({ points: 1000, seed: 1 });
    const byId = new Map(model.stops.map((s) => [s.id, s]));
    for (const point of points) {
      const stops = point.stopIds.map((id) => byId.get(id)!);
      expect(stops.length).toBeGreaterThan(0);
      const total = [0, 0, 0, 0];
      for (const stop of stops) {
        expect(fitsSomeVehicle(model, stop.demand)).toBe(true);
        expect(stop.site).toBe(point.id);
        expect(stop.setupTime).toBe(SETUP_TIME);
        // One class per stop, named after it, with a service time per crate.
        const classes = stop.demand.slice(1).filter((q) => q > 0);
        expect(classes).toHaveLength(1);
        expect(stop.id).toBe(`${point.id}-${CLASSES[stop.demand.slice(1).findIndex((q) => q > 0)]}`);
        expect(stop.serviceTime).toBe(SECONDS_PER_CRATE * classes[0]!);
        expect(stop.timeWindow![1]).toBe(DEADLINE);
        stop.demand.forEach((q, d) => {
          total[d]! += q;
        });
      }
      // The whole point fits one vehicle (the refrigerated truck): a single visit can serve it.
      expect(fitsSomeVehicle(model, total)).toBe(true);
    }
  });

  it('sizes the fleet so that one trip each cannot carry the day and three can', () => {
    for (const seed of [1, 2, 3]) {
      const { model } = generateCity({ points: 1000, seed });
      const trips = fleetTrips(model);
      expect(Math.max(...trips)).toBeGreaterThan(1.5);
      expect(Math.max(...trips)).toBeLessThan(2.5);
      for (const t of model.vehicleTypes) expect(t.maxTrips).toBe(3);
    }
  });
});

describe('a small generated city, integrated and two-phase', () => {
  const city = generateCity({ points: 60, seed: 1 });
  const served = (plan: Plan) => plan.routes.reduce((sum, r) => sum + r.visits.length, 0);

  it('solves to valid plans in the real fleet, with vehicles making several trips', async () => {
    // In a worker: a search that never ends fails the test by its timeout instead of blocking it.
    const { plan } = await solve(city.model, { seed: 1, maxIterations: 60 });
    expect(checkPlan(city.model, plan)).toEqual([]);
    expect(plan.unserved).toEqual([]);
    expect(plan.routes.some((r) => r.trips.length > 1)).toBe(true);

    const twoPhase = solveTwoPhase(city.model, { seed: 1, maxIterations: 60 });
    expect(checkPlan(twoPhase.phase1Model, twoPhase.phase1.plan)).toEqual([]);
    expect(twoPhase.phase1.plan.routes.every((r) => r.trips.length === 1)).toBe(true);
    expect(checkPlan(city.model, twoPhase.plan)).toEqual([]);
    expect(served(twoPhase.plan) + twoPhase.plan.unserved.length).toBe(city.model.stops.length);
    expect(twoPhase.plan.routes.length).toBeLessThan(twoPhase.phase1.plan.routes.length);
  }, 60_000);
});
