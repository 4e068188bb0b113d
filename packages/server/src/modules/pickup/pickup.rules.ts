import type { UnpickedRule, UnpickedStatus } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays } from '../../platform/calendar.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/** Pure rules of pickup verification (核销) and of unpicked orders. */

const QR_PREFIX = 'linli:pickup:';

/** The string the resident's QR code carries; the leader's scanner reads it back. */
export function qrPayload(orderId: string, pickupCode: string): string {
  return `${QR_PREFIX}${orderId}:${pickupCode}`;
}

/** Reads a scanned QR payload; anything that is not one of ours is a VALIDATION_FAILED. */
export function parseQrPayload(payload: string): { orderId: string; pickupCode: string } {
  const match = /^linli:pickup:([A-Za-z0-9_]{1,64}):([0-9]{6})$/.exec(payload.trim());
  if (!match) throw new AppError('VALIDATION_FAILED', 'this QR code is not a linli pickup code', { field: 'scan' });
  return { orderId: match[1] as string, pickupCode: match[2] as string };
}

export type PickupState = 'unpicked' | 'partly' | 'picked';

/**
 * How much of an order has been handed out. Only lines with something left to hand out (net
 * quantity > 0) count; an order whose every such line is verified is picked.
 */
export function pickupState(lines: ReadonlyArray<{ netQuantity: number; pickedUp: boolean }>): PickupState {
  const due = lines.filter((l) => l.netQuantity > 0 || l.pickedUp);
  const picked = due.filter((l) => l.pickedUp).length;
  if (picked === 0) return 'unpicked';
  return picked === due.length ? 'picked' : 'partly';
}

/**
 * Orders with a pickup date before the returned date are unpicked: the operator's business date
 * is past the pickup date plus the grace days. With 2 days, goods for the 21st can be picked up
 * on the 21st, 22nd and 23rd, and count as unpicked from the 24th.
 */
export function unpickedBefore(today: string, graceDays: number): string {
  return addDays(today, -graceDays);
}

/** Where an unpicked order starts, by the operator's rule. */
export function unpickedStart(rule: UnpickedRule): UnpickedStatus {
  return rule === 'return_to_warehouse' ? 'to_return' : 'to_dispose';
}

/** The unpicked-order lifecycle: goods go back to the warehouse, or the leader disposes of them. */
export const unpickedTransitions: Readonly<Record<UnpickedStatus, readonly UnpickedStatus[]>> = {
  to_return: ['returned'],
  returned: [],
  to_dispose: ['disposed'],
  disposed: [],
};

/** Throws INVALID_STATE unless an unpicked order may move from `from` to `to`. */
export const assertUnpickedTransition = (from: UnpickedStatus, to: UnpickedStatus): void =>
  assertAllowed(unpickedTransitions, 'an unpicked order', from, to);
