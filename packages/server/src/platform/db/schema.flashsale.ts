import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of flash sales (migration 0051, module flashsale). */

/** What a reconciliation found: the gate's units left and the orders', per resident where they differ. */
export interface FlashSaleReconciliation {
  gate: 'redis' | 'memory' | 'database';
  gateLeft: number | null;
  ordersLeft: number;
  /** Residents whose count the gate had wrong (or all, when the gate had lost the session). */
  residentsDiffering: number;
  repaired: boolean;
}

export interface FlashSalesTable {
  id: string;
  operator_id: string;
  campaign_id: string;
  campaign_line_id: string;
  title: string;
  price_fen: ColumnType<number, number, number>;
  list_price_fen: ColumnType<number, number, number>;
  quantity: number;
  per_resident_limit: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  promotion_id: string;
  status: Generated<'scheduled' | 'cancelled'>;
  reconciled_at: Timestamp | null;
  reconciliation: ColumnType<FlashSaleReconciliation | null, string | null, string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FlashSaleTables {
  flash_sales: FlashSalesTable;
}
