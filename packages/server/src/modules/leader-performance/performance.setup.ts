import type { AppContext } from '../../context.ts';
import { localDate } from '../../platform/calendar.ts';
import { operatorTimeZones } from '../identity/index.ts';
import { lastClosedPeriod } from './performance.rules.ts';
import { closePeriod, getSettings, performanceConfigured, setupChangedAt } from './performance.service.ts';

/**
 * The period-close sweep: once a period (the operator's week or month) has ended, it is closed
 * for every operator that has set leader performance up (settings, levels or rules), in one
 * transaction each (KPIs, ranking, levels, rewards, probation), with the setup as it stood when
 * the period ended: a period that ended before the setup was last changed (the first setup above
 * all, saved a piece at a time) is left for staff to close (the admin's 结算 button). A
 * closed period is claimed by its closing row, so the sweep, a retry or a second process close
 * it once. Returns the periods closed now.
 */
export async function closeDuePeriods(ctx: AppContext): Promise<number> {
  let closed = 0;
  const now = ctx.clock.now();
  for (const op of await operatorTimeZones(ctx.db)) {
    if (!(await performanceConfigured(ctx.db, op.id))) continue;
    const settings = await getSettings(ctx.db, op.id);
    const period = lastClosedPeriod(settings.periodKind, localDate(now, op.timeZone));
    const changedAt = await setupChangedAt(ctx.db, op.id);
    if (changedAt && localDate(changedAt, op.timeZone) > period.end) continue;
    const done = await ctx.db
      .selectFrom('leader_period_closings')
      .select('period_start')
      .where('operator_id', '=', op.id)
      .where('period_kind', '=', period.kind)
      .where('period_start', '=', period.start)
      .executeTakeFirst();
    if (done) continue;
    const summary = await ctx.db.transaction().execute((trx) => closePeriod(trx, now, op.id, period));
    if (summary.closed) {
      closed++;
      ctx.log.info({ operatorId: op.id, ...summary }, 'leader performance period closed');
    }
  }
  return closed;
}

export function setupLeaderPerformance(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'leader-performance-close', run: () => closeDuePeriods(ctx) });
}
