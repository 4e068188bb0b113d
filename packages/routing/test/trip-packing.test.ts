import { describe, expect, it } from 'vitest';
import type { Model, Plan, PlannedRoute } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { oneTripModel, packRoutes, startFrom } from '../src/trip-packing.ts';

describe('the two-phase packing', () => {
  /** Two stops a vehicle cannot carry together; `a` must be served by time 30. */
  const model = (maxDuration: number): Model => ({
    depots: [{ id: 'hub', position: { x: 0, y: 0 }, reloadTime: 5 }],
    stops: [
      { id: 'b', position: { x: 0, y: 10 }, demand: [8], timeWindow: [0, 1000] },
      { id: 'a', position: { x: 10, y: 0 }, demand: [8], timeWindow: [0, 30] },
    ],
    vehicleTypes: [{ id: 'van', count: 1, capacity: [10], fixedCost: 100, tripCost: 10, maxTrips: 3, maxDuration, startDepot: 'hub' }],
    travel: { kind: 'euclidean' },
  });

  it('packs one-trip routes into one vehicle, in the order the windows need, reloading between them', () => {
    const m = model(100);
    const phase1 = solveInThread(oneTripModel(m), { seed: 1, maxIterations: 20 }).plan;
    expect(phase1.routes).toHaveLength(2);
    const { plan, droppedRoutes } = packRoutes(m, phase1);
    expect(droppedRoutes).toBe(0);
    expect(checkPlan(m, plan)).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    const route = plan.routes[0]!;
    expect(route.visits.map((v) => v.stopId)).toEqual(['a', 'b']);
    expect(route.trips[1]!.departure).toBeCloseTo(route.trips[0]!.arrival + 5, 9);
    expect(plan.totalCost).toBeCloseTo(100 + 2 * 10 + 40, 9);
  });

  it('leaves out a route no vehicle has time for, and says which stops', () => {
    const m = model(40);
    const phase1 = solveInThread(oneTripModel(m), { seed: 1, maxIterations: 20 }).plan;
    const { plan, droppedRoutes } = packRoutes(m, phase1);
    expect(checkPlan(m, plan)).toEqual([]);
    expect(droppedRoutes).toBe(1);
    expect(plan.routes).toHaveLength(1);
    expect(plan.unserved.map((u) => u.code)).toEqual(['no_vehicle_left']);
  });

  /** A one-trip route as a plan of the one-trip model gives it (only what packing reads is real). */
  const oneTrip = (vehicleTypeId: string, stopIds: string[]): PlannedRoute => ({
    vehicleTypeId,
    vehicleIndex: 0,
    startDepotId: 'hub',
    endDepotId: 'hub',
    visits: stopIds.map((stopId) => ({ stopId, trip: 0, arrival: 0, start: 0, departure: 0, load: [] })),
    trips: [],
    departure: 0,
    arrival: 0,
    distance: 0,
    duration: 0,
    load: [],
    cost: 0,
  });

  it('puts the stops of a left-out route one by one where they fit: a packed trip or a spare vehicle of another type', () => {
    // [kg, frozen crates]: one reefer and one van, one trip each.
    const m: Model = {
      depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
      stops: [
        { id: 'f1', position: { x: 10, y: 0 }, demand: [1, 1] },
        { id: 'a1', position: { x: 12, y: 0 }, demand: [6, 0] },
        { id: 'f2', position: { x: 0, y: 10 }, demand: [1, 1] },
        { id: 'a2', position: { x: 0, y: 12 }, demand: [6, 0] },
      ],
      vehicleTypes: [
        { id: 'reefer', count: 1, capacity: [10, 2], fixedCost: 300, startDepot: 'hub' },
        { id: 'van', count: 1, capacity: [10, 0], fixedCost: 100, startDepot: 'hub' },
      ],
      travel: { kind: 'euclidean' },
    };
    // Two reefer routes for one reefer; the second carries a frozen crate, so no van takes it whole.
    const plan: Plan = {
      routes: [oneTrip('reefer', ['f1', 'a1']), oneTrip('reefer', ['f2', 'a2'])],
      unserved: [],
      changes: [],
      totalCost: 0,
      totalDistance: 0,
    };
    const classic = packRoutes(m, plan);
    expect(classic.droppedRoutes).toBe(1);
    expect(classic.plan.unserved).toHaveLength(2);

    const placed = packRoutes(m, plan, { placeLeftOvers: true });
    expect(placed.placedLeftOvers).toBe(2);
    expect(placed.plan.unserved).toEqual([]);
    expect(checkPlan(m, placed.plan)).toEqual([]);
    const stopsOf = (type: string) =>
      placed.plan.routes
        .find((r) => r.vehicleTypeId === type)!
        .visits.map((v) => v.stopId)
        .sort();
    expect(stopsOf('reefer')).toEqual(['a1', 'f1', 'f2']);
    expect(stopsOf('van')).toEqual(['a2']);
    expect(startFrom(placed.plan).map((r) => ('trips' in r ? r.trips.length : 1))).toEqual([1, 1]);
  });
});
