/**
 * Leader recruiting (团长拉新): a leader's recruit link, the referral recorded when the recruit is
 * approved (refused when it looks like self-recruiting), a bonus after the recruit's first N
 * picked-up orders and an override on their picked-up sales for a period, both posted through the ledger.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export {
  getTerms,
  OVERRIDE_CORRECTION_DAYS,
  recordReferral,
  saveTerms,
  sweepBonuses,
  sweepOverrideCorrections,
  sweepOverrides,
  sweepRecruiting,
} from './recruiting.service.ts';
export { listReferrals, myRecruits, referralSummary } from './recruiting.queries.ts';
export { DEFAULT_TERMS, refusalOf, SAME_POINT_METRES } from './recruiting.rules.ts';
export { setupLeaderRecruiting } from './recruiting.setup.ts';
