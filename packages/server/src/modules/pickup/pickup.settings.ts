import type { aftersales } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { UnpickedRule } from '../../platform/db/schema.aftersales.ts';

/**
 * The operator's pickup and after-sales rules, one row per operator (`aftersales_settings`,
 * migration 0005). Pickup owns them: its sweep applies the unpicked rules, and after-sales, which
 * builds on pickup, reads its claim window from here.
 */
export interface AftersalesSettings {
  unpickedAfterDays: number;
  unpickedRule: UnpickedRule;
  unpickedRefund: boolean;
  claimWindowHours: number;
}

/** The defaults an operator starts with; keep in step with the column defaults of migration 0005. */
export const DEFAULT_SETTINGS: AftersalesSettings = {
  unpickedAfterDays: 2,
  unpickedRule: 'return_to_warehouse',
  unpickedRefund: false,
  claimWindowHours: 48,
};

/** An operator's pickup and after-sales rules (the defaults until changed). */
export async function getSettings(db: Executor, operatorId: string): Promise<AftersalesSettings> {
  const row = await db.selectFrom('aftersales_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    unpickedAfterDays: row.unpicked_after_days,
    unpickedRule: row.unpicked_rule,
    unpickedRefund: row.unpicked_refund,
    claimWindowHours: row.claim_window_hours,
  };
}

/** Changes some of an operator's pickup and after-sales rules; they apply from the next sweep or claim. */
export async function updateSettings(
  ctx: AppContext,
  operatorId: string,
  patch: z.infer<typeof aftersales.UpdateAftersalesSettings>,
): Promise<AftersalesSettings> {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next: AftersalesSettings = { ...(await getSettings(ctx.db, operatorId)), ...changes };
  const values = {
    unpicked_after_days: next.unpickedAfterDays,
    unpicked_rule: next.unpickedRule,
    unpicked_refund: next.unpickedRefund,
    claim_window_hours: next.claimWindowHours,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('aftersales_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return next;
}
