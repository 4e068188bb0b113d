import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The double-entry ledger (accounts, journal entries, postings) and settlement (commission per
 * order line, commission rules and policy, leader withdrawals). Entries balance and are immutable:
 * the database itself refuses an unbalanced entry at commit and any UPDATE or DELETE of the
 * journal, so no code path can bypass the rules. Postings are signed: debit > 0, credit < 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table ledger_accounts (
  id text primary key,
  operator_id text not null references operators(id),
  code text not null,
  party_kind text not null check (party_kind in ('operator', 'leader', 'supplier', 'carrier')),
  party_id text not null,
  normal_side text not null check (normal_side in ('debit', 'credit')),
  -- debits minus credits of every posting: kept with each posting, proven by reconciliation
  balance_fen bigint not null default 0,
  created_at timestamptz not null,
  unique (operator_id, code, party_kind, party_id)
);

create table journal_entries (
  id text primary key,
  operator_id text not null references operators(id),
  -- one entry per cause: a redelivered event finds its key taken and posts nothing
  idempotency_key text not null,
  kind text not null,
  document_type text not null,
  document_id text not null,
  memo text not null default '',
  meta jsonb not null default '{}',
  occurred_at timestamptz not null,
  recorded_at timestamptz not null,
  reverses_entry_id text references journal_entries(id),
  unique (operator_id, idempotency_key)
);
create index journal_entries_document on journal_entries (operator_id, document_type, document_id);
create index journal_entries_occurred on journal_entries (operator_id, occurred_at);

create table journal_postings (
  id bigint generated always as identity primary key,
  entry_id text not null references journal_entries(id),
  operator_id text not null references operators(id),
  account_id text not null references ledger_accounts(id),
  amount_fen bigint not null check (amount_fen <> 0),
  -- the SKU a sales, refund, cost or commission amount belongs to (P&L by SKU and category)
  sku_id text
);
create index journal_postings_entry on journal_postings (entry_id);
create index journal_postings_account on journal_postings (account_id);

create function ledger_entry_balanced() returns trigger language plpgsql as $$ declare total bigint; n integer; begin select coalesce(sum(amount_fen), 0), count(*) into total, n from journal_postings where entry_id = new.id; if n < 2 or total <> 0 then raise exception 'journal entry % does not balance (% postings, debits - credits = %)', new.id, n, total; end if; return null; end $$;
create constraint trigger journal_entries_balanced after insert on journal_entries deferrable initially deferred for each row execute function ledger_entry_balanced();

create function ledger_posting_balanced() returns trigger language plpgsql as $$ declare total bigint; begin select coalesce(sum(amount_fen), 0) into total from journal_postings where entry_id = new.entry_id; if total <> 0 then raise exception 'journal entry % does not balance (debits - credits = %)', new.entry_id, total; end if; return null; end $$;
create constraint trigger journal_postings_balanced after insert on journal_postings deferrable initially deferred for each row execute function ledger_posting_balanced();

create function ledger_immutable() returns trigger language plpgsql as $$ begin raise exception 'the journal is append-only: correct with a reversing entry'; end $$;
create trigger journal_entries_immutable before update or delete on journal_entries for each row execute function ledger_immutable();
create trigger journal_postings_immutable before update or delete on journal_postings for each row execute function ledger_immutable();
create trigger journal_entries_no_truncate before truncate on journal_entries for each statement execute function ledger_immutable();
create trigger journal_postings_no_truncate before truncate on journal_postings for each statement execute function ledger_immutable();

-- a handler claims its event here in the delivery transaction, so a redelivery does nothing
create table ledger_event_claims (
  operator_id text not null references operators(id),
  key text not null,
  claimed_at timestamptz not null,
  primary key (operator_id, key)
);

create table ledger_policies (
  operator_id text primary key references operators(id),
  commission_rate_bp integer not null default 1000 check (commission_rate_bp between 0 and 10000),
  release_after_hours integer not null default 48 check (release_after_hours >= 0),
  withdrawal_min_fen bigint not null default 1000 check (withdrawal_min_fen > 0),
  withdrawal_fee_bp integer not null default 0 check (withdrawal_fee_bp between 0 and 10000),
  withdrawal_daily_limit_fen bigint not null default 500000 check (withdrawal_daily_limit_fen > 0),
  updated_at timestamptz not null
);

create table commission_rules (
  operator_id text not null references operators(id),
  scope text not null check (scope in ('product', 'category', 'level')),
  subject text not null,
  rate_bp integer not null check (rate_bp between 0 and 10000),
  updated_at timestamptz not null,
  primary key (operator_id, scope, subject)
);

create table commission_lines (
  order_line_id text primary key references order_lines(id),
  operator_id text not null references operators(id),
  order_id text not null references orders(id),
  leader_id text not null references leaders(id),
  sku_id text not null,
  rate_bp integer not null,
  base_fen bigint not null,
  accrued_fen bigint not null check (accrued_fen >= 0),
  refunded_fen bigint not null default 0,
  clawed_back_fen bigint not null default 0 check (clawed_back_fen between 0 and accrued_fen),
  status text not null check (status in ('pending', 'available')),
  accrued_at timestamptz not null,
  released_at timestamptz
);
create index commission_lines_order on commission_lines (order_id);
create index commission_lines_leader on commission_lines (operator_id, leader_id);

create table withdrawals (
  id text primary key,
  operator_id text not null references operators(id),
  leader_id text not null references leaders(id),
  amount_fen bigint not null check (amount_fen > 0),
  fee_fen bigint not null check (fee_fen >= 0 and fee_fen < amount_fen),
  status text not null check (status in ('requested', 'approved', 'paid', 'failed', 'rejected')),
  payout_provider text,
  payout_ref text,
  failure_reason text,
  requested_at timestamptz not null,
  decided_at timestamptz,
  decided_by text,
  finished_at timestamptz,
  updated_at timestamptz not null
);
create index withdrawals_leader on withdrawals (operator_id, leader_id, requested_at);
create index withdrawals_status on withdrawals (operator_id, status);
`,
  );
}
