/**
 * Promotions: rules as data (满减, 满折, coupons, newcomer offers, 0-yuan items), coupons from claim
 * to use and return, and the discounts each order got. Plugs into checkout's `price` step.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { choosePromotions, forgetPromotions } from './promotions.checkout.ts';
export {
  choosePlayPrice,
  createPlayPromotion,
  playOrders,
  playPriceFrom,
  playPromotion,
  setPlayPromotionStatus,
} from './promotions.plays.ts';
export type { PlayPromotion } from './promotions.plays.ts';
export type { PlayPrice, PlayPromotionInput } from './promotions.plays.ts';
export type { HoldDocument, PromotionChoice } from './promotions.checkout.ts';
export { assertCouponTemplate } from './coupon-templates.ts';
export { issueCoupon, returnOrderDiscounts } from './coupons.service.ts';
export type { CouponToIssue, IssuedCoupon } from './coupons.service.ts';
export { newcomerCoupons } from './promotions.newcomer.ts';
export { createPromotion, toPromotionDto, updatePromotion } from './promotions.service.ts';
export { couponsOfCauses, couponsUse, discountLinesOfOrders, promotionUsage } from './promotions.queries.ts';
export type { PromotionUsage } from './promotions.queries.ts';
export { setupPromotions } from './promotions.lifecycle.ts';
export { promotionEvents } from './promotions.events.ts';
export type { PromotionEvents, PromotionReturned } from './promotions.events.ts';
