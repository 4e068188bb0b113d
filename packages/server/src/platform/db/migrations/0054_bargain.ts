import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Bargains (砍价, module bargain). `bargain_offers`: a campaign line the operator lets residents
 * bargain down, from its group price to a floor, with the helpers needed, the time a bargain has,
 * whether only new residents may help, how many cuts a helper (and a device) makes a day, and the
 * play promotion its orders are priced by. `bargains`: a resident's bargain on an offer (one per
 * resident and offer), with its price now and the helpers so far; bought once, at the price then,
 * before it expires. `bargain_cuts`: each helper's cut with the CSPRNG value it was drawn from, one
 * per helper and per device on a bargain; the helper's phone and device are kept as HMACs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table bargain_offers (
  id text primary key,
  operator_id text not null,
  campaign_line_id text not null,
  title text not null,
  price_fen integer not null check (price_fen > 0),
  floor_fen integer not null check (floor_fen >= 0),
  helpers_needed integer not null check (helpers_needed >= 1),
  duration_minutes integer not null check (duration_minutes > 0),
  newcomer_only boolean not null default false,
  daily_cut_limit integer not null check (daily_cut_limit > 0),
  promotion_id text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (floor_fen < price_fen),
  check (price_fen - floor_fen >= helpers_needed),
  check (ends_at > starts_at)
);
create index bargain_offers_operator on bargain_offers (operator_id, created_at desc, id desc);
create table bargains (
  id text primary key,
  operator_id text not null,
  offer_id text not null references bargain_offers (id),
  starter_id text not null,
  price_fen integer not null,
  floor_fen integer not null,
  current_price_fen integer not null,
  helpers_needed integer not null,
  helpers integer not null default 0,
  state text not null default 'open' check (state in ('open', 'bought', 'expired')),
  shared_by_leader_id text,
  started_at timestamptz not null,
  expires_at timestamptz not null,
  order_id text,
  bought_at timestamptz,
  check (current_price_fen >= floor_fen and current_price_fen <= price_fen),
  check (helpers >= 0 and helpers <= helpers_needed),
  check ((state = 'bought') = (order_id is not null)),
  unique (offer_id, starter_id)
);
create index bargains_offer on bargains (offer_id, started_at desc, id desc);
create index bargains_starter on bargains (operator_id, starter_id, started_at desc);
create table bargain_cuts (
  bargain_id text not null references bargains (id),
  helper_id text not null,
  operator_id text not null,
  amount_fen integer not null check (amount_fen >= 1),
  random_value bigint not null check (random_value >= 0 and random_value < 4294967296),
  price_after_fen integer not null,
  phone_hash text not null,
  device_hash text,
  newcomer boolean not null,
  at timestamptz not null,
  primary key (bargain_id, helper_id),
  unique (bargain_id, phone_hash)
);
create unique index bargain_cuts_device on bargain_cuts (bargain_id, device_hash) where device_hash is not null;
create index bargain_cuts_helper on bargain_cuts (operator_id, helper_id, at);
create index bargain_cuts_device_day on bargain_cuts (operator_id, device_hash, at) where device_hash is not null;
`,
  );
}
