import { describe, expect, it } from 'vitest';
import { amountScore, DEFAULT_CRM_RULES, recencyScore, rulesIssues, scoreMember } from '../src/modules/crm/crm.rules.ts';
import { offeredTo } from '../src/modules/promotions/promotions.rules.ts';

const rules = DEFAULT_CRM_RULES; // window 90 d; R ≤7/14/30/60 d; F ≥12/8/4/2; M ≥1000/500/200/50 yuan; lapsed > 60 d; new ≤ 14 d

describe('RFM scores', () => {
  it.each([
    [0, 5],
    [7, 5],
    [8, 4],
    [14, 4],
    [30, 3],
    [31, 2],
    [60, 2],
    [61, 1],
    [400, 1],
  ])('recency %i days scores %i', (days, score) => {
    expect(recencyScore(days, rules)).toBe(score);
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [4, 3],
    [7, 3],
    [8, 4],
    [12, 5],
    [40, 5],
  ])('frequency %i orders scores %i', (orders, score) => {
    expect(amountScore(orders, rules.frequency)).toBe(score);
  });

  it.each([
    [4_999, 1],
    [5_000, 2],
    [19_999, 2],
    [20_000, 3],
    [50_000, 4],
    [100_000, 5],
  ])('monetary %i fen scores %i', (fen, score) => {
    expect(amountScore(fen, rules.monetaryFen)).toBe(score);
  });
});

describe('segments, first rule that holds', () => {
  it.each([
    // recency, tenure, frequency, monetary → r f m segment
    ['bought this week, often and much', 3, 200, 15, 150_000, [5, 5, 5], 'champions'],
    ['4s across the board', 10, 100, 8, 50_000, [4, 4, 4], 'champions'],
    ['often, lately, not much', 20, 100, 5, 10_000, [3, 3, 2], 'loyal'],
    ['first order ten days ago', 5, 10, 1, 2_000, [5, 1, 1], 'new'],
    ['first order fourteen days ago (the edge)', 14, 14, 1, 2_000, [4, 1, 1], 'new'],
    ['often, but not for 45 days', 45, 300, 6, 30_000, [2, 3, 3], 'at_risk'],
    ['spent much, but not for 45 days', 45, 300, 1, 30_000, [2, 1, 3], 'at_risk'],
    ['no order for 61 days', 61, 300, 0, 0, [1, 1, 1], 'lapsed'],
    ['a big spender gone 61 days is lapsed', 61, 300, 12, 200_000, [1, 5, 5], 'lapsed'],
    ['60 days (the edge) and little: low value', 60, 300, 1, 4_000, [2, 1, 1], 'low_value'],
    ['recent but little', 3, 100, 2, 3_000, [5, 2, 1], 'low_value'],
    ['nothing stands out', 20, 100, 2, 10_000, [3, 2, 2], 'regular'],
  ] as const)('%s', (_name, recencyDays, tenureDays, frequency, monetaryFen, [r, f, m], segment) => {
    expect(scoreMember({ recencyDays, tenureDays, frequency, monetaryFen }, rules)).toEqual({ recencyDays, tenureDays, r, f, m, segment });
  });

  it("follows the operator's thresholds", () => {
    const strict = { ...rules, lapsedDays: 30, newDays: 3 };
    expect(scoreMember({ recencyDays: 31, tenureDays: 300, frequency: 6, monetaryFen: 30_000 }, strict).segment).toBe('lapsed');
    expect(scoreMember({ recencyDays: 5, tenureDays: 5, frequency: 1, monetaryFen: 2_000 }, strict).segment).toBe('low_value');
  });
});

describe('thresholds that make sense', () => {
  it.each([
    ['the defaults', {}, []],
    ['recency steps not ascending', { recencyDays: [7, 7, 30, 60] }, ['recencyDays']],
    ['frequency steps not descending', { frequency: [2, 4, 8, 12] }, ['frequency']],
    ['monetary steps not descending', { monetaryFen: [100, 200, 300, 400] }, ['monetaryFen']],
    ['lapsed sooner than the best recency', { lapsedDays: 5, newDays: 3 }, ['lapsedDays']],
    ['new as long as lapsed', { newDays: 60 }, ['newDays']],
  ] as const)('%s', (_name, change, issues) => {
    expect(rulesIssues({ ...rules, ...change } as typeof rules)).toEqual(issues);
  });
});

describe('audience', () => {
  it.each([
    [[], 'low_value', true],
    [['low_value'], 'low_value', false],
    [['low_value', 'lapsed'], 'champions', true],
    [['low_value'], null, true],
  ] as const)('excluding %j offers to %s: %s', (excluded, segment, offered) => {
    expect(offeredTo(excluded, segment)).toBe(offered);
  });
});
