import type { ClaimableCoupon } from '../types.ts';

export type ClaimButton = 'claim' | 'claimed' | 'gone' | 'unavailable';

/** What a claimable coupon's button says: claim it, already held, none left, or not for me. */
export function claimButton(c: Pick<ClaimableCoupon, 'mayClaim' | 'held' | 'left'>): ClaimButton {
  if (c.mayClaim) return 'claim';
  if (c.held > 0) return 'claimed';
  if (c.left === 0) return 'gone';
  return 'unavailable';
}
