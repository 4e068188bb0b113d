/**
 * How a leader's member search reads its text: up to 4 digits match the end of the phone (the
 * digits the mask shows, and a resident says at pickup), anything else the name. Longer digit
 * strings, a whole phone included, match nothing, not even by their last 4: a search that matched
 * on the hidden digits, or a count that told whether a whole number belongs to a member, would
 * unmask a phone in 10,000 guesses.
 */
export function memberSearch(q: string): { phoneEnding: string } | { name: string } | { nothing: true } {
  if (/^\d{1,4}$/.test(q)) return { phoneEnding: q };
  if (/^\d+$/.test(q)) return { nothing: true };
  return { name: q };
}

/** The average of a total over a count, rounded to a fen; 0 for none. */
export const averageFen = (totalFen: number, count: number): number => (count > 0 ? Math.round(totalFen / count) : 0);

/** Every hour of a day, with the hours that had orders filled in. */
export function hourlySeries(rows: Array<{ hour: number; orders: number; gmvFen: number }>) {
  const byHour = new Map(rows.map((r) => [r.hour, r]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, orders: byHour.get(hour)?.orders ?? 0, gmvFen: byHour.get(hour)?.gmvFen ?? 0 }));
}
