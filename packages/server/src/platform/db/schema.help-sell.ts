import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of help-sell (帮卖, migration 0061): the terms and resellers (campaign), the shares (ledger). */

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

export interface HelpSellTables {
  campaign_help_sell: CampaignHelpSellTable;
  campaign_resellers: CampaignResellersTable;
  help_sell_shares: HelpSellSharesTable;
}
