/**
 * Shop: what a resident browses (campaign lines as the shop shows them) and their chosen pickup point.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { campaignLineRows, campaignLineView } from './campaign-lines.report.ts';
