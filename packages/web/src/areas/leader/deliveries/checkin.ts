import type { Delivery } from '../api.ts';

export interface Shortfall {
  skuId: string;
  title: string;
  expected: number;
  received: number;
  short: number;
}

export interface CheckinSummary {
  expectedUnits: number;
  receivedUnits: number;
  shortUnits: number;
  shortfalls: Shortfall[];
  /** The body of POST leader/deliveries/:id/confirm: only the lines that differ; none signs off the whole bundle. */
  body: { lines?: { skuId: string; received: number }[]; sealIntact: boolean };
}

/** A received count as the server accepts it: a whole number from 0 to what was sent. */
export function clampReceived(value: number, expected: number): number {
  if (!Number.isFinite(value)) return expected;
  return Math.min(expected, Math.max(0, Math.trunc(value)));
}

/** Totals of a count-in: what was sent, what arrived, what is missing per SKU, and the request to send. */
export function checkinSummary(lines: Delivery['lines'], received: Record<string, number>, sealIntact: boolean): CheckinSummary {
  let expectedUnits = 0;
  let receivedUnits = 0;
  const shortfalls: Shortfall[] = [];
  for (const l of lines) {
    const got = clampReceived(received[l.skuId] ?? l.quantity, l.quantity);
    expectedUnits += l.quantity;
    receivedUnits += got;
    if (got < l.quantity) shortfalls.push({ skuId: l.skuId, title: l.title, expected: l.quantity, received: got, short: l.quantity - got });
  }
  const body = shortfalls.length
    ? { lines: shortfalls.map((s) => ({ skuId: s.skuId, received: s.received })), sealIntact }
    : { sealIntact };
  return { expectedUnits, receivedUnits, shortUnits: expectedUnits - receivedUnits, shortfalls, body };
}

/** A stop the leader may count in now: the driver is there or has handed over. */
export function canConfirm(status: Delivery['status']): boolean {
  return status === 'arrived' || status === 'handed_over';
}
