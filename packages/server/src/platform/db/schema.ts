import type { ColumnType, Generated } from 'kysely';
import type { AftersalesTables } from './schema.aftersales.ts';
import type { ApplicationTables } from './schema.applications.ts';
import type { LogisticsTables } from './schema.logistics.ts';
import type { ProcurementTables } from './schema.procurement.ts';
import type { LedgerTables } from './schema.ledger.ts';
import type { OrderDeskTables } from './schema.orders.ts';
import type { PrivacyTables } from './schema.privacy.ts';
import type { WebTables } from './schema.web.ts';
import type { WebhookTables } from './schema.webhooks.ts';
import type { IdentityTables } from './schema.identity.ts';
import type { NoticeTables } from './schema.notices.ts';
import type { PromotionTables } from './schema.promotions.ts';
import type { FlashSaleTables } from './schema.flashsale.ts';
import type { PaymentCredentialTables } from './schema.payment-credentials.ts';
import type { WechatLoginTables } from './schema.wechat-logins.ts';
import type { SmsTables } from './schema.sms.ts';
import type { PointsTables } from './schema.points.ts';
import type { InviteTables } from './schema.invites.ts';
import type { TeamBuyTables } from './schema.teambuy.ts';
import type { CrmTables } from './schema.crm.ts';
import type { LeaderTransferTables } from './schema.leader-transfer.ts';
import type { LotteryTables } from './schema.lottery.ts';
import type { BargainTables } from './schema.bargain.ts';
import type { TrainingTables } from './schema.training.ts';
import type { PerformanceTables } from './schema.performance.ts';
import type { FeedbackTables } from './schema.feedback.ts';
import type { RecruitingTables } from './schema.recruiting.ts';
import type { HelpSellTables } from './schema.help-sell.ts';

/** Timestamps read as Date, written as Date. */
export type Timestamp = ColumnType<Date, Date, Date>;
/** Business dates (pickup date) travel as 'YYYY-MM-DD' strings: no time zone can shift them. */
type DateString = string;
export type Json<T> = ColumnType<T, string, string>;

export interface SettingsTable {
  key: string;
  value: string;
}

export interface OperatorsTable {
  id: string;
  slug: string;
  name: string;
  timezone: Generated<string>;
  created_at: Generated<Date>;
}

export type StaffRole = 'admin' | 'merchandiser' | 'purchaser' | 'warehouse' | 'dispatcher' | 'finance' | 'support';

export interface StaffTable {
  id: string;
  operator_id: string;
  phone: string;
  name: string;
  roles: StaffRole[];
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface SuppliersTable {
  id: string;
  operator_id: string;
  name: string;
  contact_name: Generated<string>;
  phone: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface LeadersTable {
  id: string;
  operator_id: string;
  phone: string;
  name: string;
  status: 'active' | 'suspended';
  level: Generated<number>;
  created_at: Timestamp;
}

export interface PickupPointsTable {
  id: string;
  operator_id: string;
  leader_id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  opening_hours: Generated<string>;
  status: 'open' | 'closed';
  created_at: Timestamp;
  /** The warehouse staff assigned it to (migration 0022); null: the operator's default, or the nearest by the delivery settings. */
  warehouse_id: string | null;
  /** Deliveries no earlier than this time of day (HH:MM, operator time; migration 0024); null: any time. */
  delivery_from: string | null;
  /** Deliveries no later than this time of day; null: the plan's deadline only. */
  delivery_until: string | null;
}

export interface ResidentsTable {
  id: string;
  operator_id: string;
  phone: string;
  name: Generated<string>;
  pickup_point_id: string | null;
  created_at: Timestamp;
}

export interface DriversTable {
  id: string;
  operator_id: string;
  phone: string;
  name: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface SmsCodesTable {
  id: string;
  phone: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
  created_at: Timestamp;
}

export type PrincipalKind = 'staff' | 'resident' | 'leader' | 'driver' | 'supplier';

export interface SessionsTable {
  id: string;
  token_hash: string;
  operator_id: string;
  principal_kind: PrincipalKind;
  principal_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CategoriesTable {
  id: string;
  operator_id: string;
  name: string;
  parent_id: string | null;
  sort: Generated<number>;
  created_at: Timestamp;
}

export type TemperatureClass = 'ambient' | 'chilled' | 'frozen';

export interface ProductsTable {
  id: string;
  operator_id: string;
  category_id: string;
  supplier_id: string;
  name: string;
  description: Generated<string>;
  images: Json<string[]>;
  temperature_class: TemperatureClass;
  shelf_life_days: number;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SkusTable {
  id: string;
  operator_id: string;
  product_id: string;
  spec: string;
  unit: string;
  barcode: string | null;
  images: Json<string[]>;
  cost_price_fen: number;
  list_price_fen: number;
  weight_g: number;
  volume_ml: number;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'open' | 'closed' | 'cancelled';

export interface CampaignsTable {
  id: string;
  operator_id: string;
  title: string;
  description: Generated<string>;
  status: CampaignStatus;
  opens_at: Timestamp;
  cutoff_at: Timestamp;
  pickup_date: DateString;
  leader_scope: 'all' | 'list';
  min_total_quantity: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
}

export interface CampaignLinesTable {
  id: string;
  operator_id: string;
  campaign_id: string;
  sku_id: string;
  group_price_fen: number;
  stock_total: number | null;
  reserved: Generated<number>;
  per_resident_limit: number | null;
  sort: Generated<number>;
}

export interface CampaignLeadersTable {
  operator_id: string;
  campaign_id: string;
  leader_id: string;
}

export interface ResidentPurchasesTable {
  operator_id: string;
  campaign_line_id: string;
  resident_id: string;
  quantity: number;
}

export type OrderStatus = 'pending_payment' | 'paid' | 'allocated' | 'delivered' | 'picked_up' | 'cancelled' | 'expired' | 'refunded';

export interface OrdersTable {
  id: string;
  operator_id: string;
  order_no: string;
  resident_id: string;
  pickup_point_id: string;
  leader_id: string;
  pickup_date: DateString;
  status: OrderStatus;
  pickup_code: string;
  total_fen: number;
  refunded_fen: Generated<number>;
  expires_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
}

export interface OrderLinesTable {
  id: string;
  operator_id: string;
  order_id: string;
  campaign_id: string;
  campaign_line_id: string;
  sku_id: string;
  title: string;
  unit_price_fen: number;
  quantity: number;
  amount_fen: number;
  refunded_quantity: Generated<number>;
  refunded_fen: Generated<number>;
}

export interface IdempotencyKeysTable {
  operator_id: string;
  principal_id: string;
  key: string;
  request_hash: string;
  order_id: string;
  created_at: Timestamp;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'closed';

export interface PaymentsTable {
  id: string;
  operator_id: string;
  order_id: string;
  provider: string;
  provider_ref: string | null;
  amount_fen: number;
  status: PaymentStatus;
  created_at: Timestamp;
  succeeded_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** A process is asking the provider about this payment until then (expiry sweep). */
  provider_claimed_until: Timestamp | null;
}

export type RefundKind =
  | 'cancel'
  | 'late_payment'
  | 'campaign_cancelled'
  | 'campaign_failed'
  | 'shortage'
  | 'handover'
  | 'aftersales'
  | 'unpicked'
  | 'undeliverable';
/** Who pays for a refund in settlement. */
export type Blame = 'supplier' | 'warehouse' | 'driver' | 'leader' | 'operator' | 'none';

export interface RefundsTable {
  id: string;
  operator_id: string;
  order_id: string;
  payment_id: string;
  amount_fen: number;
  reason: string;
  status: 'pending' | 'succeeded' | 'failed';
  provider_ref: string | null;
  created_at: Timestamp;
  succeeded_at: Timestamp | null;
  kind: Generated<RefundKind>;
  blame: Blame | null;
  /** The business document that caused the refund (shortage, claim, …); unique per kind. */
  source_id: string | null;
  /** Provider calls so far; the next may start at next_attempt_at (a claim runs until then). */
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
}

/** One check of a provider's daily bill against linli's payments and refunds. */
export interface ProviderBillChecksTable {
  id: string;
  provider: string;
  bill_date: string;
  checked_at: Timestamp;
  payments_count: number;
  payments_fen: number;
  refunds_count: number;
  refunds_fen: number;
  differences: number;
}

export interface ProviderBillLinesTable {
  check_id: string;
  subject: 'payment' | 'refund';
  ref: string;
  amount_fen: number;
}

export type BillDifferenceKind = 'missing_in_linli' | 'missing_at_provider' | 'amount_differs';

export interface ProviderBillDifferencesTable {
  check_id: string;
  subject: 'payment' | 'refund';
  ref: string;
  kind: BillDifferenceKind;
  operator_id: string | null;
  linli_fen: number | null;
  provider_fen: number | null;
}

/** Nonces of signed provider notifications accepted lately (replay protection). */
export interface PaymentNoticeNoncesTable {
  provider: string;
  nonce: string;
  received_at: Timestamp;
}

export interface RefundLinesTable {
  refund_id: string;
  operator_id: string;
  order_line_id: string;
  quantity: number;
  amount_fen: number;
}

export interface JobsTable {
  id: string;
  operator_id: string | null;
  kind: string;
  run_at: Timestamp;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  status: 'pending' | 'done' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface OutboxTable {
  id: Generated<number>;
  operator_id: string;
  event_type: string;
  aggregate_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface NotificationsTable {
  id: string;
  operator_id: string;
  recipient_kind: PrincipalKind;
  recipient_id: string;
  title: string;
  body: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/**
 * The whole schema. Areas added after the order spine keep their table types in their own file
 * (schema.<area>.ts) and are merged here.
 */
export interface DB
  extends ProcurementTables,
    LogisticsTables,
    AftersalesTables,
    LedgerTables,
    WebTables,
    ApplicationTables,
    PrivacyTables,
    OrderDeskTables,
    WebhookTables,
    IdentityTables,
    NoticeTables,
    PaymentCredentialTables,
    WechatLoginTables,
    SmsTables,
    PointsTables,
    PromotionTables,
    InviteTables,
    FlashSaleTables,
    TeamBuyTables,
    LotteryTables,
    BargainTables,
    CrmTables,
    TrainingTables,
    LeaderTransferTables,
    PerformanceTables,
    FeedbackTables,
    RecruitingTables,
    HelpSellTables {
  settings: SettingsTable;
  operators: OperatorsTable;
  staff: StaffTable;
  suppliers: SuppliersTable;
  leaders: LeadersTable;
  pickup_points: PickupPointsTable;
  residents: ResidentsTable;
  drivers: DriversTable;
  sms_codes: SmsCodesTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  skus: SkusTable;
  campaigns: CampaignsTable;
  campaign_lines: CampaignLinesTable;
  campaign_leaders: CampaignLeadersTable;
  resident_purchases: ResidentPurchasesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  idempotency_keys: IdempotencyKeysTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  refund_lines: RefundLinesTable;
  payment_notice_nonces: PaymentNoticeNoncesTable;
  provider_bill_checks: ProviderBillChecksTable;
  provider_bill_lines: ProviderBillLinesTable;
  provider_bill_differences: ProviderBillDifferencesTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  notifications: NotificationsTable;
}
