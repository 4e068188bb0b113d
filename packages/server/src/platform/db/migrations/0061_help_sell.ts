import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * 帮卖 (help-sell). A campaign may be a help-sell campaign (`campaign_help_sell`, module campaign):
 * published by a leader or a supplier, with the split agreed on it in basis points of what the
 * resident paid for a line — the selling leader's share, the publisher's share, the platform keeping
 * the rest. Other leaders opt in to resell it (`campaign_resellers`, module campaign); it is
 * orderable only at the publishing leader's own points and at the points of leaders who opted in.
 * The ledger keeps one row per help-sell order line (`help_sell_shares`, module ledger): the
 * publisher's share accrued on order.paid, clawed back with refunds and, for a leader, released
 * with the order's commission.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table campaign_help_sell (
  campaign_id text primary key references campaigns(id),
  operator_id text not null,
  publisher_kind text not null check (publisher_kind in ('leader', 'supplier')),
  publisher_id text not null,
  seller_bp integer not null check (seller_bp >= 0),
  publisher_bp integer not null check (publisher_bp >= 0),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (seller_bp + publisher_bp <= 10000)
);
create index campaign_help_sell_publisher on campaign_help_sell (operator_id, publisher_kind, publisher_id);

create table campaign_resellers (
  campaign_id text not null references campaign_help_sell(campaign_id) on delete cascade,
  leader_id text not null,
  operator_id text not null,
  opted_in_at timestamptz not null,
  primary key (campaign_id, leader_id)
);
create index campaign_resellers_leader on campaign_resellers (operator_id, leader_id);

create table help_sell_shares (
  order_line_id text primary key,
  operator_id text not null,
  order_id text not null,
  campaign_id text not null,
  seller_leader_id text not null,
  seller_bp integer not null,
  publisher_kind text not null check (publisher_kind in ('leader', 'supplier')),
  publisher_id text not null,
  publisher_bp integer not null,
  sku_id text not null,
  base_fen bigint not null,
  accrued_fen bigint not null check (accrued_fen >= 0),
  refunded_fen bigint not null default 0,
  clawed_back_fen bigint not null default 0 check (clawed_back_fen between 0 and accrued_fen),
  status text not null check (status in ('pending', 'available')),
  accrued_at timestamptz not null,
  released_at timestamptz
);
create index help_sell_shares_order on help_sell_shares (order_id);
create index help_sell_shares_publisher on help_sell_shares (operator_id, publisher_kind, publisher_id);
create index help_sell_shares_seller on help_sell_shares (operator_id, seller_leader_id);
`,
  );
}
