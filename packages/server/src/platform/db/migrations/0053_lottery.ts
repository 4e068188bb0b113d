import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The lottery (抽奖, module lottery). `lotteries`: the operator's draws with their window, their
 * cost in points per draw (0: free, within the daily limit), the free draws a sign-in day earns,
 * and the version of their odds table. `lottery_prizes`: the odds table, each prize with its
 * weight in basis points (the weights of a lottery sum to 10000), what it gives (a coupon or an
 * item from a coupon template, points, or nothing) and its stock, whose `drawn` never passes it
 * (a check, and the draw's conditional update). `lottery_entrants`: a resident's free draws used,
 * the row a resident's draws queue on. `lottery_draws`: every draw with the CSPRNG value it was
 * decided by and the odds version, so an audit recomputes the prize picked; the prize given
 * differs from it only when the picked one's stock was spent (then the lottery's 'none' prize).
 * Coupons issued by a draw and the points it spends or gives are recorded by their modules with
 * the sources 'lottery' / 'lottery_draw' and 'lottery_prize'; the discounts a coupon gave are found
 * by its id (a play's cost).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table lotteries (
  id text primary key,
  operator_id text not null,
  name text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  points_per_draw integer not null check (points_per_draw >= 0),
  sign_in_draws integer not null default 0 check (sign_in_draws >= 0),
  daily_limit integer check (daily_limit is null or daily_limit > 0),
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  odds_version integer not null default 1 check (odds_version > 0),
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index lotteries_operator on lotteries (operator_id, created_at desc, id desc);
create table lottery_prizes (
  id text primary key,
  operator_id text not null,
  lottery_id text not null references lotteries (id),
  position integer not null check (position >= 0),
  kind text not null check (kind in ('coupon', 'points', 'item', 'none')),
  title text not null,
  coupon_template_id text,
  points integer check (points is null or points > 0),
  weight_bp integer not null check (weight_bp >= 0 and weight_bp <= 10000),
  stock integer check (stock is null or stock >= 0),
  drawn integer not null default 0 check (drawn >= 0),
  check (stock is null or drawn <= stock),
  check ((kind in ('coupon', 'item')) = (coupon_template_id is not null)),
  check ((kind = 'points') = (points is not null)),
  unique (lottery_id, position)
);
create table lottery_entrants (
  lottery_id text not null references lotteries (id),
  resident_id text not null,
  operator_id text not null,
  free_used integer not null default 0 check (free_used >= 0),
  draws integer not null default 0 check (draws >= 0),
  primary key (lottery_id, resident_id)
);
create table lottery_draws (
  id text primary key,
  operator_id text not null,
  lottery_id text not null references lotteries (id),
  resident_id text not null,
  random_value bigint not null check (random_value >= 0 and random_value < 4294967296),
  odds_version integer not null,
  picked_prize_id text not null references lottery_prizes (id),
  prize_id text not null references lottery_prizes (id),
  fell_back boolean not null,
  paid_with text not null check (paid_with in ('points', 'free_draw', 'free')),
  points_spent integer not null default 0 check (points_spent >= 0),
  coupon_id text,
  points_given integer not null default 0 check (points_given >= 0),
  shared_by_leader_id text,
  local_day text not null,
  at timestamptz not null
);
create index lottery_draws_lottery on lottery_draws (lottery_id, at desc, id desc);
create index lottery_draws_resident on lottery_draws (lottery_id, resident_id, local_day);
create index lottery_draws_leader on lottery_draws (operator_id, shared_by_leader_id) where shared_by_leader_id is not null;
create index order_discounts_coupon on order_discounts (coupon_id);
alter table coupons drop constraint coupons_source_check;
alter table coupons add constraint coupons_source_check
  check (source in ('claim', 'newcomer', 'compensation', 'invite', 'staff', 'points', 'lottery'));
alter table points_entries drop constraint points_entries_reason_check;
alter table points_entries add constraint points_entries_reason_check
  check (reason in ('order_picked_up', 'order_refunded', 'sign_in', 'streak_bonus', 'redeemed', 'expired',
    'invite_reward', 'staff_adjustment', 'lottery_draw', 'lottery_prize'));
`,
  );
}
