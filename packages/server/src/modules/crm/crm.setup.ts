import type { AppContext } from '../../context.ts';
import { computeDueCrmPeriods } from './crm.service.ts';

/** Each operator's members are scored once per business day (the period), the first time the sweep runs that day. */
export function setupCrm(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'crm-periods', run: () => computeDueCrmPeriods(ctx) });
}
