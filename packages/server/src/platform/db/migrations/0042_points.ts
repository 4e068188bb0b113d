import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Points and daily sign-in (module points). `points_entries` is the ledger: every change of a
 * resident's points, keyed so a redelivered event or a retried request posts nothing.
 * `points_balances` holds each resident's balance, never negative. Points earned are kept as
 * `points_lots` with an expiry: spending takes the soonest-expiring lots first, and the expiry
 * sweep expires what is left of a lot past its date. `points_order_grants` remembers what an
 * order earned at pickup, so refunds take back their share once. `points_sign_ins`: one row per
 * resident and operator-local day (the primary key makes a second sign-in impossible, also under
 * concurrency). `points_settings`: the operator's rules; no row means the defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table points_settings (
  operator_id text primary key,
  enabled boolean not null default true,
  points_per_yuan integer not null default 1 check (points_per_yuan between 0 and 1000),
  lot_days integer not null default 365 check (lot_days between 1 and 3650),
  sign_in_points integer not null default 5 check (sign_in_points between 0 and 10000),
  streak_bonuses jsonb not null default '[{"day":7,"points":20}]',
  updated_at timestamptz not null,
  updated_by text
);
create table points_balances (
  operator_id text not null,
  resident_id text not null,
  balance integer not null default 0 check (balance >= 0),
  updated_at timestamptz not null,
  primary key (operator_id, resident_id)
);
create table points_entries (
  id text primary key,
  operator_id text not null,
  resident_id text not null,
  delta integer not null,
  reason text not null check (reason in ('order_picked_up', 'order_refunded', 'sign_in', 'streak_bonus', 'redeemed', 'expired',
    'invite_reward', 'staff_adjustment')),
  document_id text,
  key text not null,
  shortfall integer not null default 0 check (shortfall >= 0),
  balance_after integer not null check (balance_after >= 0),
  note text,
  staff_id text,
  at timestamptz not null,
  unique (operator_id, key)
);
create index points_entries_resident on points_entries (operator_id, resident_id, at desc, id desc);
create table points_lots (
  id text primary key,
  operator_id text not null,
  resident_id text not null,
  entry_id text not null references points_entries (id),
  points integer not null check (points > 0),
  remaining integer not null check (remaining >= 0 and remaining <= points),
  earned_at timestamptz not null,
  expires_at timestamptz not null
);
create index points_lots_open on points_lots (operator_id, resident_id, expires_at, id) where remaining > 0;
create index points_lots_due on points_lots (expires_at) where remaining > 0;
create table points_order_grants (
  operator_id text not null,
  order_id text not null,
  resident_id text not null,
  base_fen bigint not null check (base_fen >= 0),
  points integer not null check (points >= 0),
  refunded_fen_at_grant bigint not null check (refunded_fen_at_grant >= 0),
  taken_back integer not null default 0 check (taken_back >= 0 and taken_back <= points),
  at timestamptz not null,
  primary key (operator_id, order_id)
);
create table points_sign_ins (
  operator_id text not null,
  resident_id text not null,
  day date not null,
  streak integer not null check (streak > 0),
  points integer not null check (points >= 0),
  bonus integer not null check (bonus >= 0),
  at timestamptz not null,
  primary key (operator_id, resident_id, day)
);
`,
  );
}
