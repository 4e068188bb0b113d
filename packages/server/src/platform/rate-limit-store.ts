import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/database.ts';

/** Expired windows are deleted at most this often by each process. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counts one request against `key` in the `rate_limits` table (migration 0012) and answers the
 * count in the current window and the milliseconds left of it. One atomic upsert: a window that
 * has expired starts again at 1. Times are the database's, so every process agrees on them.
 */
export async function countRequest(db: Database, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const { rows } = await sql<{ count: number; ttl_ms: number }>`
    insert into rate_limits as r (key, count, expires_at)
    values (${key}, 1, now() + ${windowMs}::float8 * interval '1 millisecond')
    on conflict (key) do update set
      count = case when r.expires_at <= now() then 1 else r.count + 1 end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
    returning count, (extract(epoch from (expires_at - now())) * 1000)::float8 as ttl_ms`.execute(db);
  const row = rows[0] as { count: number; ttl_ms: number };
  return { current: Number(row.count), ttl: Math.max(0, Math.ceil(Number(row.ttl_ms))) };
}

/**
 * A store for @fastify/rate-limit that keeps its counters in the database (PostgreSQL or PGlite),
 * so API processes on one PostgreSQL share their limits without Redis. Callers put the limit's
 * name in the key, so one store serves every limit.
 */
export function databaseRateLimitStore(db: Database, log: Logger): FastifyRateLimitStoreCtor {
  let lastSweep = performance.now();
  const sweep = () => {
    if (performance.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = performance.now();
    sql`delete from rate_limits where expires_at < now()`.execute(db).catch((err) => log.warn({ err }, 'sweeping rate limits failed'));
  };
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      countRequest(db, key, timeWindow).then(
        (result) => {
          sweep();
          callback(null, result);
        },
        (err: Error) => callback(err),
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return DatabaseRateLimitStore;
}
