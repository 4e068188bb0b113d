import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Receiving safeguards. A supplier's confirmation taken by phone is recorded on the purchase
 * order: the staff member who recorded it and their note (null when the supplier confirmed in
 * its portal). Lot numbers the server makes when the warehouse leaves them blank count per
 * operator and delivery date in `lot_sequences`: one row, bumped by an upsert, so two receipts at
 * once never get the same number. Nullable columns without a default: adding them rewrites nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table purchase_orders add column confirmed_by_staff_id text;
alter table purchase_orders add column confirmation_note text;
create table lot_sequences (
  operator_id text not null,
  day date not null,
  last_seq integer not null check (last_seq > 0),
  primary key (operator_id, day)
);
`,
  );
}
