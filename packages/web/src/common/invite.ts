/**
 * The invite code a shop link carries (`/shop/?invite=<code>`), kept in this browser until a login
 * uses it (WeChat login leaves the page and comes back), and the browser's own random device id,
 * which the server keeps only hashed, to tell one phone's many sign-ups apart from many phones'.
 */

const INVITE_KEY = 'linli.shop.invite';
const DEVICE_KEY = 'linli.device';
const CODE = /^[0-9a-z]{12}$/;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Keeps the invite code of the page's address (a well-formed one only); answers the code kept, if any. */
export function rememberInvite(search: string = typeof location === 'undefined' ? '' : location.search): string | null {
  const code = new URLSearchParams(search).get('invite');
  const store = storage();
  if (code && CODE.test(code)) store?.setItem(INVITE_KEY, code);
  const kept = store?.getItem(INVITE_KEY) ?? null;
  return kept && CODE.test(kept) ? kept : null;
}

/** Forgets the invite code once a login took it. */
export function forgetInvite(): void {
  storage()?.removeItem(INVITE_KEY);
}

/** This browser's device id: random, made once and kept. */
export function deviceId(): string {
  const store = storage();
  const kept = store?.getItem(DEVICE_KEY);
  if (kept && /^[A-Za-z0-9_-]{8,128}$/.test(kept)) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  store?.setItem(DEVICE_KEY, id);
  return id;
}

/** What a login sends with an invite code: the code in the body, the device id as X-Device-Id. */
export function inviteParts(invite: string | null | undefined): { body: { invite?: string }; headers: Record<string, string> } {
  return invite ? { body: { invite }, headers: { 'X-Device-Id': deviceId() } } : { body: {}, headers: {} };
}
