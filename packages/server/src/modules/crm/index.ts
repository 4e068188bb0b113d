/**
 * Leader CRM: each member's recency, frequency and monetary value (RFM) per business day, scored
 * and put in a segment (champions, loyal, new, at risk, lapsed, low value, regular); what members
 * buy, what a leader pushes today, and whom to remind. Promotions read a resident's segment to
 * leave excluded segments out of an offer's audience.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { DEFAULT_CRM_RULES, SEGMENTS, scoreMember, segmentOf } from './crm.rules.ts';
export type { CrmRules } from './crm.rules.ts';
/** A resident's segment now (null before any paid order or computation): promotions' audience check. */
export { CRM_KEEP_DAYS, currentSegment, computeCrmPeriod, latestPeriod, segmentSizes } from './crm.service.ts';
export type { CrmPeriod } from './crm.service.ts';
export { leaderCrm, leaderCrmMembers, leaderReminders } from './members.report.ts';
export { todayPushes } from './pushes.report.ts';
export type { OpenCampaign } from './pushes.report.ts';
export { setupCrm } from './crm.setup.ts';
