import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Replay protection for signed provider notifications: the nonce of every notification accepted
 * in the last minutes (WeChat Pay signs each with one and a timestamp that must be within five
 * minutes), so the same signed message is applied at most once. Old rows are swept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table payment_notice_nonces (
  provider text not null,
  nonce text not null,
  received_at timestamptz not null,
  primary key (provider, nonce)
);
create index payment_notice_nonces_received on payment_notice_nonces (received_at);
`,
  );
}
