/**
 * `Content-Disposition: attachment` for a download (RFC 6266): a quoted ASCII `filename` for old
 * clients and `filename*` (RFC 5987/8187) with the name percent-encoded as UTF-8 for the rest.
 * The name may come from an id or a date, so nothing in it can end the header, the quoted string
 * or the encoding: control characters (CR, LF, NUL, …) are dropped from both forms.
 */
export function attachment(fileName: string): string {
  let fallback = '';
  let encoded = '';
  for (const ch of fileName) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) continue;
    // The quoted form: printable ASCII but `"` and `\` (they end or escape it) and `%` (some clients decode it).
    fallback += code > 0x7e || ch === '"' || ch === '\\' || ch === '%' ? '_' : ch;
    if (ATTR_CHAR.test(ch)) encoded += ch;
    else if (code >= 0xd800 && code <= 0xdfff)
      encoded += '%EF%BF%BD'; // a lone surrogate: U+FFFD
    else encoded += encodeURIComponent(ch).replace(/['()*]/g, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`);
  }
  return `attachment; filename="${fallback || 'download'}"; filename*=UTF-8''${encoded || 'download'}`;
}

/** RFC 5987's attr-char: what `filename*` may carry unencoded. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+.^_`|~-]$/;
