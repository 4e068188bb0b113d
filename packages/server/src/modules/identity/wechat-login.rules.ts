import { randomBytes } from 'node:crypto';
import { MINUTE } from '../../platform/clock.ts';
import { hmac, sameDigest } from '../../platform/secret.ts';

/** How long a browser has between leaving for WeChat and coming back. */
export const WECHAT_STATE_TTL_MS = 10 * MINUTE;
/** How long the page has to redeem the ticket of a callback (and to prove a phone the first time). */
export const WECHAT_TICKET_TTL_MS = 10 * MINUTE;
/** The cookie tying a callback to the browser that started the login (login CSRF). */
export const WECHAT_STATE_COOKIE = 'linli_wx_state';
export const WECHAT_CALLBACK_PATH = '/api/v1/auth/wechat/callback';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STATE_ID_LENGTH = 24;
const STATE_MAC_LENGTH = 32;

/** A random id of letters and digits: WeChat takes a state of [a-zA-Z0-9], at most 128 bytes. */
export function newStateId(): string {
  let out = '';
  for (const b of randomBytes(STATE_ID_LENGTH)) out += ALNUM[b % 62];
  return out;
}

/** The state sent to WeChat: the login's id and its MAC under the installation secret (56 characters). */
export function signState(secret: string, id: string): string {
  return `${id}${hmac(secret, `wechat-state:${id}`).slice(0, STATE_MAC_LENGTH)}`;
}

/** The login id of a state linli signed; undefined for anything else (forged, altered, truncated). */
export function stateId(secret: string, state: string | undefined): string | undefined {
  if (!state || state.length !== STATE_ID_LENGTH + STATE_MAC_LENGTH || !/^[A-Za-z0-9]+$/.test(state)) return undefined;
  const id = state.slice(0, STATE_ID_LENGTH);
  const mac = state.slice(STATE_ID_LENGTH);
  return sameDigest(mac, hmac(secret, `wechat-state:${id}`).slice(0, STATE_MAC_LENGTH)) ? id : undefined;
}

export type StateCheck = 'ok' | 'forged' | 'unknown' | 'other_browser' | 'expired' | 'used';

/** Judges a callback's state against the login it names and the browser's cookie. */
export function checkState(
  now: Date,
  id: string | undefined,
  cookie: string | undefined,
  login: { expires_at: Date; called_back_at: Date | null } | undefined,
): StateCheck {
  if (!id) return 'forged';
  if (!login) return 'unknown';
  if (cookie !== id) return 'other_browser';
  if (login.called_back_at) return 'used';
  if (login.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'ok';
}

export type TicketCheck = 'ok' | 'unknown' | 'expired' | 'used';

/** Judges a ticket's login row: single use, within its lifetime. */
export function checkTicket(now: Date, login: { ticket_expires_at: Date | null; ticket_used_at: Date | null } | undefined): TicketCheck {
  if (!login?.ticket_expires_at) return 'unknown';
  if (login.ticket_used_at) return 'used';
  if (login.ticket_expires_at.getTime() <= now.getTime()) return 'expired';
  return 'ok';
}

/** A path on this site with query parameters added (the return address of a callback). */
export function withQuery(path: string, params: Record<string, string>): string {
  const url = new URL(path, 'http://linli.invalid');
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}`;
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
