import type * as ledger from '@linli/contracts/ledger';
import type { z } from 'zod';

export type LedgerParty = z.infer<typeof ledger.PartyKind>;

/**
 * The chart of accounts as the journal and balances filter it: each code and the kind of party
 * its accounts belong to (the server's chart, in its order).
 */
export const accountCodes: Record<string, LedgerParty> = {
  payment_clearing: 'operator',
  resident_prepayments: 'operator',
  sales: 'operator',
  resident_refunds: 'operator',
  cost_of_goods: 'operator',
  commission_expense: 'operator',
  logistics_cost: 'operator',
  marketing_expense: 'operator',
  aftersales_recoveries: 'operator',
  withdrawal_fees: 'operator',
  own_fleet_payable: 'operator',
  cash_out: 'operator',
  commission_pending: 'leader',
  commission_available: 'leader',
  commission_withdrawing: 'leader',
  supplier_payable: 'supplier',
  carrier_payable: 'carrier',
};

/** The account codes of one kind of party (all of them without one). */
export function codesOf(kind: LedgerParty | undefined): string[] {
  return Object.keys(accountCodes).filter((c) => !kind || accountCodes[c] === kind);
}

/** The kinds of journal entry (the posting rules), for the journal's filter. */
export const entryKinds = [
  'payment_captured',
  'order_sale',
  'late_payment_refund',
  'refund',
  'commission_accrual',
  'commission_clawback',
  'commission_release',
  'commission_adjustment',
  'help_sell_share',
  'help_sell_clawback',
  'blame_charge',
  'goods_received',
  'route_cost',
  'withdrawal_requested',
  'withdrawal_returned',
  'withdrawal_paid',
] as const;
