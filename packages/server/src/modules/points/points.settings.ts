import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_SETTINGS, type PointsSettings, streakBonusIssues } from './points.rules.ts';

/** The operator's points rules, or the defaults where it set none. */
export async function pointsSettings(db: Executor, operatorId: string): Promise<PointsSettings> {
  const row = await db.selectFrom('points_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_SETTINGS, streakBonuses: [...DEFAULT_SETTINGS.streakBonuses] };
  return {
    enabled: row.enabled,
    pointsPerYuan: row.points_per_yuan,
    lotDays: row.lot_days,
    signInPoints: row.sign_in_points,
    streakBonuses: row.streak_bonuses,
  };
}

/** Sets the operator's rules (all of them); a repeated streak day is VALIDATION_FAILED and changes nothing. */
export async function setPointsSettings(
  db: Executor,
  now: Date,
  operatorId: string,
  staffId: string,
  s: PointsSettings,
): Promise<PointsSettings> {
  const issues = streakBonusIssues(s.streakBonuses);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', `streak bonuses: ${issues.join('; ')}`, { issues });
  const streakBonuses = [...s.streakBonuses].sort((a, b) => a.day - b.day);
  const values = {
    enabled: s.enabled,
    points_per_yuan: s.pointsPerYuan,
    lot_days: s.lotDays,
    sign_in_points: s.signInPoints,
    streak_bonuses: JSON.stringify(streakBonuses),
    updated_at: now,
    updated_by: staffId,
  };
  await db
    .insertInto('points_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return { ...s, streakBonuses };
}
