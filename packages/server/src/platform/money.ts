/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder method, so the
 * parts are integers and always add up to exactly `total`. Ties go to the earlier weight.
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new Error('total must be an integer');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    if (total === 0) return weights.map(() => 0);
    throw new Error('weights must have a positive sum');
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const exact = weights.map((w) => (abs * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = abs - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rem: x - Math.floor(x) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) {
    const slot = order[k % order.length];
    if (slot) parts[slot.i] = (parts[slot.i] ?? 0) + 1;
  }
  return parts.map((p) => p * sign);
}

/** 1234 → "12.34" for messages and logs. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
