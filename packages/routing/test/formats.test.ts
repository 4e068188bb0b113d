import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listInstances } from '../bench/instances.ts';
import { readSol, readVrp } from '../src/formats/cvrplib.ts';
import { readSolomon } from '../src/formats/solomon.ts';
import type { Model, Plan, PlannedRoute } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';
import { buildTravelMatrices } from '../src/travel.ts';

const VRP = `NAME : tiny
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
DISTANCE : 100.0
SERVICE_TIME : 5
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 1.6
4 6 8
DEMAND_SECTION
1 0
2 4
3 5
4 3
DEPOT_SECTION
 1
 -1
EOF
`;

const SOLOMON = `R999

VEHICLE
NUMBER     CAPACITY
  3         50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      35         35          0          0        230          0
    1      41         49         10        161        171         10
    2      35         17          7         50         60         10
`;

/** A plan for routes of a model without time windows: leave at the shift start, never wait. */
function planFromRoutes(model: Model, routes: string[][]): Plan {
  const travel = buildTravelMatrices(model);
  const n = travel.size;
  const type = model.vehicleTypes[0]!;
  const index = new Map(model.stops.map((s, i) => [s.id, i]));
  const planned: PlannedRoute[] = routes.map((ids, k) => {
    let prev = 0;
    let time = type.shiftStart ?? 0;
    let distance = 0;
    const load = [0];
    const visits = ids.map((id) => {
      const s = index.get(id)!;
      const node = model.depots.length + s;
      distance += travel.distance[prev * n + node]!;
      time += travel.duration[prev * n + node]!;
      const start = time;
      time += model.stops[s]!.serviceTime ?? 0;
      load[0]! += model.stops[s]!.demand[0]!;
      prev = node;
      return { stopId: id, arrival: start, start, departure: time, load: [...load] };
    });
    distance += travel.distance[prev * n]!;
    time += travel.duration[prev * n]!;
    const departure = type.shiftStart ?? 0;
    const depot = model.depots[0]!.id;
    return {
      vehicleTypeId: type.id,
      vehicleIndex: k,
      startDepotId: depot,
      endDepotId: depot,
      visits,
      departure,
      arrival: time,
      distance,
      duration: time - departure,
      load,
      cost: distance,
    };
  });
  const visited = new Set(routes.flat());
  const total = planned.reduce((s, r) => s + r.distance, 0);
  const unserved = model.stops
    .filter((s) => !visited.has(s.id))
    .map((s) => ({ stopId: s.id, code: 'no_vehicle_left' as const, reason: 'not in the file' }));
  return { routes: planned, unserved, totalCost: total, totalDistance: total };
}

describe('CVRPLIB reader', () => {
  it('reads coordinates, demands, capacity, route length limit and service time', () => {
    const { name, model } = readVrp(VRP, { round: false });
    expect(name).toBe('tiny');
    expect(model.depots).toEqual([{ id: '1', position: { x: 0, y: 0 } }]);
    expect(model.stops.map((s) => [s.id, s.demand[0], s.serviceTime])).toEqual([
      ['2', 4, 5],
      ['3', 5, 5],
      ['4', 3, 5],
    ]);
    expect(model.vehicleTypes[0]).toMatchObject({ capacity: [10], maxDuration: 100 });
    expect(buildTravelMatrices(model).distance[2]).toBeCloseTo(1.6, 12);
    expect(buildTravelMatrices(readVrp(VRP).model).distance[2]).toBe(2);
  });

  it('reads solutions with customer numbers shifted to node ids', () => {
    expect(readSol('Route #1: 1 3\nRoute #2: 2\nCost 42\n')).toEqual({ routes: [['2', '4'], ['3']], cost: 42 });
  });
});

describe('Solomon reader', () => {
  it('reads fleet, windows, service times and the depot window as the shift', () => {
    const { name, model } = readSolomon(SOLOMON);
    expect(name).toBe('R999');
    expect(model.vehicleTypes[0]).toMatchObject({ count: 3, capacity: [50], shiftStart: 0, shiftEnd: 230 });
    expect(model.stops[1]).toEqual({ id: '2', position: { x: 35, y: 17 }, demand: [7], timeWindow: [50, 60], serviceTime: 10 });
  });
});

function instancesWithSolutions() {
  try {
    return listInstances().filter((i) => i.format === 'vrp' && existsSync(i.path.replace(/\.vrp$/, '.sol')));
  } catch {
    return [];
  }
}
const published = instancesWithSolutions();

describe.skipIf(published.length === 0)('published CVRPLIB solutions (shared bench data)', () => {
  // Known flaws of the published files (data README): one solution misses a customer, one re-costs differently.
  const flawed = new Set(['B-n50-k8', 'B-n57-k7']);
  it('re-cost to their best-known value and pass the plan check', () => {
    for (const instance of published.filter((i) => !flawed.has(i.name) && i.n <= 400)) {
      const { model } = readVrp(readFileSync(instance.path, 'utf8'), { round: instance.round });
      const plan = planFromRoutes(model, readSol(readFileSync(instance.path.replace(/\.vrp$/, '.sol'), 'utf8')).routes);
      expect(checkPlan(model, plan), instance.name).toEqual([]);
      expect(plan.totalCost / instance.bks, instance.name).toBeCloseTo(1, 4);
    }
  });
});
