import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Notices that reach people outside the app (module notices): one row per message to one person
 * (goods arrived, pickup reminder, refund, postponement) with its parameters, the channel it went
 * by (SMS, WeChat), its attempts and outcome — the delivery log. `notice_subjects` makes each
 * subject (an order at a point, a refund) told once whatever the event retries; a leader's resend
 * is a message of its own (`requested_by`). `notice_preferences`: what each person allows (per
 * channel) and their quiet hours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table notice_messages (
  id text primary key,
  operator_id text not null,
  recipient_kind text not null,
  recipient_id text not null,
  kind text not null check (kind in ('goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement')),
  params jsonb not null,
  order_ids text[] not null default '{}',
  pickup_point_id text,
  requested_by text,
  channel text check (channel in ('sms', 'wechat')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  provider_ref text,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index notice_messages_due on notice_messages (next_attempt_at) where status = 'pending';
create index notice_messages_orders on notice_messages using gin (order_ids);
create index notice_messages_list on notice_messages (operator_id, created_at desc, id desc);
create index notice_messages_recipient on notice_messages (operator_id, recipient_kind, recipient_id, created_at desc);
create table notice_subjects (
  operator_id text not null,
  kind text not null,
  subject text not null,
  message_id text not null,
  primary key (operator_id, kind, subject)
);
create table notice_preferences (
  operator_id text not null,
  recipient_kind text not null,
  recipient_id text not null,
  sms boolean not null default true,
  wechat boolean not null default true,
  quiet_hours boolean not null default true,
  quiet_start text not null default '21:00' check (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end text not null default '08:00' check (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_at timestamptz not null,
  primary key (operator_id, recipient_kind, recipient_id)
);
`,
  );
}
