import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Invite rewards (邀请有礼, module invites). `invite_codes`: each resident's stable, unguessable
 * code, made the first time they ask for their link. `invites`: one row per resident who signed
 * up through a code (once per invitee), with what the abuse rules compare — the invitee's phone,
 * the device the client named and the WeChat openid, each as an HMAC under the installation
 * secret, never in clear — and the reward's life: registered → rewarded, held for staff review
 * (then rewarded or rejected, with who and when), or refused (a duplicate, or the programme off).
 * The partial unique index keeps one reward per invitee phone whatever races. `invite_settings`:
 * the operator's reward and limits (defaults until changed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table invite_codes (
  operator_id text not null,
  resident_id text not null,
  code text not null,
  created_at timestamptz not null,
  primary key (operator_id, resident_id)
);
create unique index invite_codes_code on invite_codes (code);
create table invites (
  id text primary key,
  operator_id text not null,
  inviter_id text not null,
  invitee_id text not null,
  invitee_phone_hash text not null,
  device_hash text,
  openid_hash text,
  registered_at timestamptz not null,
  status text not null default 'registered' check (status in ('registered', 'held', 'rewarded', 'refused', 'rejected')),
  flags text[] not null default '{}',
  pickup_point_id text,
  first_order_id text,
  first_picked_up_at timestamptz,
  reward_points integer check (reward_points is null or reward_points >= 0),
  rewarded_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  unique (operator_id, invitee_id)
);
create index invites_inviter on invites (operator_id, inviter_id, registered_at desc, id desc);
create index invites_list on invites (operator_id, status, registered_at desc, id desc);
create index invites_phone on invites (operator_id, invitee_phone_hash);
create index invites_device on invites (operator_id, device_hash) where device_hash is not null;
create index invites_openid on invites (operator_id, openid_hash) where openid_hash is not null;
create index invites_rewarded_day on invites (operator_id, rewarded_at) where status = 'rewarded';
create unique index invites_one_reward_per_phone on invites (operator_id, invitee_phone_hash) where status = 'rewarded';
create table invite_settings (
  operator_id text primary key,
  enabled boolean not null default true,
  reward_points integer not null default 100 check (reward_points between 1 and 100000),
  inviter_daily_limit integer not null default 5 check (inviter_daily_limit between 1 and 1000),
  operator_daily_cap integer not null default 200 check (operator_daily_cap between 1 and 1000000),
  cluster_device_threshold integer not null default 3 check (cluster_device_threshold between 2 and 100),
  cluster_point_threshold integer not null default 3 check (cluster_point_threshold between 2 and 100),
  cluster_window_minutes integer not null default 10 check (cluster_window_minutes between 1 and 1440),
  updated_by text,
  updated_at timestamptz not null
);
`,
  );
}
