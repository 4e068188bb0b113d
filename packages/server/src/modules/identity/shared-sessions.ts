import type { AppContext } from '../../context.ts';
import { scheduleJob } from '../../platform/jobs.ts';

/**
 * With Redis, a resolved resident session is also kept there for SHARED_SESSION_S (never past its
 * expiry), so a crowd of residents (a flash sale's start) is resolved without reading PostgreSQL
 * one request each. A resident session ends only by logout (which deletes the key) or expiry.
 */
const SHARED_SESSION_S = 600;
const sharedKey = (hash: string) => `linli:session:${hash}`;

/** Keeps a resident session in Redis (when there is one) for SHARED_SESSION_S, never past its expiry. */
export async function shareSession<P>(ctx: AppContext, hash: string, principal: P, expiresAt: number, nowMs: number): Promise<void> {
  const seconds = Math.min(SHARED_SESSION_S, Math.floor((expiresAt - nowMs) / 1000));
  if (!ctx.redis || seconds <= 0) return;
  const value = JSON.stringify({ principal, expiresAt });
  await ctx.redis.set(sharedKey(hash), value, 'EX', seconds).catch((err) => ctx.log.warn({ err }, 'session not kept in Redis'));
}

/** A resident session kept in Redis, if any (and not expired); without Redis, or when it fails, none (the caller reads the database). */
export async function sharedSession<P>(
  ctx: AppContext,
  hash: string,
  nowMs: number,
): Promise<{ principal: P; expiresAt: number } | undefined> {
  if (!ctx.redis) return undefined;
  const raw = await ctx.redis.get(sharedKey(hash)).catch((err) => {
    ctx.log.warn({ err }, 'Redis session lookup failed');
    return null;
  });
  if (!raw) return undefined;
  const kept = JSON.parse(raw) as { principal: P; expiresAt: number };
  return kept.expiresAt > nowMs ? kept : undefined;
}

/** The job that deletes a logged-out session's copy in Redis when Redis failed at logout. */
export const FORGET_SHARED_SESSION_JOB = 'identity.forget-shared-session';

/**
 * Deletes a revoked session's copy in Redis. A Redis failure does not fail the logout (the session
 * is revoked in the database, which every lookup reads while Redis fails): a durable job deletes
 * the copy, retried with backoff, so it cannot answer for the session once Redis is back.
 */
export async function forgetSharedSession(ctx: AppContext, hash: string): Promise<void> {
  if (!ctx.redis) return;
  try {
    await ctx.redis.del(sharedKey(hash));
  } catch (err) {
    ctx.log.warn({ err }, 'Redis failed at logout: a job deletes the kept session');
    await ctx.db.transaction().execute((trx) =>
      scheduleJob(trx, ctx.clock, {
        kind: FORGET_SHARED_SESSION_JOB,
        runAt: ctx.clock.now(),
        payload: { hash },
        dedupeKey: `forget-session:${hash}`,
      }),
    );
    ctx.jobs.kick();
  }
}

/** Identity's jobs: deleting a logged-out session's copy in Redis. */
export function setupIdentity(ctx: AppContext): void {
  ctx.jobs.register(FORGET_SHARED_SESSION_JOB, async (_trx, payload) => {
    await ctx.redis?.del(sharedKey(String(payload.hash)));
  });
}
