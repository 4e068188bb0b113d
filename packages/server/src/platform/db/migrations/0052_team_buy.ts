import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Team buy (拼团, module teambuy): a deal sells one campaign line at a team price to teams of a
 * given size within a time limit. A team is opened by its first paid order and joined by paid
 * orders through its share link; it forms when its size is reached and fails when it is still
 * short at its expiry (the earlier of the time limit and the campaign's cutoff), and then every
 * paid member is refunded once. `member_count <= size` is the last-slot race's backstop. The
 * deal's price reaches checkout as a discount of its own promotion (trigger 'play').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table team_deals (
  id text primary key,
  operator_id text not null,
  campaign_id text not null,
  campaign_line_id text not null,
  title text not null,
  team_size integer not null check (team_size between 2 and 50),
  time_limit_minutes integer not null check (time_limit_minutes between 5 and 10080),
  team_price_fen integer not null check (team_price_fen > 0),
  opener_newcomer_only boolean not null default false,
  operator_may_fill boolean not null default false,
  extra_payer_policy text not null default 'new_team' check (extra_payer_policy in ('new_team', 'refund')),
  promotion_id text not null,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index team_deals_operator on team_deals (operator_id, created_at desc);
create index team_deals_line on team_deals (operator_id, campaign_line_id);

create table teams (
  id text primary key,
  operator_id text not null,
  deal_id text not null references team_deals(id),
  opener_id text not null,
  state text not null default 'open' check (state in ('open', 'formed', 'failed')),
  size integer not null check (size >= 2),
  member_count integer not null default 0 check (member_count between 0 and size),
  filled_count integer not null default 0 check (filled_count between 0 and member_count),
  opened_at timestamptz not null,
  expires_at timestamptz not null,
  formed_at timestamptz,
  failed_at timestamptz,
  check ((state = 'formed') = (formed_at is not null)),
  check ((state = 'failed') = (failed_at is not null)),
  check (state <> 'formed' or member_count = size)
);
create index teams_deal on teams (deal_id, opened_at desc);
create index teams_open_expiry on teams (expires_at) where state = 'open';

-- Every play order of a deal: which team it asked for (null: open a new one) and what became of it.
create table team_orders (
  order_id text primary key,
  operator_id text not null,
  deal_id text not null references team_deals(id),
  resident_id text not null,
  wanted_team_id text references teams(id),
  state text not null default 'pending' check (state in ('pending', 'member', 'refunded', 'cancelled')),
  team_id text references teams(id),
  -- The leader whose share link the resident came by (attribution), if any.
  shared_by_leader_id text,
  note text,
  created_at timestamptz not null,
  decided_at timestamptz
);
create index team_orders_wanted on team_orders (wanted_team_id) where state = 'pending';
create index team_orders_resident on team_orders (operator_id, resident_id, created_at desc);
create index team_orders_deal on team_orders (deal_id);

-- A paid member of a team, or a slot the operator filled (模拟成团: no resident, no order).
create table team_members (
  id text primary key,
  operator_id text not null,
  team_id text not null references teams(id),
  resident_id text,
  order_id text unique,
  is_opener boolean not null default false,
  simulated boolean not null default false,
  newcomer boolean not null default false,
  joined_at timestamptz not null,
  refunded_fen integer not null default 0 check (refunded_fen >= 0),
  refunded_at timestamptz,
  check (simulated = (resident_id is null)),
  check (simulated = (order_id is null))
);
create unique index team_members_resident on team_members (team_id, resident_id) where resident_id is not null;

-- What happened to a team, in order: opened, joined, formed, filled, failed, member refunds.
create table team_history (
  id text primary key,
  operator_id text not null,
  team_id text not null references teams(id),
  at timestamptz not null,
  kind text not null check (kind in ('opened', 'joined', 'formed', 'filled', 'failed', 'member_refunded', 'order_cancelled', 'moved_out', 'refused')),
  resident_id text,
  order_id text,
  amount_fen integer,
  note text
);
create index team_history_team on team_history (team_id, at);
`,
  );
}
