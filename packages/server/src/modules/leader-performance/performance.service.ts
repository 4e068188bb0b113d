import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { activeLeaderLevels, changeLeaderLevels } from '../leader/index.ts';
import { postCommissionAdjustments, setCommissionRule } from '../ledger/index.ts';
import { computeKpis } from './kpis.report.ts';
import {
  checkLevels,
  checkRule,
  decideLevel,
  evaluateRules,
  goesOnProbation,
  inTail,
  type KpiCode,
  type KpiValues,
  type LevelDefinition,
  type Period,
  type PeriodKind,
  periodLabel,
  previousPeriod,
  type RewardRule,
  type TailMode,
} from './performance.rules.ts';
import { rankLeaders } from './ranking.report.ts';

export interface PerformanceSettings {
  periodKind: PeriodKind;
  gracePeriods: number;
  tailMode: TailMode;
  tailValue: number;
  probationAfter: number;
  topN: number;
}

export const defaultSettings: PerformanceSettings = {
  periodKind: 'week',
  gracePeriods: 2,
  tailMode: 'percent',
  tailValue: 10,
  probationAfter: 3,
  topN: 10,
};

export async function getSettings(db: Executor, operatorId: string): Promise<PerformanceSettings> {
  const r = await db.selectFrom('leader_performance_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!r) return { ...defaultSettings };
  return {
    periodKind: r.period_kind,
    gracePeriods: r.grace_periods,
    tailMode: r.tail_mode,
    tailValue: r.tail_value,
    probationAfter: r.probation_after,
    topN: r.top_n,
  };
}

/**
 * Whether the operator has set leader performance up (settings, levels or rules saved): only then
 * does the sweep close its periods.
 */
export async function performanceConfigured(db: Executor, operatorId: string): Promise<boolean> {
  const { rows } = await sql<{ yes: boolean }>`
    select exists (select 1 from leader_performance_settings where operator_id = ${operatorId})
        or exists (select 1 from leader_levels where operator_id = ${operatorId})
        or exists (select 1 from leader_reward_rules where operator_id = ${operatorId}) as yes`.execute(db);
  return rows[0]?.yes === true;
}

/**
 * When the operator last changed their performance setup (settings, levels, rules), or null for
 * one that has none: the sweep closes by itself only periods that ended after it.
 */
export async function setupChangedAt(db: Executor, operatorId: string): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`
    select greatest(
      (select max(updated_at) from leader_performance_settings where operator_id = ${operatorId}),
      (select max(updated_at) from leader_levels where operator_id = ${operatorId}),
      (select max(updated_at) from leader_reward_rules where operator_id = ${operatorId})) as at`.execute(db);
  const at = rows[0]?.at ?? null;
  return at === null ? null : new Date(at);
}

export async function updateSettings(
  trx: Tx,
  now: Date,
  operatorId: string,
  patch: Partial<PerformanceSettings>,
): Promise<PerformanceSettings> {
  const next = { ...(await getSettings(trx, operatorId)), ...patch };
  if (next.tailMode === 'percent' && next.tailValue > 50) {
    throw new AppError('VALIDATION_FAILED', 'the tail is at most 50 % of the ranking', { field: 'tailValue' });
  }
  const values = {
    period_kind: next.periodKind,
    grace_periods: next.gracePeriods,
    tail_mode: next.tailMode,
    tail_value: next.tailValue,
    probation_after: next.probationAfter,
    top_n: next.topN,
    updated_at: now,
  };
  await trx
    .insertInto('leader_performance_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return next;
}

// ---------------------------------------------------------------- levels

export async function listLevels(db: Executor, operatorId: string): Promise<LevelDefinition[]> {
  const rows = await db.selectFrom('leader_levels').selectAll().where('operator_id', '=', operatorId).orderBy('level').execute();
  return rows.map((r) => ({ level: r.level, name: r.name, thresholds: r.thresholds as KpiValues, commissionRateBp: r.commission_rate_bp }));
}

/**
 * Replaces the operator's levels. Each level's commission rate becomes the ledger's commission
 * rule for that leader level (applied to orders paid from now on); a level removed loses its rule.
 */
export async function saveLevels(trx: Tx, now: Date, operatorId: string, levels: LevelDefinition[]): Promise<LevelDefinition[]> {
  checkLevels(levels);
  const before = await listLevels(trx, operatorId);
  await trx.deleteFrom('leader_levels').where('operator_id', '=', operatorId).execute();
  if (levels.length > 0) {
    await trx
      .insertInto('leader_levels')
      .values(
        levels.map((l) => ({
          operator_id: operatorId,
          level: l.level,
          name: l.name,
          thresholds: JSON.stringify(l.thresholds),
          commission_rate_bp: l.commissionRateBp,
          updated_at: now,
        })),
      )
      .execute();
  }
  for (const l of levels)
    await setCommissionRule(trx, now, operatorId, { scope: 'level', subject: String(l.level), rateBp: l.commissionRateBp });
  for (const b of before) {
    if (!levels.some((l) => l.level === b.level)) {
      await setCommissionRule(trx, now, operatorId, { scope: 'level', subject: String(b.level), rateBp: null });
    }
  }
  return listLevels(trx, operatorId);
}

// ---------------------------------------------------------------- reward and penalty rules

const toRule = (r: {
  id: string;
  name: string;
  kpi: string;
  comparator: 'gte' | 'lte';
  threshold: number;
  amount_fen: number;
  kind: 'bonus' | 'penalty';
  active: boolean;
}): RewardRule & { active: boolean } => ({
  id: r.id,
  name: r.name,
  kpi: r.kpi as KpiCode,
  comparator: r.comparator,
  threshold: Number(r.threshold),
  amountFen: r.amount_fen,
  kind: r.kind,
  active: r.active,
});

export async function listRules(db: Executor, operatorId: string): Promise<Array<RewardRule & { active: boolean }>> {
  const rows = await db.selectFrom('leader_reward_rules').selectAll().where('operator_id', '=', operatorId).orderBy('created_at').execute();
  return rows.map(toRule);
}

export async function createRule(
  trx: Tx,
  now: Date,
  operatorId: string,
  input: Omit<RewardRule, 'id'>,
): Promise<RewardRule & { active: boolean }> {
  checkRule(input);
  const row = await trx
    .insertInto('leader_reward_rules')
    .values({
      id: newId('lrr'),
      operator_id: operatorId,
      name: input.name.trim(),
      kpi: input.kpi,
      comparator: input.comparator,
      threshold: input.threshold,
      amount_fen: input.amountFen,
      kind: input.kind,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

/** Switches a rule on or off (a rule that posted stays, for its results name it). */
export async function setRuleActive(
  trx: Tx,
  now: Date,
  operatorId: string,
  id: string,
  active: boolean,
): Promise<RewardRule & { active: boolean }> {
  const row = await trx
    .updateTable('leader_reward_rules')
    .set({ active, updated_at: now })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'rule not found');
  return toRule(row);
}

// ---------------------------------------------------------------- KPIs

/** The period's KPIs per leader, as stored (leader → KPI → value). */
export async function periodKpis(db: Executor, operatorId: string, period: Period, leaderId?: string): Promise<Map<string, KpiValues>> {
  let q = db
    .selectFrom('leader_kpis')
    .select(['leader_id', 'kpi', 'value'])
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start);
  if (leaderId) q = q.where('leader_id', '=', leaderId);
  const out = new Map<string, KpiValues>();
  for (const r of await q.execute()) {
    const v = out.get(r.leader_id) ?? {};
    v[r.kpi as KpiCode] = Number(r.value);
    out.set(r.leader_id, v);
  }
  return out;
}

// ---------------------------------------------------------------- rewards, once per rule × leader × period

/**
 * Evaluates the operator's active rules on the period's KPIs and posts what they give, once per
 * rule × leader × period whatever the retries: the result row is claimed first (its primary key),
 * and only a row claimed now is posted, with a ledger key of its own as a second guard. A penalty
 * that leaves the leader's withdrawable balance below zero is posted in full, recorded with the
 * balance after it, and the leader is told. Returns what was posted now.
 */
export async function postRewards(
  trx: Tx,
  now: Date,
  operatorId: string,
  period: Period,
): Promise<{ bonuses: number; penalties: number; fen: number }> {
  const rules = (await listRules(trx, operatorId)).filter((r) => r.active);
  const kpis = await periodKpis(trx, operatorId, period);
  const due = [...kpis.entries()].flatMap(([leaderId, values]) => evaluateRules(rules, values).map((d) => ({ leaderId, ...d })));
  if (due.length === 0) return { bonuses: 0, penalties: 0, fen: 0 };
  const { rows: claimed } = await sql<{ rule_id: string; leader_id: string }>`
    insert into leader_rule_results (operator_id, rule_id, leader_id, period_kind, period_start, kind, kpi, kpi_value, amount_fen, created_at)
    select ${operatorId}, d.rule_id, d.leader_id, ${period.kind}, ${period.start}::date, d.kind, d.kpi, d.value, d.amount, ${now}::timestamptz
    from unnest(${due.map((d) => d.rule.id)}::text[], ${due.map((d) => d.leaderId)}::text[], ${due.map((d) => d.rule.kind)}::text[],
                ${due.map((d) => d.rule.kpi)}::text[], ${due.map((d) => d.value)}::bigint[], ${due.map((d) => d.rule.amountFen)}::int[])
         as d(rule_id, leader_id, kind, kpi, value, amount)
    on conflict (rule_id, leader_id, period_kind, period_start) do nothing
    returning rule_id, leader_id`.execute(trx);
  const fresh = new Set(claimed.map((c) => `${c.rule_id}/${c.leader_id}`));
  const toPost = due.filter((d) => fresh.has(`${d.rule.id}/${d.leaderId}`));
  const label = periodLabel(period);
  const posted = await postCommissionAdjustments(
    trx,
    now,
    toPost.map((d) => ({
      operatorId,
      leaderId: d.leaderId,
      key: `leader-rule:${d.rule.id}:${d.leaderId}:${period.kind}:${period.start}`,
      amountFen: d.signedFen,
      rule: { id: d.rule.id, name: d.rule.name },
      period: { label, start: period.start, kind: period.kind },
      occurredAt: now,
    })),
  );
  const notices: Array<{ recipientKind: 'leader'; recipientId: string; title: string; body: string }> = [];
  let bonuses = 0;
  let penalties = 0;
  let fen = 0;
  for (const [i, d] of toPost.entries()) {
    const p = posted[i];
    const negative = d.signedFen < 0 && p && p.availableAfterFen < 0 ? p.availableAfterFen : null;
    await trx
      .updateTable('leader_rule_results')
      .set({ entry_id: p?.entryId ?? null, available_after_fen: negative })
      .where('rule_id', '=', d.rule.id)
      .where('leader_id', '=', d.leaderId)
      .where('period_kind', '=', period.kind)
      .where('period_start', '=', period.start)
      .execute();
    if (d.signedFen > 0) bonuses++;
    else penalties++;
    fen += d.signedFen;
    const yuan = (Math.abs(d.signedFen) / 100).toFixed(2);
    notices.push({
      recipientKind: 'leader',
      recipientId: d.leaderId,
      title: d.signedFen > 0 ? '绩效奖励' : '绩效扣罚',
      body:
        d.signedFen > 0
          ? `「${d.rule.name}」${label}：奖励 ¥${yuan} 已计入可提现佣金。`
          : `「${d.rule.name}」${label}：扣罚 ¥${yuan} 已从可提现佣金扣除。${
              negative !== null ? `扣除后可提现余额为 ¥${(negative / 100).toFixed(2)}，为负期间不能提现，后续佣金将先行抵扣。` : ''
            }`,
    });
  }
  for (let i = 0; i < notices.length; i += 1000) await notify(trx, now, operatorId, notices.slice(i, i + 1000));
  return { bonuses, penalties, fen };
}

// ---------------------------------------------------------------- period close

export interface CloseSummary {
  closed: boolean;
  period: Period;
  leaders: number;
  promoted: number;
  demoted: number;
  bonuses: number;
  penalties: number;
  rewardFen: number;
  probations: number;
}

const LEVEL_REASON: Record<string, string> = {
  met_next_level: '达到下一等级的全部指标',
  missed_grace_periods: '连续未达到当前等级的指标',
  level_removed: '原等级已取消',
};

/**
 * Closes a period for an operator, once: its KPIs computed, each leader ranked in their warehouse,
 * levels decided (promotion one step, demotion after the grace), rewards and penalties posted,
 * the tail's streaks counted and probation marked after K periods. The closing row is claimed
 * first, so a second close (a retry, another process) does nothing. In the caller's transaction.
 */
export async function closePeriod(trx: Tx, now: Date, operatorId: string, period: Period): Promise<CloseSummary> {
  const none = { closed: false, period, leaders: 0, promoted: 0, demoted: 0, bonuses: 0, penalties: 0, rewardFen: 0, probations: 0 };
  const claimed = await trx
    .insertInto('leader_period_closings')
    .values({ operator_id: operatorId, period_kind: period.kind, period_start: period.start, period_end: period.end, closed_at: now })
    .onConflict((oc) => oc.columns(['operator_id', 'period_kind', 'period_start']).doNothing())
    .returning('period_start')
    .executeTakeFirst();
  if (!claimed) return none;
  const settings = await getSettings(trx, operatorId);
  const leaders = await computeKpis(trx, operatorId, period, await operatorTimeZone(trx, operatorId));
  const kpis = await periodKpis(trx, operatorId, period);
  const ranking = await rankLeaders(trx, operatorId, period);
  const levels = await listLevels(trx, operatorId);
  const current = new Map((await activeLeaderLevels(trx, operatorId)).map((l) => [l.id, l]));
  const prev = previousPeriod(period);
  const before = new Map(
    (
      await trx
        .selectFrom('leader_period_results')
        .select(['leader_id', 'missed_streak', 'tail_streak'])
        .where('operator_id', '=', operatorId)
        .where('period_kind', '=', period.kind)
        .where('period_start', '=', prev.start)
        .execute()
    ).map((r) => [r.leader_id, r]),
  );
  const rows = ranking
    .filter((r) => current.has(r.leaderId))
    .map((r) => {
      const leader = current.get(r.leaderId) as { level: number; name: string };
      const last = before.get(r.leaderId);
      const decision =
        levels.length > 0
          ? decideLevel(
              levels,
              { current: leader.level, missedBefore: last?.missed_streak ?? 0, values: kpis.get(r.leaderId) ?? {} },
              settings.gracePeriods,
            )
          : { level: leader.level, change: 'kept' as const, metCurrent: true, missed: 0, reason: 'no_levels' };
      const tail = inTail(r.rank, r.fromBottom, r.ranked, settings.tailMode, settings.tailValue);
      const tailStreak = tail ? (last?.tail_streak ?? 0) + 1 : 0;
      return { r, leader, decision, tail, tailStreak };
    });
  // A thousand rows to a statement: PostgreSQL takes at most 65,535 parameters in one.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('leader_period_results')
      .values(
        rows.slice(i, i + 1000).map(({ r, leader, decision, tail, tailStreak }) => ({
          operator_id: operatorId,
          period_kind: period.kind,
          period_start: period.start,
          leader_id: r.leaderId,
          warehouse_id: r.warehouseId,
          score: r.score,
          rank: r.rank,
          ranked: r.ranked,
          in_tail: tail,
          tail_streak: tailStreak,
          level_before: leader.level,
          level_after: decision.level,
          met_level: decision.metCurrent,
          missed_streak: decision.missed,
          reason: decision.reason,
          computed_at: now,
        })),
      )
      .execute();
  }
  const label = periodLabel(period);
  const nameOf = (level: number) => levels.find((l) => l.level === level)?.name ?? `L${level}`;
  const changes = rows.filter((x) => x.decision.level !== x.leader.level);
  await changeLeaderLevels(
    trx,
    now,
    operatorId,
    changes.map((x) => ({
      leaderId: x.r.leaderId,
      level: x.decision.level,
      title: x.decision.change === 'promoted' ? '等级提升' : '等级调整',
      body: `${label}：您的等级由「${nameOf(x.leader.level)}」${x.decision.change === 'promoted' ? '升至' : '调整为'}「${nameOf(x.decision.level)}」，原因：${
        LEVEL_REASON[x.decision.reason] ?? x.decision.reason
      }。佣金比例自下一笔订单起按新等级计算。`,
    })),
  );
  const rewards = await postRewards(trx, now, operatorId, period);

  // Probation: K periods in a row in the tail; it ends at the first period out of it.
  const open = new Set(
    (
      await trx
        .selectFrom('leader_probations')
        .select('leader_id')
        .where('operator_id', '=', operatorId)
        .where('ended_at', 'is', null)
        .execute()
    ).map((p) => p.leader_id),
  );
  const starting = rows.filter((x) => goesOnProbation(x.tailStreak, settings.probationAfter) && !open.has(x.r.leaderId));
  const ending = rows.filter((x) => !x.tail && open.has(x.r.leaderId)).map((x) => x.r.leaderId);
  for (let i = 0; i < starting.length; i += 1000) {
    await trx
      .insertInto('leader_probations')
      .values(
        starting.slice(i, i + 1000).map((x) => ({
          id: newId('lpb'),
          operator_id: operatorId,
          leader_id: x.r.leaderId,
          period_kind: period.kind,
          period_start: period.start,
          tail_streak: x.tailStreak,
          started_at: now,
          ended_at: null,
        })),
      )
      .execute();
  }
  if (ending.length > 0) {
    await trx
      .updateTable('leader_probations')
      .set({ ended_at: now })
      .where('operator_id', '=', operatorId)
      .where('leader_id', 'in', ending)
      .where('ended_at', 'is', null)
      .execute();
  }
  const probationNotices = [
    ...starting.map((x) => ({
      recipientKind: 'leader' as const,
      recipientId: x.r.leaderId,
      title: '考察期通知',
      body: `您已连续 ${x.tailStreak} 个周期排名靠后（${label} 第 ${x.r.rank}/${x.r.ranked} 名），即日起进入考察期。请关注提货及时率、售后率等指标，排名回升后考察期自动结束。`,
    })),
    ...ending.map((id) => ({
      recipientKind: 'leader' as const,
      recipientId: id,
      title: '考察期结束',
      body: `${label}：您的排名已回升，考察期结束。`,
    })),
  ];
  for (let i = 0; i < probationNotices.length; i += 1000) await notify(trx, now, operatorId, probationNotices.slice(i, i + 1000));
  await trx
    .updateTable('leader_period_closings')
    .set({ leaders })
    .where('operator_id', '=', operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start)
    .execute();
  return {
    closed: true,
    period,
    leaders,
    promoted: changes.filter((x) => x.decision.change === 'promoted').length,
    demoted: changes.filter((x) => x.decision.change === 'demoted').length,
    bonuses: rewards.bonuses,
    penalties: rewards.penalties,
    rewardFen: rewards.fen,
    probations: starting.length,
  };
}
