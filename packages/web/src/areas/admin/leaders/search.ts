/**
 * A search box's text as the leaders list's filters: digits search the end of the phone (the
 * server matches only the last 4 digits, the ones a masked phone shows; a whole number searches
 * by its last 4), anything else names.
 */
export function leaderSearch(text: string): { name?: string; phone?: string } {
  const q = text.trim();
  if (!q) return {};
  return /^\d+$/.test(q) ? { phone: q.slice(-4) } : { name: q };
}
