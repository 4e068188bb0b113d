import type { PartyKind } from '../../platform/db/schema.ledger.ts';

/**
 * The chart of accounts. Every account is (operator, code, party): an operator account has the
 * operator as its party; a leader, supplier or carrier has one account per code. `normal` is the
 * side that increases it; balances are shown on that side (a liability to a leader is positive).
 */
export const chart = {
  payment_clearing: { party: 'operator', normal: 'debit', title: 'Payment clearing (money held at the payment provider)' },
  resident_prepayments: { party: 'operator', normal: 'credit', title: 'Resident prepayments (captured, not yet an order sale)' },
  sales: { party: 'operator', normal: 'credit', title: 'Operator revenue: order sales (GMV)' },
  resident_refunds: { party: 'operator', normal: 'debit', title: 'Resident refunds (contra revenue)' },
  cost_of_goods: { party: 'operator', normal: 'debit', title: 'Cost of goods received' },
  commission_expense: { party: 'operator', normal: 'debit', title: 'Leader commission expense' },
  logistics_cost: { party: 'operator', normal: 'debit', title: 'Logistics cost (carriers and own fleet)' },
  marketing_expense: { party: 'operator', normal: 'debit', title: 'Marketing expense' },
  aftersales_recoveries: { party: 'operator', normal: 'credit', title: 'After-sales costs recovered from the party to blame' },
  withdrawal_fees: { party: 'operator', normal: 'credit', title: 'Withdrawal fees earned' },
  own_fleet_payable: { party: 'operator', normal: 'credit', title: 'Own-fleet running costs to pay (fuel, drivers)' },
  cash_out: { party: 'operator', normal: 'credit', title: 'Cash out: payouts sent from the operator bank account' },
  commission_pending: { party: 'leader', normal: 'credit', title: 'Leader commission pending (held until pickup + after-sales window)' },
  commission_available: { party: 'leader', normal: 'credit', title: 'Leader commission available to withdraw' },
  commission_withdrawing: { party: 'leader', normal: 'credit', title: 'Leader commission being withdrawn (asked, awaiting payout)' },
  supplier_payable: { party: 'supplier', normal: 'credit', title: 'Owed to the supplier' },
  carrier_payable: { party: 'carrier', normal: 'credit', title: 'Owed to the carrier' },
} as const satisfies Record<string, { party: PartyKind; normal: 'debit' | 'credit'; title: string }>;

export type AccountCode = keyof typeof chart;

/** Kinds of journal entry: the posting rule that wrote it (see POSTINGS.md). */
export type EntryKind =
  | 'payment_captured'
  | 'order_sale'
  | 'promotion_cost'
  | 'late_payment_refund'
  | 'refund'
  | 'commission_accrual'
  | 'commission_clawback'
  | 'commission_release'
  | 'commission_adjustment'
  | 'help_sell_share'
  | 'help_sell_clawback'
  | 'blame_charge'
  | 'goods_received'
  | 'route_cost'
  | 'withdrawal_requested'
  | 'withdrawal_returned'
  | 'withdrawal_paid';

/** An account named by its code and party. */
export interface AccountRef {
  code: AccountCode;
  /** The leader, supplier or carrier; omitted for the operator's own accounts. */
  partyId?: string;
}

/** The balance as people read it: positive on the account's normal side. */
export function displayBalance(code: AccountCode, debitMinusCredit: number): number {
  return chart[code].normal === 'debit' ? debitMinusCredit : 0 - debitMinusCredit;
}
