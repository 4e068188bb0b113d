import { describe, expect, it } from 'vitest';
import type { Model, Plan } from '../src/model.ts';
import { checkPlan } from '../src/plan-check.ts';

// Depot at 0, stops on a line at 3 and 4 (distances 3, 1, 4 on the tour); travel time = distance.
const model: Model = {
  depots: [{ id: 'depot', position: { x: 0, y: 0 } }],
  stops: [
    { id: 'a', position: { x: 3, y: 0 }, demand: [4, 1], serviceTime: 2, timeWindow: [5, 10] },
    { id: 'b', position: { x: 4, y: 0 }, demand: [5, 1], serviceTime: 1 },
  ],
  vehicleTypes: [
    {
      id: 'van',
      count: 1,
      capacity: [10, 2],
      fixedCost: 7,
      costPerDistance: 2,
      costPerTime: 1,
      shiftEnd: 20,
      maxDuration: 16,
      startDepot: 'depot',
    },
  ],
  travel: { kind: 'euclidean' },
};

/** Leaves at 2, arrives at a at 5, serves to 7, reaches b at 8, leaves at 9, home at 13. */
function validPlan(): Plan {
  const distance = 8;
  const duration = 11;
  const cost = 7 + 2 * distance + duration;
  return {
    routes: [
      {
        vehicleTypeId: 'van',
        vehicleIndex: 0,
        startDepotId: 'depot',
        endDepotId: 'depot',
        departure: 2,
        arrival: 13,
        distance,
        duration,
        load: [9, 2],
        cost,
        visits: [
          { stopId: 'a', trip: 0, arrival: 5, start: 5, departure: 7, load: [4, 1] },
          { stopId: 'b', trip: 0, arrival: 8, start: 8, departure: 9, load: [9, 2] },
        ],
        trips: [{ departure: 2, arrival: 13, distance, load: [9, 2], visits: 2 }],
      },
    ],
    unserved: [],
    changes: [],
    totalCost: cost,
    totalDistance: distance,
  };
}

function violationsAfter(change: (plan: Plan) => void, changeModel?: (m: Model) => Model): string[] {
  const plan = validPlan();
  change(plan);
  return checkPlan(changeModel ? changeModel(structuredClone(model)) : model, plan);
}

describe('checkPlan', () => {
  it('accepts a correct plan', () => {
    expect(checkPlan(model, validPlan())).toEqual([]);
  });

  const cases: [string, (plan: Plan) => void, RegExp, ((m: Model) => Model)?][] = [
    ['a missing stop', (p) => p.routes[0]!.visits.pop(), /stop b is neither visited nor reported unserved/],
    ['a stop visited twice', (p) => p.routes[0]!.visits.push({ ...p.routes[0]!.visits[1]! }), /visited more than once/],
    ['an unknown stop', (p) => (p.routes[0]!.visits[0]!.stopId = 'zz'), /unknown stop zz/],
    [
      'a stop both visited and unserved',
      (p) => p.unserved.push({ stopId: 'a', code: 'unreachable', reason: 'x' }),
      /both visited and reported unserved/,
    ],
    ['an exceeded capacity', () => {}, /exceeds capacity/, (m) => ({ ...m, vehicleTypes: [{ ...m.vehicleTypes[0]!, capacity: [8, 2] }] })],
    [
      'a missed time window',
      () => {},
      /after its window closes/,
      (m) => ({ ...m, stops: [{ ...m.stops[0]!, timeWindow: [0, 4] }, m.stops[1]!] }),
    ],
    ['service before the window opens', (p) => (p.routes[0]!.visits[0]!.start = 4.5), /before it opens/],
    ['arriving faster than travel allows', (p) => (p.routes[0]!.visits[1]!.arrival = 7.5), /sooner than travel allows/],
    ['leaving before service ends', (p) => (p.routes[0]!.visits[0]!.departure = 6), /before service ends/],
    [
      'returning after the shift',
      () => {},
      /after the shift ends/,
      (m) => ({ ...m, vehicleTypes: [{ ...m.vehicleTypes[0]!, shiftEnd: 12 }] }),
    ],
    [
      'leaving before the shift',
      () => {},
      /before the shift starts/,
      (m) => ({ ...m, vehicleTypes: [{ ...m.vehicleTypes[0]!, shiftStart: 3 }] }),
    ],
    [
      'an exceeded maximum duration',
      () => {},
      /over the maximum/,
      (m) => ({ ...m, vehicleTypes: [{ ...m.vehicleTypes[0]!, maxDuration: 10 }] }),
    ],
    ['too many vehicles of a type', (p) => (p.routes[0]!.vehicleIndex = 1), /exceeds the 1 vehicles/],
    ['one vehicle on two routes', (p) => p.routes.push({ ...p.routes[0]!, visits: [] }), /used by more than one route/],
    ['an unknown vehicle type', (p) => (p.routes[0]!.vehicleTypeId = 'bike'), /unknown vehicle type/],
    ['a wrong depot', (p) => (p.routes[0]!.endDepotId = 'elsewhere'), /depots differ/],
    ['a wrong reported load', (p) => (p.routes[0]!.visits[1]!.load = [9, 1]), /reported load after b is wrong/],
    ['a wrong route distance', (p) => (p.routes[0]!.distance = 7), /reported distance/],
    ['a wrong route duration', (p) => (p.routes[0]!.duration = 10), /reported duration/],
    ['a wrong route cost', (p) => (p.routes[0]!.cost = 1), /reported cost/],
    ['a wrong total cost', (p) => (p.totalCost = 1), /total cost/],
    ['a wrong total distance', (p) => (p.totalDistance = 1), /total distance/],
  ];
  for (const [what, change, message, changeModel] of cases) {
    it(`catches ${what}`, () => {
      const found = violationsAfter(change, changeModel);
      expect(
        found.some((v) => message.test(v)),
        found.join('\n'),
      ).toBe(true);
    });
  }
});
