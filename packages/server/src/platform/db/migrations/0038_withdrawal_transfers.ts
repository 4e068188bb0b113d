import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A payout the payee must accept (WeChat Pay's 商家转账 waits for the leader to confirm in WeChat):
 * the provider's own state of a withdrawal's payout (`payout_state`, e.g. WAIT_USER_CONFIRM, shown
 * to finance) and, while it waits, what the leader's screen needs to accept it
 * (`payout_confirmation`: merchant id, app id and the transfer's package). The withdrawal stays
 * `approved` until the payout is paid, failed or cancelled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table withdrawals add column payout_state text;
alter table withdrawals add column payout_confirmation jsonb;
`,
  );
}
