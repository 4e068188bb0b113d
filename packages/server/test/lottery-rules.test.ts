import { describe, expect, it } from 'vitest';
import {
  auditOutcome,
  fallbackPrize,
  freeDrawsLeft,
  oddsProblem,
  payment,
  pickPrize,
  probabilityText,
  RANDOM_RANGE,
  slotOf,
} from '../src/modules/lottery/lottery.rules.ts';

const table = [
  { id: 'a', position: 0, kind: 'coupon' as const, weightBp: 100, stock: 5 },
  { id: 'b', position: 1, kind: 'points' as const, weightBp: 2_400, stock: null },
  { id: 'c', position: 2, kind: 'item' as const, weightBp: 0, stock: 3 },
  { id: 'n', position: 3, kind: 'none' as const, weightBp: 7_500, stock: null },
];
/** The first random value whose slot is `slot`. */
const valueAt = (slot: number) => Math.ceil((slot * RANDOM_RANGE) / 10_000);

describe('the odds table', () => {
  it.each([
    [table, null],
    [table.slice(0, 1), 'a lottery has at least two prizes'],
    [table.map((p) => (p.id === 'n' ? { ...p, weightBp: 7_499 } : p)), 'the weights sum to 9999 basis points, not 10000'],
    [
      table.map((p) => (p.id === 'n' ? { ...p, kind: 'points' as const } : p)),
      'exactly one prize is the none prize (谢谢参与): the draws whose prize is gone get it',
    ],
    [[...table, { ...table[3]!, weightBp: 0 }], 'exactly one prize is the none prize (谢谢参与): the draws whose prize is gone get it'],
    [table.map((p) => (p.id === 'n' ? { ...p, stock: 10 } : p)), 'the none prize is unlimited (stock null)'],
    [table.map((p) => (p.id === 'a' ? { ...p, weightBp: -1 } : p)), 'a weight is a whole number of basis points, 0 to 10000'],
    [table.map((p) => (p.id === 'a' ? { ...p, weightBp: 1.5 } : p)), 'a weight is a whole number of basis points, 0 to 10000'],
  ])('%#: %s', (prizes, problem) => {
    expect(oddsProblem(prizes)).toBe(problem);
  });
});

describe('where a random value falls', () => {
  it.each([
    [0, 0],
    [valueAt(1) - 1, 0],
    [valueAt(1), 1],
    [valueAt(5_000), 5_000],
    [RANDOM_RANGE - 1, 9_999],
  ])('value %i is slot %i', (value, slot) => {
    expect(slotOf(value)).toBe(slot);
  });
  it.each([-1, RANDOM_RANGE, 0.5, Number.NaN])('refuses %s', (value) => {
    expect(() => slotOf(value)).toThrow();
  });
  it.each([
    [0, 'a'],
    [valueAt(99), 'a'],
    [valueAt(100), 'b'],
    [valueAt(2_499), 'b'],
    // c weighs 0: never picked; slot 2500 is the none prize's first.
    [valueAt(2_500), 'n'],
    [RANDOM_RANGE - 1, 'n'],
  ])('value %i picks %s', (value, id) => {
    expect(pickPrize(table, value).id).toBe(id);
  });
  it('walks the table by position whatever the order it is given in', () => {
    expect(pickPrize([...table].reverse(), 0).id).toBe('a');
  });
  it('gives each prize exactly its weight of the 10000 slots', () => {
    const counts = new Map<string, number>();
    for (let slot = 0; slot < 10_000; slot++) {
      const id = pickPrize(table, valueAt(slot)).id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ a: 100, b: 2_400, n: 7_500 });
  });
  it('the fallback is the none prize', () => {
    expect(fallbackPrize(table).id).toBe('n');
  });
});

describe('paying for a draw', () => {
  it.each([
    [{ pointsPerDraw: 10, freeEarned: 2, freeUsed: 1 }, 'free_draw'],
    [{ pointsPerDraw: 10, freeEarned: 2, freeUsed: 2 }, 'points'],
    [{ pointsPerDraw: 10, freeEarned: 0, freeUsed: 0 }, 'points'],
    [{ pointsPerDraw: 0, freeEarned: 1, freeUsed: 0 }, 'free_draw'],
    [{ pointsPerDraw: 0, freeEarned: 0, freeUsed: 0 }, 'free'],
    // More used than earned (a sign-in day outside a changed window): never a negative count.
    [{ pointsPerDraw: 10, freeEarned: 1, freeUsed: 3 }, 'points'],
  ])('%o pays with %s', (p, expected) => {
    expect(payment(p)).toBe(expected);
  });
  it.each([
    [3, 1, 2],
    [1, 1, 0],
    [1, 3, 0],
  ])('%i earned, %i used: %i left', (earned, used, left) => {
    expect(freeDrawsLeft(earned, used)).toBe(left);
  });
});

describe('odds shown and audits', () => {
  it.each([
    [1, '0.01%'],
    [1_250, '12.50%'],
    [10_000, '100.00%'],
    [0, '0.00%'],
  ])('%i bp reads %s', (bp, text) => {
    expect(probabilityText(bp)).toBe(text);
  });
  it.each([
    [{ randomValue: 0, pickedPrizeId: 'a', prizeId: 'a', fellBack: false }, true],
    [{ randomValue: 0, pickedPrizeId: 'a', prizeId: 'n', fellBack: true }, true],
    // The value picks a, not b: a forged record.
    [{ randomValue: 0, pickedPrizeId: 'b', prizeId: 'b', fellBack: false }, false],
    // Given something else than the picked prize or the none prize.
    [{ randomValue: 0, pickedPrizeId: 'a', prizeId: 'b', fellBack: true }, false],
    [{ randomValue: 0, pickedPrizeId: 'a', prizeId: 'n', fellBack: false }, false],
  ])('%o consistent: %s', (draw, consistent) => {
    expect(auditOutcome(table, draw).consistent).toBe(consistent);
  });
});
