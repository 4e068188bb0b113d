import type { Summary } from '../api.ts';

/** The operator's withdrawal policy for me, with what I asked for today (from leader/summary). */
export type WithdrawPolicy = Summary['withdrawal'];

/** Why an amount cannot be asked for, checked in the order the server checks it. */
export type WithdrawProblem = 'belowMinimum' | 'feeTakesAll' | 'overDailyLimit' | 'overAvailable';

/** The fee on an amount: basis points of it, rounded down to a fen (as the server charges it). */
export function withdrawFee(amountFen: number, feeBp: number): number {
  return Math.floor((amountFen * feeBp) / 10_000);
}

/** What is left of today's limit. */
export function dailyLeft(p: WithdrawPolicy): number {
  return Math.max(0, p.dailyLimitFen - p.withdrawnTodayFen);
}

/** The most I can ask for now: what is available, within what is left of today's limit. */
export function withdrawMax(availableFen: number, p: WithdrawPolicy): number {
  return Math.max(0, Math.min(availableFen, dailyLeft(p)));
}

/** An amount's fee and net, and the first rule it breaks (null when the server will take it). */
export function withdrawCheck(
  amountFen: number,
  availableFen: number,
  p: WithdrawPolicy,
): { feeFen: number; netFen: number; problem: WithdrawProblem | null } {
  const feeFen = withdrawFee(amountFen, p.feeBp);
  const netFen = amountFen - feeFen;
  const problem: WithdrawProblem | null =
    amountFen < p.minFen
      ? 'belowMinimum'
      : feeFen >= amountFen
        ? 'feeTakesAll'
        : p.withdrawnTodayFen + amountFen > p.dailyLimitFen
          ? 'overDailyLimit'
          : amountFen > availableFen
            ? 'overAvailable'
            : null;
  return { feeFen, netFen, problem };
}

/** A fee in basis points as a percentage: 60 → "0.6%", 125 → "1.25%". */
export function feePercent(feeBp: number): string {
  return `${Number((feeBp / 100).toFixed(2))}%`;
}
