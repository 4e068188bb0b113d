import { describe, expect, it } from 'vitest';
import type { PlanVehicleType } from '../src/modules/logistics/planner.ts';
import {
  fleetWithLines,
  lineChangeOf,
  lineIndex,
  lineOfTypeId,
  lineTypeId,
  type PlanningLine,
} from '../src/modules/logistics/standing-lines.rules.ts';

const type = (id: string, count: number): PlanVehicleType => ({
  id,
  count,
  capacity: [1000],
  perKmFen: 200,
  perTripFen: 3000,
  maxDurationS: 8 * 3600,
  maxTrips: 2,
});
const line = (id: string, name: string, vehicleTypeId: string, points: PlanningLine['points'] = []) => ({
  id,
  name,
  vehicleTypeId,
  points,
});

describe('fleetWithLines', () => {
  it.each([
    {
      why: 'each line takes one vehicle of its type',
      fleet: [type('van', 3)],
      lines: [line('a', 'L01', 'van'), line('b', 'L02', 'van')],
      counts: { van: 1, 'line:a': 1, 'line:b': 1 },
      withVehicle: ['a', 'b'],
    },
    {
      why: 'lines in name order; the last gets none when the type runs out',
      fleet: [type('van', 1)],
      lines: [line('b', 'L02', 'van'), line('a', 'L01', 'van')],
      counts: { van: 0, 'line:a': 1 },
      withVehicle: ['a'],
    },
    {
      why: 'a line of a type the fleet lacks gets none',
      fleet: [type('van', 2)],
      lines: [line('a', 'L01', 'truck')],
      counts: { van: 2 },
      withVehicle: [],
    },
  ])('$why', ({ fleet, lines, counts, withVehicle }) => {
    const out = fleetWithLines(fleet, lines);
    expect(Object.fromEntries(out.fleet.map((v) => [v.id, v.count]))).toEqual(counts);
    expect([...out.withVehicle].sort()).toEqual(withVehicle);
    for (const id of withVehicle) expect(out.baseType.get(lineTypeId(id))).toBe(lines.find((l) => l.id === id)!.vehicleTypeId);
    // A line's vehicle is its type in all but its id.
    for (const v of out.fleet.filter((v) => lineOfTypeId(v.id) !== null)) expect(v.capacity).toEqual(fleet[0]!.capacity);
  });
});

describe('lineChangeOf', () => {
  it.each([
    { why: 'a point on no line never changes', line: undefined, trip: 'a', has: true, engine: undefined, is: null },
    { why: "on its line's vehicle", line: 'a', trip: 'a', has: true, engine: undefined, is: null },
    { why: 'its line got no vehicle', line: 'a', trip: null, has: false, engine: undefined, is: 'no_vehicle' },
    { why: "the engine's reason", line: 'a', trip: 'b', has: true, engine: 'capacity', is: 'capacity' },
    { why: "the engine's reason, on a vehicle of no line", line: 'a', trip: null, has: true, engine: 'time', is: 'time' },
  ] as const)('$why', ({ line, trip, has, engine, is }) => {
    expect(lineChangeOf(line, trip, has, engine)).toBe(is);
  });
});

describe("lineIndex: the line a point's goods of one class are on", () => {
  const van = line('v', 'L01', 'van', [
    { pickupPointId: 'p1', goodsClass: null },
    { pickupPointId: 'p2', goodsClass: 'ambient' },
  ]);
  const freezer = line('f', 'L02', 'freezer', [{ pickupPointId: 'p2', goodsClass: 'frozen' }]);
  const of = lineIndex([van, freezer]);
  it.each([
    { why: 'a point on a line with all its goods', point: 'p1', goods: 'frozen', is: 'v' },
    { why: "a split point's ambient goods on the van's line", point: 'p2', goods: 'ambient', is: 'v' },
    { why: "a split point's frozen goods on the freezer's line", point: 'p2', goods: 'frozen', is: 'f' },
    { why: 'a class of a split point on no line', point: 'p2', goods: 'chilled', is: undefined },
    { why: 'a point on no line', point: 'p3', goods: 'ambient', is: undefined },
  ] as const)('$why', ({ point, goods, is }) => {
    expect(of(point, goods)?.id).toBe(is);
  });
});
