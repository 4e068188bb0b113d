import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export type PartyKind = 'operator' | 'leader' | 'supplier' | 'carrier';

export interface LedgerAccountsTable {
  id: string;
  operator_id: string;
  code: string;
  party_kind: PartyKind;
  party_id: string;
  normal_side: 'debit' | 'credit';
  /** Debits minus credits of every posting on the account. */
  balance_fen: Generated<number>;
  created_at: Timestamp;
}

export interface JournalEntriesTable {
  id: string;
  operator_id: string;
  idempotency_key: string;
  kind: string;
  document_type: string;
  document_id: string;
  memo: Generated<string>;
  meta: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  reverses_entry_id: string | null;
  /** The pickup date of the batch the entry belongs to; null for none (migration 0017). */
  batch_date: ColumnType<string | null, string | null | undefined, never>;
}

export interface JournalPostingsTable {
  id: Generated<number>;
  entry_id: string;
  operator_id: string;
  account_id: string;
  /** Debit > 0, credit < 0. */
  amount_fen: number;
  sku_id: string | null;
}

export interface LedgerEventClaimsTable {
  operator_id: string;
  key: string;
  claimed_at: Timestamp;
}

export interface LedgerPoliciesTable {
  operator_id: string;
  commission_rate_bp: Generated<number>;
  release_after_hours: Generated<number>;
  withdrawal_min_fen: Generated<number>;
  withdrawal_fee_bp: Generated<number>;
  withdrawal_daily_limit_fen: Generated<number>;
  updated_at: Timestamp;
}

export type CommissionScope = 'product' | 'category' | 'level';

export interface CommissionRulesTable {
  operator_id: string;
  scope: CommissionScope;
  subject: string;
  rate_bp: number;
  updated_at: Timestamp;
}

export interface CommissionLinesTable {
  order_line_id: string;
  operator_id: string;
  order_id: string;
  leader_id: string;
  sku_id: string;
  rate_bp: number;
  base_fen: number;
  accrued_fen: number;
  refunded_fen: Generated<number>;
  clawed_back_fen: Generated<number>;
  status: 'pending' | 'available';
  accrued_at: Timestamp;
  released_at: Timestamp | null;
}

/** A closed business day of the reconciliation (migration 0017). */
export interface LedgerDayClosingsTable {
  operator_id: string;
  business_date: string;
  /** Account id → debits − credits of every posting dated up to the end of the day. */
  balances: Json<Record<string, number>>;
  /** Leader id → [commission accrued, accounted for, clawed back] up to the end of the day. */
  leaders: Json<Record<string, [number, number, number]>>;
  postings: number;
  closed_at: Timestamp;
}

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'failed' | 'rejected';

export interface WithdrawalsTable {
  id: string;
  operator_id: string;
  leader_id: string;
  amount_fen: number;
  fee_fen: number;
  status: WithdrawalStatus;
  payout_provider: string | null;
  payout_ref: string | null;
  failure_reason: string | null;
  requested_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  finished_at: Timestamp | null;
  updated_at: Timestamp;
  payout_attempts: Generated<number>;
  /** A process is sending the payout until then; past it, the payout may be sent again. */
  payout_claimed_until: Timestamp | null;
  /** The provider's own state of the payout (WeChat Pay's WAIT_USER_CONFIRM, SUCCESS, …); migration 0038. */
  payout_state: string | null;
  /** While the payout waits for the payee to accept it: what the payee's screen needs (migration 0038). */
  payout_confirmation: Json<PayeeConfirmation> | null;
}

/** What a payee's screen passes to WeChat's requestMerchantTransfer to accept a transfer. */
export interface PayeeConfirmation {
  mchId: string;
  appId: string;
  package: string;
}

/** Table types of the ledger and settlement (migration 0006_ledger). */
export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  journal_entries: JournalEntriesTable;
  journal_postings: JournalPostingsTable;
  ledger_event_claims: LedgerEventClaimsTable;
  ledger_policies: LedgerPoliciesTable;
  commission_rules: CommissionRulesTable;
  commission_lines: CommissionLinesTable;
  withdrawals: WithdrawalsTable;
  ledger_day_closings: LedgerDayClosingsTable;
}
