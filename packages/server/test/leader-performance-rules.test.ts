import { describe, expect, it } from 'vitest';
import {
  anonymise,
  checkLevels,
  checkRule,
  decideLevel,
  evaluateRules,
  goesOnProbation,
  inTail,
  KPI_CATALOGUE,
  type KpiValues,
  type LevelDefinition,
  lastClosedPeriod,
  meets,
  periodLabel,
  periodOf,
  previousPeriod,
  progressToNext,
  type RewardRule,
  tailSize,
} from '../src/modules/leader-performance/performance.rules.ts';
import { AppError } from '../src/platform/errors.ts';

const levels: LevelDefinition[] = [
  { level: 1, name: '见习', thresholds: {}, commissionRateBp: 800 },
  { level: 2, name: '银牌', thresholds: { gmv: 100_000, unpicked_rate: 500 }, commissionRateBp: 1000 },
  { level: 3, name: '金牌', thresholds: { gmv: 500_000, unpicked_rate: 300, active_members: 30 }, commissionRateBp: 1200 },
];

describe('periods', () => {
  it.each([
    ['week', '2026-11-20', '2026-11-16', '2026-11-22', '2026-W47'],
    ['week', '2026-11-16', '2026-11-16', '2026-11-22', '2026-W47'],
    ['week', '2026-11-22', '2026-11-16', '2026-11-22', '2026-W47'],
    ['week', '2027-01-01', '2026-12-28', '2027-01-03', '2026-W53'],
    ['week', '2026-01-01', '2025-12-29', '2026-01-04', '2026-W01'],
    ['month', '2026-02-14', '2026-02-01', '2026-02-28', '2026-02'],
    ['month', '2028-02-29', '2028-02-01', '2028-02-29', '2028-02'],
    ['month', '2026-12-31', '2026-12-01', '2026-12-31', '2026-12'],
  ] as const)('%s of %s: %s – %s (%s)', (kind, date, start, end, label) => {
    const p = periodOf(kind, date);
    expect(p).toEqual({ kind, start, end });
    expect(periodLabel(p)).toBe(label);
  });

  it('the previous period and the last closed one', () => {
    expect(previousPeriod(periodOf('week', '2026-11-20'))).toEqual({ kind: 'week', start: '2026-11-09', end: '2026-11-15' });
    expect(previousPeriod(periodOf('month', '2026-03-10'))).toEqual({ kind: 'month', start: '2026-02-01', end: '2026-02-28' });
    expect(lastClosedPeriod('week', '2026-11-23')).toEqual({ kind: 'week', start: '2026-11-16', end: '2026-11-22' });
    expect(lastClosedPeriod('month', '2026-12-01').start).toBe('2026-11-01');
  });

  it('refuses a date that is not one', () => {
    expect(() => periodOf('week', '2026-13-45')).toThrow(AppError);
    expect(() => periodOf('week', 'yesterday')).toThrow(AppError);
  });
});

describe('thresholds', () => {
  it.each([
    [10, 'gte', 10, true],
    [9, 'gte', 10, false],
    [10, 'lte', 10, true],
    [11, 'lte', 10, false],
    [undefined, 'gte', 0, false],
    [undefined, 'lte', 100, false],
  ] as const)('%s %s %s: %s', (value, comparator, threshold, met) => {
    expect(meets(value, comparator, threshold)).toBe(met);
  });
});

describe('level at period end (promotion one step, demotion after the grace)', () => {
  const good: KpiValues = { gmv: 600_000, unpicked_rate: 200, active_members: 40 };
  const silver: KpiValues = { gmv: 150_000, unpicked_rate: 400, active_members: 10 };
  const poor: KpiValues = { gmv: 50_000, unpicked_rate: 900, active_members: 3 };
  it.each<[string, number, number, KpiValues, number, number, string, number]>([
    // name, current, missedBefore, values, grace → level, change, missed
    ['level 1 meeting level 3 goes one step up', 1, 0, good, 2, 2, 'promoted', 0],
    ['level 2 meeting level 3 goes up', 2, 0, good, 2, 3, 'promoted', 0],
    ['the top level meeting it stays', 3, 0, good, 2, 3, 'kept', 0],
    ['level 2 meeting level 2 only stays', 2, 0, silver, 2, 2, 'kept', 0],
    ['a first miss is in grace', 3, 0, silver, 2, 3, 'kept', 1],
    ['the second miss in a row demotes one step', 3, 1, silver, 2, 2, 'demoted', 0],
    ['grace 3: the second miss stays', 3, 1, poor, 3, 3, 'kept', 2],
    ['grace 3: the third miss demotes', 3, 2, poor, 3, 2, 'demoted', 0],
    ['grace 1: a single miss demotes', 2, 0, poor, 1, 1, 'demoted', 0],
    ['level 1 never goes lower', 1, 5, poor, 1, 1, 'kept', 0],
    ['meeting again resets the misses', 2, 1, silver, 2, 2, 'kept', 0],
    ['a level above the defined ones comes down to the top', 7, 0, good, 2, 3, 'demoted', 0],
    ['a missing KPI meets no threshold', 1, 0, { gmv: 200_000 }, 2, 1, 'kept', 0],
  ])('%s', (_name, current, missedBefore, values, grace, level, change, missed) => {
    const d = decideLevel(levels, { current, missedBefore, values }, grace);
    expect([d.level, d.change, d.missed]).toEqual([level, change, missed]);
  });

  it('says what the next level asks for', () => {
    const { next, checks } = progressToNext(levels, 2, silver);
    expect(next?.level).toBe(3);
    expect(checks).toEqual([
      { kpi: 'gmv', comparator: 'gte', threshold: 500_000, value: 150_000, met: false },
      { kpi: 'unpicked_rate', comparator: 'lte', threshold: 300, value: 400, met: false },
      { kpi: 'active_members', comparator: 'gte', threshold: 30, value: 10, met: false },
    ]);
    expect(progressToNext(levels, 3, good).next).toBeNull();
  });

  it.each<[string, LevelDefinition[]]>([
    ['a gap', [levels[0] as LevelDefinition, { ...(levels[2] as LevelDefinition) }]],
    ['an unknown KPI', [{ level: 1, name: 'x', thresholds: { nonsense: 1 } as KpiValues, commissionRateBp: 100 }]],
    ['a negative threshold', [{ level: 1, name: 'x', thresholds: { gmv: -1 }, commissionRateBp: 100 }]],
    ['a rate above 50 %', [{ level: 1, name: 'x', thresholds: {}, commissionRateBp: 5001 }]],
  ])('refuses levels with %s', (_name, bad) => {
    expect(() => checkLevels(bad)).toThrow(AppError);
  });
});

describe('reward and penalty rules', () => {
  const rules: RewardRule[] = [
    { id: 'r1', name: 'GMV 过万奖', kpi: 'gmv', comparator: 'gte', threshold: 1_000_000, amountFen: 5000, kind: 'bonus' },
    { id: 'r2', name: '售后率超标罚', kpi: 'aftersales_rate', comparator: 'gte', threshold: 500, amountFen: 2000, kind: 'penalty' },
    { id: 'r3', name: '准时提货奖', kpi: 'pickup_on_time_rate', comparator: 'gte', threshold: 9500, amountFen: 1000, kind: 'bonus' },
  ];
  it.each<[string, KpiValues, Array<[string, number]>]>([
    ['nothing met', { gmv: 10, aftersales_rate: 100, pickup_on_time_rate: 9000 }, []],
    ['a bonus at the threshold exactly', { gmv: 1_000_000, aftersales_rate: 0 }, [['r1', 5000]]],
    ['a penalty is negative', { gmv: 0, aftersales_rate: 800 }, [['r2', -2000]]],
    [
      'both',
      { gmv: 2_000_000, aftersales_rate: 500, pickup_on_time_rate: 10000 },
      [
        ['r1', 5000],
        ['r2', -2000],
        ['r3', 1000],
      ],
    ],
    ['a KPI without a value triggers nothing', { gmv: 2_000_000 }, [['r1', 5000]]],
  ])('%s', (_name, values, expected) => {
    expect(evaluateRules(rules, values).map((d) => [d.rule.id, d.signedFen])).toEqual(expected);
  });

  it.each([
    ['an unknown KPI', { kpi: 'nope' }],
    ['no name', { name: ' ' }],
    ['a zero amount', { amountFen: 0 }],
    ['a fractional amount', { amountFen: 1.5 }],
    ['a negative threshold', { threshold: -3 }],
  ])('refuses a rule with %s', (_name, patch) => {
    const base = { name: 'x', kpi: 'gmv', comparator: 'gte', threshold: 1, amountFen: 100, kind: 'bonus' };
    expect(() => checkRule({ ...base, ...patch } as Omit<RewardRule, 'id'>)).toThrow(AppError);
  });

  it('the catalogue names every KPI once, with a direction and a unit', () => {
    const codes = KPI_CATALOGUE.map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('ranking tail and probation', () => {
  it.each([
    [10, 'percent', 10, 1],
    [25, 'percent', 10, 2],
    [9, 'percent', 10, 0],
    [5, 'count', 2, 2],
    [2, 'count', 5, 1],
    [1, 'count', 1, 0],
    [0, 'percent', 50, 0],
  ] as const)('%i ranked, %s %i: %i in the tail', (ranked, mode, value, n) => {
    expect(tailSize(ranked, mode, value)).toBe(n);
  });

  it('the tail is the bottom ranks', () => {
    // Ranks 1..5 without ties: 5, 4, 3, 2, 1 from the bottom.
    expect([1, 2, 3, 4, 5].map((r) => inTail(r, 6 - r, 5, 'count', 2))).toEqual([false, false, false, true, true]);
  });

  it('leaders tied at the bottom are all in the tail; a ranking where all tie has none', () => {
    // Scores 9, 5, 0, 0, 0: ranks 1, 2, 3, 3, 3; from the bottom 5, 4, 1, 1, 1.
    const rows: Array<[number, number]> = [
      [1, 5],
      [2, 4],
      [3, 1],
      [3, 1],
      [3, 1],
    ];
    expect(rows.map(([rank, fromBottom]) => inTail(rank, fromBottom, 5, 'count', 1))).toEqual([false, false, true, true, true]);
    expect([1, 1, 1].map(() => inTail(1, 1, 3, 'count', 1))).toEqual([false, false, false]);
  });

  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
    [1, 1, true],
  ])('%i periods in the tail, K = %i: probation %s', (streak, k, yes) => {
    expect(goesOnProbation(streak, k)).toBe(yes);
  });

  it('leaders see the top N named, the rest anonymised, their own row named', () => {
    const rows = [1, 2, 3, 4].map((rank) => ({ rank, leaderId: `l${rank}`, leaderName: `团长${rank}` }));
    const shown = anonymise(rows, 2, 'l4');
    expect(shown.map((r) => [r.leaderName, r.anonymous, r.mine])).toEqual([
      ['团长1', false, false],
      ['团长2', false, false],
      ['#3', true, false],
      ['团长4', false, true],
    ]);
    expect(shown[2]?.leaderId).toBe('');
  });
});
