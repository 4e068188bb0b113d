import { describe, expect, it } from 'vitest';
import type { Model, Plan } from '../src/model.ts';
import { ModelError } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { Rng } from '../src/solver/rng.ts';

/** Forty stops around a depot, about eight vanloads in all, for two vans. */
function city(seed: number, maxTrips: number, extra: Partial<Model['vehicleTypes'][number]> = {}): Model {
  const rng = new Rng(seed);
  return {
    depots: [{ id: 'hub', position: { x: 50, y: 50 }, reloadTime: 15 }],
    stops: Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      position: { x: rng.below(101), y: rng.below(101) },
      demand: [1 + rng.below(10), 1 + rng.below(4)],
      serviceTime: 5,
    })),
    vehicleTypes: [{ id: 'van', count: 2, capacity: [30, 12], fixedCost: 100, tripCost: 20, startDepot: 'hub', maxTrips, ...extra }],
    travel: { kind: 'euclidean' },
  };
}

const tripsOf = (plan: Plan) => plan.routes.map((r) => r.trips.length);

describe('several trips per vehicle', () => {
  it('serves a day two vans could not in one trip each, reloading between trips', () => {
    for (const seed of [1, 2, 3]) {
      const model = city(seed, 6);
      const { plan } = solveInThread(model, { seed, maxIterations: 150 });
      expect(checkPlan(model, plan)).toEqual([]);
      expect(plan.unserved).toEqual([]);
      expect(plan.routes.length).toBeLessThanOrEqual(2);
      expect(Math.max(...tripsOf(plan))).toBeGreaterThan(1);
      for (const route of plan.routes) {
        for (let k = 1; k < route.trips.length; k++) {
          expect(route.trips[k]!.departure).toBeGreaterThanOrEqual(route.trips[k - 1]!.arrival + 15 - 1e-9);
        }
        expect(route.cost).toBeCloseTo(100 + 20 * route.trips.length + route.distance, 6);
      }
    }
  });

  it('leaves stops out when one trip each is all the vans may make', () => {
    const model = city(1, 1);
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved.length).toBeGreaterThan(0);
    expect(tripsOf(plan).every((t) => t === 1)).toBe(true);
  });

  it('keeps every trip within the shift: a short shift leaves out what no trip can fit', () => {
    const model = city(2, 6, { maxDuration: 400 });
    const { plan } = solveInThread(model, { seed: 2, maxIterations: 150 });
    expect(checkPlan(model, plan)).toEqual([]);
    for (const route of plan.routes) expect(route.duration).toBeLessThanOrEqual(400 + 1e-6);
    const longer = city(2, 6, { maxDuration: 2000 });
    const relaxed = solveInThread(longer, { seed: 2, maxIterations: 150 }).plan;
    expect(relaxed.unserved.length).toBeLessThanOrEqual(plan.unserved.length);
  });

  it('prefers one vehicle making two trips to two vehicles when a vehicle costs more than a trip', () => {
    const model: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 }, reloadTime: 5 }],
      stops: [
        { id: 'a', position: { x: 10, y: 0 }, demand: [8] },
        { id: 'b', position: { x: -10, y: 0 }, demand: [8] },
      ],
      vehicleTypes: [{ id: 'van', count: 2, capacity: [10], fixedCost: 500, tripCost: 10, maxTrips: 2, startDepot: 'hub' }],
      travel: { kind: 'euclidean' },
    };
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 100 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(tripsOf(plan)).toEqual([2]);
    expect(plan.totalCost).toBeCloseTo(500 + 2 * 10 + 40, 6);
    model.vehicleTypes[0]!.maxTrips = 1;
    expect(tripsOf(solveInThread(model, { seed: 1, maxIterations: 100 }).plan)).toEqual([1, 1]);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const model = city(4, 4);
    expect(solveInThread(model, { seed: 9, maxIterations: 150 }).plan).toEqual(solveInThread(model, { seed: 9, maxIterations: 150 }).plan);
  });

  it('starts from one-trip routes packed into the shifts, planned with half the budget', () => {
    const model = city(5, 6);
    const { plan, stats } = solveInThread(model, { seed: 5, maxIterations: 40 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved).toEqual([]);
    expect(stats.oneTripStart?.iterations).toBe(20);
    expect(stats.oneTripStart!.routes).toBeGreaterThan(2);
    expect(stats.iterations).toBeGreaterThanOrEqual(40);
    // Given routes to start from (standing lines), or one trip a vehicle, there is nothing to pack.
    const given = [{ vehicleTypeId: 'van', trips: [model.stops.slice(0, 20).map((s) => s.id), model.stops.slice(20).map((s) => s.id)] }];
    expect(solveInThread(model, { seed: 5, maxIterations: 5, initialRoutes: given }).stats.oneTripStart).toBeUndefined();
    expect(solveInThread(city(5, 1), { seed: 5, maxIterations: 5 }).stats.oneTripStart).toBeUndefined();
  });

  it('starts from given routes as days of several trips', () => {
    const model = city(6, 6);
    const ids = model.stops.map((s) => s.id);
    const trips = [ids.slice(0, 8), ids.slice(8, 16), ids.slice(16, 24), ids.slice(24, 32), ids.slice(32)];
    // One iteration: the warm start improved, and a first solution from nothing to compare.
    const { plan } = solveInThread(model, { seed: 6, maxIterations: 1, initialRoutes: [{ vehicleTypeId: 'van', trips }] });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.unserved).toEqual([]);
    expect(Math.max(...tripsOf(plan))).toBeGreaterThan(1);
  });

  it('refuses trips, trip costs and reload times that make no sense', () => {
    const bad = city(1, 0);
    expect(() => solveInThread(bad, { seed: 1, maxIterations: 1 })).toThrow(ModelError);
    const fractional = city(1, 1.5);
    expect(() => solveInThread(fractional, { seed: 1, maxIterations: 1 })).toThrow(/maxTrips/);
    const negative = city(1, 2, { tripCost: -1 });
    expect(() => solveInThread(negative, { seed: 1, maxIterations: 1 })).toThrow(/tripCost/);
    const reload = city(1, 2);
    reload.depots[0]!.reloadTime = -3;
    expect(() => solveInThread(reload, { seed: 1, maxIterations: 1 })).toThrow(/reload time/);
  });
});

describe('the plan check on trips', () => {
  const solved = () => {
    const model = city(1, 6);
    return { model, plan: structuredClone(solveInThread(model, { seed: 1, maxIterations: 200 }).plan) };
  };
  const multi = (plan: Plan) => plan.routes.find((r) => r.trips.length > 1)!;

  it('finds a trip that leaves before the vehicle is back and reloaded', () => {
    const { model, plan } = solved();
    const route = multi(plan);
    route.trips[1]!.departure = route.trips[0]!.arrival + 1;
    expect(checkPlan(model, plan).join('\n')).toMatch(/before the vehicle is back and reloaded/);
  });

  it('finds more trips than the vehicle may make', () => {
    const { model, plan } = solved();
    const route = multi(plan);
    model.vehicleTypes[0]!.maxTrips = route.trips.length - 1;
    expect(checkPlan(model, plan).join('\n')).toMatch(/trips, over the/);
  });

  it('finds a trip loaded beyond the capacity, counted per trip', () => {
    const { model, plan } = solved();
    const route = multi(plan);
    // Moving a visit into the previous trip's count makes that trip carry more than it says.
    route.trips[0]!.visits += 1;
    route.trips[1]!.visits -= 1;
    expect(checkPlan(model, plan).length).toBeGreaterThan(0);
  });
});

describe('stops that share a site', () => {
  /** One point with an ambient and a frozen delivery, a van for each class, and a far point. */
  const model = (setupTime: number): Model => ({
    depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
    stops: [
      { id: 'p1-ambient', position: { x: 10, y: 0 }, demand: [5, 0], site: 'p1', setupTime, serviceTime: 2 },
      { id: 'p1-frozen', position: { x: 10, y: 0 }, demand: [0, 3], site: 'p1', setupTime, serviceTime: 2 },
      { id: 'p2-ambient', position: { x: 0, y: 10 }, demand: [5, 0], site: 'p2', setupTime, serviceTime: 2 },
    ],
    vehicleTypes: [
      { id: 'cold', count: 1, capacity: [10, 10], fixedCost: 10, costPerTime: 1, costPerDistance: 0, startDepot: 'hub' },
      { id: 'ambient', count: 1, capacity: [10, 0], fixedCost: 10, costPerTime: 1, costPerDistance: 0, startDepot: 'hub' },
    ],
    travel: { kind: 'euclidean' },
  });

  it('pays the setup time once for visits in a row at one site', () => {
    const m = model(30);
    const { plan } = solveInThread(m, { seed: 1, maxIterations: 100 });
    expect(checkPlan(m, plan)).toEqual([]);
    const cold = plan.routes.find((r) => r.vehicleTypeId === 'cold')!;
    const ids = cold.visits.map((v) => v.stopId);
    const at = ids.indexOf('p1-frozen');
    // Both deliveries at p1 ride the cold van, one right after the other: one setup of 30.
    expect(ids.slice(Math.min(at, ids.indexOf('p1-ambient')), Math.min(at, ids.indexOf('p1-ambient')) + 2).sort()).toEqual([
      'p1-ambient',
      'p1-frozen',
    ]);
    const first = cold.visits.find((v) => v.stopId.startsWith('p1'))!;
    const second = cold.visits.find((v) => v.stopId.startsWith('p1') && v !== first)!;
    expect(second.arrival - first.departure).toBeCloseTo(0, 9);
  });

  it('the plan check counts the setup time on arriving from elsewhere', () => {
    const m = model(30);
    const { plan } = solveInThread(m, { seed: 1, maxIterations: 100 });
    const visit = plan.routes[0]!.visits[0]!;
    visit.arrival -= 20;
    visit.start = visit.arrival;
    expect(checkPlan(m, plan).join('\n')).toMatch(/sooner than travel allows/);
  });
});
