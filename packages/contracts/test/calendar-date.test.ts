import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateOnly, isCalendarDate } from '../src/common.ts';

describe('calendar dates (DateOnly)', () => {
  it.each([
    ['2026-11-21', true],
    ['2026-01-31', true],
    ['2026-04-30', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-45', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-1', false],
    ['2026-11-21T00:00:00Z', false],
    ['20261121', false],
    ['２０２６-１１-２１', false],
    ['2026-11-21\n', false],
    ['', false],
  ])('%j is a calendar date: %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
    expect(DateOnly.safeParse(value).success).toBe(ok);
  });

  it('agrees with the Gregorian calendar of Date for every year, month and day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const date = new Date(0);
        date.setUTCFullYear(y, m - 1, d);
        const exists = m >= 1 && d >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
        expect(isCalendarDate(text)).toBe(exists);
      }),
      { seed: 20261121, numRuns: 5000 },
    );
  });
});
