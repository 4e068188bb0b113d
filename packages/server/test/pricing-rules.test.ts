import { describe, expect, it } from 'vitest';
import { type LineToPrice, type PricedLine, type PricingStep, priceOrder } from '../src/modules/ordering/pricing.rules.ts';

const line = (campaignLineId: string, quantity: number, groupPriceFen: number): LineToPrice => ({
  campaignLineId,
  quantity,
  groupPriceFen,
});

describe('priceOrder at group prices (checkout today)', () => {
  const cases: Array<[string, LineToPrice[], Array<[number, number]>, number]> = [
    ['one unit', [line('a', 1, 990)], [[990, 990]], 990],
    ['several units', [line('a', 3, 990)], [[990, 2970]], 2970],
    [
      'two lines',
      [line('a', 2, 990), line('b', 1, 1590)],
      [
        [990, 1980],
        [1590, 1590],
      ],
      3570,
    ],
    [
      'a free line',
      [line('a', 4, 0), line('b', 1, 1)],
      [
        [0, 0],
        [1, 1],
      ],
      1,
    ],
    ['the largest order the API takes', [line('a', 999, 99_999_99)], [[99_999_99, 999 * 99_999_99]], 999 * 99_999_99],
  ];
  it.each(cases)('%s', (_name, lines, expected, total) => {
    const priced = priceOrder(lines);
    expect(priced.lines.map((l) => [l.unitPriceFen, l.amountFen])).toEqual(expected);
    expect(priced.lines.every((l) => l.discounts.length === 0)).toBe(true);
    expect(priced.totalFen).toBe(total);
  });

  it('keeps the lines, their order and what they were given', () => {
    const lines = [line('b', 2, 100), line('a', 1, 50)];
    expect(
      priceOrder(lines).lines.map(({ campaignLineId, quantity, groupPriceFen }) => ({ campaignLineId, quantity, groupPriceFen })),
    ).toEqual(lines);
  });
});

// Steps as marketing would write them, to show the pipeline settles what they change.
const flashPrice =
  (lineId: string, fen: number): PricingStep =>
  (lines) =>
    lines.map((l) => (l.campaignLineId === lineId ? { ...l, unitPriceFen: fen } : l));
const couponOff =
  (lineId: string, fen: number): PricingStep =>
  (lines) =>
    lines.map((l) => (l.campaignLineId === lineId ? { ...l, discounts: [...l.discounts, { source: 'coupon:c1', amountFen: fen }] } : l));
const breakAmount: PricingStep = (lines) => lines.map((l): PricedLine => ({ ...l, amountFen: 1 }));

describe('priceOrder with pricing steps', () => {
  const base = [line('a', 2, 990), line('b', 1, 1590)];
  const cases: Array<[string, PricingStep[], Array<[number, number, number]>, number]> = [
    [
      'a flash-sale price replaces the unit price',
      [flashPrice('a', 500)],
      [
        [500, 0, 1000],
        [1590, 0, 1590],
      ],
      2590,
    ],
    [
      'a coupon is taken off its line',
      [couponOff('b', 300)],
      [
        [990, 0, 1980],
        [1590, 300, 1290],
      ],
      3270,
    ],
    [
      'steps apply in order: price first, then the coupon',
      [flashPrice('a', 500), couponOff('a', 200)],
      [
        [500, 200, 800],
        [1590, 0, 1590],
      ],
      2390,
    ],
    [
      'a discount of the whole amount leaves zero',
      [couponOff('b', 1590)],
      [
        [990, 0, 1980],
        [1590, 1590, 0],
      ],
      1980,
    ],
    [
      'an amount a step sets is recomputed',
      [breakAmount],
      [
        [990, 0, 1980],
        [1590, 0, 1590],
      ],
      3570,
    ],
  ];
  it.each(cases)('%s', (_name, steps, expected, total) => {
    const priced = priceOrder(base, steps);
    expect(priced.lines.map((l) => [l.unitPriceFen, l.discounts.reduce((s, d) => s + d.amountFen, 0), l.amountFen])).toEqual(expected);
    expect(priced.totalFen).toBe(total);
  });

  const refused: Array<[string, LineToPrice[], PricingStep[]]> = [
    ['a discount above the amount', base, [couponOff('b', 1591)]],
    ['a negative unit price', base, [flashPrice('a', -1)]],
    ['a fraction of a fen', base, [flashPrice('a', 99.5)]],
    ['a negative discount', base, [couponOff('a', -10)]],
    ['a fractional group price', [line('a', 1, 0.5)], []],
    ['a quantity of zero', [line('a', 0, 990)], []],
  ];
  it.each(refused)('refuses %s', (_name, lines, steps) => {
    expect(() => priceOrder(lines, steps)).toThrow(/^pricing:/);
  });
});
