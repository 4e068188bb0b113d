import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** 'YYYY-MM-DD' business dates. */
type DateString = string;

export type ShortageRule = 'latest_paid_first' | 'pro_rata';
/** Why a purchase-order line came in short: the supplier's side (shipped short, rejected at receiving) or the warehouse's. */
export type ShortReason = 'supplier_short_shipped' | 'rejected_quality' | 'warehouse_error' | 'damaged_in_warehouse';
export type CutoffStage = 'refunding' | 'aggregating' | 'procuring' | 'done';
export type PurchaseOrderStatus = 'draft' | 'sent' | 'confirmed' | 'short_confirmed' | 'receiving' | 'received' | 'cancelled';

export interface ProcurementSettingsTable {
  operator_id: string;
  buffer_percent: Generated<number>;
  shortage_rule: Generated<ShortageRule>;
  updated_at: Timestamp;
}

export interface CampaignCutoffsTable {
  campaign_id: string;
  operator_id: string;
  pickup_date: DateString;
  outcome: 'succeeded' | 'failed';
  ordered_quantity: number;
  min_total_quantity: number;
  stage: CutoffStage;
  decided_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface DemandLinesTable {
  operator_id: string;
  campaign_id: string;
  pickup_date: DateString;
  sku_id: string;
  pickup_point_id: string;
  quantity: number;
}

export interface PurchaseOrdersTable {
  id: string;
  operator_id: string;
  supplier_id: string;
  delivery_date: DateString;
  /** Where the goods are delivered (migration 0022); null when the operator had no active warehouse. */
  warehouse_id: string | null;
  status: PurchaseOrderStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  received_at: Timestamp | null;
  /** The staff member who recorded the supplier's confirmation taken by phone (migration 0018); null when the supplier confirmed itself. */
  confirmed_by_staff_id: string | null;
  /** Their note on the phone confirmation (migration 0018). */
  confirmation_note: string | null;
}

export interface PurchaseOrderLinesTable {
  id: string;
  operator_id: string;
  purchase_order_id: string;
  sku_id: string;
  demand_quantity: number;
  stock_quantity: number;
  suggested_quantity: number;
  ordered_quantity: number;
  adjusted: Generated<boolean>;
  confirmed_quantity: number | null;
  received_quantity: number | null;
  rejected_quantity: number | null;
  accepted_quantity: number | null;
  over_quantity: number | null;
  over_accepted: boolean | null;
  /** Why less than ordered was accepted, chosen at receiving (migration 0014). */
  short_reason: ShortReason | null;
  lot_code: string | null;
  expires_on: DateString | null;
  cost_price_fen: number;
}

export interface CampaignSkuDemandTable {
  operator_id: string;
  campaign_id: string;
  sku_id: string;
  supplier_id: string;
  pickup_date: DateString;
  /** The warehouse serving the pickup points this demand is for (migration 0022). */
  warehouse_id: string | null;
  quantity: number;
  purchase_order_line_id: string | null;
}

export interface StockLotsTable {
  id: string;
  operator_id: string;
  sku_id: string;
  lot_code: string;
  expires_on: DateString | null;
  received_quantity: number;
  quantity_on_hand: number;
  purchase_order_line_id: string | null;
  /** The warehouse that received it (migration 0022); null: received before the operator had one, usable anywhere. */
  warehouse_id: string | null;
  received_at: Timestamp;
}

export interface ShortageAllocationsTable {
  id: string;
  operator_id: string;
  pickup_date: DateString;
  sku_id: string;
  demand_quantity: number;
  available_quantity: number;
  short_quantity: number;
  rule: ShortageRule;
  blame: 'supplier' | 'warehouse' | 'operator' | 'none';
  /** The warehouse whose stock was allocated to the orders of the points it serves (migration 0022). */
  warehouse_id: string | null;
  created_at: Timestamp;
}

export interface ShortageLinesTable {
  allocation_id: string;
  operator_id: string;
  order_line_id: string;
  order_id: string;
  quantity: number;
}

/** The last lot number the server made for an operator's delivery date (migration 0018). */
export interface LotSequencesTable {
  operator_id: string;
  day: DateString;
  last_seq: number;
}

/** Table types of the procurement area (migration 0003). */
export interface ProcurementTables {
  procurement_settings: ProcurementSettingsTable;
  campaign_cutoffs: CampaignCutoffsTable;
  demand_lines: DemandLinesTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  campaign_sku_demand: CampaignSkuDemandTable;
  stock_lots: StockLotsTable;
  shortage_allocations: ShortageAllocationsTable;
  shortage_lines: ShortageLinesTable;
  lot_sequences: LotSequencesTable;
}
