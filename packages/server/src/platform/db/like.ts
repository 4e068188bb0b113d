/**
 * A LIKE / ILIKE pattern that matches `text` anywhere, its `%`, `_` and `\` taken literally (escaped
 * with `\`, PostgreSQL's default escape character): a search for "50%" finds "50%", not "500".
 */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
