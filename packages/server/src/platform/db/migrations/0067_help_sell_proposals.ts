import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * 帮卖 proposals (module help-sell): a leader or a supplier proposes a help-sell campaign (its
 * title, note, selling window, lines and split) and staff approve it, which creates the campaign
 * with the proposer as its publisher, or reject it with a reason; the proposer may withdraw it while
 * it waits. The split staff agreed, when they changed it, is kept beside the one proposed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table help_sell_proposals (
  id text primary key,
  operator_id text not null,
  proposer_kind text not null check (proposer_kind in ('leader', 'supplier')),
  proposer_id text not null,
  title text not null,
  note text not null,
  opens_at timestamptz not null,
  cutoff_at timestamptz not null,
  pickup_date date not null,
  seller_bp integer not null check (seller_bp >= 0),
  publisher_bp integer not null check (publisher_bp >= 0),
  status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
  agreed_seller_bp integer check (agreed_seller_bp >= 0),
  agreed_publisher_bp integer check (agreed_publisher_bp >= 0),
  reason text,
  campaign_id text references campaigns(id),
  decided_by_id text,
  decided_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (seller_bp + publisher_bp <= 10000),
  check (agreed_seller_bp + agreed_publisher_bp <= 10000),
  check ((status = 'approved') = (campaign_id is not null))
);
create index help_sell_proposals_status on help_sell_proposals (operator_id, status, created_at);
create index help_sell_proposals_proposer on help_sell_proposals (operator_id, proposer_kind, proposer_id, created_at);

create table help_sell_proposal_lines (
  proposal_id text not null references help_sell_proposals(id) on delete cascade,
  position integer not null,
  sku_id text not null,
  group_price_fen bigint not null check (group_price_fen > 0),
  stock_total integer check (stock_total >= 0),
  per_resident_limit integer check (per_resident_limit >= 1),
  primary key (proposal_id, position)
);
`,
  );
}
