import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leaders recruit leaders (团长拉新, module leader-recruiting). A leader's recruit link brings a
 * resident to the leader application; the application records the referrer (`referrer_id`, a
 * column of leader-applications' table, written only by that module). When staff approve it, the
 * referral is recorded once per application, refused with a reason when it looks like the
 * referrer recruiting themselves. The terms of the operator's settings on the day of approval are
 * kept on the referral: a bonus once the recruit has `bonus_pickups` picked-up orders, and an
 * override of `override_bp` of the recruit's picked-up sales for `override_days` days, posted per
 * day once (`recruit_override_postings`, one row per referral and day).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table leader_applications add column referrer_id text;

create table recruit_settings (
  operator_id text primary key,
  enabled boolean not null default false,
  bonus_fen integer not null check (bonus_fen >= 0),
  bonus_pickups integer not null check (bonus_pickups >= 1),
  override_bp integer not null check (override_bp between 0 and 3000),
  override_days integer not null check (override_days between 0 and 366),
  updated_at timestamptz not null
);

create table recruit_referrals (
  id text primary key,
  operator_id text not null,
  referrer_id text not null,
  recruit_leader_id text not null,
  application_id text not null,
  state text not null check (state in ('pending', 'qualified', 'bonus_paid', 'refused')),
  refusal_reason text check (refusal_reason in ('same_phone', 'same_point', 'member_of_referrer', 'referrer_inactive')),
  approved_at timestamptz not null,
  bonus_fen integer not null check (bonus_fen >= 0),
  bonus_pickups integer not null check (bonus_pickups >= 1),
  override_bp integer not null check (override_bp >= 0),
  override_from date not null,
  override_until date not null,
  qualified_at timestamptz,
  bonus_entry_id text,
  created_at timestamptz not null,
  check ((state = 'refused') = (refusal_reason is not null)),
  check ((state in ('qualified', 'bonus_paid')) = (qualified_at is not null)),
  unique (operator_id, application_id),
  unique (operator_id, recruit_leader_id)
);
create index recruit_referrals_referrer on recruit_referrals (operator_id, referrer_id, created_at desc);
create index recruit_referrals_pending on recruit_referrals (operator_id) where state = 'pending';

create table recruit_override_postings (
  referral_id text not null references recruit_referrals(id),
  day date not null,
  operator_id text not null,
  referrer_id text not null,
  base_fen bigint not null,
  amount_fen integer not null check (amount_fen >= 0),
  entry_id text,
  posted_at timestamptz not null,
  primary key (referral_id, day)
);
create index recruit_override_postings_referrer on recruit_override_postings (operator_id, referrer_id);
`,
  );
}
