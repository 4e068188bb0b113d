import type { Executor } from '../../platform/db/database.ts';
import type { ShortageRule } from '../../platform/db/schema.procurement.ts';

export interface ProcurementSettings {
  /** Extra units bought on top of demand, in percent (rounded up per line); default 0. */
  bufferPercent: number;
  /** Who goes without when less came in than was sold; default latest paid first. */
  shortageRule: ShortageRule;
}

export const defaultSettings: ProcurementSettings = { bufferPercent: 0, shortageRule: 'latest_paid_first' };

/** The operator's procurement settings, or the defaults when never set. */
export async function procurementSettings(db: Executor, operatorId: string): Promise<ProcurementSettings> {
  const row = await db
    .selectFrom('procurement_settings')
    .select(['buffer_percent', 'shortage_rule'])
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return row ? { bufferPercent: row.buffer_percent, shortageRule: row.shortage_rule } : defaultSettings;
}

/** Changes the operator's procurement settings; later suggestions and allocations use them. */
export async function saveProcurementSettings(
  db: Executor,
  operatorId: string,
  settings: ProcurementSettings,
  now: Date,
): Promise<ProcurementSettings> {
  const values = { buffer_percent: settings.bufferPercent, shortage_rule: settings.shortageRule, updated_at: now };
  await db
    .insertInto('procurement_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return settings;
}
