import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/**
 * Table types of help-sell (帮卖, migration 0061): the terms and resellers (campaign), the shares
 * (ledger); and the proposals a leader or a supplier makes for staff to approve (help-sell, 0067).
 */

export type HelpSellPublisherKind = 'leader' | 'supplier';

/** A help-sell campaign's publisher and split, in basis points of what the resident paid for a line. */
export interface CampaignHelpSellTable {
  campaign_id: string;
  operator_id: string;
  publisher_kind: HelpSellPublisherKind;
  publisher_id: string;
  seller_bp: number;
  publisher_bp: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A leader who opted in to resell a help-sell campaign to their members. */
export interface CampaignResellersTable {
  campaign_id: string;
  leader_id: string;
  operator_id: string;
  opted_in_at: Timestamp;
}

/** The publisher's share of one help-sell order line, as accrued, refunded and clawed back. */
export interface HelpSellSharesTable {
  order_line_id: string;
  operator_id: string;
  order_id: string;
  campaign_id: string;
  seller_leader_id: string;
  seller_bp: number;
  publisher_kind: HelpSellPublisherKind;
  publisher_id: string;
  publisher_bp: number;
  sku_id: string;
  base_fen: ColumnType<number, number, number>;
  accrued_fen: ColumnType<number, number, number>;
  refunded_fen: Generated<number>;
  clawed_back_fen: Generated<number>;
  status: 'pending' | 'available';
  accrued_at: Timestamp;
  released_at: Timestamp | null;
}

export type HelpSellProposalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** A help-sell campaign a leader or a supplier proposes; approved, it became `campaign_id`. */
export interface HelpSellProposalsTable {
  id: string;
  operator_id: string;
  proposer_kind: HelpSellPublisherKind;
  proposer_id: string;
  title: string;
  note: string;
  opens_at: Timestamp;
  cutoff_at: Timestamp;
  pickup_date: string;
  seller_bp: number;
  publisher_bp: number;
  status: HelpSellProposalStatus;
  /** The split staff agreed when approving (null until approved). */
  agreed_seller_bp: number | null;
  agreed_publisher_bp: number | null;
  /** Staff's reason for a rejection. */
  reason: string | null;
  campaign_id: string | null;
  decided_by_id: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One line of a proposal: an existing SKU of the operator with its group price and limits. */
export interface HelpSellProposalLinesTable {
  proposal_id: string;
  position: number;
  sku_id: string;
  group_price_fen: ColumnType<number, number, number>;
  stock_total: number | null;
  per_resident_limit: number | null;
}

export interface HelpSellTables {
  campaign_help_sell: CampaignHelpSellTable;
  help_sell_proposals: HelpSellProposalsTable;
  help_sell_proposal_lines: HelpSellProposalLinesTable;
  campaign_resellers: CampaignResellersTable;
  help_sell_shares: HelpSellSharesTable;
}
