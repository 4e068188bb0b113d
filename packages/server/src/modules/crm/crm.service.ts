import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, localDate } from '../../platform/calendar.ts';
import { businessToday, operatorTimeZones } from '../identity/index.ts';
import { type CrmRules, DEFAULT_CRM_RULES, rulesIssues } from './crm.rules.ts';
import { computeRfm } from './rfm.report.ts';

/** An operator's CRM thresholds: its saved ones, else the defaults. */
export async function crmRules(db: Executor, operatorId: string): Promise<CrmRules> {
  const row = await db.selectFrom('crm_settings').select('rules').where('operator_id', '=', operatorId).executeTakeFirst();
  return row ? { ...DEFAULT_CRM_RULES, ...(row.rules as Partial<CrmRules>) } : DEFAULT_CRM_RULES;
}

/** Saves an operator's thresholds (staff); VALIDATION_FAILED names the first field out of order. */
export async function saveCrmRules(ctx: AppContext, operatorId: string, staffId: string, rules: CrmRules): Promise<CrmRules> {
  const issues = rulesIssues(rules);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'the thresholds are out of order', { field: issues[0] });
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('crm_settings')
    .values({ operator_id: operatorId, rules: JSON.stringify(rules), updated_by: staffId, updated_at: now })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet({ rules: JSON.stringify(rules), updated_by: staffId, updated_at: now }))
    .execute();
  return rules;
}

/** A computed period: its day, window and member count. */
export interface CrmPeriod {
  period: string;
  windowDays: number;
  members: number;
  computedAt: Date;
}

/**
 * Computes (or recomputes) an operator's RFM for its business day now, in one transaction: the
 * period's row, then its members (rfm.report.ts). Staff's "compute now" and the demo call it.
 */
export async function computeCrmPeriod(ctx: AppContext, operatorId: string): Promise<CrmPeriod> {
  const now = ctx.clock.now();
  const period = await businessToday(ctx.db, operatorId, now);
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('crm_periods')
      .values({ operator_id: operatorId, period, window_days: DEFAULT_CRM_RULES.windowDays, computed_at: now })
      .onConflict((oc) => oc.columns(['operator_id', 'period']).doUpdateSet({ computed_at: now }))
      .execute();
    return fillPeriod(trx, operatorId, period, now);
  });
}

/**
 * How many days of snapshots are kept before the newest: every reader takes the latest period
 * (each holds every member who ever ordered), so older ones only show the last week's movement.
 * A day's snapshot is a row per member and per member and leader: kept for ever they would grow
 * by the operator's members every day.
 */
export const CRM_KEEP_DAYS = 7;

async function fillPeriod(trx: Tx, operatorId: string, period: string, now: Date): Promise<CrmPeriod> {
  const rules = await crmRules(trx, operatorId);
  const members = await computeRfm(trx, operatorId, period, now, rules);
  const oldest = addDays(period, -CRM_KEEP_DAYS);
  await trx.deleteFrom('crm_member_rfm').where('operator_id', '=', operatorId).where('period', '<', oldest).execute();
  await trx.deleteFrom('crm_periods').where('operator_id', '=', operatorId).where('period', '<', oldest).execute();
  await trx
    .updateTable('crm_periods')
    .set({ members, window_days: rules.windowDays })
    .where('operator_id', '=', operatorId)
    .where('period', '=', period)
    .execute();
  return { period, windowDays: rules.windowDays, members, computedAt: now };
}

/** The last business day each operator's periods are known computed, in this process. */
const daysDone = new Map<string, string>();

/**
 * The daily job (a sweep): each operator's business day is computed once, the first time the
 * sweep runs that day. The period's row claims the day (insert or nothing) in the transaction that
 * fills it, so several server processes compute it once.
 */
export async function computeDueCrmPeriods(ctx: AppContext): Promise<number> {
  let computed = 0;
  const now = ctx.clock.now();
  for (const op of await operatorTimeZones(ctx.db)) {
    const period = localDate(now, op.timeZone);
    // The sweep runs every few seconds: a day known done in this process asks nothing more.
    if (daysDone.get(op.id) === period) continue;
    const done = await ctx.db
      .selectFrom('crm_periods')
      .select('period')
      .where('operator_id', '=', op.id)
      .where('period', '=', period)
      .executeTakeFirst();
    if (done) {
      daysDone.set(op.id, period);
      continue;
    }
    await ctx.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('crm_periods')
        .values({ operator_id: op.id, period, window_days: DEFAULT_CRM_RULES.windowDays, computed_at: now })
        .onConflict((oc) => oc.columns(['operator_id', 'period']).doNothing())
        .returning('period')
        .executeTakeFirst();
      if (!claimed) return;
      await fillPeriod(trx, op.id, period, now);
      computed++;
    });
  }
  return computed;
}

/** The operator's latest computed period, if any. */
export async function latestPeriod(db: Executor, operatorId: string): Promise<CrmPeriod | null> {
  const row = await db
    .selectFrom('crm_periods')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { period: row.period, windowDays: row.window_days, members: row.members, computedAt: row.computed_at } : null;
}

/**
 * A resident's segment across all the operator's leaders in the latest period that holds the
 * resident (null: never computed, or no paid order yet). Promotions read it to leave excluded
 * segments out of an offer's audience; one indexed row.
 */
export async function currentSegment(db: Executor, operatorId: string, residentId: string): Promise<MemberSegment | null> {
  const row = await db
    .selectFrom('crm_member_rfm')
    .select('segment')
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('leader_id', 'is', null)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.segment ?? null;
}

/** Marks (or unmarks) a member reminded today by the leader; NOT_FOUND when not one of the leader's members. */
export async function markReminded(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  residentId: string,
  reminded: boolean,
): Promise<{ residentId: string; day: string; reminded: boolean }> {
  const now = ctx.clock.now();
  const day = await businessToday(ctx.db, operatorId, now);
  const member = await ctx.db
    .selectFrom('crm_member_rfm')
    .select('resident_id')
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('resident_id', '=', residentId)
    .limit(1)
    .executeTakeFirst();
  if (!member) throw new AppError('NOT_FOUND', 'member not found');
  if (reminded) {
    await ctx.db
      .insertInto('crm_reminders')
      .values({ operator_id: operatorId, leader_id: leaderId, resident_id: residentId, day, reminded_at: now })
      .onConflict((oc) => oc.columns(['leader_id', 'day', 'resident_id']).doNothing())
      .execute();
  } else {
    await ctx.db
      .deleteFrom('crm_reminders')
      .where('leader_id', '=', leaderId)
      .where('day', '=', day)
      .where('resident_id', '=', residentId)
      .execute();
  }
  return { residentId, day, reminded };
}

/** How many residents each segment holds in the operator's latest period (across leaders). */
export async function segmentSizes(db: Executor, operatorId: string): Promise<Map<MemberSegment, number>> {
  const period = await latestPeriod(db, operatorId);
  if (!period) return new Map();
  const rows = await db
    .selectFrom('crm_member_rfm')
    .select(['segment', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .where('period', '=', period.period)
    .where('leader_id', 'is', null)
    .groupBy('segment')
    .execute();
  return new Map(rows.map((r) => [r.segment, Number(r.n)]));
}
