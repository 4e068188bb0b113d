import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Rate-limit counters when no Redis is configured: one row per limit and subject (a client IP, a
 * person, or everyone), counting requests until the window expires. Every API process on the same
 * database shares them. Unlogged: a crash may forget the counts, which only reopens the windows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create unlogged table rate_limits (
  key text primary key,
  count integer not null,
  expires_at timestamptz not null
);
-- the sweep of expired windows
create index rate_limits_expiry on rate_limits (expires_at);
`,
  );
}
