import type { Executor } from '../../platform/db/database.ts';
import { leadersByIds } from '../leader/index.ts';
import {
  anonymise,
  checkThresholds,
  KPI_CATALOGUE,
  type KpiValues,
  type Period,
  type PeriodKind,
  periodLabel,
  periodOf,
  progressToNext,
  type ThresholdCheck,
} from './performance.rules.ts';
import { getSettings, listLevels, periodKpis } from './performance.service.ts';

/** The periods closed, newest first. */
export async function closedPeriods(db: Executor, operatorId: string, kind: PeriodKind, limit = 26) {
  const rows = await db
    .selectFrom('leader_period_closings')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', kind)
    .orderBy('period_start', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: r.period_kind,
    start: r.period_start,
    end: r.period_end,
    label: periodLabel({ kind: r.period_kind, start: r.period_start, end: r.period_end }),
    leaders: r.leaders,
    closedAt: r.closed_at.toISOString(),
  }));
}

export interface PeriodRow {
  leaderId: string;
  leaderName: string;
  warehouseId: string | null;
  score: number | null;
  rank: number | null;
  ranked: number | null;
  inTail: boolean;
  tailStreak: number;
  levelBefore: number | null;
  levelAfter: number | null;
  reason: string | null;
  kpis: KpiValues;
}

/** The period's table for staff: every leader's KPIs with score, rank, level and tail, best first. */
export async function periodTable(db: Executor, operatorId: string, period: Period, warehouseId?: string): Promise<PeriodRow[]> {
  const kpis = await periodKpis(db, operatorId, period);
  let q = db
    .selectFrom('leader_period_results')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start);
  if (warehouseId) q = q.where('warehouse_id', '=', warehouseId);
  const results = new Map((await q.execute()).map((r) => [r.leader_id, r]));
  const ids = warehouseId ? [...results.keys()] : [...new Set([...kpis.keys(), ...results.keys()])];
  const names = await leadersByIds(db, operatorId, ids);
  return ids
    .map((id) => {
      const r = results.get(id);
      return {
        leaderId: id,
        leaderName: names.get(id)?.name ?? id,
        warehouseId: r?.warehouse_id ?? null,
        score: r?.score ?? null,
        rank: r?.rank ?? null,
        ranked: r?.ranked ?? null,
        inTail: r?.in_tail ?? false,
        tailStreak: r?.tail_streak ?? 0,
        levelBefore: r?.level_before ?? null,
        levelAfter: r?.level_after ?? null,
        reason: r?.reason ?? null,
        kpis: kpis.get(id) ?? {},
      };
    })
    .sort(
      (a, b) =>
        (a.warehouseId ?? '').localeCompare(b.warehouseId ?? '') ||
        (b.score ?? -1) - (a.score ?? -1) ||
        (b.kpis.gmv ?? 0) - (a.kpis.gmv ?? 0) ||
        a.leaderId.localeCompare(b.leaderId),
    );
}

const CSV_COLUMNS = ['leader_id', 'leader', 'warehouse_id', 'rank', 'ranked', 'score', 'level_before', 'level_after', 'in_tail'];

/** The period's table as CSV (UTF-8 with BOM for spreadsheet programs), one row per leader, every KPI a column. */
export function periodCsv(rows: readonly PeriodRow[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = [...CSV_COLUMNS, ...KPI_CATALOGUE.map((k) => `${k.code}_${k.unit}`)];
  const lines = rows.map((r) =>
    [
      r.leaderId,
      r.leaderName,
      r.warehouseId,
      r.rank,
      r.ranked,
      r.score,
      r.levelBefore,
      r.levelAfter,
      r.inTail,
      ...KPI_CATALOGUE.map((k) => r.kpis[k.code]),
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The ranking of a leader's warehouse for a period, as the leader sees it (top N named, own row named). */
export async function leaderRanking(db: Executor, operatorId: string, leaderId: string, period: Period) {
  const { topN } = await getSettings(db, operatorId);
  const mine = await db
    .selectFrom('leader_period_results')
    .select(['warehouse_id'])
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start)
    .where('leader_id', '=', leaderId)
    .executeTakeFirst();
  if (!mine) return { topN, rows: [], me: null };
  const rows = (await periodTable(db, operatorId, period)).filter((r) => r.warehouseId === mine.warehouse_id && r.rank !== null);
  const shown = anonymise(
    rows.map((r) => ({ leaderId: r.leaderId, leaderName: r.leaderName, rank: r.rank as number, score: r.score as number })),
    topN,
    leaderId,
  );
  return { topN, rows: shown, me: shown.find((r) => r.mine) ?? null };
}

export interface MyPerformance {
  level: number;
  levelName: string | null;
  commissionRateBp: number | null;
  period: { kind: PeriodKind; start: string; end: string; label: string } | null;
  kpis: KpiValues;
  /** Why the leader is at their level: each threshold of the current level, met or not. */
  current: ThresholdCheck[];
  next: { level: number; name: string; commissionRateBp: number; checks: ThresholdCheck[] } | null;
  result: { rank: number; ranked: number; score: number; inTail: boolean; tailStreak: number; missedStreak: number; reason: string } | null;
  probation: { since: string; tailStreak: number } | null;
  rewards: Array<{
    ruleId: string;
    kind: 'bonus' | 'penalty';
    kpi: string;
    kpiValue: number;
    amountFen: number;
    periodStart: string;
    label: string;
  }>;
  history: Array<{ periodStart: string; label: string; levelBefore: number; levelAfter: number; reason: string }>;
}

/** A leader's level, the last closed period's KPIs, progress to the next level and why, rank and probation. */
export async function myPerformance(db: Executor, operatorId: string, leaderId: string, level: number): Promise<MyPerformance> {
  const settings = await getSettings(db, operatorId);
  const levels = await listLevels(db, operatorId);
  const last = await db
    .selectFrom('leader_period_closings')
    .select(['period_kind', 'period_start', 'period_end'])
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', settings.periodKind)
    .orderBy('period_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  const period = last ? periodOf(last.period_kind, last.period_start) : null;
  const kpis = period ? ((await periodKpis(db, operatorId, period, leaderId)).get(leaderId) ?? {}) : {};
  const currentDef = levels.find((l) => l.level === level);
  const progress = progressToNext(levels, level, kpis);
  const result = period
    ? await db
        .selectFrom('leader_period_results')
        .selectAll()
        .where('operator_id', '=', operatorId)
        .where('period_kind', '=', period.kind)
        .where('period_start', '=', period.start)
        .where('leader_id', '=', leaderId)
        .executeTakeFirst()
    : undefined;
  const probation = await db
    .selectFrom('leader_probations')
    .select(['started_at', 'tail_streak'])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  const rewards = await db
    .selectFrom('leader_rule_results')
    .select(['rule_id', 'kind', 'kpi', 'kpi_value', 'amount_fen', 'period_start', 'period_kind'])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .orderBy('period_start', 'desc')
    .limit(20)
    .execute();
  const history = await db
    .selectFrom('leader_period_results')
    .select(['period_start', 'period_kind', 'level_before', 'level_after', 'reason'])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .whereRef('level_after', '<>', 'level_before')
    .orderBy('period_start', 'desc')
    .limit(20)
    .execute();
  return {
    level,
    levelName: currentDef?.name ?? null,
    commissionRateBp: currentDef?.commissionRateBp ?? null,
    period: period ? { ...period, label: periodLabel(period) } : null,
    kpis,
    current: currentDef ? checkThresholds(currentDef.thresholds, kpis) : [],
    next: progress.next
      ? { level: progress.next.level, name: progress.next.name, commissionRateBp: progress.next.commissionRateBp, checks: progress.checks }
      : null,
    result: result
      ? {
          rank: result.rank,
          ranked: result.ranked,
          score: result.score,
          inTail: result.in_tail,
          tailStreak: result.tail_streak,
          missedStreak: result.missed_streak,
          reason: result.reason,
        }
      : null,
    probation: probation ? { since: probation.started_at.toISOString(), tailStreak: probation.tail_streak } : null,
    rewards: rewards.map((r) => ({
      ruleId: r.rule_id,
      kind: r.kind,
      kpi: r.kpi,
      kpiValue: Number(r.kpi_value),
      amountFen: r.amount_fen,
      periodStart: r.period_start,
      label: periodLabel(periodOf(r.period_kind, r.period_start)),
    })),
    history: history.map((h) => ({
      periodStart: h.period_start,
      label: periodLabel(periodOf(h.period_kind, h.period_start)),
      levelBefore: h.level_before,
      levelAfter: h.level_after,
      reason: h.reason,
    })),
  };
}

/** The leaders on probation now: a leader's removal moves no members to their points. */
export async function leadersOnProbation(db: Executor, operatorId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('leader_probations')
    .select('leader_id')
    .where('operator_id', '=', operatorId)
    .where('ended_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.leader_id));
}

/** Leaders on probation now (and those whose probation ended lately), for staff. */
export async function probationList(db: Executor, operatorId: string) {
  const rows = await db
    .selectFrom('leader_probations')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('ended_at', (ob) => ob.desc().nullsFirst())
    .orderBy('started_at', 'desc')
    .limit(200)
    .execute();
  const names = await leadersByIds(
    db,
    operatorId,
    rows.map((r) => r.leader_id),
  );
  return rows.map((r) => ({
    id: r.id,
    leaderId: r.leader_id,
    leaderName: names.get(r.leader_id)?.name ?? r.leader_id,
    periodStart: r.period_start,
    label: periodLabel(periodOf(r.period_kind, r.period_start)),
    tailStreak: r.tail_streak,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
  }));
}

/** What the rules gave for a period (staff): each result with its leader, amount and the balance it left. */
export async function ruleResults(db: Executor, operatorId: string, period: Period) {
  const rows = await db
    .selectFrom('leader_rule_results')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start)
    .orderBy('leader_id')
    .orderBy('rule_id')
    .execute();
  return rows.map((r) => ({
    ruleId: r.rule_id,
    leaderId: r.leader_id,
    kind: r.kind,
    kpi: r.kpi,
    kpiValue: Number(r.kpi_value),
    amountFen: r.amount_fen,
    entryId: r.entry_id,
    availableAfterFen: r.available_after_fen === null ? null : Number(r.available_after_fen),
  }));
}
