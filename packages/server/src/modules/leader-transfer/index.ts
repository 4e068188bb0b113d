/**
 * Leader transfer (末位淘汰's second half): a leader removed by staff, or leaving at their own
 * request, hands their members to the nearest good leaders' pickup points; staff confirm the
 * proposal, members are moved once and told, orders already placed are handed out where they
 * were placed, and the leader is suspended once those are done and their commission is settled.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { DEFAULT_TARGET_RULES, haversineMeters, proposeTarget, rankTargets, waitingFor } from './leader-transfer.rules.ts';
export type { Candidate, RankedCandidate, TargetRules, Waiting } from './leader-transfer.rules.ts';
export {
  cancelTransfer,
  completeDueTransfers,
  completeTransfer,
  confirmTransfer,
  requestLeave,
  setTransferTarget,
  startTransfer,
} from './leader-transfer.service.ts';
export type { ExcludedLeaders } from './leader-transfer.service.ts';
export { listTransfers, movesOf, transferDetail } from './leader-transfer.queries.ts';
export { setupLeaderTransfer } from './leader-transfer.setup.ts';
