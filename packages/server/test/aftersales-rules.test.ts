import { describe, expect, it } from 'vitest';
import {
  assertCaseTransition,
  caseTransitions,
  claimAmount,
  claimCapacity,
  claimDeadline,
} from '../src/modules/aftersales/aftersales.rules.ts';
import { HOUR } from '../src/platform/clock.ts';
import type { CaseStatus } from '../src/platform/db/schema.aftersales.ts';

describe('the after-sales case transition table', () => {
  const all = Object.keys(caseTransitions) as CaseStatus[];
  const allowed: Array<[CaseStatus, CaseStatus]> = [
    ['submitted', 'approved'],
    ['submitted', 'rejected'],
    ['submitted', 'withdrawn'],
    ['approved', 'refunded'],
  ];
  for (const from of all) {
    for (const to of all) {
      const ok = allowed.some(([f, t]) => f === from && t === to);
      it(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
        if (ok) expect(() => assertCaseTransition(from, to)).not.toThrow();
        else expect(() => assertCaseTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
      });
    }
  }
});

describe('the claim window', () => {
  const pickupDayEnd = new Date('2026-11-21T16:00:00Z'); // midnight after the 21st in Shanghai
  const pickedUpAt = new Date('2026-11-21T02:00:00Z');
  it('runs from the pickup for damaged, quality and wrong-item claims', () => {
    for (const type of ['damaged', 'quality', 'wrong_item'] as const) {
      expect(claimDeadline({ type, pickedUpAt, pickupDayEnd, windowHours: 48 })).toEqual(new Date(pickedUpAt.getTime() + 48 * HOUR));
      expect(claimDeadline({ type, pickedUpAt: null, pickupDayEnd, windowHours: 48 })).toBeNull();
    }
  });
  it('runs from the end of the pickup date (or a later pickup) for missing goods', () => {
    expect(claimDeadline({ type: 'missing', pickedUpAt: null, pickupDayEnd, windowHours: 48 })).toEqual(
      new Date(pickupDayEnd.getTime() + 48 * HOUR),
    );
    const late = new Date('2026-11-22T03:00:00Z');
    expect(claimDeadline({ type: 'missing', pickedUpAt: late, pickupDayEnd, windowHours: 24 })).toEqual(
      new Date(late.getTime() + 24 * HOUR),
    );
  });
});

describe('what a claim may ask for', () => {
  const line = { quantity: 3, refundedQuantity: 0, amountFen: 3000, refundedFen: 0, open: [] };
  it('is what is left unrefunded and unclaimed on the line', () => {
    expect(claimCapacity(line)).toEqual({ quantityLeft: 3, fenLeft: 3000 });
    expect(claimCapacity({ ...line, refundedQuantity: 1, refundedFen: 1000, open: [{ quantity: 1, requestedFen: 600 }] })).toEqual({
      quantityLeft: 1,
      fenLeft: 1400,
    });
  });
  it('defaults to unit price × quantity, capped at what is left', () => {
    expect(claimAmount({ quantity: 2 }, 1000, { quantityLeft: 3, fenLeft: 3000 })).toBe(2000);
    expect(claimAmount({ quantity: 2 }, 1000, { quantityLeft: 2, fenLeft: 1500 })).toBe(1500);
    expect(claimAmount({ quantity: 1, amountFen: 300 }, 1000, { quantityLeft: 3, fenLeft: 3000 })).toBe(300);
  });
  it('refuses more units or money than is left', () => {
    expect(() => claimAmount({ quantity: 4 }, 1000, { quantityLeft: 3, fenLeft: 3000 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => claimAmount({ quantity: 1, amountFen: 3001 }, 1000, { quantityLeft: 3, fenLeft: 3000 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => claimAmount({ quantity: 1 }, 1000, { quantityLeft: 1, fenLeft: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
