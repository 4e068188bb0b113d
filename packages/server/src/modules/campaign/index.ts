/**
 * Campaigns (团购活动): presale campaigns with their lines, publishing, the selling window and the cutoff;
 * help-sell (帮卖) terms and the leaders who resell a help-sell campaign.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { publishCampaign, setupCampaigns } from './campaign.lifecycle.ts';
export { createCampaign, newCampaignIssues } from './campaign.service.ts';
export { refuse as refuseIssues } from './campaign.checks.ts';
export type { Issue as CampaignIssue } from './campaign.rules.ts';
export { campaignEvents } from './campaign.events.ts';
export type {
  CampaignCancelled,
  CampaignClosed,
  CampaignCutoffMoved,
  CampaignEvents,
  CampaignOpened,
  CampaignPublished,
} from './campaign.events.ts';
export { campaignCutoffTerms, campaignPickupDate, campaignsOfPickupDate } from './cutoff.queries.ts';
export type { CutoffTerms } from './cutoff.queries.ts';
export { campaignWindows, lineStockAndState, orderableLines } from './orderable-lines.queries.ts';
export type { OrderableCampaignLine } from './orderable-lines.queries.ts';
export { campaignsSellingThrough, soldThrough } from './selling-campaigns.queries.ts';
export type { SellingCampaign } from './selling-campaigns.queries.ts';
export { clearHelpSellTerms, setHelpSellTerms, setReselling } from './help-sell.service.ts';
export type { HelpSellInput } from './help-sell.service.ts';
export { helpSellCampaigns, helpSellTerms, helpSellTermsOfLine } from './help-sell.queries.ts';
export type { HelpSellCampaign, HelpSellTerms } from './help-sell.queries.ts';
export { mayOrderAt, platformBp, shareFen, splitProblem } from './help-sell.rules.ts';
export type { HelpSellSplit } from './help-sell.rules.ts';
