/**
 * 帮卖 (help-sell), its screens: staff record a campaign's publisher and split, leaders see the
 * help-sell campaigns they may resell (with a publishing supplier's scorecard, the split and what
 * they would earn) and opt in or out, suppliers see their campaigns and shares. A leader or a
 * supplier proposes a help-sell campaign; staff approve it into a campaign (the campaign module
 * creates it and records its terms) or reject it. The terms and the resellers are the campaign
 * module's, the shares the ledger's, the proposals this module's; it puts them together.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { campaignHelpSell, leaderHelpSell, SCORECARD_DAYS, supplierHelpSell } from './help-sell.views.ts';
export { resell } from './help-sell.service.ts';
export {
  approveProposal,
  listProposals,
  myProposals,
  proposableSkus,
  propose,
  rejectProposal,
  withdrawProposal,
} from './proposal.service.ts';
export type { Proposer } from './proposal.service.ts';
