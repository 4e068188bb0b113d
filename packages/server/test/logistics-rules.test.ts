import { describe, expect, it } from 'vitest';
import {
  assertRouteTransition,
  assertStopTransition,
  boxesNeeded,
  carrierCost,
  carriesWithBoxes,
  cratesFor,
  handoverBlame,
  ownFleetCost,
  routeTransitions,
  shortLatestPaidFirst,
  stopTransitions,
  zonedInstant,
} from '../src/modules/logistics/logistics.rules.ts';
import type { RouteStatus, StopStatus } from '../src/platform/db/schema.logistics.ts';

describe('route lifecycle', () => {
  const allowed: Array<[RouteStatus, RouteStatus]> = [
    ['draft', 'published'],
    ['draft', 'cancelled'],
    ['published', 'loading'],
    ['published', 'in_transit'],
    ['published', 'cancelled'],
    ['loading', 'in_transit'],
    ['loading', 'cancelled'],
    ['in_transit', 'completed'],
  ];
  const states = Object.keys(routeTransitions) as RouteStatus[];
  it.each(states.flatMap((from) => states.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const ok = allowed.some(([a, b]) => a === from && b === to);
    if (ok) expect(() => assertRouteTransition(from, to)).not.toThrow();
    else expect(() => assertRouteTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });
});

describe('stop lifecycle', () => {
  const allowed: Array<[StopStatus, StopStatus]> = [
    ['pending', 'arrived'],
    ['pending', 'failed'],
    ['arrived', 'handed_over'],
    ['arrived', 'confirmed'],
    ['arrived', 'failed'],
    ['handed_over', 'confirmed'],
  ];
  const states = Object.keys(stopTransitions) as StopStatus[];
  it.each(states.flatMap((from) => states.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const ok = allowed.some(([a, b]) => a === from && b === to);
    if (ok) expect(() => assertStopTransition(from, to)).not.toThrow();
    else expect(() => assertStopTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });
});

describe('crates', () => {
  it.each([
    [0, 0, 0],
    [100, 100, 1],
    [15_000, 40_000, 1],
    [15_001, 1_000, 2],
    [1_000, 80_001, 3],
  ])('%i g and %i ml take %i crates', (g, ml, crates) => expect(cratesFor(g, ml)).toBe(crates));
});

describe('insulated boxes', () => {
  const box60 = 60;
  it.each([
    // goods by class (ml), vehicle class, boxes
    [{ ambient: 500_000 }, 'ambient', 0],
    [{ frozen: 10_000 }, 'frozen', 0],
    [{ frozen: 10_000, chilled: 5_000 }, 'chilled', 1],
    [{ frozen: 60_000 }, 'ambient', 1],
    [{ frozen: 60_001 }, 'ambient', 2],
    [{ frozen: 70_000, chilled: 70_000, ambient: 900_000 }, 'ambient', 3],
    [{ frozen: 70_000, chilled: 70_000 }, 'chilled', 2],
    [{ frozen: 0 }, 'ambient', 1],
  ] as const)('%o on a %s vehicle need %i boxes of 60 l', (goods, vehicle, boxes) =>
    expect(boxesNeeded(goods, vehicle, box60)).toBe(boxes),
  );
  const rule = { enabled: true, boxesPerVehicle: 4, boxVolumeL: 60 };
  it.each([
    ['frozen', 'frozen', 9, rule, true],
    ['ambient', 'frozen', 4, rule, true],
    ['ambient', 'frozen', 5, rule, false],
    ['ambient', 'frozen', 1, { ...rule, enabled: false }, false],
    ['chilled', 'ambient', 0, { ...rule, enabled: false }, true],
  ] as const)('a %s vehicle carries %s goods needing %i boxes under %o: %s', (vehicle, goods, boxes, r, ok) =>
    expect(carriesWithBoxes(vehicle, goods, boxes, r)).toBe(ok),
  );
});

describe('trip cost', () => {
  const card = {
    perTripFen: 5000,
    perStopFen: 300,
    zones: [
      { uptoKm: 10, feeFen: 1000 },
      { uptoKm: 30, feeFen: 2500 },
    ],
  };
  it('charges a carrier per trip, per stop delivered and the distance zone of the trip', () => {
    expect(carrierCost(card, 4, 8_000).costFen).toBe(5000 + 4 * 300 + 1000);
    expect(carrierCost(card, 4, 10_000).costFen).toBe(5000 + 4 * 300 + 1000);
    expect(carrierCost(card, 3, 10_001).costFen).toBe(5000 + 3 * 300 + 2500);
    expect(carrierCost(card, 3, 55_000)).toMatchObject({ costFen: 5000 + 900 + 2500, applied: { zoneUptoKm: 30, stopsDelivered: 3 } });
  });
  it('charges the own fleet per kilometre and per trip', () => {
    expect(ownFleetCost(12_345, 250, 3000).costFen).toBe(Math.round(12.345 * 250) + 3000);
  });
});

describe('who loses the units missing at handover', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 3, m));
  const lines = [
    { orderId: 'o1', orderLineId: 'l1', paidAt: at(1), net: 3 },
    { orderId: 'o2', orderLineId: 'l2', paidAt: at(5), net: 2 },
    { orderId: 'o3', orderLineId: 'l3', paidAt: at(3), net: 1 },
  ];
  it('takes from the latest paid first, never below zero, adding up to what is missing', () => {
    expect([...shortLatestPaidFirst(lines, 4)]).toEqual([
      ['l2', 2],
      ['l3', 1],
      ['l1', 1],
    ]);
    expect([...shortLatestPaidFirst(lines, 1)]).toEqual([['l2', 1]]);
    const all = shortLatestPaidFirst(lines, 99);
    expect([...all.values()].reduce((s, n) => s + n, 0)).toBe(6);
  });
  it('blames the warehouse for a sealed bundle and the driver for an opened one', () => {
    expect(handoverBlame(true)).toBe('warehouse');
    expect(handoverBlame(false)).toBe('driver');
  });
});

describe('local times', () => {
  it('reads a time of day on a date in the operator time zone', () => {
    expect(zonedInstant('2026-11-21', '05:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-20T21:00:00.000Z');
    expect(zonedInstant('2026-07-01', '09:30', 'Europe/Paris').toISOString()).toBe('2026-07-01T07:30:00.000Z');
  });
});
