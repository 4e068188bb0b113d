import type { PurchaseOrderStatus, ShortReason } from '../../platform/db/schema.procurement.ts';
import { AppError } from '../../platform/errors.ts';
import { allows, assertAllowed } from '../../platform/state-machine.ts';

/**
 * The purchase-order lifecycle. A draft is built from demand and adjusted by the purchaser; sent
 * to the supplier, who confirms every line in full (`confirmed`) or ships less (`short_confirmed`);
 * the warehouse records receipts (`receiving`) and completes them (`received`). Only a PO the
 * supplier has not confirmed yet may be cancelled.
 */
export const purchaseOrderTransitions: Readonly<Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['confirmed', 'short_confirmed', 'cancelled'],
  confirmed: ['receiving'],
  short_confirmed: ['receiving'],
  receiving: ['received'],
  received: [],
  cancelled: [],
};

/** Whether the transition table allows a purchase order to move from `from` to `to`. */
export const canTransition = (from: PurchaseOrderStatus, to: PurchaseOrderStatus): boolean => allows(purchaseOrderTransitions, from, to);

/** Throws INVALID_STATE unless a purchase order may move from `from` to `to`. */
export const assertTransition = (from: PurchaseOrderStatus, to: PurchaseOrderStatus): void =>
  assertAllowed(purchaseOrderTransitions, 'a purchase order', from, to);

/**
 * What to buy: the demand plus a buffer (percent, rounded up to whole units) less the usable
 * stock on hand, never below zero.
 */
export function suggestedQuantity(demand: number, bufferPercent: number, stockOnHand: number): number {
  const withBuffer = demand + Math.ceil((demand * bufferPercent) / 100);
  return Math.max(0, withBuffer - stockOnHand);
}

export interface Receipt {
  /** What the supplier promised (confirmed, else ordered). */
  expected: number;
  received: number;
  rejected: number;
  /** Whether the warehouse keeps (and the operator pays for) goods beyond what was expected. */
  acceptOverDelivery: boolean;
}

/**
 * Splits a receipt: rejects go back; good units beyond what was expected are an over-delivery,
 * kept only when the warehouse accepts it, otherwise returned with the supplier's driver.
 */
export function settleReceipt(r: Receipt): { accepted: number; over: number } {
  if (r.rejected > r.received) throw new AppError('VALIDATION_FAILED', 'more units rejected than received');
  const good = r.received - r.rejected;
  const over = Math.max(0, good - r.expected);
  return { accepted: r.acceptOverDelivery ? good : good - over, over };
}

export interface ShortLine {
  ordered: number;
  /** What the supplier confirmed; null when it never answered (taken as in full). */
  confirmed: number | null;
  rejected: number;
  accepted: number;
}

/**
 * Why a line came in short (fewer units accepted than ordered), or null when it did not. The
 * warehouse may say the supplier is to blame only when the supplier itself confirmed short or
 * units were rejected at receiving; a line the supplier confirmed in full that did not reach
 * stock is the warehouse's to explain. Without a choice: rejected units, else the supplier's
 * own short confirmation, else a warehouse error. A reason that does not fit is VALIDATION_FAILED.
 */
export function shortReasonOf(line: ShortLine, chosen?: ShortReason): ShortReason | null {
  const short = line.accepted < line.ordered;
  const supplierConfirmedShort = line.confirmed !== null && line.confirmed < line.ordered;
  if (!short) {
    if (chosen) throw new AppError('VALIDATION_FAILED', 'nothing is short on this line: it needs no reason', { shortReason: chosen });
    return null;
  }
  if (chosen === 'rejected_quality' && line.rejected === 0) {
    throw new AppError('VALIDATION_FAILED', 'no units were rejected on this line', { shortReason: chosen });
  }
  if (chosen === 'supplier_short_shipped' && !supplierConfirmedShort && line.rejected === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'the supplier confirmed this line in full and nothing was rejected: the supplier cannot be blamed',
      {
        shortReason: chosen,
      },
    );
  }
  if (chosen) return chosen;
  if (line.rejected > 0) return 'rejected_quality';
  return supplierConfirmedShort ? 'supplier_short_shipped' : 'warehouse_error';
}

/** The side a short reason puts the blame on. */
export function blameOfShortReason(reason: ShortReason): 'supplier' | 'warehouse' {
  return reason === 'supplier_short_shipped' || reason === 'rejected_quality' ? 'supplier' : 'warehouse';
}

/**
 * A lot number the server makes when the warehouse leaves it blank: `L`, the delivery date
 * without dashes and the operator's running number for that date, four digits at least
 * (`L20261205-0007`). Readable on a label and unique per operator, the number coming from
 * one counter per operator and date.
 */
export function generatedLotCode(deliveryDate: string, seq: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deliveryDate)) throw new AppError('VALIDATION_FAILED', 'not a date', { deliveryDate });
  if (!Number.isInteger(seq) || seq < 1) throw new AppError('VALIDATION_FAILED', 'a lot number counts from 1', { seq });
  return `L${deliveryDate.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

/**
 * Whether recording a line needs the warehouse to say why: nothing was received although the
 * supplier promised units (confirmed, else ordered). Receiving 0 of a line the supplier itself
 * confirmed at 0 is what was expected and takes the default reason.
 */
export function needsShortReason(line: { ordered: number; confirmed: number | null }, received: number): boolean {
  return received === 0 && (line.confirmed ?? line.ordered) > 0;
}
