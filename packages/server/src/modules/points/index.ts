/**
 * Points (积分) and daily sign-in (签到): a points ledger per resident with lots that expire,
 * earned at pickup on what was paid and taken back by refunds, and the operator's rules.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { createOffer, redeemOffer } from './points.offers.ts';
export { givePoints, signInDaysBetween, spendPoints } from './points.plays.ts';
export type { PlayPosting } from './points.plays.ts';
export { pointsTotals, storedBalance } from './points.queries.ts';
export { signIn } from './points.service.ts';
export { pointsSettings } from './points.settings.ts';
export { setupPoints } from './points.setup.ts';
