/**
 * Ledger: the chart of accounts, the double-entry journal, postings from events, policy and reconciliation.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { lockBalances, postEntry } from './journal.ts';
export { displayBalance } from './ledger.chart.ts';
export type { AccountCode } from './ledger.chart.ts';
export { getPolicy } from './ledger.policy.ts';
export { commissionKept, listAccounts, partyMovements } from './ledger.queries.ts';
export type { Period, StatementLine } from './ledger.queries.ts';
export { reconcile } from './ledger.reconcile.ts';
export type { Reconciliation } from './ledger.reconcile.ts';
export { setupLedger } from './ledger.setup.ts';
export { leaderSales } from './leader-sales.queries.ts';
export { promotionResults } from './promotion-results.report.ts';
