/**
 * What an order costs: the `price` step of checkout (context → price → reserve → pay), pure so
 * that every rule of money is a table test. A line starts at its campaign's group price; pricing
 * steps (marketing's: a team price, a flash-sale price, a coupon) then set another unit price or
 * add discounts; last, every line's amount and the order's total are settled here, in one place,
 * so no step can leave an amount that disagrees with its unit price, quantity and discounts.
 */

/** A line to price: what the campaign lists it at. */
export interface LineToPrice {
  campaignLineId: string;
  quantity: number;
  /** The campaign line's group price, per unit. */
  groupPriceFen: number;
}

/** Money taken off a line's amount, and why (for the receipt and for refunding it line by line). */
export interface Discount {
  /** What granted it, e.g. `coupon:<id>`; stable, since refunds and reports group by it. */
  source: string;
  amountFen: number;
}

export interface PricedLine extends LineToPrice {
  /** The price per unit the resident pays before discounts (the group price unless a step set another). */
  unitPriceFen: number;
  discounts: Discount[];
  /** unitPriceFen × quantity − discounts, never below zero. */
  amountFen: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  totalFen: number;
}

/**
 * A pricing step: sees the lines as priced so far and returns them with unit prices changed or
 * discounts added (an order-level discount is spread over the lines by the step, so each line
 * knows what it was sold for). Amounts are recomputed after every step; a step sets none.
 */
export type PricingStep = (lines: readonly PricedLine[]) => PricedLine[];

/** Prices the lines at their group price, then applies the steps in order. Throws on a price no step may produce. */
export function priceOrder(lines: readonly LineToPrice[], steps: readonly PricingStep[] = []): PricedOrder {
  let priced = lines.map((l) => settle({ ...l, unitPriceFen: l.groupPriceFen, discounts: [], amountFen: 0 }));
  for (const step of steps) priced = step(priced).map(settle);
  return { lines: priced, totalFen: priced.reduce((sum, l) => sum + l.amountFen, 0) };
}

/** A line's amount from its unit price, quantity and discounts; a fractional fen or a negative amount is a bug in a step. */
function settle(line: PricedLine): PricedLine {
  const money = [line.unitPriceFen, ...line.discounts.map((d) => d.amountFen)];
  if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
    throw new Error(`pricing: quantity ${line.quantity} of line ${line.campaignLineId}`);
  }
  if (money.some((fen) => !Number.isSafeInteger(fen) || fen < 0)) {
    throw new Error(`pricing: prices and discounts are whole, non-negative fen (line ${line.campaignLineId})`);
  }
  const amountFen = line.unitPriceFen * line.quantity - line.discounts.reduce((sum, d) => sum + d.amountFen, 0);
  if (amountFen < 0) throw new Error(`pricing: discounts exceed the amount of line ${line.campaignLineId}`);
  return { ...line, amountFen };
}
