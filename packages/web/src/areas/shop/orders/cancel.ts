import type { Order } from '../types.ts';

/** Whether the resident may still cancel: the server says until when (null: not at all). */
export function canCancel(o: Pick<Order, 'cancellableUntil'>, now: number): boolean {
  return o.cancellableUntil !== null && now < Date.parse(o.cancellableUntil);
}
