import { HOUR } from '../../platform/clock.ts';
import type { CaseStatus, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/**
 * The after-sales case lifecycle. A decision to pay is `approved`; the refund for the line is
 * recorded in the same transaction, which makes it `refunded` (the payment provider is reached
 * after commit by the refund sweep).
 */
export const caseTransitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  submitted: ['approved', 'rejected', 'withdrawn'],
  approved: ['refunded'],
  refunded: [],
  rejected: [],
  withdrawn: [],
};

/** Throws INVALID_STATE unless a case may move from `from` to `to`. */
export const assertCaseTransition = (from: CaseStatus, to: CaseStatus): void =>
  assertAllowed(caseTransitions, 'an after-sales case', from, to);

/** Claims that are still open count against a line, so together they never exceed what was paid. */
export const IN_FLIGHT: readonly CaseStatus[] = ['submitted', 'approved'];

export interface ClaimWindowInput {
  type: ClaimType;
  /** When the line was handed out, if it was. */
  pickedUpAt: Date | null;
  /** Midnight at the end of the pickup date, in the operator's time zone. */
  pickupDayEnd: Date;
  windowHours: number;
}

/**
 * Until when a line can be claimed, or null when it cannot be claimed yet. Missing goods are
 * claimed from the pickup date on (the resident may have found nothing to pick up), until the
 * window after the end of that date or after the pickup, whichever is later; damaged, quality and
 * wrong-item claims need the goods in hand: the window runs from the pickup.
 */
export function claimDeadline(w: ClaimWindowInput): Date | null {
  const window = w.windowHours * HOUR;
  if (w.type === 'missing') {
    const from = Math.max(w.pickupDayEnd.getTime(), w.pickedUpAt?.getTime() ?? 0);
    return new Date(from + window);
  }
  return w.pickedUpAt ? new Date(w.pickedUpAt.getTime() + window) : null;
}

export interface LineClaimState {
  quantity: number;
  refundedQuantity: number;
  amountFen: number;
  refundedFen: number;
  /** Claims on the line still in flight. */
  open: ReadonlyArray<{ quantity: number; requestedFen: number }>;
}

/** What a new claim on a line may still ask for: units and fen not refunded and not claimed already. */
export function claimCapacity(line: LineClaimState): { quantityLeft: number; fenLeft: number } {
  const claimedQty = line.open.reduce((s, c) => s + c.quantity, 0);
  const claimedFen = line.open.reduce((s, c) => s + c.requestedFen, 0);
  return {
    quantityLeft: Math.max(0, line.quantity - line.refundedQuantity - claimedQty),
    fenLeft: Math.max(0, line.amountFen - line.refundedFen - claimedFen),
  };
}

/**
 * Throws NOTHING_TO_REFUND for a line with no money left paid on it: a 0-yuan item (a free unit of
 * a promotion) or a line refunded in full. A claim or desk refund of it could only be a refund of
 * 0 fen, which no payment takes; support makes such a line good another way (a coupon).
 */
export function assertSomethingToRefund(line: { id: string; amount_fen: number; refunded_fen: number }): void {
  if (line.amount_fen - line.refunded_fen <= 0) {
    throw new AppError(
      'NOTHING_TO_REFUND',
      line.amount_fen === 0 ? 'this item cost nothing: there is no money to refund' : 'this line is refunded in full',
      {
        orderLineId: line.id,
        amountFen: line.amount_fen,
        refundedFen: line.refunded_fen,
      },
    );
  }
}

/**
 * The amount a claim asks for: as given, or the unit price × quantity, never more than is left on
 * the line. Throws VALIDATION_FAILED when the claim asks for more units or money than is left.
 */
export function claimAmount(
  want: { quantity: number; amountFen?: number | undefined },
  unitPriceFen: number,
  capacity: { quantityLeft: number; fenLeft: number },
): number {
  if (want.quantity > capacity.quantityLeft) {
    throw new AppError('VALIDATION_FAILED', `at most ${capacity.quantityLeft} more units of this line can be claimed`, {
      field: 'quantity',
      ...capacity,
    });
  }
  const amount = want.amountFen ?? Math.min(unitPriceFen * want.quantity, capacity.fenLeft);
  if (amount <= 0 || amount > capacity.fenLeft) {
    throw new AppError('VALIDATION_FAILED', `at most ${capacity.fenLeft} fen of this line can still be claimed`, {
      field: 'amountFen',
      ...capacity,
    });
  }
  return amount;
}
