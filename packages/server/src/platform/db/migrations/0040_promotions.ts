import type { Kysely } from 'kysely';
import { loadModuleSql } from '../module-sql.ts';
import { runScript } from '../script.ts';
import { loadOrderingSql } from './0030_checkout_function.ts';

/**
 * Promotions (module promotions). `promotions`: the rules as data — automatic ones (满减, 满折,
 * newcomer offers, 0-yuan items) and coupon templates — with their scope, window, limits and
 * budget. `coupons`: one coupon held by one resident, from claim to use, return or expiry.
 * `order_discounts` / `order_discount_lines`: what each order got from each promotion, per line
 * (the ledger posts the marketing cost from them; returning marks them). `promotion_resident_uses`
 * counts an automatic promotion's uses per resident (its per-resident limit, like
 * resident_purchases for a campaign line). A 0-yuan item makes an order line of amount 0, so the
 * checks of `order_lines.amount_fen` and `refund_lines.amount_fen` allow 0.
 *
 * `used_count` and `spent_fen` are counted in checkout's statement only for promotions that need
 * them (a budget, or an automatic one's total limit), so a promotion without either is no hot row.
 *
 * Checkout holds coupons and counts uses in its one statement: `linli_hold_promotions` (owned by
 * promotions, `modules/promotions/hold-promotions.sql`), which `linli_place_order` now calls
 * (ordering's place-order.sql, loaded again here).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table promotions (
  id text primary key,
  operator_id text not null references operators(id),
  name text not null,
  description text not null default '',
  trigger text not null check (trigger in ('automatic', 'coupon')),
  discount_kind text not null check (discount_kind in ('amount', 'percent', 'free_unit')),
  amount_off_fen bigint check (amount_off_fen > 0),
  percent_off integer check (percent_off between 1 and 100),
  max_off_fen bigint check (max_off_fen > 0),
  threshold_fen bigint not null default 0 check (threshold_fen >= 0),
  scope_kind text not null check (scope_kind in ('operator', 'sku', 'category', 'campaign', 'leader')),
  scope_ids text[] not null default '{}',
  newcomer_only boolean not null default false,
  stackable boolean not null default true,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  per_resident_limit integer check (per_resident_limit > 0),
  total_limit integer check (total_limit > 0),
  issued_count integer not null default 0 check (issued_count >= 0),
  used_count integer not null default 0 check (used_count >= 0),
  budget_fen bigint check (budget_fen > 0),
  spent_fen bigint not null default 0 check (spent_fen >= 0),
  funded_by text not null default 'operator' check (funded_by in ('operator', 'supplier')),
  supplier_id text references suppliers(id),
  coupon_valid_days integer check (coupon_valid_days > 0),
  claimable boolean not null default false,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at),
  check (budget_fen is null or spent_fen <= budget_fen),
  check (trigger <> 'coupon' or total_limit is null or issued_count <= total_limit),
  check (trigger <> 'automatic' or total_limit is null or used_count <= total_limit),
  check ((discount_kind = 'amount') = (amount_off_fen is not null)),
  check ((discount_kind = 'percent') = (percent_off is not null)),
  check ((funded_by = 'supplier') = (supplier_id is not null))
);
create index promotions_operator on promotions (operator_id, status, ends_at);

create table coupons (
  id text primary key,
  operator_id text not null references operators(id),
  promotion_id text not null references promotions(id),
  resident_id text not null references residents(id),
  status text not null default 'available' check (status in ('available', 'held', 'used', 'expired')),
  source text not null check (source in ('claim', 'newcomer', 'compensation', 'invite', 'staff', 'points')),
  source_id text,
  shared_by_leader_id text references leaders(id),
  valid_from timestamptz not null,
  valid_until timestamptz not null,
  order_id text references orders(id),
  issued_at timestamptz not null,
  used_at timestamptz,
  returned_count integer not null default 0,
  check ((status in ('held', 'used')) = (order_id is not null))
);
create index coupons_resident on coupons (operator_id, resident_id, status);
create index coupons_promotion on coupons (promotion_id, resident_id);
create index coupons_order on coupons (order_id) where order_id is not null;
create index coupons_expiring on coupons (valid_until) where status = 'available';
create unique index coupons_cause on coupons (promotion_id, source, source_id) where source_id is not null;

create table promotion_resident_uses (
  promotion_id text not null references promotions(id),
  resident_id text not null references residents(id),
  operator_id text not null references operators(id),
  uses integer not null check (uses >= 0),
  primary key (promotion_id, resident_id)
);

create table order_discounts (
  order_id text not null references orders(id),
  promotion_id text not null references promotions(id),
  operator_id text not null references operators(id),
  resident_id text not null,
  leader_id text not null,
  coupon_id text references coupons(id),
  amount_fen bigint not null check (amount_fen > 0),
  status text not null default 'applied' check (status in ('applied', 'returned')),
  created_at timestamptz not null,
  returned_at timestamptz,
  primary key (order_id, promotion_id)
);
create index order_discounts_promotion on order_discounts (operator_id, promotion_id, created_at);

create table order_discount_lines (
  order_line_id text not null references order_lines(id),
  promotion_id text not null references promotions(id),
  order_id text not null references orders(id),
  operator_id text not null references operators(id),
  amount_fen bigint not null check (amount_fen > 0),
  primary key (order_line_id, promotion_id)
);
create index order_discount_lines_order on order_discount_lines (order_id);

-- A 0-yuan item is a line that costs nothing (the order as a whole still costs at least a fen):
-- its amount, and what a refund of its units gives back, may be 0.
alter table order_lines drop constraint order_lines_amount_fen_check;
alter table order_lines add constraint order_lines_amount_fen_check check (amount_fen >= 0);
alter table refund_lines drop constraint refund_lines_amount_fen_check;
alter table refund_lines add constraint refund_lines_amount_fen_check check (amount_fen >= 0)
`,
  );
  await loadModuleSql(db, 'promotions', 'hold-promotions.sql', '8f00c04addb2a274330a0d1437848c0d35b5dfc89e09d554a749af4e308709b7');
  await loadOrderingSql(db, 'place-order.sql', 'daa4c4bb33ed5cb31e5be5b1077096550699e3a85e8970a7db87a45d185f57f8');
}
