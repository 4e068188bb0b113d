/**
 * Ledger: the chart of accounts, the double-entry journal, postings from events, policy and reconciliation.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { lockBalances, postEntry } from './journal.ts';
export { displayBalance } from './ledger.chart.ts';
export type { AccountCode } from './ledger.chart.ts';
export { getPolicy, setCommissionRule } from './ledger.policy.ts';
export { postCommissionAdjustments } from './ledger.adjustments.ts';
export type { CommissionAdjustment } from './ledger.adjustments.ts';
export { commissionKept, leaderCommissionHeld, listAccounts, partyMovements } from './ledger.queries.ts';
export type { LeaderCommissionHeld } from './ledger.queries.ts';
export type { Period, StatementLine } from './ledger.queries.ts';
export { reconcile } from './ledger.reconcile.ts';
export type { Reconciliation } from './ledger.reconcile.ts';
export { setupLedger } from './ledger.setup.ts';
export { leaderSales } from './leader-sales.queries.ts';
export { promotionResults } from './promotion-results.report.ts';
export { helpSellEarnings, helpSellTotals } from './help-sell.queries.ts';
export type { HelpSellEarning } from './help-sell.queries.ts';
