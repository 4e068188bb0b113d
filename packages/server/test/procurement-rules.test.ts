import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blameOfShortReason,
  canTransition,
  purchaseOrderTransitions,
  settleReceipt,
  shortReasonOf,
  suggestedQuantity,
} from '../src/modules/procurement/procurement.rules.ts';
import { allocateShortage, type WantingLine } from '../src/modules/procurement/shortage.rules.ts';
import type { PurchaseOrderStatus, ShortReason } from '../src/platform/db/schema.procurement.ts';

describe('purchase-order transitions', () => {
  const table: Array<[PurchaseOrderStatus, PurchaseOrderStatus[]]> = [
    ['draft', ['sent', 'cancelled']],
    ['sent', ['confirmed', 'short_confirmed', 'cancelled']],
    ['confirmed', ['receiving']],
    ['short_confirmed', ['receiving']],
    ['receiving', ['received']],
    ['received', []],
    ['cancelled', []],
  ];
  it.each(table)('%s may go to exactly %j', (from, to) => {
    expect([...purchaseOrderTransitions[from]].sort()).toEqual([...to].sort());
  });
  it('never goes back to draft, and a confirmed order cannot be cancelled', () => {
    for (const from of Object.keys(purchaseOrderTransitions) as PurchaseOrderStatus[]) expect(canTransition(from, 'draft')).toBe(false);
    expect(canTransition('confirmed', 'cancelled')).toBe(false);
  });
});

describe('suggested quantity', () => {
  it.each([
    [100, 0, 0, 100],
    [100, 5, 0, 105],
    [101, 5, 0, 107], // 5.05 rounds up to 6
    [100, 0, 30, 70],
    [10, 10, 50, 0], // stock covers it all: buy nothing, never negative
    [0, 10, 0, 0],
  ])('demand %i, buffer %i %%, stock %i → %i', (demand, buffer, stock, expected) => {
    expect(suggestedQuantity(demand, buffer, stock)).toBe(expected);
  });
});

describe('receipt', () => {
  it.each([
    [
      { expected: 10, received: 10, rejected: 0, acceptOverDelivery: false },
      { accepted: 10, over: 0 },
    ],
    [
      { expected: 10, received: 10, rejected: 2, acceptOverDelivery: false },
      { accepted: 8, over: 0 },
    ],
    [
      { expected: 10, received: 13, rejected: 1, acceptOverDelivery: false },
      { accepted: 10, over: 2 },
    ],
    [
      { expected: 10, received: 13, rejected: 1, acceptOverDelivery: true },
      { accepted: 12, over: 2 },
    ],
    [
      { expected: 10, received: 6, rejected: 0, acceptOverDelivery: false },
      { accepted: 6, over: 0 },
    ],
  ])('%j → %j', (receipt, expected) => {
    expect(settleReceipt(receipt)).toEqual(expected);
  });
  it('refuses more rejects than received', () => {
    expect(() => settleReceipt({ expected: 1, received: 1, rejected: 2, acceptOverDelivery: false })).toThrow();
  });
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
const l = (id: string, point: string, minute: number, quantity: number): WantingLine => ({
  orderLineId: id,
  pickupPointId: point,
  paidAt: at(minute),
  quantity,
});

describe('shortage allocation: latest paid first', () => {
  const lines = [l('a', 'p1', 1, 3), l('b', 'p2', 2, 2), l('c', 'p1', 3, 4)];
  it.each([
    [9, []],
    [20, []],
    [8, [{ orderLineId: 'c', quantity: 1 }]],
    [5, [{ orderLineId: 'c', quantity: 4 }]],
    [
      4,
      [
        { orderLineId: 'c', quantity: 4 },
        { orderLineId: 'b', quantity: 1 },
      ],
    ],
    [
      0,
      [
        { orderLineId: 'c', quantity: 4 },
        { orderLineId: 'b', quantity: 2 },
        { orderLineId: 'a', quantity: 3 },
      ],
    ],
  ])('%i available → %j', (available, expected) => {
    expect(allocateShortage(lines, available, 'latest_paid_first')).toEqual(expected);
  });
  it('breaks ties of payment time by line id, whatever the input order', () => {
    const tied = [l('x1', 'p1', 5, 1), l('x2', 'p1', 5, 1)];
    expect(allocateShortage(tied, 1, 'latest_paid_first')).toEqual([{ orderLineId: 'x2', quantity: 1 }]);
    expect(allocateShortage([...tied].reverse(), 1, 'latest_paid_first')).toEqual([{ orderLineId: 'x2', quantity: 1 }]);
  });
});

describe('shortage allocation: pro rata across pickup points', () => {
  it('splits the shortage by demand per pickup point, in whole units', () => {
    // p1 wants 6, p2 wants 3, p3 wants 1; 5 short → 3 / 1.5 / 0.5 → 3, 2, 0 (largest remainder, ties to the earlier point)
    const lines = [l('a', 'p1', 1, 6), l('b', 'p2', 2, 3), l('c', 'p3', 3, 1)];
    expect(allocateShortage(lines, 5, 'pro_rata')).toEqual([
      { orderLineId: 'a', quantity: 3 },
      { orderLineId: 'b', quantity: 2 },
    ]);
  });
  it('within a pickup point shorts the latest paid line first', () => {
    const lines = [l('a', 'p1', 1, 2), l('b', 'p1', 9, 2), l('c', 'p2', 5, 4)];
    expect(allocateShortage(lines, 4, 'pro_rata')).toEqual([
      { orderLineId: 'b', quantity: 2 },
      { orderLineId: 'c', quantity: 2 },
    ]);
  });
});

describe('shortage allocation: properties', () => {
  const line = fc.record({
    pickupPointId: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    minute: fc.integer({ min: 0, max: 50 }),
    quantity: fc.integer({ min: 0, max: 20 }),
  });
  const input = fc.tuple(
    fc.array(line, { maxLength: 30 }),
    fc.integer({ min: -5, max: 400 }),
    fc.constantFrom('latest_paid_first', 'pro_rata'),
  );
  it('shorts exactly min(shortage, demand) units, never a line below zero or beyond its quantity, each line at most once', () => {
    fc.assert(
      fc.property(input, ([raw, available, rule]) => {
        const lines = raw.map((r, i) => l(`ol${String(i).padStart(3, '0')}`, r.pickupPointId, r.minute, r.quantity));
        const demand = lines.reduce((s, x) => s + x.quantity, 0);
        const shorted = allocateShortage(lines, available, rule as 'pro_rata');
        const total = shorted.reduce((s, x) => s + x.quantity, 0);
        expect(total).toBe(Math.min(Math.max(0, demand - Math.max(0, available)), demand));
        expect(new Set(shorted.map((s) => s.orderLineId)).size).toBe(shorted.length);
        for (const s of shorted) {
          const wanted = lines.find((x) => x.orderLineId === s.orderLineId)?.quantity ?? 0;
          expect(s.quantity).toBeGreaterThan(0);
          expect(s.quantity).toBeLessThanOrEqual(wanted);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('why a line came in short', () => {
  const inFull = { ordered: 54, confirmed: 54, rejected: 0, accepted: 0 };
  const shipped = { ordered: 54, confirmed: 40, rejected: 0, accepted: 40 };
  const rejected = { ordered: 54, confirmed: 54, rejected: 3, accepted: 51 };
  it.each([
    ['confirmed in full, none arrived', inFull, undefined, 'warehouse_error'],
    ['never answered, none arrived', { ...inFull, confirmed: null }, undefined, 'warehouse_error'],
    ['confirmed in full, the clerk says damaged', inFull, 'damaged_in_warehouse', 'damaged_in_warehouse'],
    ['confirmed short', shipped, undefined, 'supplier_short_shipped'],
    ['confirmed short, the clerk says a warehouse error', shipped, 'warehouse_error', 'warehouse_error'],
    ['rejected at receiving', rejected, undefined, 'rejected_quality'],
    ['rejected at receiving, the clerk says short-shipped', rejected, 'supplier_short_shipped', 'supplier_short_shipped'],
    ['nothing short', { ordered: 5, confirmed: 5, rejected: 0, accepted: 5 }, undefined, null],
  ] as const)('%s: %s', (_, line, chosen, reason) => {
    expect(shortReasonOf(line, chosen)).toBe(reason);
  });

  it.each([
    ['the supplier confirmed in full and nothing was rejected', inFull, 'supplier_short_shipped'],
    ['nothing was rejected', shipped, 'rejected_quality'],
    ['nothing is short', { ordered: 5, confirmed: 5, rejected: 0, accepted: 5 }, 'warehouse_error'],
  ] as const)('refuses a reason when %s', (_, line, chosen) => {
    expect(() => shortReasonOf(line, chosen)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([
    ['supplier_short_shipped', 'supplier'],
    ['rejected_quality', 'supplier'],
    ['warehouse_error', 'warehouse'],
    ['damaged_in_warehouse', 'warehouse'],
  ] as Array<[ShortReason, string]>)('%s blames the %s', (reason, side) => {
    expect(blameOfShortReason(reason)).toBe(side);
  });
});
