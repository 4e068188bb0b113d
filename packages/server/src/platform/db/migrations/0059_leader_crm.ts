import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leader CRM (module crm): each member's recency, frequency and monetary value (RFM) with its
 * scores and segment, one snapshot per business day (`crm_member_rfm`, written whole by one
 * INSERT … SELECT per day: a row per resident and leader, and one per resident across all leaders,
 * `leader_id` null, the segment promotions read); the operator's thresholds (`crm_settings`, the
 * defaults in crm.rules.ts while none is saved); the members a leader reminded on a day
 * (`crm_reminders`). A promotion may leave segments out of its audience
 * (`promotions.excluded_segments`, owned by promotions): a resident of such a segment neither
 * claims its coupons nor gets its discount.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table crm_settings (
  operator_id text primary key,
  rules jsonb not null,
  updated_by text,
  updated_at timestamptz not null
);

-- One computed day: its window and when it was computed (recomputing a day replaces its rows).
create table crm_periods (
  operator_id text not null,
  period date not null,
  window_days integer not null check (window_days between 7 and 730),
  members integer not null default 0,
  computed_at timestamptz not null,
  primary key (operator_id, period)
);

create table crm_member_rfm (
  operator_id text not null,
  period date not null,
  resident_id text not null,
  -- null: the resident across all the operator's leaders (the segment offers read).
  leader_id text,
  recency_days integer not null check (recency_days >= 0),
  frequency integer not null check (frequency >= 0),
  monetary_fen bigint not null check (monetary_fen >= 0),
  first_order_at timestamptz not null,
  last_order_at timestamptz not null,
  r_score smallint not null check (r_score between 1 and 5),
  f_score smallint not null check (f_score between 1 and 5),
  m_score smallint not null check (m_score between 1 and 5),
  segment text not null check (segment in ('champions', 'loyal', 'new', 'at_risk', 'lapsed', 'low_value', 'regular'))
);
create unique index crm_member_rfm_leader on crm_member_rfm (operator_id, period, leader_id, resident_id) where leader_id is not null;
create unique index crm_member_rfm_all on crm_member_rfm (operator_id, period, resident_id) where leader_id is null;
create index crm_member_rfm_resident on crm_member_rfm (operator_id, resident_id, period desc) where leader_id is null;

-- A member a leader reminded on a day (the reminder list's mark).
create table crm_reminders (
  operator_id text not null,
  leader_id text not null,
  resident_id text not null,
  day date not null,
  reminded_at timestamptz not null,
  primary key (leader_id, day, resident_id)
);

alter table promotions add column excluded_segments text[] not null default '{}';
`,
  );
}
