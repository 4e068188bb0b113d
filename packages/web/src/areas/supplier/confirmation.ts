import type { procurement } from '@linli/contracts';
import type { z } from 'zod';

export type PurchaseOrder = z.infer<typeof procurement.PurchaseOrder>;
export type PurchaseOrderLine = PurchaseOrder['lines'][number];
export type PurchaseOrderStatus = PurchaseOrder['status'];
export type ConfirmBody = z.infer<typeof procurement.ConfirmPurchaseOrder>;

/** Quantities the supplier will ship, by line id; a line left empty is not yet a number. */
export type Quantities = Record<string, number | null>;

/** A supplier may confirm an order the purchaser has sent, once. */
export const canConfirm = (po: Pick<PurchaseOrder, 'status'>): boolean => po.status === 'sent';

/** The form starts with every line in full. */
export function fullQuantities(po: Pick<PurchaseOrder, 'lines'>): Quantities {
  return Object.fromEntries(po.lines.map((l) => [l.id, l.orderedQuantity]));
}

export interface ShortShipSummary {
  orderedUnits: number;
  confirmedUnits: number;
  /** lines shipped short (less than ordered) */
  shortLines: number;
  shortUnits: number;
  orderedCostFen: number;
  confirmedCostFen: number;
  /** lines asking for more than was ordered (the server refuses these) */
  overLines: string[];
  /** lines with no valid whole number */
  invalidLines: string[];
  full: boolean;
}

const isWhole = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Units, cost and short lines of the quantities entered, against the order. */
export function shortShipSummary(po: Pick<PurchaseOrder, 'lines'>, quantities: Quantities): ShortShipSummary {
  const s: ShortShipSummary = {
    orderedUnits: 0,
    confirmedUnits: 0,
    shortLines: 0,
    shortUnits: 0,
    orderedCostFen: 0,
    confirmedCostFen: 0,
    overLines: [],
    invalidLines: [],
    full: true,
  };
  for (const line of po.lines) {
    const q = quantities[line.id];
    s.orderedUnits += line.orderedQuantity;
    s.orderedCostFen += line.orderedQuantity * line.costPriceFen;
    if (!isWhole(q)) {
      s.invalidLines.push(line.id);
      continue;
    }
    if (q > line.orderedQuantity) s.overLines.push(line.id);
    const shipped = Math.min(q, line.orderedQuantity);
    s.confirmedUnits += shipped;
    s.confirmedCostFen += shipped * line.costPriceFen;
    if (q < line.orderedQuantity) {
      s.shortLines++;
      s.shortUnits += line.orderedQuantity - q;
    }
  }
  s.full = s.shortLines === 0 && s.overLines.length === 0 && s.invalidLines.length === 0;
  return s;
}

/** The request body: only the lines shipped short are named; the rest are confirmed in full. */
export function confirmationBody(po: Pick<PurchaseOrder, 'lines'>, quantities: Quantities): ConfirmBody {
  return {
    lines: po.lines
      .filter((l) => {
        const q = quantities[l.id];
        return q !== undefined && q !== null && q !== l.orderedQuantity;
      })
      .map((l) => ({ lineId: l.id, confirmedQuantity: quantities[l.id] as number })),
  };
}

/** Each line's shipped amount at cost. */
export const lineCostFen = (line: PurchaseOrderLine, quantity: number | null | undefined): number =>
  (isWhole(quantity) ? Math.min(quantity, line.orderedQuantity) : 0) * line.costPriceFen;
