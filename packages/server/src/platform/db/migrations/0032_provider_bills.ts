import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The payment provider's daily bill, checked against linli: one check per provider and (Beijing)
 * date with the bill's totals; the bill's lines as received (a payment notified just after
 * midnight is billed the day before, so the next day's check looks here); and every difference
 * found, by kind, with the operator of linli's side when there is one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table provider_bill_checks (
  id text primary key,
  provider text not null,
  bill_date date not null,
  checked_at timestamptz not null,
  payments_count integer not null,
  payments_fen bigint not null,
  refunds_count integer not null,
  refunds_fen bigint not null,
  differences integer not null,
  unique (provider, bill_date)
);
create table provider_bill_lines (
  check_id text not null references provider_bill_checks (id) on delete cascade,
  subject text not null check (subject in ('payment', 'refund')),
  ref text not null,
  amount_fen bigint not null,
  primary key (check_id, subject, ref)
);
create index provider_bill_lines_ref on provider_bill_lines (ref);
create table provider_bill_differences (
  check_id text not null references provider_bill_checks (id) on delete cascade,
  subject text not null check (subject in ('payment', 'refund')),
  ref text not null,
  kind text not null check (kind in ('missing_in_linli', 'missing_at_provider', 'amount_differs')),
  operator_id text references operators (id),
  linli_fen bigint,
  provider_fen bigint,
  primary key (check_id, subject, ref)
);
create index provider_bill_differences_operator on provider_bill_differences (operator_id, check_id);
`,
  );
}
