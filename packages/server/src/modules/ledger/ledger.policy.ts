import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { CommissionScope } from '../../platform/db/schema.ledger.ts';
import { AppError } from '../../platform/errors.ts';
import { hasCatalogSubject } from '../catalog/index.ts';
import { type CommissionRule, DEFAULT_COMMISSION_BP } from './ledger.rules.ts';

/** An operator's settlement settings; defaults apply until finance changes them. */
export interface LedgerPolicy {
  commissionRateBp: number;
  releaseAfterHours: number;
  withdrawalMinFen: number;
  withdrawalFeeBp: number;
  withdrawalDailyLimitFen: number;
}

export const defaultPolicy: LedgerPolicy = {
  commissionRateBp: DEFAULT_COMMISSION_BP,
  releaseAfterHours: 48,
  withdrawalMinFen: 1000,
  withdrawalFeeBp: 0,
  withdrawalDailyLimitFen: 500_000,
};

/** The operator's settlement policy. */
export async function getPolicy(db: Executor, operatorId: string): Promise<LedgerPolicy> {
  const row = await db.selectFrom('ledger_policies').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...defaultPolicy };
  return {
    commissionRateBp: row.commission_rate_bp,
    releaseAfterHours: row.release_after_hours,
    withdrawalMinFen: row.withdrawal_min_fen,
    withdrawalFeeBp: row.withdrawal_fee_bp,
    withdrawalDailyLimitFen: row.withdrawal_daily_limit_fen,
  };
}

/** Changes some of the operator's settlement settings; the rest keep their value. */
export async function updatePolicy(trx: Tx, now: Date, operatorId: string, change: Partial<LedgerPolicy>): Promise<LedgerPolicy> {
  const next = { ...(await getPolicy(trx, operatorId)), ...change };
  const values = {
    commission_rate_bp: next.commissionRateBp,
    release_after_hours: next.releaseAfterHours,
    withdrawal_min_fen: next.withdrawalMinFen,
    withdrawal_fee_bp: next.withdrawalFeeBp,
    withdrawal_daily_limit_fen: next.withdrawalDailyLimitFen,
    updated_at: now,
  };
  await trx
    .insertInto('ledger_policies')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return next;
}

/** The operator's commission rules (by product, category or leader level). */
export async function listCommissionRules(db: Executor, operatorId: string): Promise<CommissionRule[]> {
  const rows = await db
    .selectFrom('commission_rules')
    .select(['scope', 'subject', 'rate_bp'])
    .where('operator_id', '=', operatorId)
    .orderBy('scope')
    .orderBy('subject')
    .execute();
  return rows.map((r) => ({ scope: r.scope, subject: r.subject, rateBp: r.rate_bp }));
}

/**
 * What an order's commission needs, in one query (the ledger posts every paid order): the
 * operator's default rate (getPolicy's) and its rules (listCommissionRules', in their order).
 */
export async function commissionSettings(db: Executor, operatorId: string): Promise<{ defaultBp: number; rules: CommissionRule[] }> {
  const { rows } = await sql<{ default_bp: number | null; rules: CommissionRule[] | null }>`
    select (select commission_rate_bp from ledger_policies where operator_id = ${operatorId}) as default_bp,
           (select json_agg(json_build_object('scope', scope, 'subject', subject, 'rateBp', rate_bp) order by scope, subject)
            from commission_rules where operator_id = ${operatorId}) as rules`.execute(db);
  return { defaultBp: rows[0]?.default_bp ?? defaultPolicy.commissionRateBp, rules: rows[0]?.rules ?? [] };
}

/**
 * Sets (or with `rateBp` null removes) the commission rate for a product, a category or a leader
 * level. The product or category must be the operator's own; it applies to orders paid from now on.
 */
export async function setCommissionRule(
  trx: Tx,
  now: Date,
  operatorId: string,
  rule: { scope: CommissionScope; subject: string; rateBp: number | null },
): Promise<CommissionRule[]> {
  if (rule.scope === 'product' || rule.scope === 'category') {
    if (!(await hasCatalogSubject(trx, operatorId, rule.scope, rule.subject))) throw new AppError('NOT_FOUND', `${rule.scope} not found`);
  } else if (!/^\d+$/.test(rule.subject)) {
    throw new AppError('VALIDATION_FAILED', 'a level rule names the level as a whole number');
  }
  const key = { operator_id: operatorId, scope: rule.scope, subject: rule.subject };
  if (rule.rateBp === null) {
    await trx
      .deleteFrom('commission_rules')
      .where('operator_id', '=', operatorId)
      .where('scope', '=', rule.scope)
      .where('subject', '=', rule.subject)
      .execute();
  } else {
    await trx
      .insertInto('commission_rules')
      .values({ ...key, rate_bp: rule.rateBp, updated_at: now })
      .onConflict((oc) => oc.columns(['operator_id', 'scope', 'subject']).doUpdateSet({ rate_bp: rule.rateBp as number, updated_at: now }))
      .execute();
  }
  return listCommissionRules(trx, operatorId);
}
