/**
 * 帮卖 (help-sell), its screens: staff record a campaign's publisher and split, leaders see the
 * help-sell campaigns they may resell (with a publishing supplier's scorecard, the split and what
 * they would earn) and opt in or out, suppliers see their campaigns and shares. The terms and the
 * resellers are the campaign module's, the shares the ledger's; this module puts them together.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { campaignHelpSell, leaderHelpSell, SCORECARD_DAYS, supplierHelpSell } from './help-sell.views.ts';
export { resell } from './help-sell.service.ts';
