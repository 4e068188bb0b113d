import type { WithdrawalStatus } from '../../platform/db/schema.ledger.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/**
 * The withdrawal lifecycle: a leader asks, finance approves or rejects, the payout provider pays
 * or fails. Rejected and failed withdrawals give the money back to the leader's available balance.
 */
export const withdrawalTransitions: Record<WithdrawalStatus, readonly WithdrawalStatus[]> = {
  requested: ['approved', 'rejected'],
  approved: ['paid', 'failed'],
  paid: [],
  failed: [],
  rejected: [],
};

/** Throws INVALID_STATE unless the table allows the move. */
export const assertWithdrawalTransition = (from: WithdrawalStatus, to: WithdrawalStatus): void =>
  assertAllowed(withdrawalTransitions, 'a withdrawal', from, to);

/** The fee kept from a withdrawal, rounded down to a fen. */
export function withdrawalFee(amountFen: number, feeBp: number): number {
  return Math.floor((amountFen * feeBp) / 10_000);
}

/**
 * Why a withdrawal may not be made, or null: below the minimum, over the day's limit, more than
 * is available, or all eaten by the fee.
 */
export function withdrawalRefusal(w: {
  amountFen: number;
  availableFen: number;
  withdrawnTodayFen: number;
  minFen: number;
  dailyLimitFen: number;
  feeBp: number;
}): { code: 'VALIDATION_FAILED' | 'LIMIT_EXCEEDED' | 'INSUFFICIENT_BALANCE'; message: string } | null {
  if (w.amountFen < w.minFen) return { code: 'VALIDATION_FAILED', message: `the minimum withdrawal is ${w.minFen} fen` };
  if (withdrawalFee(w.amountFen, w.feeBp) >= w.amountFen)
    return { code: 'VALIDATION_FAILED', message: 'the fee would take the whole amount' };
  if (w.withdrawnTodayFen + w.amountFen > w.dailyLimitFen) {
    return { code: 'LIMIT_EXCEEDED', message: `at most ${w.dailyLimitFen} fen a day; ${w.withdrawnTodayFen} fen already asked today` };
  }
  if (w.amountFen > w.availableFen)
    return { code: 'INSUFFICIENT_BALANCE', message: `only ${Math.max(0, w.availableFen)} fen is available` };
  return null;
}

/**
 * A withdrawal's bill number at a provider that takes only letters and digits (WeChat Pay's
 * out_bill_no, at most 32): the id without its underscore (`wdr_01j…` → `wdr01j…`), one to one.
 */
export function payoutBillNo(withdrawalId: string): string {
  return withdrawalId.replace('_', '');
}

/** The withdrawal a bill number names, or null when it is not one of ours. */
export function withdrawalOfBillNo(billNo: string): string | null {
  return /^wdr[0-9a-z]{10,28}$/.test(billNo) ? `wdr_${billNo.slice(3)}` : null;
}
