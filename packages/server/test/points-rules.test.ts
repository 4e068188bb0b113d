import { describe, expect, it } from 'vitest';
import {
  consumeLots,
  DEFAULT_SETTINGS,
  daysOfMonth,
  lotExpiry,
  nextStreak,
  pointsForAmount,
  signInAward,
  spendingOrder,
  streakBonusIssues,
  takeBackTotal,
} from '../src/modules/points/points.rules.ts';

describe('points for an amount paid', () => {
  it.each([
    // fen, points per yuan, points
    [0, 1, 0],
    [99, 1, 0],
    [100, 1, 1],
    [199, 1, 1],
    [12_345, 1, 123],
    [12_345, 2, 246],
    [12_345, 0, 0],
    [-500, 1, 0],
  ])('%i fen at %i a yuan earns %i', (fen, rate, expected) => {
    expect(pointsForAmount(fen, rate)).toBe(expected);
  });
});

describe('what refunds take back of an order', () => {
  it.each([
    // granted, base fen, refunded since the grant, taken back in total
    [10, 1050, 0, 0],
    [10, 1050, 50, 0],
    [10, 1050, 105, 1],
    [10, 1050, 525, 5],
    [10, 1050, 1049, 9],
    [10, 1050, 1050, 10],
    [10, 1050, 2000, 10],
    [0, 50, 50, 0],
    [7, 0, 10, 7],
    [3, 999, 333, 1],
  ])('granted %i on %i fen, %i fen refunded: %i taken back', (granted, base, refunded, expected) => {
    expect(takeBackTotal(granted, base, refunded)).toBe(expected);
  });

  it('never takes back more than was granted, however the refunds split', () => {
    for (const [granted, base] of [
      [13, 1399],
      [1, 100],
      [250, 25_099],
    ] as const) {
      let taken = 0;
      let refunded = 0;
      for (const part of [1, 37, 400, 3, base]) {
        refunded = Math.min(base, refunded + part);
        const total = takeBackTotal(granted, base, refunded);
        expect(total).toBeGreaterThanOrEqual(taken);
        taken = total;
      }
      expect(taken).toBe(granted);
    }
  });
});

describe('the sign-in streak', () => {
  it.each([
    // last sign-in, today, streak
    [undefined, '2026-11-20', 1],
    [{ day: '2026-11-19', streak: 3 }, '2026-11-20', 4],
    [{ day: '2026-11-18', streak: 3 }, '2026-11-20', 1],
    [{ day: '2026-02-28', streak: 6 }, '2026-03-01', 7],
    [{ day: '2028-02-28', streak: 6 }, '2028-03-01', 1],
    [{ day: '2026-12-31', streak: 10 }, '2027-01-01', 11],
  ])('after %o, on %s the streak is %i', (last, today, expected) => {
    expect(nextStreak(last, today)).toBe(expected);
  });

  it.each([
    // streak, points, bonus (the defaults: 5 a day, day 7 → 20)
    [1, 5, 0],
    [6, 5, 0],
    [7, 5, 20],
    [8, 5, 0],
    [14, 5, 0],
  ])('day %i of a streak earns %i and a bonus of %i', (streak, points, bonus) => {
    expect(signInAward(DEFAULT_SETTINGS, streak)).toEqual({ points, bonus });
  });

  it('bonuses are per streak day', () => {
    const rules = {
      signInPoints: 2,
      streakBonuses: [
        { day: 3, points: 5 },
        { day: 30, points: 100 },
      ],
    };
    expect([1, 3, 7, 30].map((s) => signInAward(rules, s).bonus)).toEqual([0, 5, 0, 100]);
  });

  it('a streak day listed twice is refused', () => {
    expect(
      streakBonusIssues([
        { day: 7, points: 1 },
        { day: 7, points: 2 },
      ]),
    ).toEqual(['day 7 appears twice']);
    expect(streakBonusIssues(DEFAULT_SETTINGS.streakBonuses)).toEqual([]);
  });
});

describe('lots a debit consumes', () => {
  const at = (d: string) => new Date(`${d}T00:00:00Z`);
  const lots = [
    { id: 'b', remaining: 5, expiresAt: at('2027-03-01'), documentId: null },
    { id: 'a', remaining: 10, expiresAt: at('2027-01-01'), documentId: 'ord_1' },
    { id: 'c', remaining: 3, expiresAt: at('2027-01-01'), documentId: null },
  ];

  it('takes the soonest-expiring first, then by id; a take-back for an order first takes its own lot', () => {
    expect(spendingOrder(lots).map((l) => l.id)).toEqual(['a', 'c', 'b']);
    expect(spendingOrder(lots, 'ord_9').map((l) => l.id)).toEqual(['a', 'c', 'b']);
    const withOrderLast = [...lots, { id: 'd', remaining: 2, expiresAt: at('2027-09-01'), documentId: 'ord_2' }];
    expect(spendingOrder(withOrderLast, 'ord_2').map((l) => l.id)).toEqual(['d', 'a', 'c', 'b']);
  });

  it.each([
    // amount, takes, taken, shortfall
    [0, [], 0, 0],
    [4, [['a', 4]], 4, 0],
    [10, [['a', 10]], 10, 0],
    [
      12,
      [
        ['a', 10],
        ['c', 2],
      ],
      12,
      0,
    ],
    [
      18,
      [
        ['a', 10],
        ['c', 3],
        ['b', 5],
      ],
      18,
      0,
    ],
    [
      25,
      [
        ['a', 10],
        ['c', 3],
        ['b', 5],
      ],
      18,
      7,
    ],
  ] as const)('a debit of %i takes %o', (amount, takes, taken, shortfall) => {
    expect(consumeLots(spendingOrder(lots), amount)).toEqual({
      takes: takes.map(([lotId, points]) => ({ lotId, points })),
      taken,
      shortfall,
    });
  });
});

describe('calendar helpers', () => {
  it('a lot lives its days; a month has its days', () => {
    expect(lotExpiry(new Date('2026-11-20T02:00:00Z'), 365).toISOString()).toBe('2027-11-20T02:00:00.000Z');
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-12').at(-1)).toBe('2026-12-31');
  });
});
