import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';

/** Pure rules of webhooks: which URLs linli calls, how deliveries are retried, how they are signed. */

export const MAX_URL_LENGTH = 500;
/** The first retry waits a minute, each next one twice as long, never more than an hour. */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** A delivery still failing this long after its first attempt is given up (failed). */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
export const SEND_TIMEOUT_MS = 10_000;
/** What is kept of a receiver's answer. */
export const KEPT_RESPONSE_CHARS = 500;
/** The type of a test ping: a delivery of no outbox event, sent to the endpoint whatever its types. */
export const TEST_EVENT_TYPE = 'webhook.test';
/** An endpoint taking every event type. */
export const ALL_TYPES = '*';

/** Why a URL is refused, or null when linli may call it. */
export function urlRefusal(raw: string, env: 'development' | 'production'): string | null {
  if (raw.length > MAX_URL_LENGTH) return `at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:' && !(env === 'development' && url.protocol === 'http:')) {
    return env === 'production' ? 'https only' : 'http or https only';
  }
  if (url.username || url.password) return 'no credentials in the URL';
  if (url.hash) return 'no fragment in the URL';
  if (env === 'production' && privateHost(url.hostname)) return 'a private, loopback or link-local host';
  return null;
}

/**
 * A host linli must not call in production (SSRF): `localhost` and its subdomains, and IP
 * literals in loopback, private, link-local, carrier-grade NAT, unspecified or unique-local
 * ranges, IPv4-mapped IPv6 included. Names are not resolved here.
 */
export function privateHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const kind = isIP(host);
  if (kind === 4) return privateV4(host);
  if (kind === 6) return privateV6(host);
  return false;
}

function privateV4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function privateV6(ip: string): boolean {
  if (ip === '::' || ip === '::1') return true;
  const mapped = /^::ffff:(.+)$/.exec(ip);
  if (mapped?.[1]) {
    const tail = mapped[1];
    if (isIP(tail) === 4) return privateV4(tail);
    const [hi = '0', lo = '0'] = tail.split(':');
    const n = (Number.parseInt(hi, 16) << 16) | Number.parseInt(lo, 16);
    return privateV4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
  }
  const first = Number.parseInt(ip.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}

/** The event types of a request no module declares (`*` is every type). */
export function unknownEventTypes(types: readonly string[], known: ReadonlySet<string>): string[] {
  return types.filter((t) => t !== ALL_TYPES && !known.has(t));
}

/** The wait after the `attempts`-th failed attempt: 1 min, 2, 4, … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
}

/** After a failed attempt: when to try again, or null to give up (the next try would fall past the day after the first). */
export function nextAttemptAt(now: Date, firstAttemptAt: Date, attempts: number): Date | null {
  const next = now.getTime() + retryDelayMs(attempts);
  return next > firstAttemptAt.getTime() + RETRY_WINDOW_MS ? null : new Date(next);
}

/** Whether a receiver's status code counts as delivered. */
export function delivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/**
 * The `Linli-Signature` header of a body sent at `at`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" keyed with the endpoint's secret (the whole `whsec_…` string, UTF-8)>`.
 */
export function signatureHeader(secret: string, at: Date, body: string): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
