import { AppError } from '../../platform/errors.ts';

/**
 * The rules of leader performance (团长绩效), pure: the KPI catalogue, periods, levels with their
 * thresholds and grace rule, reward and penalty rules, the ranking's anonymising and the tail that
 * goes on probation (末位淘汰). The service reads facts from the database and applies these.
 */

export type PeriodKind = 'week' | 'month';
export type KpiDirection = 'higher' | 'lower';
export type KpiUnit = 'fen' | 'count' | 'bp';

export interface KpiDefinition {
  code: KpiCode;
  /** Which way is better: a threshold on a `higher` KPI is a floor, on a `lower` one a ceiling. */
  direction: KpiDirection;
  /** fen: money; count: a number of orders or people; bp: a rate in basis points (10000 = 100 %). */
  unit: KpiUnit;
  /** Its weight in the ranking's score (0: shown, not ranked). */
  weight: number;
}

/** The KPI catalogue: every KPI `kpis.report.ts` computes, its direction, unit and ranking weight. */
export const KPI_CATALOGUE = [
  { code: 'gmv', direction: 'higher', unit: 'fen', weight: 3 },
  { code: 'paid_orders', direction: 'higher', unit: 'count', weight: 2 },
  { code: 'active_members', direction: 'higher', unit: 'count', weight: 2 },
  { code: 'new_members', direction: 'higher', unit: 'count', weight: 1 },
  { code: 'repurchase_rate', direction: 'higher', unit: 'bp', weight: 1 },
  { code: 'pickup_on_time_rate', direction: 'higher', unit: 'bp', weight: 1 },
  { code: 'unpicked_rate', direction: 'lower', unit: 'bp', weight: 1 },
  { code: 'handover_accuracy', direction: 'higher', unit: 'bp', weight: 1 },
  { code: 'aftersales_rate', direction: 'lower', unit: 'bp', weight: 1 },
  { code: 'complaint_rate', direction: 'lower', unit: 'bp', weight: 1 },
  { code: 'training_done', direction: 'higher', unit: 'count', weight: 0 },
] as const satisfies ReadonlyArray<{ code: string; direction: KpiDirection; unit: KpiUnit; weight: number }>;

export type KpiCode = (typeof KPI_CATALOGUE)[number]['code'];
export const KPI_CODES = KPI_CATALOGUE.map((k) => k.code) as readonly KpiCode[];

export function kpiDefinition(code: string): KpiDefinition {
  const def = KPI_CATALOGUE.find((k) => k.code === code);
  if (!def) throw new AppError('VALIDATION_FAILED', `unknown KPI ${code}`, { field: 'kpi' });
  return def;
}

export type KpiValues = Partial<Record<KpiCode, number>>;

// ---------------------------------------------------------------- periods

export interface Period {
  kind: PeriodKind;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day, inclusive. */
  end: string;
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(new Date(day(d).getTime() + n * 86_400_000));

/** The period (a week from Monday, or a calendar month) containing a business date. */
export function periodOf(kind: PeriodKind, date: string): Period {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(day(date).getTime())) {
    throw new AppError('VALIDATION_FAILED', 'a date is YYYY-MM-DD', { field: 'date' });
  }
  if (kind === 'week') {
    const weekday = (day(date).getUTCDay() + 6) % 7; // Monday 0
    const start = plusDays(date, -weekday);
    return { kind, start, end: plusDays(start, 6) };
  }
  const start = `${date.slice(0, 7)}-01`;
  const next = new Date(day(start));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { kind, start, end: plusDays(iso(next), -1) };
}

/** The period before `p`. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, plusDays(p.start, -1));
}

/** The last period that ended before `today` (the one a close on `today` closes). */
export function lastClosedPeriod(kind: PeriodKind, today: string): Period {
  return previousPeriod(periodOf(kind, today));
}

/** How a period is named on statements and screens: 2026-W49 or 2026-11. */
export function periodLabel(p: Period): string {
  if (p.kind === 'month') return p.start.slice(0, 7);
  // ISO week number: the week's Thursday decides the year.
  const thursday = day(plusDays(p.start, 3));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- thresholds

export type Comparator = 'gte' | 'lte';

/** Whether a KPI value meets a threshold; a KPI without a value meets nothing. */
export function meets(value: number | undefined, comparator: Comparator, threshold: number): boolean {
  if (value === undefined || !Number.isFinite(value)) return false;
  return comparator === 'gte' ? value >= threshold : value <= threshold;
}

/** The comparator a threshold on a KPI means: at least for `higher`, at most for `lower`. */
export const comparatorOf = (code: KpiCode): Comparator => (kpiDefinition(code).direction === 'higher' ? 'gte' : 'lte');

/** Why a threshold is met or not: one line per KPI the level asks for. */
export interface ThresholdCheck {
  kpi: KpiCode;
  comparator: Comparator;
  threshold: number;
  value: number | null;
  met: boolean;
}

export function checkThresholds(thresholds: KpiValues, values: KpiValues): ThresholdCheck[] {
  return (Object.entries(thresholds) as Array<[KpiCode, number]>).map(([kpi, threshold]) => {
    const comparator = comparatorOf(kpi);
    const value = values[kpi];
    return { kpi, comparator, threshold, value: value ?? null, met: meets(value, comparator, threshold) };
  });
}

// ---------------------------------------------------------------- levels

export interface LevelDefinition {
  level: number;
  name: string;
  /** KPI → the value to reach (at least, or at most for a `lower` KPI). */
  thresholds: KpiValues;
  commissionRateBp: number;
}

/** Throws VALIDATION_FAILED unless levels are numbered 1, 2, … with known KPIs and sane figures. */
export function checkLevels(levels: readonly LevelDefinition[]): void {
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  sorted.forEach((l, i) => {
    if (l.level !== i + 1) throw new AppError('VALIDATION_FAILED', 'levels are numbered 1, 2, 3 … without gaps', { field: 'level' });
    if (!Number.isInteger(l.commissionRateBp) || l.commissionRateBp < 0 || l.commissionRateBp > 5000) {
      throw new AppError('VALIDATION_FAILED', 'a commission rate is 0–5000 bp', { field: 'commissionRateBp' });
    }
    for (const [k, v] of Object.entries(l.thresholds)) {
      kpiDefinition(k);
      if (!Number.isSafeInteger(v) || (v as number) < 0) {
        throw new AppError('VALIDATION_FAILED', 'a threshold is a whole number ≥ 0', { field: 'thresholds' });
      }
    }
  });
}

export interface LevelFacts {
  /** The leader's level before the period's evaluation. */
  current: number;
  /** Consecutive periods, before this one, the leader missed their current level's thresholds. */
  missedBefore: number;
  values: KpiValues;
}

export interface LevelDecision {
  level: number;
  change: 'promoted' | 'demoted' | 'kept';
  /** Whether the leader met their current level's thresholds this period. */
  metCurrent: boolean;
  /** Consecutive missed periods, counting this one (0 when met; reset by a change). */
  missed: number;
  reason: string;
}

/**
 * A leader's level at period end. Promotion: one step at a time, when the next level's thresholds
 * are all met (a lucky period never skips a level). Demotion: one step, only after the current
 * level's thresholds were missed for `grace` consecutive periods (this one included). Level 1 has
 * no floor below it; a level above the highest defined is brought down to it at once.
 */
export function decideLevel(levels: readonly LevelDefinition[], facts: LevelFacts, grace: number): LevelDecision {
  const byLevel = new Map(levels.map((l) => [l.level, l]));
  const top = Math.max(1, ...levels.map((l) => l.level));
  if (facts.current > top) return { level: top, change: 'demoted', metCurrent: false, missed: 0, reason: 'level_removed' };
  const current = byLevel.get(facts.current);
  const metCurrent = current ? checkThresholds(current.thresholds, facts.values).every((c) => c.met) : true;
  const next = byLevel.get(facts.current + 1);
  if (metCurrent && next && checkThresholds(next.thresholds, facts.values).every((c) => c.met)) {
    return { level: next.level, change: 'promoted', metCurrent, missed: 0, reason: 'met_next_level' };
  }
  if (metCurrent) return { level: facts.current, change: 'kept', metCurrent, missed: 0, reason: 'met_current_level' };
  const missed = facts.missedBefore + 1;
  if (facts.current > 1 && missed >= Math.max(1, grace)) {
    return { level: facts.current - 1, change: 'demoted', metCurrent, missed: 0, reason: 'missed_grace_periods' };
  }
  return { level: facts.current, change: 'kept', metCurrent, missed, reason: facts.current > 1 ? 'in_grace' : 'lowest_level' };
}

/** What the leader sees: the next level and what each of its thresholds still asks for. */
export function progressToNext(
  levels: readonly LevelDefinition[],
  current: number,
  values: KpiValues,
): { next: LevelDefinition | null; checks: ThresholdCheck[] } {
  const next = levels.find((l) => l.level === current + 1) ?? null;
  return { next, checks: next ? checkThresholds(next.thresholds, values) : [] };
}

// ---------------------------------------------------------------- rewards and penalties

export type RuleKind = 'bonus' | 'penalty';

export interface RewardRule {
  id: string;
  name: string;
  kpi: KpiCode;
  comparator: Comparator;
  threshold: number;
  amountFen: number;
  kind: RuleKind;
}

export function checkRule(rule: Omit<RewardRule, 'id'>): void {
  kpiDefinition(rule.kpi);
  if (!rule.name.trim()) throw new AppError('VALIDATION_FAILED', 'a rule has a name', { field: 'name' });
  if (!Number.isSafeInteger(rule.threshold) || rule.threshold < 0) {
    throw new AppError('VALIDATION_FAILED', 'a threshold is a whole number ≥ 0', { field: 'threshold' });
  }
  if (!Number.isSafeInteger(rule.amountFen) || rule.amountFen <= 0 || rule.amountFen > 10_000_000) {
    throw new AppError('VALIDATION_FAILED', 'an amount is 1 fen – 100,000 yuan', { field: 'amountFen' });
  }
}

/** The rules a leader's period triggers, with the signed amount for the leader (bonus +, penalty −). */
export function evaluateRules(
  rules: readonly RewardRule[],
  values: KpiValues,
): Array<{ rule: RewardRule; value: number; signedFen: number }> {
  return rules.flatMap((rule) => {
    const value = values[rule.kpi];
    if (!meets(value, rule.comparator, rule.threshold)) return [];
    return [{ rule, value: value as number, signedFen: rule.kind === 'bonus' ? rule.amountFen : -rule.amountFen }];
  });
}

// ---------------------------------------------------------------- ranking and probation

/** A ranked row as a leader sees it: the top N named, the rest anonymised, their own row named. */
export function anonymise<T extends { rank: number; leaderId: string; leaderName: string }>(
  rows: readonly T[],
  topN: number,
  viewer: string,
): Array<T & { anonymous: boolean; mine: boolean }> {
  return rows.map((r) => {
    const mine = r.leaderId === viewer;
    if (r.rank <= topN || mine) return { ...r, anonymous: false, mine };
    return { ...r, leaderId: '', leaderName: `#${r.rank}`, anonymous: true, mine };
  });
}

export type TailMode = 'percent' | 'count';

/** How many of `ranked` leaders are in the tail: the bottom X % (rounded down) or the bottom N. */
export function tailSize(ranked: number, mode: TailMode, value: number): number {
  if (ranked <= 1) return 0;
  const n = mode === 'percent' ? Math.floor((ranked * value) / 100) : value;
  return Math.max(0, Math.min(ranked - 1, n));
}

/**
 * Whether a leader is in the tail: within the bottom `tailSize` counted from the bottom (`fromBottom`,
 * 1 = worst; leaders tied at the bottom are all in it), unless nobody did better (`rank` 1: a
 * ranking where everyone ties has no tail).
 */
export const inTail = (rank: number, fromBottom: number, ranked: number, mode: TailMode, value: number): boolean =>
  rank > 1 && fromBottom <= tailSize(ranked, mode, value);

/** Probation after `k` consecutive periods in the tail (this one counted in `streak`). */
export const goesOnProbation = (streak: number, k: number): boolean => streak >= Math.max(1, k);
