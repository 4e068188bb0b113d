import { z } from 'zod';
import { DateOnly, Fen, Id, Timestamp } from './common.ts';

/** Leader performance (团长绩效): KPIs, levels, reward and penalty rules, rankings and probation. */

export const KpiCode = z.enum([
  'gmv',
  'paid_orders',
  'active_members',
  'new_members',
  'repurchase_rate',
  'pickup_on_time_rate',
  'unpicked_rate',
  'handover_accuracy',
  'aftersales_rate',
  'complaint_rate',
  'training_done',
]);
export const PeriodKind = z.enum(['week', 'month']);
export const Comparator = z.enum(['gte', 'lte']).describe('gte: at least the threshold; lte: at most');
export const KpiValues = z
  .record(z.string(), z.number().int())
  .describe('KPI code → value: fen (gmv), a count, or basis points for a rate (10000 = 100 %)');
const Threshold = z.number().int().min(0).max(1_000_000_000_000);

export const KpiDefinition = z.object({
  code: KpiCode,
  direction: z.enum(['higher', 'lower']),
  unit: z.enum(['fen', 'count', 'bp']),
  weight: z.number().int(),
});

export const Settings = z.object({
  periodKind: PeriodKind,
  gracePeriods: z.number().int().min(1).max(12).describe('a level is lost after missing its thresholds this many periods in a row'),
  tailMode: z.enum(['percent', 'count']),
  tailValue: z.number().int().min(0).max(1000).describe('the tail of a ranking: the bottom X % or bottom N'),
  probationAfter: z.number().int().min(1).max(12).describe('periods in a row in the tail before probation'),
  topN: z.number().int().min(0).max(100).describe('leaders see this many names at the top of a ranking'),
});
export const UpdateSettings = z.strictObject(Settings.partial().shape);

export const Level = z.object({
  level: z.number().int().min(1).max(20),
  name: z.string().trim().min(1).max(20),
  thresholds: z.partialRecord(KpiCode, Threshold),
  commissionRateBp: z.number().int().min(0).max(5000).describe("the level's commission rate (the ledger's commission rule for the level)"),
});
export const SaveLevels = z.strictObject({ levels: z.array(Level).max(20) });
export const LevelList = z.object({ items: z.array(Level), catalogue: z.array(KpiDefinition), settings: Settings });

export const CreateRule = z.strictObject({
  name: z.string().trim().min(1).max(40),
  kpi: KpiCode,
  comparator: Comparator,
  threshold: Threshold,
  amountFen: Fen.min(1).max(10_000_000),
  kind: z.enum(['bonus', 'penalty']),
});
export const Rule = CreateRule.extend({ id: Id, active: z.boolean() });
export const SetRuleActive = z.strictObject({ active: z.boolean() });
export const RuleList = z.object({ items: z.array(Rule) });

export const PeriodQuery = z.strictObject({
  kind: PeriodKind.optional(),
  date: DateOnly.optional().describe('any day of the period; default: the last closed one'),
  warehouseId: Id.optional(),
});

export const ClosedPeriod = z.object({
  kind: PeriodKind,
  start: DateOnly,
  end: DateOnly,
  label: z.string(),
  leaders: z.number().int(),
  closedAt: Timestamp,
});

export const PeriodRow = z.object({
  leaderId: Id,
  leaderName: z.string(),
  warehouseId: Id.nullable(),
  score: z.number().int().nullable(),
  rank: z.number().int().nullable(),
  ranked: z.number().int().nullable(),
  inTail: z.boolean(),
  tailStreak: z.number().int(),
  levelBefore: z.number().int().nullable(),
  levelAfter: z.number().int().nullable(),
  reason: z.string().nullable(),
  kpis: KpiValues,
});
export const PeriodTable = z.object({
  period: z.object({ kind: PeriodKind, start: DateOnly, end: DateOnly, label: z.string() }),
  closed: z.boolean(),
  periods: z.array(ClosedPeriod),
  items: z.array(PeriodRow),
  results: z.array(
    z.object({
      ruleId: Id,
      leaderId: Id,
      kind: z.enum(['bonus', 'penalty']),
      kpi: z.string(),
      kpiValue: z.number().int(),
      amountFen: Fen,
      entryId: Id.nullable(),
      availableAfterFen: Fen.nullable().describe("a penalty's withdrawable balance after it, when below zero"),
    }),
  ),
});

export const ClosePeriod = z.strictObject({ kind: PeriodKind.optional(), date: DateOnly });
export const CloseSummary = z.object({
  closed: z.boolean().describe('false: the period was closed before'),
  period: z.object({ kind: PeriodKind, start: DateOnly, end: DateOnly }),
  leaders: z.number().int(),
  promoted: z.number().int(),
  demoted: z.number().int(),
  bonuses: z.number().int(),
  penalties: z.number().int(),
  rewardFen: Fen,
  probations: z.number().int(),
});

export const Probation = z.object({
  id: Id,
  leaderId: Id,
  leaderName: z.string(),
  periodStart: DateOnly,
  label: z.string(),
  tailStreak: z.number().int(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
});
export const ProbationList = z.object({ items: z.array(Probation) });

const ThresholdCheck = z.object({
  kpi: KpiCode,
  comparator: Comparator,
  threshold: z.number().int(),
  value: z.number().int().nullable(),
  met: z.boolean(),
});

export const MyPerformance = z.object({
  level: z.number().int(),
  levelName: z.string().nullable(),
  commissionRateBp: z.number().int().nullable(),
  period: z.object({ kind: PeriodKind, start: DateOnly, end: DateOnly, label: z.string() }).nullable(),
  kpis: KpiValues,
  current: z.array(ThresholdCheck).describe("the current level's thresholds, met or not (why the leader is there)"),
  next: z
    .object({ level: z.number().int(), name: z.string(), commissionRateBp: z.number().int(), checks: z.array(ThresholdCheck) })
    .nullable(),
  result: z
    .object({
      rank: z.number().int(),
      ranked: z.number().int(),
      score: z.number().int(),
      inTail: z.boolean(),
      tailStreak: z.number().int(),
      missedStreak: z.number().int(),
      reason: z.string(),
    })
    .nullable(),
  probation: z.object({ since: Timestamp, tailStreak: z.number().int() }).nullable(),
  rewards: z.array(
    z.object({
      ruleId: Id,
      kind: z.enum(['bonus', 'penalty']),
      kpi: z.string(),
      kpiValue: z.number().int(),
      amountFen: Fen,
      periodStart: DateOnly,
      label: z.string(),
    }),
  ),
  history: z.array(
    z.object({ periodStart: DateOnly, label: z.string(), levelBefore: z.number().int(), levelAfter: z.number().int(), reason: z.string() }),
  ),
  catalogue: z.array(KpiDefinition),
});

export const MyRanking = z.object({
  period: z.object({ kind: PeriodKind, start: DateOnly, end: DateOnly, label: z.string() }).nullable(),
  topN: z.number().int(),
  rows: z.array(
    z.object({
      rank: z.number().int(),
      leaderId: z.string().describe('empty for an anonymised row'),
      leaderName: z.string(),
      score: z.number().int(),
      anonymous: z.boolean(),
      mine: z.boolean(),
    }),
  ),
});
