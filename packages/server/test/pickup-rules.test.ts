import { describe, expect, it } from 'vitest';
import {
  assertUnpickedTransition,
  parseQrPayload,
  pickupState,
  qrPayload,
  unpickedBefore,
  unpickedStart,
  unpickedTransitions,
} from '../src/modules/pickup/pickup.rules.ts';
import type { UnpickedStatus } from '../src/platform/db/schema.aftersales.ts';
import { addDays } from '../src/platform/calendar.ts';

describe('the unpicked-order transition table', () => {
  const all = Object.keys(unpickedTransitions) as UnpickedStatus[];
  const allowed: Array<[UnpickedStatus, UnpickedStatus]> = [
    ['to_return', 'returned'],
    ['to_dispose', 'disposed'],
  ];
  for (const from of all) {
    for (const to of all) {
      const ok = allowed.some(([f, t]) => f === from && t === to);
      it(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
        if (ok) expect(() => assertUnpickedTransition(from, to)).not.toThrow();
        else expect(() => assertUnpickedTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
      });
    }
  }
  it('starts by the rule', () => {
    expect(unpickedStart('return_to_warehouse')).toBe('to_return');
    expect(unpickedStart('leader_disposal')).toBe('to_dispose');
  });
});

describe('the QR payload', () => {
  it('round-trips order id and code', () => {
    const payload = qrPayload('ord_01abc', '012345');
    expect(payload).toBe('linli:pickup:ord_01abc:012345');
    expect(parseQrPayload(payload)).toEqual({ orderId: 'ord_01abc', pickupCode: '012345' });
  });
  it.each(['', 'linli:pickup:ord_1', 'linli:pickup:ord_1:12345', 'http://x/ord_1:123456', 'linli:pickup:ord 1:123456'])(
    'refuses %j',
    (bad) => {
      expect(() => parseQrPayload(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});

describe('the pickup state of an order', () => {
  const cases: Array<[string, Array<{ netQuantity: number; pickedUp: boolean }>, string]> = [
    ['nothing handed out', [{ netQuantity: 2, pickedUp: false }], 'unpicked'],
    [
      'one of two lines',
      [
        { netQuantity: 2, pickedUp: true },
        { netQuantity: 1, pickedUp: false },
      ],
      'partly',
    ],
    [
      'all lines',
      [
        { netQuantity: 2, pickedUp: true },
        { netQuantity: 1, pickedUp: true },
      ],
      'picked',
    ],
    [
      'the rest was refunded',
      [
        { netQuantity: 2, pickedUp: true },
        { netQuantity: 0, pickedUp: false },
      ],
      'picked',
    ],
    [
      'a handed-out line refunded later still counts as handed out',
      [
        { netQuantity: 0, pickedUp: true },
        { netQuantity: 1, pickedUp: false },
      ],
      'partly',
    ],
    ['everything refunded, nothing handed out', [{ netQuantity: 0, pickedUp: false }], 'unpicked'],
  ];
  it.each(cases)('%s', (_, lines, expected) => {
    expect(pickupState(lines)).toBe(expected);
  });
});

describe('the unpicked period', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('with 2 grace days, goods for the 21st are unpicked from the 24th', () => {
    const isDue = (pickupDate: string, today: string) => pickupDate < unpickedBefore(today, 2);
    expect(isDue('2026-11-21', '2026-11-23')).toBe(false);
    expect(isDue('2026-11-21', '2026-11-24')).toBe(true);
    expect('2026-11-21' < unpickedBefore('2026-11-22', 0)).toBe(true);
    expect('2026-11-21' < unpickedBefore('2026-11-21', 0)).toBe(false);
  });
});
