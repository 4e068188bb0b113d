import { describe, expect, it } from 'vitest';
import { type Drop, keepServedPoints } from '../src/modules/logistics/plan.drops.ts';
import type { PlannedTrip } from '../src/modules/logistics/planner.ts';

const drops = new Map<string, Drop>([
  ['a', { pickupPointId: 'a', goods: 'ambient' }],
  ['b~ambient', { pickupPointId: 'b', goods: 'ambient' }],
  ['b~frozen', { pickupPointId: 'b', goods: 'frozen' }],
  ['c~chilled', { pickupPointId: 'c', goods: 'chilled' }],
  ['c~frozen', { pickupPointId: 'c', goods: 'frozen' }],
]);
const trip = (vehicleKey: string, tripNo: number, ids: string[]): PlannedTrip => ({
  vehicleTypeId: vehicleKey.split('#')[0]!,
  vehicleKey,
  tripNo,
  departureS: tripNo * 1000,
  stops: ids.map((stopId, i) => ({ stopId, arrivalS: tripNo * 1000 + i * 100 })),
  distanceM: 1,
});
const shape = (trips: ReturnType<typeof keepServedPoints>) =>
  trips.map((t) => [t.vehicleKey, t.tripNo, t.stops.map((s) => `${s.pickupPointId}:${s.goodsClasses?.join('+') ?? '*'}`)]);

describe('stored trips from the engine’s drops', () => {
  it.each([
    {
      name: 'drops of a point in a row become one stop carrying everything',
      trips: [trip('van#0', 1, ['a', 'b~ambient', 'b~frozen'])],
      leftOut: [],
      expected: [['van#0', 1, ['a:*', 'b:*']]],
    },
    {
      name: 'a point split over two vehicles gets one stop per vehicle with its classes',
      trips: [trip('van#0', 1, ['b~ambient', 'a']), trip('freezer#0', 1, ['c~frozen', 'c~chilled', 'b~frozen'])],
      leftOut: [],
      expected: [
        ['van#0', 1, ['b:ambient', 'a:*']],
        ['freezer#0', 1, ['c:*', 'b:frozen']],
      ],
    },
    {
      name: 'a point left out loses its other drops, and a trip left empty goes with its number',
      trips: [trip('van#0', 1, ['c~chilled']), trip('van#0', 2, ['a', 'b~ambient']), trip('freezer#0', 1, ['b~frozen'])],
      leftOut: ['c'],
      expected: [
        ['van#0', 1, ['a:*', 'b:ambient']],
        ['freezer#0', 1, ['b:frozen']],
      ],
    },
  ])('$name', ({ trips, leftOut, expected }) => {
    expect(shape(keepServedPoints(trips, drops, new Map(leftOut.map((p) => [p, true]))))).toEqual(expected);
  });

  it('keeps the arrival of a point’s first drop in a row', () => {
    const [stored] = keepServedPoints([trip('van#0', 1, ['a', 'b~ambient', 'b~frozen'])], drops, new Map());
    expect(stored!.stops.map((s) => s.arrivalS)).toEqual([1000, 1100]);
  });

  it('refuses a stop nobody asked for', () => {
    expect(() => keepServedPoints([trip('van#0', 1, ['zz'])], drops, new Map())).toThrow(/not asked for/);
  });
});
