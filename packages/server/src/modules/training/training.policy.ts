import type { training } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type BehindPolicy, DEFAULT_BEHIND_POLICY } from './training.rules.ts';

/** The operator's rule for who is behind in training: its own (training_settings) or the defaults (7 days, 50 %). */
export async function behindPolicy(db: Executor, operatorId: string): Promise<BehindPolicy> {
  const row = await db
    .selectFrom('training_settings')
    .select(['required_within_days', 'min_attendance_bp'])
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return row ? { requiredWithinDays: row.required_within_days, minAttendanceRate: row.min_attendance_bp / 10000 } : DEFAULT_BEHIND_POLICY;
}

/** The rule as staff read and write it (attendance in whole percent). */
export function policyDto(policy: BehindPolicy): training.TrainingPolicy {
  return { requiredWithinDays: policy.requiredWithinDays, minAttendancePercent: Math.round(policy.minAttendanceRate * 100) };
}

/** Saves the operator's rule (validated by its contract); it applies to the next look at who is behind. */
export async function saveBehindPolicy(
  ctx: AppContext,
  operatorId: string,
  staffId: string,
  policy: training.TrainingPolicy,
): Promise<training.TrainingPolicy> {
  const now = ctx.clock.now();
  const values = {
    required_within_days: policy.requiredWithinDays,
    min_attendance_bp: policy.minAttendancePercent * 100,
    updated_by: staffId,
    updated_at: now,
  };
  await ctx.db
    .insertInto('training_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return policyDto(await behindPolicy(ctx.db, operatorId));
}
