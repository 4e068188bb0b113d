/**
 * A leader's recruit link (`/shop/apply?ref=<leader id>`): the referrer is kept for the browser
 * session, so choosing a pickup point or logging in first does not lose it; the application sends
 * it (the server ignores one that is not a leader of the operator).
 */
const KEY = 'linli.shop.recruitRef';

export function rememberRecruitRef(search: string): void {
  const ref = new URLSearchParams(search).get('ref');
  if (!ref) return;
  try {
    sessionStorage.setItem(KEY, ref.slice(0, 64));
  } catch {
    // storage off: the link still works when the form is filled straight away
  }
}

export function recruitRef(search: string): string | undefined {
  const ref = new URLSearchParams(search).get('ref');
  if (ref) return ref.slice(0, 64);
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
