import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFromRoutes } from '../bench/plan-from-routes.ts';
import { readSol, readVrp } from '../src/formats/cvrplib.ts';
import { readSolomon } from '../src/formats/solomon.ts';
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

describe('a published CVRPLIB solution', () => {
  it('re-costs to its stated value and passes the plan check (X-n200-k36, kept in test/instances)', () => {
    const { model } = readVrp(readFileSync(new URL('./instances/X-n200-k36.vrp', import.meta.url), 'utf8'));
    const solution = readSol(readFileSync(new URL('./instances/X-n200-k36.sol', import.meta.url), 'utf8'));
    const plan = planFromRoutes(model, solution.routes);
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.totalCost).toBeCloseTo(solution.cost, 6);
  });
});
