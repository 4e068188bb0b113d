import { describe, expect, it } from 'vitest';
import { haversineDistance } from '../src/modules/logistics/distance.ts';
import { enginePlanner, type PlanStop } from '../src/modules/logistics/planner.ts';

const distances = haversineDistance();
const depot = { lat: 28.2, lng: 112.97 };
const stop = (id: string, dLat: number, dLng: number, weightG: number, window: [number, number] = [0, 4 * 3600]): PlanStop => ({
  id,
  lat: depot.lat + dLat,
  lng: depot.lng + dLng,
  demand: [weightG, weightG, 1],
  serviceS: 600,
  window,
});
const van = {
  id: 'van',
  count: 3,
  capacity: [20_000, 20_000, 10] as [number, number, number],
  perKmFen: 200,
  perTripFen: 5000,
  maxDurationS: 8 * 3600,
};
const planner = enginePlanner({ maxIterations: 300 });

describe('the route planner (routing engine behind the RoutePlanner interface)', () => {
  it('serves every stop without exceeding any vehicle capacity', async () => {
    const stops = Array.from({ length: 8 }, (_, i) => stop(`s${i}`, 0.01 * Math.cos(i), 0.01 * Math.sin(i), 6_000));
    const plan = await planner.plan({ depot, stops, vehicleTypes: [van], distances });
    expect(plan.unserved).toEqual([]);
    expect(plan.trips.flatMap((t) => t.stops.map((s) => s.stopId)).sort()).toEqual(stops.map((s) => s.id).sort());
    expect(plan.trips.length).toBeLessThanOrEqual(3);
    for (const t of plan.trips) {
      const load = t.stops.reduce((sum, s) => sum + stops.find((x) => x.id === s.stopId)!.demand[0]!, 0);
      expect(load).toBeLessThanOrEqual(20_000);
    }
  });

  it('meets the time windows and reports the stops it cannot serve with a reason', async () => {
    const stops = [
      stop('near', 0.01, 0, 1_000, [0, 3600]),
      stop('too-heavy', 0.02, 0, 25_000),
      // about 130 km away: not reachable within one hour at 30 km/h
      stop('far', 1, 0.5, 1_000, [0, 3600]),
    ];
    const plan = await planner.plan({ depot, stops, vehicleTypes: [van], distances });
    expect(plan.trips.flatMap((t) => t.stops.map((s) => s.stopId))).toEqual(['near']);
    for (const t of plan.trips) for (const s of t.stops) expect(s.arrivalS).toBeLessThanOrEqual(3600);
    expect(plan.unserved.map((u) => u.stopId).sort()).toEqual(['far', 'too-heavy']);
    for (const u of plan.unserved) expect(u.reason).not.toBe('');
  });

  it('sends one vehicle out again after reloading when its type allows several trips', async () => {
    const stops = Array.from({ length: 9 }, (_, i) => stop(`s${i}`, 0.01 * Math.cos(i), 0.01 * Math.sin(i), 6_000, [0, 6 * 3600]));
    const one = { ...van, count: 1, maxTrips: 3 };
    const plan = await planner.plan({ depot, reloadS: 1800, stops, vehicleTypes: [one], distances });
    expect(plan.unserved).toEqual([]);
    expect(plan.trips.map((t) => t.tripNo)).toEqual([1, 2, 3]);
    expect(new Set(plan.trips.map((t) => t.vehicleKey)).size).toBe(1);
    for (let k = 1; k < plan.trips.length; k++) {
      const before = plan.trips[k - 1]!;
      // The next trip leaves at least the reload time after the last stop of the one before.
      expect(plan.trips[k]!.departureS).toBeGreaterThanOrEqual(before.stops.at(-1)!.arrivalS + 600 + 1800);
      expect(plan.trips[k]!.stops[0]!.arrivalS).toBeGreaterThan(plan.trips[k]!.departureS);
    }
    const single = await planner.plan({ depot, reloadS: 1800, stops, vehicleTypes: [{ ...one, maxTrips: 1 }], distances });
    expect(single.unserved.length).toBeGreaterThan(0);
  });

  it('reports every stop unserved when no vehicle is available', async () => {
    const plan = await planner.plan({ depot, stops: [stop('a', 0.01, 0, 1_000)], vehicleTypes: [{ ...van, count: 0 }], distances });
    expect(plan).toEqual({ trips: [], unserved: [{ stopId: 'a', code: 'no_vehicle', reason: expect.any(String) }] });
  });
});
