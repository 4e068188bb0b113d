/**
 * The lottery's pure rules: the odds table's shape, where a CSPRNG value falls in it, the fallback
 * when a prize is gone, how a draw is paid for, and the odds shown to residents.
 */

/** A draw's random value is a 32-bit unsigned integer: [0, 2^32). */
export const RANDOM_RANGE = 2 ** 32;
/** Odds are in basis points: a lottery's weights sum to this. */
export const TOTAL_BP = 10_000;

export type PrizeKind = 'coupon' | 'points' | 'item' | 'none';

export interface OddsLine {
  id: string;
  position: number;
  kind: PrizeKind;
  weightBp: number;
  stock: number | null;
}

/** Why an odds table cannot be used, or null. Weights sum to 10000; exactly one 'none' prize, unlimited. */
export function oddsProblem(prizes: ReadonlyArray<Pick<OddsLine, 'kind' | 'weightBp' | 'stock'>>): string | null {
  if (prizes.length < 2) return 'a lottery has at least two prizes';
  for (const p of prizes) {
    if (!Number.isSafeInteger(p.weightBp) || p.weightBp < 0 || p.weightBp > TOTAL_BP)
      return 'a weight is a whole number of basis points, 0 to 10000';
  }
  const total = prizes.reduce((sum, p) => sum + p.weightBp, 0);
  if (total !== TOTAL_BP) return `the weights sum to ${total} basis points, not 10000`;
  const none = prizes.filter((p) => p.kind === 'none');
  if (none.length !== 1) return 'exactly one prize is the none prize (谢谢参与): the draws whose prize is gone get it';
  if (none[0]?.stock !== null) return 'the none prize is unlimited (stock null)';
  return null;
}

/** Where a random value falls in the odds table: floor(value × 10000 / 2^32), in [0, 10000). Exact in doubles. */
export function slotOf(randomValue: number): number {
  if (!Number.isSafeInteger(randomValue) || randomValue < 0 || randomValue >= RANDOM_RANGE) {
    throw new Error('a draw value is an integer in [0, 2^32)');
  }
  return Math.floor((randomValue * TOTAL_BP) / RANDOM_RANGE);
}

/**
 * The prize a random value picks: the odds table walked in position order, each prize owning
 * `weightBp` consecutive slots. A prize of weight 0 is never picked.
 */
export function pickPrize<T extends Pick<OddsLine, 'position' | 'weightBp'>>(prizes: readonly T[], randomValue: number): T {
  const slot = slotOf(randomValue);
  let upTo = 0;
  const ordered = [...prizes].sort((a, b) => a.position - b.position);
  for (const p of ordered) {
    upTo += p.weightBp;
    if (slot < upTo) return p;
  }
  throw new Error('the odds table does not cover every slot (its weights sum to less than 10000)');
}

/** The prize given when the picked one is gone (its stock spent, or it could not be given): the none prize. */
export function fallbackPrize<T extends Pick<OddsLine, 'kind'>>(prizes: readonly T[]): T {
  const none = prizes.find((p) => p.kind === 'none');
  if (!none) throw new Error('a lottery has a none prize');
  return none;
}

/**
 * How the next draw is paid: a free draw earned by sign-in first, else points (when a draw costs
 * any), else it is free (a lottery of cost 0).
 */
export function payment(p: { pointsPerDraw: number; freeEarned: number; freeUsed: number }): 'free_draw' | 'points' | 'free' {
  if (p.freeEarned - p.freeUsed > 0) return 'free_draw';
  return p.pointsPerDraw > 0 ? 'points' : 'free';
}

/** Free draws left: earned minus used, never negative. */
export function freeDrawsLeft(freeEarned: number, freeUsed: number): number {
  return Math.max(0, freeEarned - freeUsed);
}

/** The odds as residents read them: "12.50%". */
export function probabilityText(weightBp: number): string {
  return `${(weightBp / 100).toFixed(2)}%`;
}

/**
 * What an audit concludes from a draw: the value picks the recorded prize, and the prize given is
 * that one, or (recorded as a fallback) the none prize.
 */
export function auditOutcome<T extends OddsLine>(
  prizes: readonly T[],
  draw: { randomValue: number; pickedPrizeId: string; prizeId: string; fellBack: boolean },
): { slot: number; recomputed: T; consistent: boolean } {
  const recomputed = pickPrize(prizes, draw.randomValue);
  const given = draw.fellBack ? fallbackPrize(prizes).id === draw.prizeId : draw.prizeId === draw.pickedPrizeId;
  return { slot: slotOf(draw.randomValue), recomputed, consistent: recomputed.id === draw.pickedPrizeId && given };
}
