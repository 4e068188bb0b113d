import type { ShortageRule } from '../../platform/db/schema.procurement.ts';
import { splitByLargestRemainder } from '../../platform/money.ts';

/** An order line wanting a SKU on a pickup date (its net quantity: bought less already refunded). */
export interface WantingLine {
  orderLineId: string;
  pickupPointId: string;
  paidAt: Date;
  quantity: number;
}

export interface ShortedLine {
  orderLineId: string;
  quantity: number;
}

/** Latest payment first; ties by line id, the later id first, so the result never depends on input order. */
function latestPaidFirst(a: WantingLine, b: WantingLine): number {
  return b.paidAt.getTime() - a.paidAt.getTime() || (a.orderLineId < b.orderLineId ? 1 : a.orderLineId > b.orderLineId ? -1 : 0);
}

/** Shorts lines in the given order, each as far as it goes, until `short` units are covered. */
function shortInOrder(lines: readonly WantingLine[], short: number): ShortedLine[] {
  const out: ShortedLine[] = [];
  let left = short;
  for (const line of [...lines].sort(latestPaidFirst)) {
    if (left <= 0) break;
    const take = Math.min(left, line.quantity);
    if (take > 0) out.push({ orderLineId: line.orderLineId, quantity: take });
    left -= take;
  }
  return out;
}

/**
 * Decides which order lines go without when only `available` units came in. `latest_paid_first`
 * shorts the most recently paid lines (early buyers are served); `pro_rata` spreads the shortage
 * over pickup points in proportion to their demand, in whole units by largest remainder, and
 * within a pickup point shorts the latest paid. The shorted units add up to
 * min(shortage, demand), and no line is shorted more than it wants.
 */
export function allocateShortage(lines: readonly WantingLine[], available: number, rule: ShortageRule): ShortedLine[] {
  const demand = lines.reduce((s, l) => s + l.quantity, 0);
  const short = Math.min(demand, Math.max(0, demand - Math.max(0, available)));
  if (short === 0) return [];
  if (rule === 'latest_paid_first') return shortInOrder(lines, short);
  const points = [...new Set(lines.map((l) => l.pickupPointId))].sort();
  const demandOf = points.map((p) => lines.filter((l) => l.pickupPointId === p).reduce((s, l) => s + l.quantity, 0));
  // Each part is at most ceil(short × d / demand) ≤ d, so a pickup point is never shorted beyond its demand.
  const parts = splitByLargestRemainder(short, demandOf);
  return points.flatMap((p, i) =>
    shortInOrder(
      lines.filter((l) => l.pickupPointId === p),
      parts[i] ?? 0,
    ),
  );
}
