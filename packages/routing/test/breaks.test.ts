import { describe, expect, it } from 'vitest';
import type { Model, Stop, VehicleType } from '../src/model.ts';
import { ModelError } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { randomModel } from './random-model.ts';

/** A depot at the origin, stops on a line, one van; travel time equals distance. */
function line(stops: Array<Partial<Stop> & { x: number }>, van: Partial<VehicleType> = {}, reloadTime = 0): Model {
  return {
    depots: [{ id: 'hub', position: { x: 0, y: 0 }, reloadTime }],
    stops: stops.map((s, i) => ({ id: `s${i}`, position: { x: s.x, y: 0 }, demand: [1], ...s })),
    vehicleTypes: [{ id: 'van', count: 1, capacity: [10], startDepot: 'hub', costPerTime: 1, ...van }],
    travel: { kind: 'euclidean', speed: 1 },
  };
}

describe('driver breaks', () => {
  it('rests while the van would wait anyway: the break costs no time', () => {
    const stops = [
      { x: 10, serviceTime: 5, timeWindow: [0, 100] as [number, number] },
      { x: 20, serviceTime: 5, timeWindow: [200, 300] as [number, number] },
    ];
    const without = solveInThread(line(stops), { maxIterations: 50 }).plan;
    const model = line(stops, { driverBreak: { earliest: 100, latest: 200, duration: 30 } });
    const { plan } = solveInThread(model, { maxIterations: 50 });
    expect(checkPlan(model, plan)).toEqual([]);
    const route = plan.routes[0]!;
    expect(route.driverBreak).toMatchObject({ visitsBefore: 1 });
    expect(route.driverBreak!.start).toBeGreaterThanOrEqual(100);
    expect(route.duration).toBeCloseTo(without.routes[0]!.duration, 6);
  });

  it('takes no break on a route back before the break window closes', () => {
    const model = line([{ x: 10 }, { x: 20 }], { driverBreak: { earliest: 1000, latest: 1100, duration: 30 } });
    const { plan } = solveInThread(model, { maxIterations: 50 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.routes[0]!.driverBreak).toBeUndefined();
  });

  it('rests at the depot between two trips when that is where the vehicle is in the window', () => {
    const model = line(
      [
        // Served by 60: resting there would mean waiting for the window.
        { x: 50, demand: [10], timeWindow: [0, 60] },
        { x: -50, demand: [10] },
      ],
      { maxTrips: 2, driverBreak: { earliest: 100, latest: 115, duration: 20 } },
      10,
    );
    const { plan } = solveInThread(model, { maxIterations: 100 });
    expect(checkPlan(model, plan)).toEqual([]);
    const route = plan.routes[0]!;
    expect(route.trips).toHaveLength(2);
    expect(route.driverBreak!.visitsBefore).toBe(1);
    expect(route.driverBreak!.start).toBeGreaterThanOrEqual(route.trips[0]!.arrival + 10);
    expect(route.trips[1]!.departure).toBeGreaterThanOrEqual(route.driverBreak!.end);
    // Back 100 after leaving, reloaded by 110, rested by 130, out and back by 230.
    expect(route.duration).toBeCloseTo(230, 6);
  });

  it('plans random days with breaks that the checker, sharing nothing with the solver, accepts', () => {
    for (const seed of [1, 2, 3, 4]) {
      const model = randomModel(seed, {
        stops: 25,
        timeWindows: true,
        breaks: true,
        mixedFleet: seed % 2 === 0,
        multiTrip: seed % 3 === 0,
      });
      const { plan } = solveInThread(model, { seed, maxIterations: 150 });
      expect(checkPlan(model, plan), `seed ${seed}`).toEqual([]);
      for (const route of plan.routes) {
        const rule = model.vehicleTypes.find((t) => t.id === route.vehicleTypeId)!.driverBreak!;
        if (route.arrival > rule.latest) expect(route.driverBreak, `seed ${seed}`).toBeDefined();
      }
    }
  });

  it('the checker flags a missing break, one outside its window and one overlapping a visit', () => {
    const stops = [
      { x: 10, serviceTime: 5, timeWindow: [0, 100] as [number, number] },
      { x: 20, serviceTime: 5, timeWindow: [200, 300] as [number, number] },
    ];
    const model = line(stops, { driverBreak: { earliest: 100, latest: 200, duration: 30 } });
    const { plan } = solveInThread(model, { maxIterations: 50 });
    const route = plan.routes[0]!;
    const withBreak = (driverBreak: typeof route.driverBreak) => ({ ...plan, routes: [{ ...route, driverBreak }] });
    expect(checkPlan(model, withBreak(undefined))).toContain(
      "route 0: is still out when its driver's break window closes, without a break",
    );
    expect(checkPlan(model, withBreak({ start: 40, end: 70, visitsBefore: 1 })).join()).toMatch(/outside 100–200/);
    const visit = route.visits[1]!;
    expect(checkPlan(model, withBreak({ start: visit.start - 10, end: visit.start + 20, visitsBefore: 2 })).join()).toMatch(
      /break starts before what comes before it is done/,
    );
  });

  it('rejects a break window that closes before it opens', () => {
    const model = line([{ x: 10 }], { driverBreak: { earliest: 100, latest: 50, duration: 10 } });
    expect(() => solveInThread(model, { maxIterations: 1 })).toThrow(ModelError);
  });
});
