import type * as aftersales from '@linli/contracts/aftersales';
import type * as promotions from '@linli/contracts/promotions';
import type * as shop from '@linli/contracts/shop';
import type { z } from 'zod';

// Types only: the shop's first screen must not pull a zod schema into its bundle.
export type PickupPoint = z.infer<typeof shop.PickupPointSummary>;
export type Profile = z.infer<typeof shop.ResidentProfile>;
export type Campaign = z.infer<typeof shop.ShopCampaign>;
export type CampaignLine = z.infer<typeof shop.ShopCampaignLine>;
export type Order = z.infer<typeof shop.Order>;
export type OrderLine = z.infer<typeof shop.OrderLine>;
export type OrderStatus = z.infer<typeof shop.OrderStatus>;
export type PlacedOrder = z.infer<typeof shop.PlacedOrder>;
export type PaymentIntent = z.infer<typeof shop.PaymentIntent>;
export type DevNotification = z.infer<typeof shop.DevNotification>;
export type NotificationItem = z.infer<typeof shop.NotificationItem>;
export type PickupTicket = z.infer<typeof aftersales.PickupTicket>;
export type Claim = z.infer<typeof aftersales.AftersaleCase>;
export type ClaimType = z.infer<typeof aftersales.ClaimType>;
export type ClaimStatus = z.infer<typeof aftersales.CaseStatus>;
export type Coupon = z.infer<typeof promotions.Coupon>;
export type CouponStatus = z.infer<typeof promotions.CouponStatus>;
export type ClaimableCoupon = z.infer<typeof promotions.ClaimableCoupon>;
export type ClaimedCoupon = z.infer<typeof promotions.ClaimedCoupon>;
export type Quote = z.infer<typeof promotions.Quote>;
