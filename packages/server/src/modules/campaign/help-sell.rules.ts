import type { CampaignStatus } from '../../platform/db/schema.ts';

/**
 * 帮卖 (help-sell): the pure rules. A help-sell campaign is published by a leader or a supplier
 * with a split agreed on it, in basis points of what the resident paid for a line: the selling
 * leader's share (instead of the normal commission rate), the publisher's share, and the platform
 * keeps the rest.
 */
export interface HelpSellSplit {
  sellerBp: number;
  publisherBp: number;
}

/** Why a split is refused, or null when it stands: whole basis points, none below 0, together at most the whole line. */
export function splitProblem(s: HelpSellSplit): string | null {
  if (!Number.isSafeInteger(s.sellerBp) || !Number.isSafeInteger(s.publisherBp)) return 'shares are whole basis points';
  if (s.sellerBp < 0 || s.publisherBp < 0) return 'a share cannot be below 0';
  if (s.sellerBp + s.publisherBp > 10_000) return 'the seller and publisher shares together exceed the whole line (10000 bp)';
  return null;
}

/** What the platform keeps of a line, in basis points. */
export const platformBp = (s: HelpSellSplit): number => 10_000 - s.sellerBp - s.publisherBp;

/** A share of a line's paid amount, rounded down to the fen. */
export function shareFen(amountFen: number, bp: number): number {
  if (amountFen <= 0 || bp <= 0) return 0;
  return Math.floor((amountFen * bp) / 10_000);
}

/**
 * The terms are agreed before the campaign sells: set, changed or removed only while it is a draft
 * or scheduled (an open campaign's orders must all have been paid under the same split).
 */
export const termsEditable = (status: CampaignStatus): boolean => status === 'draft' || status === 'scheduled';

/** Leaders opt in (or out) while the campaign has not reached its cutoff: scheduled, or open. */
export const resellersChangeable = (status: CampaignStatus): boolean => status === 'scheduled' || status === 'open';

/**
 * Where a help-sell campaign may be ordered: at the publishing leader's own points and at the
 * points of leaders who opted in. A supplier's campaign sells only through resellers.
 */
export function mayOrderAt(
  terms: { publisherKind: 'leader' | 'supplier'; publisherId: string; resellers: readonly string[] },
  leaderId: string,
): boolean {
  return (terms.publisherKind === 'leader' && terms.publisherId === leaderId) || terms.resellers.includes(leaderId);
}
