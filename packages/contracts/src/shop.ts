import { z } from 'zod';
import { DateOnly, Fen, Id, ImageUrl, Latitude, Longitude, Timestamp } from './common.ts';

export const NearbyQuery = z.strictObject({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const PickupPointSummary = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  lat: Latitude,
  lng: Longitude,
  openingHours: z.string(),
  leaderName: z.string(),
  distanceMeters: z.number().int().optional(),
});

export const ChoosePickupPoint = z.strictObject({ pickupPointId: Id });

export const ResidentProfile = z.object({
  id: Id,
  phone: z.string(),
  name: z.string(),
  pickupPoint: PickupPointSummary.nullable(),
});

export const ShopCampaignLine = z.object({
  id: Id,
  skuId: Id,
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  images: z.array(ImageUrl),
  groupPriceFen: Fen,
  listPriceFen: Fen,
  stockLeft: z.number().int().nullable().describe('null for unlimited presale'),
  perResidentLimit: z.number().int().nullable(),
  boughtByMe: z.number().int(),
});

export const ShopCampaign = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  opensAt: Timestamp,
  cutoffAt: Timestamp,
  pickupDate: DateOnly,
  lines: z.array(ShopCampaignLine),
});

export const ShopCampaignList = z.object({ items: z.array(ShopCampaign) });

export const PlaceOrder = z.strictObject({
  pickupPointId: Id.optional().describe("defaults to the resident's bound pickup point"),
  lines: z
    .array(z.strictObject({ campaignLineId: Id, quantity: z.number().int().min(1).max(999) }))
    .min(1)
    .max(50),
  couponId: Id.nullable()
    .optional()
    .describe('the coupon to use (one per order); an order without it uses none, a quote without it picks the best; null for none'),
  couponPromotionId: Id.optional().describe(
    "the coupon's promotion as the quote showed it (its `promotionId`): the order is priced from it without looking the coupon up first, and the database checks that the coupon is of it; a wrong one costs the lookup, never a wrong price. A quote ignores it",
  ),
});
export type PlaceOrder = z.infer<typeof PlaceOrder>;

export const OrderStatus = z.enum(['pending_payment', 'paid', 'allocated', 'delivered', 'picked_up', 'cancelled', 'expired', 'refunded']);

export const OrderLine = z.object({
  id: Id,
  campaignId: Id,
  campaignLineId: Id,
  skuId: Id,
  title: z.string(),
  unitPriceFen: Fen,
  quantity: z.number().int(),
  amountFen: Fen,
  refundedQuantity: z.number().int(),
  refundedFen: Fen,
});

export const Order = z.object({
  id: Id,
  orderNo: z.string(),
  status: OrderStatus,
  residentId: Id,
  pickupPointId: Id,
  leaderId: Id,
  pickupDate: DateOnly,
  pickupCode: z.string().describe('6 digits, shown to the leader at pickup'),
  totalFen: Fen,
  refundedFen: Fen,
  expiresAt: Timestamp.describe('an unpaid order is cancelled after this time'),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  cancelReason: z.string().nullable(),
  cancellableUntil: Timestamp.nullable().describe(
    'until when the resident may cancel: an unpaid order until it expires, a paid one until the earliest cutoff of its campaigns; null when it cannot be cancelled',
  ),
  lines: z.array(OrderLine),
});
export type Order = z.infer<typeof Order>;

export const OrderListQuery = z.strictObject({
  status: OrderStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const CancelOrder = z.strictObject({ reason: z.string().max(200).optional() });

export const DevNotification = z.strictObject({
  paymentId: Id,
  status: z.enum(['succeeded', 'closed']),
  amountFen: Fen,
  notificationId: z.string().min(1).max(64),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DevNotification = z.infer<typeof DevNotification>;

/** The signed parameters of WeChat's in-app pay request (getBrandWCPayRequest). */
export const JsapiPayRequest = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string().describe('prepay_id=…'),
  signType: z.literal('RSA'),
  paySign: z.string(),
});

export const PaymentIntent = z.object({
  paymentId: Id,
  orderId: Id,
  provider: z.string(),
  amountFen: Fen,
  status: z.enum(['pending', 'succeeded', 'closed']),
  orderStatus: OrderStatus,
  devNotification: DevNotification.optional().describe(
    'dev provider only: the signed notification the simulated wallet would send; POST it to /api/v1/payments/dev/notify',
  ),
  h5Url: z
    .string()
    .optional()
    .describe("WeChat Pay H5: open this address (append '&redirect_url=' and the URL-encoded page to come back to)"),
  codeUrl: z.string().optional().describe('WeChat Pay Native: show this weixin:// address as a QR code for the payer to scan'),
  jsapi: JsapiPayRequest.optional().describe(
    "WeChat Pay JSAPI (inside WeChat): pass these to WeixinJSBridge.invoke('getBrandWCPayRequest', jsapi, callback)",
  ),
});

export const PayOrder = z.strictObject({
  mode: z
    .enum(['notify', 'instant'])
    .default('notify')
    .describe(
      "dev provider: 'instant' pays at once (development only; otherwise 403 INSTANT_PAYMENT_UNAVAILABLE), 'notify' returns a signed notification to post",
    ),
  channel: z
    .enum(['dev', 'h5', 'native', 'jsapi'])
    .optional()
    .describe(
      "how the payer pays; the provider's default when absent (dev: 'dev'; WeChat Pay: 'h5' in a mobile browser, 'native' for a QR code, 'jsapi' inside WeChat: with the openid the resident bound by WeChat login, else it falls back to 'h5'). 400 PAYMENT_CHANNEL_UNAVAILABLE when the provider does not take it",
    ),
});

export const NotificationItem = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  createdAt: Timestamp,
  read: z.boolean(),
});
export const NotificationList = z.object({ items: z.array(NotificationItem) });

/** The answer to placing an order: the order and, while it is unpaid, how to pay it. */
export const PlacedOrder = Order.extend({
  payment: PaymentIntent.optional().describe('the payment opened with the order; with the dev provider it carries the signed notification'),
});
