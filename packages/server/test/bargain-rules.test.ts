import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bargainCuts, bargainState, cutRefusal, nextCut, offerProblem, RANDOM_RANGE } from '../src/modules/bargain/bargain.rules.ts';

const MID = 2 ** 31;
const constant = (v: number) => () => v;

describe('the next cut', () => {
  it.each([
    // remaining, helpers left, random value, cut
    [1000, 1, 0, 1000],
    [1000, 1, RANDOM_RANGE - 1, 1000],
    // 2 × 1000 / (4 + 1) = 400 on average; half of it at value 0, 1.5× near the top.
    [1000, 4, MID, 400],
    [1000, 4, 0, 200],
    [1000, 4, RANDOM_RANGE - 1, 599],
    // Never leaves less than 1 fen for each helper to come.
    [3, 3, RANDOM_RANGE - 1, 1],
    [5, 3, RANDOM_RANGE - 1, 3],
    [6, 3, RANDOM_RANGE - 1, 4],
    // At least 1 fen, even when the share rounds to 0.
    [3, 3, 0, 1],
    [2, 2, 0, 1],
  ])('%i fen left, %i helpers, value %i: cuts %i', (remaining, left, value, cut) => {
    expect(nextCut(remaining, left, value)).toBe(cut);
  });
  it.each([
    [2, 3, 0],
    [10, 0, 0],
    [10, 2, -1],
    [10, 2, RANDOM_RANGE],
    [10.5, 2, 0],
  ])('refuses %s fen for %s helpers with value %s', (remaining, left, value) => {
    expect(() => nextCut(remaining, left, value)).toThrow();
  });
});

describe('the cuts of a bargain', () => {
  it.each([
    // total, helpers, constant value, cuts
    [100, 1, MID, [100]],
    [100, 3, MID, [50, 33, 17]],
    [10, 10, MID, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    [1000, 5, 0, [166, 166, 167, 167, 334]],
  ])('%i fen over %i helpers (value %i): %j', (total, helpers, value, cuts) => {
    expect(bargainCuts(total, helpers, constant(value))).toEqual(cuts);
  });

  const random = (seed: number) => {
    let s = seed >>> 0 || 1;
    return () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
  };
  const bargains = fc
    .record({ helpers: fc.integer({ min: 1, max: 50 }), extra: fc.integer({ min: 0, max: 1_000_000 }), seed: fc.integer() })
    .map((b) => ({ ...b, total: b.helpers + b.extra }));

  it('sum to exactly price − floor at the configured helper count, every cut at least 1 fen (property)', () => {
    fc.assert(
      fc.property(bargains, ({ total, helpers, seed }) => {
        const cuts = bargainCuts(total, helpers, random(seed));
        expect(cuts).toHaveLength(helpers);
        expect(cuts.reduce((s, c) => s + c, 0)).toBe(total);
        expect(cuts.every((c) => Number.isSafeInteger(c) && c >= 1)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never take the price below the floor after any helper (property)', () => {
    fc.assert(
      fc.property(bargains, fc.integer({ min: 0, max: 1_000_000 }), ({ total, helpers, seed }, floor) => {
        let price = floor + total;
        for (const cut of bargainCuts(total, helpers, random(seed))) {
          price -= cut;
          expect(price).toBeGreaterThanOrEqual(floor);
        }
        expect(price).toBe(floor);
      }),
      { numRuns: 1_000 },
    );
  });

  it('whatever values the CSPRNG gives, even the extremes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.constantFrom(0, 1, MID, RANDOM_RANGE - 2, RANDOM_RANGE - 1), { minLength: 30, maxLength: 30 }),
        (helpers, extra, values) => {
          let i = 0;
          const cuts = bargainCuts(helpers + extra, helpers, () => values[i++ % values.length] as number);
          expect(cuts.reduce((s, c) => s + c, 0)).toBe(helpers + extra);
          expect(Math.min(...cuts)).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('are larger first: on average each helper cuts more than the one after, but the last (property over many bargains)', () => {
    const helpers = 8;
    const sums = new Array<number>(helpers).fill(0);
    const next = random(7);
    for (let run = 0; run < 2_000; run++) {
      for (const [i, c] of bargainCuts(10_000, helpers, next).entries()) sums[i]! += c;
    }
    // The last helper takes what is left, so the order is strict up to the one before it.
    for (let i = 0; i < helpers - 2; i++) expect(sums[i]!).toBeGreaterThan(sums[i + 1]!);
    expect(sums[0]!).toBeGreaterThan(sums[helpers - 1]!);
  });
});

describe("an offer's numbers and a bargain's state", () => {
  it.each([
    [{ priceFen: 1000, floorFen: 100, helpers: 5 }, null],
    [{ priceFen: 1000, floorFen: 0, helpers: 5 }, null],
    [{ priceFen: 1000, floorFen: 995, helpers: 5 }, null],
    [{ priceFen: 1000, floorFen: 996, helpers: 5 }, 'each helper cuts at least 1 fen: price − floor is at least the helpers needed'],
    [{ priceFen: 1000, floorFen: 1000, helpers: 1 }, 'the floor is below the price'],
    [{ priceFen: 1000, floorFen: -1, helpers: 1 }, 'the floor is at least 0 fen'],
    [{ priceFen: 1000, floorFen: 10, helpers: 0 }, 'a bargain needs at least one helper'],
  ])('%o: %s', (offer, problem) => {
    expect(offerProblem(offer)).toBe(problem);
  });
  const at = new Date('2026-11-20T10:00:00Z');
  it.each([
    ['open', '2026-11-20T10:00:01Z', 'open'],
    ['open', '2026-11-20T10:00:00Z', 'expired'],
    ['bought', '2026-11-19T00:00:00Z', 'bought'],
    ['expired', '2026-11-21T00:00:00Z', 'expired'],
  ] as const)('%s until %s reads %s', (state, until, read) => {
    expect(bargainState({ state, expiresAt: new Date(until) }, at)).toBe(read);
  });

  const ok = {
    state: 'open' as const,
    helperIsStarter: false,
    helpedBefore: false,
    helpersLeft: 2,
    newcomerOnly: false,
    helperIsNewcomer: false,
    phoneCutBefore: false,
    deviceCutBefore: false,
    helperCutsToday: 0,
    deviceCutsToday: 0,
    dailyCutLimit: 5,
  };
  it.each([
    [{}, null],
    [{ state: 'expired' as const }, 'not_open'],
    [{ state: 'bought' as const, helperIsStarter: true }, 'not_open'],
    [{ helperIsStarter: true }, 'own_bargain'],
    [{ helpedBefore: true }, 'already_helped'],
    [{ helpersLeft: 0 }, 'no_cuts_left'],
    [{ newcomerOnly: true }, 'newcomers_only'],
    [{ newcomerOnly: true, helperIsNewcomer: true }, null],
    [{ phoneCutBefore: true }, 'phone_used'],
    [{ deviceCutBefore: true }, 'device_used'],
    [{ helperCutsToday: 5 }, 'daily_limit'],
    [{ helperCutsToday: 4 }, null],
    [{ deviceCutsToday: 5 }, 'device_daily_limit'],
    [{ helperCutsToday: 5, deviceCutsToday: 5 }, 'daily_limit'],
  ])('%o: %s', (over, refusal) => {
    expect(cutRefusal({ ...ok, ...over })).toBe(refusal);
  });
});
