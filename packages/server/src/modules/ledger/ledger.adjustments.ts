import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { lockBalances, postEntries } from './journal.ts';

/**
 * Commission adjustments (POSTINGS.md): a bonus or a penalty a rule gave a leader for a period,
 * posted to the leader's withdrawable commission against the operator's commission expense. The
 * entry names the rule and the period (memo and `meta`), so the leader's statement shows why.
 */
export interface CommissionAdjustment {
  operatorId: string;
  leaderId: string;
  /** Unique per operator and cause: the same adjustment never posts twice. */
  key: string;
  /** Signed, for the leader: a bonus > 0, a penalty < 0. */
  amountFen: number;
  rule: { id: string; name: string };
  /** The period's label (2026-W49, 2026-11) and first day. */
  period: { label: string; start: string; kind: string };
  occurredAt: Date;
}

/**
 * Posts commission adjustments in the caller's transaction: a bonus debits commission_expense and
 * credits the leader's commission_available; a penalty the other way round. A penalty is posted in
 * full even when it takes the withdrawable balance below zero (like a claw-back: later commission
 * offsets it and no withdrawal is possible meanwhile); the caller gets the balance after each
 * adjustment so it can say so to the leader and staff instead of letting it pass silently.
 * Returns, per adjustment, its entry id (null when the key was posted before) and the leader's
 * withdrawable balance after it.
 */
export async function postCommissionAdjustments(
  trx: Tx,
  now: Date,
  adjustments: readonly CommissionAdjustment[],
): Promise<Array<{ entryId: string | null; availableAfterFen: number }>> {
  for (const a of adjustments) {
    if (!Number.isSafeInteger(a.amountFen) || a.amountFen === 0)
      throw new AppError('VALIDATION_FAILED', 'an adjustment is whole fen, not 0');
  }
  if (adjustments.length === 0) return [];
  const ids = await postEntries(
    trx,
    now,
    adjustments.map((a) => ({
      operatorId: a.operatorId,
      key: a.key,
      kind: 'commission_adjustment' as const,
      document: { type: 'leader_rule', id: a.rule.id },
      memo: `${a.amountFen > 0 ? 'bonus' : 'penalty'}: ${a.rule.name} (${a.period.label})`,
      meta: { ruleId: a.rule.id, ruleName: a.rule.name, period: a.period.label, periodStart: a.period.start, periodKind: a.period.kind },
      occurredAt: a.occurredAt,
      batchDate: null,
      postings: [
        { account: { code: 'commission_expense' as const }, amountFen: a.amountFen },
        { account: { code: 'commission_available' as const, partyId: a.leaderId }, amountFen: -a.amountFen },
      ],
    })),
  );
  const out: Array<{ entryId: string | null; availableAfterFen: number }> = [];
  for (const [i, a] of adjustments.entries()) {
    const [available] = await lockBalances(trx, a.operatorId, now, [{ code: 'commission_available', partyId: a.leaderId }]);
    out.push({ entryId: ids[i] ?? null, availableAfterFen: available ?? 0 });
  }
  return out;
}
