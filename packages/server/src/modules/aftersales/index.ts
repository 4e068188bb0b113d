/**
 * After-sales (售后): residents' claims on picked-up goods, decided by leaders and support, refunded per line through ordering.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { assertSomethingToRefund, claimAmount } from './aftersales.rules.ts';
export { approveClaim, approveClaimIn, createClaim, lineClaimCapacity, recordSupportClaim, rejectClaim } from './aftersales.service.ts';
export { aftersalesEvents } from './aftersales.events.ts';
export type { AftersaleApproved, AftersaleRejected, AftersalesEvents } from './aftersales.events.ts';
