/**
 * The residents' voice (feedback): ratings of picked-up orders (items, freshness, the leader's
 * service), complaint tickets against a leader, a supplier or a driver with their workflow, the
 * complaint and rating rates per leader and supplier the KPIs read, and the supplier scorecard
 * purchasing reads.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { appealComplaint, assignComplaint, fileComplaint, orderFeedback, rateOrder, resolveComplaint } from './feedback.service.ts';
export { feedbackTotals, leaderFeedbackRates, supplierFeedbackRates } from './feedback.queries.ts';
export type { LeaderFeedback, SupplierFeedback } from './feedback.queries.ts';
export { leaderComplaintRates } from './leader-rates.report.ts';
export type { LeaderRates } from './leader-rates.report.ts';
export { supplierScorecards } from './supplier-scorecard.report.ts';
export type { SupplierScorecard } from './supplier-scorecard.report.ts';
export { adminComplaints } from './feedback.admin.ts';
