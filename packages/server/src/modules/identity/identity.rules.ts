import { createHash } from 'node:crypto';
import { MINUTE } from '../../platform/clock.ts';
import { hmac } from '../../platform/secret.ts';

export const SMS_CODE_TTL_MS = 5 * MINUTE;
export const SMS_RESEND_INTERVAL_MS = MINUTE;
export const SMS_MAX_CODES_PER_DAY = 10;
export const SMS_MAX_ATTEMPTS = 5;

/** A code is stored keyed by the installation secret and the phone: a leaked table reveals no codes. */
export function smsCodeHash(secret: string, phone: string, code: string): string {
  return hmac(secret, `sms:${phone}:${code}`);
}

/** Session tokens are 256 random bits, so a plain SHA-256 is enough to store them. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type CodeRequestVerdict = { ok: true } | { ok: false; retryAfterMs: number; reason: 'too_soon' | 'daily_limit' };

/** Whether a new code may be sent, given the phone's recent codes (newest first). */
export function mayRequestCode(now: Date, recentCreatedAt: readonly Date[]): CodeRequestVerdict {
  const newest = recentCreatedAt[0];
  if (newest && now.getTime() - newest.getTime() < SMS_RESEND_INTERVAL_MS) {
    return { ok: false, reason: 'too_soon', retryAfterMs: SMS_RESEND_INTERVAL_MS - (now.getTime() - newest.getTime()) };
  }
  const dayAgo = now.getTime() - 24 * 60 * MINUTE;
  const today = recentCreatedAt.filter((d) => d.getTime() > dayAgo);
  if (today.length >= SMS_MAX_CODES_PER_DAY) {
    const oldest = today[today.length - 1] as Date;
    return { ok: false, reason: 'daily_limit', retryAfterMs: oldest.getTime() - dayAgo };
  }
  return { ok: true };
}

export type CodeCheck = 'ok' | 'no_code' | 'expired' | 'used' | 'too_many_attempts' | 'wrong';

/** Judges a submitted code against the newest code sent to the phone. */
export function checkCode(
  now: Date,
  stored: { code_hash: string; expires_at: Date; attempts: number; consumed_at: Date | null } | undefined,
  submittedHash: string,
): CodeCheck {
  if (!stored) return 'no_code';
  if (stored.consumed_at) return 'used';
  if (stored.expires_at.getTime() <= now.getTime()) return 'expired';
  if (stored.attempts >= SMS_MAX_ATTEMPTS) return 'too_many_attempts';
  return stored.code_hash === submittedHash ? 'ok' : 'wrong';
}

/** A phone as a leader may see it: the first 3 and last 4 digits (138****1234). */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
