import type { Member } from '../api.ts';

export type Frequency = 'frequent' | 'regular' | 'lapsing' | 'lapsed';

const DAY = 86_400_000;

/**
 * How often a member buys, for the leader's follow-up: frequent (4+ orders in 30 days), regular
 * (ordered in the last 14 days), lapsing (last order 15–30 days ago), lapsed (over 30 days).
 */
export function frequency(m: Pick<Member, 'ordersLast30Days' | 'lastOrderAt'>, now: number): Frequency {
  const idle = (now - Date.parse(m.lastOrderAt)) / DAY;
  if (idle > 30) return 'lapsed';
  if (m.ordersLast30Days >= 4) return 'frequent';
  if (idle <= 14) return 'regular';
  return 'lapsing';
}
