/**
 * Campaigns (团购活动): presale campaigns with their lines, publishing, the selling window and the cutoff.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { setupCampaigns } from './campaign.lifecycle.ts';
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
