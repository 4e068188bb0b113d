import { type RawBuilder, sql } from 'kysely';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';

/**
 * The leader CRM's rules: how a member's recency, frequency and monetary value (RFM) are scored
 * 1–5 and which segment the scores make. One source for both sides: the pure functions here
 * decide a member in TypeScript (tests, screens), and `scoreSql`/`segmentSql` write the same rules
 * as the CASE expressions the RFM report's INSERT … SELECT computes every member with.
 */

/** The segments, best first; a promotion may leave any of them out of its audience. */
export const SEGMENTS = [
  'champions',
  'loyal',
  'new',
  'at_risk',
  'lapsed',
  'low_value',
  'regular',
] as const satisfies readonly MemberSegment[];

/** The segments a leader reminds (the reminder list): they used to buy and stopped. */
export const REMIND_SEGMENTS: readonly MemberSegment[] = ['at_risk', 'lapsed'];

/** An operator's thresholds (crm_settings; DEFAULT_CRM_RULES while none is saved). */
export interface CrmRules {
  /** Frequency and monetary value count the paid orders of this many days up to the period. */
  windowDays: number;
  /** Days since the last order at most, for R scores 5, 4, 3, 2 (more: 1). */
  recencyDays: [number, number, number, number];
  /** Orders in the window at least, for F scores 5, 4, 3, 2 (fewer: 1). */
  frequency: [number, number, number, number];
  /** Spent in the window (fen, net of refunds) at least, for M scores 5, 4, 3, 2 (less: 1). */
  monetaryFen: [number, number, number, number];
  /** No order for more than this many days: lapsed. */
  lapsedDays: number;
  /** A first order at most this many days ago: new. */
  newDays: number;
}

export const DEFAULT_CRM_RULES: CrmRules = {
  windowDays: 90,
  recencyDays: [7, 14, 30, 60],
  frequency: [12, 8, 4, 2],
  monetaryFen: [100_000, 50_000, 20_000, 5_000],
  lapsedDays: 60,
  newDays: 14,
};

/** What a segment rule reads of a member. */
export interface MemberFacts {
  recencyDays: number;
  /** Days since the first order. */
  tenureDays: number;
  r: number;
  f: number;
  m: number;
}

type Range = { min?: number; max?: number };

/** One line of the segment table: the first line whose every range holds names the segment. */
export interface SegmentRule {
  segment: MemberSegment;
  when: Partial<Record<keyof MemberFacts, Range>>;
}

/**
 * The segment table, first match wins (anyone else is `regular`): lapsed (no order for longer than
 * lapsedDays), new (first order within newDays), champions (R, F and M at least 4), loyal (R and F
 * at least 3), at risk (R at most 2 with F or M at least 3: bought often or much, not lately),
 * low value (M 1).
 */
export function segmentRules(rules: CrmRules): SegmentRule[] {
  return [
    { segment: 'lapsed', when: { recencyDays: { min: rules.lapsedDays + 1 } } },
    { segment: 'new', when: { tenureDays: { max: rules.newDays } } },
    { segment: 'champions', when: { r: { min: 4 }, f: { min: 4 }, m: { min: 4 } } },
    { segment: 'loyal', when: { r: { min: 3 }, f: { min: 3 } } },
    { segment: 'at_risk', when: { r: { max: 2 }, f: { min: 3 } } },
    { segment: 'at_risk', when: { r: { max: 2 }, m: { min: 3 } } },
    { segment: 'low_value', when: { m: { max: 1 } } },
  ];
}

/** R: fewer days since the last order score higher. */
export function recencyScore(days: number, rules: CrmRules): number {
  const i = rules.recencyDays.findIndex((limit) => days <= limit);
  return i < 0 ? 1 : 5 - i;
}

/** F and M: more scores higher (`steps` for 5, 4, 3, 2). */
export function amountScore(value: number, steps: readonly number[]): number {
  const i = steps.findIndex((least) => value >= least);
  return i < 0 ? 1 : 5 - i;
}

/** A member's segment from its facts. */
export function segmentOf(facts: MemberFacts, rules: CrmRules): MemberSegment {
  const hit = segmentRules(rules).find((rule) =>
    Object.entries(rule.when).every(([field, range]) => {
      const v = facts[field as keyof MemberFacts];
      return (range.min === undefined || v >= range.min) && (range.max === undefined || v <= range.max);
    }),
  );
  return hit?.segment ?? 'regular';
}

/** A member's scores and segment from its raw figures (what the report computes in SQL). */
export function scoreMember(
  raw: { recencyDays: number; tenureDays: number; frequency: number; monetaryFen: number },
  rules: CrmRules,
): MemberFacts & { segment: MemberSegment } {
  const facts = {
    recencyDays: raw.recencyDays,
    tenureDays: raw.tenureDays,
    r: recencyScore(raw.recencyDays, rules),
    f: amountScore(raw.frequency, rules.frequency),
    m: amountScore(raw.monetaryFen, rules.monetaryFen),
  };
  return { ...facts, segment: segmentOf(facts, rules) };
}

/** Whether thresholds make sense: each score's steps strictly ordered, windows positive. */
export function rulesIssues(rules: CrmRules): string[] {
  const issues: string[] = [];
  const strictly = (xs: readonly number[], up: boolean) => xs.every((x, i) => i === 0 || (up ? x > xs[i - 1]! : x < xs[i - 1]!));
  if (!strictly(rules.recencyDays, true)) issues.push('recencyDays');
  if (!strictly(rules.frequency, false)) issues.push('frequency');
  if (!strictly(rules.monetaryFen, false)) issues.push('monetaryFen');
  if (rules.lapsedDays < rules.recencyDays[0]) issues.push('lapsedDays');
  if (rules.newDays >= rules.lapsedDays) issues.push('newDays');
  return issues;
}

const int = (n: number) => sql.lit(Math.trunc(n));

/** The R score of a column of days, as SQL. */
export function recencyScoreSql(column: string, rules: CrmRules): RawBuilder<number> {
  const [a, b, c, d] = rules.recencyDays;
  const x = sql.ref(column);
  return sql<number>`case when ${x} <= ${int(a)} then 5 when ${x} <= ${int(b)} then 4 when ${x} <= ${int(c)} then 3 when ${x} <= ${int(d)} then 2 else 1 end`;
}

/** The F or M score of a column, as SQL. */
export function amountScoreSql(column: string, steps: readonly [number, number, number, number]): RawBuilder<number> {
  const [a, b, c, d] = steps;
  const x = sql.ref(column);
  return sql<number>`case when ${x} >= ${int(a)} then 5 when ${x} >= ${int(b)} then 4 when ${x} >= ${int(c)} then 3 when ${x} >= ${int(d)} then 2 else 1 end`;
}

/** The segment table as one SQL CASE over columns named like the facts (`columns` maps each). */
export function segmentSql(rules: CrmRules, columns: Record<keyof MemberFacts, string>): RawBuilder<MemberSegment> {
  const whens = segmentRules(rules).map((rule) => {
    const conditions = Object.entries(rule.when).flatMap(([field, range]) => {
      const x = sql.ref(columns[field as keyof MemberFacts]);
      return [
        ...(range.min === undefined ? [] : [sql`${x} >= ${int(range.min)}`]),
        ...(range.max === undefined ? [] : [sql`${x} <= ${int(range.max)}`]),
      ];
    });
    return sql`when ${sql.join(conditions, sql` and `)} then ${sql.lit(rule.segment)}`;
  });
  return sql<MemberSegment>`case ${sql.join(whens, sql` `)} else 'regular' end`;
}
