/** A search box's text as the leaders list's filters: digits search phones, anything else names. */
export function leaderSearch(text: string): { name?: string; phone?: string } {
  const q = text.trim();
  if (!q) return {};
  return /^\d+$/.test(q) ? { phone: q } : { name: q };
}
