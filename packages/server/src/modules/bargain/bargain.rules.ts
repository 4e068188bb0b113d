/**
 * The bargain's (砍价) pure rules: the cut each helper makes, larger first, so the price reaches
 * the floor exactly at the configured helper and never goes below it; a bargain's state.
 */

/** A cut's random value is a 32-bit unsigned integer from the CSPRNG: [0, 2^32). */
export const RANDOM_RANGE = 2 ** 32;

/**
 * The cut of the next helper, when `remainingFen` is left above the floor and `helpersLeft`
 * helpers (this one included) are to come. The last helper cuts all that is left. Others cut a
 * share of what is left weighted early — on average 2/(helpersLeft + 1) of it, between half and
 * one and a half times that by the random value — and at least 1 fen, leaving at least 1 fen for
 * each helper after them. So the cuts are larger first (on average), every cut ≥ 1 fen, and they
 * sum to exactly what was left.
 */
export function nextCut(remainingFen: number, helpersLeft: number, randomValue: number): number {
  if (!Number.isSafeInteger(helpersLeft) || helpersLeft < 1) throw new Error('a cut needs a helper to come');
  if (!Number.isSafeInteger(remainingFen) || remainingFen < helpersLeft) {
    throw new Error('what is left above the floor is at least 1 fen per helper to come');
  }
  if (!Number.isSafeInteger(randomValue) || randomValue < 0 || randomValue >= RANDOM_RANGE) {
    throw new Error('a cut value is an integer in [0, 2^32)');
  }
  if (helpersLeft === 1) return remainingFen;
  // 2R/(k+1) × (1/2 + u/2^32), in whole numbers: 2R × (2^31 + u) / ((k+1) × 2^32), floored.
  const r = BigInt(remainingFen);
  const share = (2n * r * (2n ** 31n + BigInt(randomValue))) / (BigInt(helpersLeft + 1) * 2n ** 32n);
  const most = remainingFen - (helpersLeft - 1);
  return Math.min(most, Math.max(1, Number(share)));
}

/**
 * Every helper's cut of a bargain whose price is `totalFen` above its floor with `helpers`
 * helpers, the values drawn from `random` in turn: `helpers` cuts, each ≥ 1 fen, summing to
 * `totalFen`.
 */
export function bargainCuts(totalFen: number, helpers: number, random: () => number): number[] {
  const cuts: number[] = [];
  let left = totalFen;
  for (let k = helpers; k >= 1; k--) {
    const cut = nextCut(left, k, random());
    cuts.push(cut);
    left -= cut;
  }
  return cuts;
}

/** Why an offer's numbers cannot make a bargain, or null: a floor below the price, and at least 1 fen for each helper to cut. */
export function offerProblem(o: { priceFen: number; floorFen: number; helpers: number }): string | null {
  if (o.floorFen < 0) return 'the floor is at least 0 fen';
  if (o.floorFen >= o.priceFen) return 'the floor is below the price';
  if (o.helpers < 1) return 'a bargain needs at least one helper';
  if (o.priceFen - o.floorFen < o.helpers) return 'each helper cuts at least 1 fen: price − floor is at least the helpers needed';
  return null;
}

export type BargainState = 'open' | 'bought' | 'expired';

/** A bargain's state as the reader sees it: open past its time is expired. */
export function bargainState(b: { state: BargainState; expiresAt: Date }, now: Date): BargainState {
  return b.state === 'open' && b.expiresAt <= now ? 'expired' : b.state;
}

/** Why a helper may not cut, or null (the order of the checks is the order of the answers). */
export function cutRefusal(c: {
  state: BargainState;
  helperIsStarter: boolean;
  helpedBefore: boolean;
  helpersLeft: number;
  newcomerOnly: boolean;
  helperIsNewcomer: boolean;
  phoneCutBefore: boolean;
  deviceCutBefore: boolean;
  helperCutsToday: number;
  deviceCutsToday: number;
  dailyCutLimit: number;
}):
  | 'not_open'
  | 'own_bargain'
  | 'already_helped'
  | 'no_cuts_left'
  | 'newcomers_only'
  | 'phone_used'
  | 'device_used'
  | 'daily_limit'
  | 'device_daily_limit'
  | null {
  if (c.state !== 'open') return 'not_open';
  if (c.helperIsStarter) return 'own_bargain';
  if (c.helpedBefore) return 'already_helped';
  if (c.helpersLeft <= 0) return 'no_cuts_left';
  if (c.newcomerOnly && !c.helperIsNewcomer) return 'newcomers_only';
  if (c.phoneCutBefore) return 'phone_used';
  if (c.deviceCutBefore) return 'device_used';
  if (c.helperCutsToday >= c.dailyCutLimit) return 'daily_limit';
  if (c.deviceCutsToday >= c.dailyCutLimit) return 'device_daily_limit';
  return null;
}
