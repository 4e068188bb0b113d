import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Claims before provider calls: a sweep (in any number of server processes) first claims a row
 * for a while in one statement, then calls the provider, then records the outcome. A claim that
 * is not finished (the process died, the provider did not answer) runs out and the row is tried
 * again; the provider recognises the retry by linli's id (the idempotency key).
 * - refunds: attempts, when the next attempt may start, and the provider's last error;
 * - payments: until when a process is asking the provider about an unpaid order's payment;
 * - withdrawals: the payout's attempts and until when a process is sending it.
 * Nullable columns without defaults: adding them rewrites nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table refunds add column attempts integer not null default 0;
alter table refunds add column next_attempt_at timestamptz;
alter table refunds add column last_error text;
alter table payments add column provider_claimed_until timestamptz;
alter table withdrawals add column payout_attempts integer not null default 0;
alter table withdrawals add column payout_claimed_until timestamptz;
`,
  );
}
