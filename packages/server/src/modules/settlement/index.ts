/**
 * Settlement: leaders' withdrawals and statements, the P&L by batch and the ledger day report.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { ledgerDayReport } from './day-report.ts';
export { batchPnl } from './pnl.ts';
export { setupSettlement } from './settlement.setup.ts';
export { withdrawnOnDay } from './withdrawals.queries.ts';
export { approveWithdrawal, requestWithdrawal } from './withdrawal.service.ts';
export type { WithdrawalView } from './withdrawal.service.ts';
