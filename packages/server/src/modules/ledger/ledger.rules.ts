import type { Blame } from '../../platform/db/schema.ts';
import type { CommissionScope } from '../../platform/db/schema.ledger.ts';
import { splitByLargestRemainder } from '../../platform/money.ts';

/** Basis points: 1000 bp = 10 %. */
export const DEFAULT_COMMISSION_BP = 1000;

export interface CommissionRule {
  scope: CommissionScope;
  subject: string;
  rateBp: number;
}

/**
 * The commission rate of an order line: a rule for its product wins over one for its category,
 * which wins over one for the leader's level; else the operator's default.
 */
export function commissionRate(
  rules: readonly CommissionRule[],
  line: { productId: string; categoryId: string; leaderLevel: number },
  defaultBp: number,
): number {
  const find = (scope: CommissionScope, subject: string) => rules.find((r) => r.scope === scope && r.subject === subject)?.rateBp;
  return find('product', line.productId) ?? find('category', line.categoryId) ?? find('level', String(line.leaderLevel)) ?? defaultBp;
}

/**
 * Commission of an order's lines: the order's total (sum of amount × rate, rounded down to a fen)
 * is split over its lines by largest remainder, so the lines' shares add up to the total exactly.
 */
export function accrueCommission(lines: ReadonlyArray<{ amountFen: number; rateBp: number }>): number[] {
  const weights = lines.map((l) => l.amountFen * l.rateBp);
  const total = Math.floor(weights.reduce((a, b) => a + b, 0) / 10_000);
  if (total === 0) return lines.map(() => 0);
  return splitByLargestRemainder(total, weights);
}

/**
 * How much of a line's commission is clawed back once `refundedFen` of its `baseFen` has been
 * refunded in all: the same share of the accrued commission (rounded down), all of it when the
 * line is refunded in full. Cumulative, so each refund claws back the difference.
 */
export function clawbackTarget(accruedFen: number, baseFen: number, refundedFen: number): number {
  if (baseFen <= 0 || refundedFen >= baseFen) return accruedFen;
  return Math.floor((accruedFen * refundedFen) / baseFen);
}

/** Who bears an after-sales cost in settlement (see POSTINGS.md). */
export type BlameCharge = 'supplier_payable' | 'logistics_cost' | 'commission_available' | 'operator';

/**
 * The party charged for a refund: the supplier (chargeback), the logistics cost (the driver's
 * fault is a cost of delivery), the leader (deducted from their commission); the operator keeps
 * it as a refund (contra revenue) when it is the warehouse's, its own or no one's fault.
 * A shortage refund is always the operator's: goods that never arrived were never paid to the
 * supplier (the payable is booked on accepted units only), so charging the supplier the
 * resident's price as well would book income that never existed.
 */
export function blameCharge(blame: Blame | null, refundKind?: string): BlameCharge {
  if (refundKind === 'shortage') return 'operator';
  switch (blame) {
    case 'supplier':
      return 'supplier_payable';
    case 'driver':
      return 'logistics_cost';
    case 'leader':
      return 'commission_available';
    default:
      return 'operator';
  }
}
