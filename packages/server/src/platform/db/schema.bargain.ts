import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of bargains (砍价, migration 0054, module bargain). */

export type BargainOfferStatus = 'active' | 'paused' | 'ended';
export type BargainStateRow = 'open' | 'bought' | 'expired';

export interface BargainOffersTable {
  id: string;
  operator_id: string;
  campaign_line_id: string;
  title: string;
  /** Where a bargain starts: the line's group price when the offer was made. */
  price_fen: number;
  floor_fen: number;
  helpers_needed: number;
  /** How long a bargain has, from its start. */
  duration_minutes: number;
  /** Only residents who signed up after the bargain started may help. */
  newcomer_only: Generated<boolean>;
  /** Cuts a helper, and a device, make a day across the operator's bargains. */
  daily_cut_limit: number;
  /** The play promotion the bargain's orders are priced by. */
  promotion_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<BargainOfferStatus>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BargainsTable {
  id: string;
  operator_id: string;
  offer_id: string;
  starter_id: string;
  price_fen: number;
  floor_fen: number;
  current_price_fen: number;
  helpers_needed: number;
  helpers: Generated<number>;
  state: Generated<BargainStateRow>;
  shared_by_leader_id: string | null;
  started_at: Timestamp;
  expires_at: Timestamp;
  order_id: string | null;
  bought_at: Timestamp | null;
}

export interface BargainCutsTable {
  bargain_id: string;
  helper_id: string;
  operator_id: string;
  amount_fen: number;
  random_value: ColumnType<string | number, number, number>;
  price_after_fen: number;
  phone_hash: string;
  device_hash: string | null;
  newcomer: boolean;
  at: Timestamp;
}

export interface BargainTables {
  bargain_offers: BargainOffersTable;
  bargains: BargainsTable;
  bargain_cuts: BargainCutsTable;
}
