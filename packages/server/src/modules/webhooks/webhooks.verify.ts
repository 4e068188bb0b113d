import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver checks a delivery (the recipe integrators follow, here for the local receiver
 * and the tests): split `Linli-Signature` into `t` and `v1`, compute the hex HMAC-SHA256 of
 * `"<t>.<raw body>"` keyed with the endpoint's secret, compare in constant time, and refuse a `t`
 * more than a few minutes from now (`freshness`, against replays).
 */
export function verifySignature(secret: string, header: string, body: string, freshness?: { now: Date; toleranceS: number }): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (freshness && Math.abs(freshness.now.getTime() / 1000 - Number(t)) > freshness.toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
