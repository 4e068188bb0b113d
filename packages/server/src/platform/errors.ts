/**
 * One error type with a fixed set of codes. Every failure a client can act on has a code;
 * the code decides the HTTP status in one table, so a route never picks a status itself.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  /** A webhook URL linli will not call: not https in production, credentials in it, or a private or loopback host. */
  WEBHOOK_URL_REFUSED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IMAGE_UNREADABLE: 400,
  UNAUTHENTICATED: 401,
  SMS_CODE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  ALREADY_PICKED_UP: 409,
  /** A WeChat account already bound to another identity, or an identity already bound to another WeChat account. */
  WECHAT_ALREADY_BOUND: 409,
  /** The payout provider pays into the leader's WeChat balance, and the leader has not bound WeChat. */
  WECHAT_NOT_BOUND: 409,
  /** WeChat login is not configured on this installation (no LINLI_WECHAT_APPID). */
  WECHAT_LOGIN_UNAVAILABLE: 409,
  /** A WeChat callback whose state is forged, expired, already used or from another browser. */
  WECHAT_STATE_INVALID: 400,
  /** The person did not allow the authorization (WeChat came back without a code). */
  WECHAT_AUTHORIZATION_DENIED: 400,
  /** WeChat refused the authorization code (expired, already used, unknown). */
  WECHAT_CODE_REJECTED: 400,
  /** WeChat could not be reached or refused linli's credentials. */
  WECHAT_PROVIDER_FAILED: 502,
  /** A WeChat login ticket that is unknown, expired or already used. */
  WECHAT_TICKET_INVALID: 400,
  /** A WeChat account not yet bound: the first login proves a phone with its SMS code. */
  WECHAT_PHONE_REQUIRED: 400,
  CLAIM_WINDOW_CLOSED: 409,
  /** A claim or refund on a line with no money left on it: a 0-yuan item (or one refunded in full); support may give a coupon instead. */
  NOTHING_TO_REFUND: 409,
  /** An order already sorted (allocated) or on a dispatched route cannot move to another pickup point. */
  ORDER_ALREADY_SORTED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  CAMPAIGN_NOT_OPEN: 409,
  CAMPAIGN_CLOSED: 409,
  CAMPAIGN_NOT_FOR_LEADER: 409,
  /** A help-sell campaign ordered at a leader who neither published it nor opted in to resell it. */
  HELP_SELL_NOT_RESOLD: 409,
  /** A help-sell split with a share below 0 or shares summing to more than 10000 bp (the whole line). */
  HELP_SELL_SPLIT_INVALID: 422,
  PICKUP_DATE_MISMATCH: 422,
  PICKUP_POINT_CLOSED: 409,
  SOLD_OUT: 409,
  LIMIT_EXCEEDED: 409,
  INSUFFICIENT_BALANCE: 409,
  /** A resident's second sign-in on the same operator-local day. */
  ALREADY_SIGNED_IN: 409,
  /** The operator has points switched off: no sign-in, no redemption. */
  POINTS_DISABLED: 409,
  /** Spending or taking more points than the resident's balance holds. */
  POINTS_INSUFFICIENT: 409,
  /** A lottery that is paused, ended, or outside its window: no draw. */
  LOTTERY_UNAVAILABLE: 409,
  /** The resident drew as often today as the lottery allows. */
  LOTTERY_DAILY_LIMIT: 409,
  /** A bargain offer paused, ended or outside its window, or a bargain no longer open (bought, or its time is up). */
  BARGAIN_UNAVAILABLE: 409,
  /** A helper may not cut this bargain (`details.reason`: their own, helped already, newcomers only, the device or daily limits …). */
  BARGAIN_CUT_REFUSED: 409,
  ORDER_NOT_PAYABLE: 409,
  ORDER_NOT_CANCELLABLE: 409,
  PAYMENT_SIGNATURE_INVALID: 400,
  PAYMENT_AMOUNT_MISMATCH: 400,
  /** A signed provider notification received a second time (its nonce was seen). */
  PAYMENT_NOTICE_REPLAYED: 409,
  /** A payment channel (h5, native, …) the configured provider does not take. */
  PAYMENT_CHANNEL_UNAVAILABLE: 400,
  /** WeChat Pay credentials refused on save: a key that does not parse, an APIv3 key not of 32 bytes, an id of the wrong shape (`details.field`). */
  WECHATPAY_CREDENTIALS_INVALID: 400,
  /** WeChat Pay is the provider, but neither the operator nor the installation has credentials for it. */
  WECHATPAY_NOT_CONFIGURED: 409,
  /** The configured payment provider keeps no bill to reconcile with (the dev provider). */
  PROVIDER_BILL_UNAVAILABLE: 409,
  /** The payment provider refused or could not be reached; nothing was charged. */
  PAYMENT_PROVIDER_FAILED: 502,
  /** `instant` payment (the dev provider paying without money) outside development. */
  INSTANT_PAYMENT_UNAVAILABLE: 403,
  /** Nothing received of a purchase-order line the supplier promised units of, and no reason given. */
  SHORT_REASON_REQUIRED: 422,
  /** Completing receiving while lines the supplier promised units of are not recorded. */
  LINES_NOT_RECORDED: 409,
  /** A pickup point assigned to a warehouse that is closed (an unknown or another tenant's warehouse is NOT_FOUND). */
  WAREHOUSE_INACTIVE: 422,
  /** A vehicle type's chilled and frozen compartments take more than its volume. */
  COMPARTMENTS_EXCEED_VOLUME: 422,
  /** A vehicle type's temperature class given with compartments whose coldest is another class. */
  COMPARTMENTS_CLASS_MISMATCH: 422,
  RATE_LIMITED: 429,
  /** The operator's map provider (OSRM, AMap) is unreachable, too slow, refuses the key or answers nonsense. */
  MAP_PROVIDER_FAILED: 502,
  BUSY: 503,
  /** The SMS vendor says the phone number cannot receive messages (malformed, not a mobile, or blacklisted). */
  SMS_PHONE_REJECTED: 400,
  /** No SMS template for this kind: neither the operator's settings nor the installation's environment name one. */
  SMS_TEMPLATE_MISSING: 503,
  /** The SMS vendor refused the message for a reason of its own (account, template, signature) or could not be reached. */
  SMS_PROVIDER_FAILED: 502,
  /** The coupon named is not the resident's to use now: used, held by another order, expired, or someone else's. */
  COUPON_UNAVAILABLE: 409,
  /** The coupon cannot apply to this order (below its threshold, out of its scope, newcomers only …; details say why). */
  COUPON_NOT_APPLICABLE: 409,
  /** Every coupon of this promotion has been handed out. */
  COUPONS_GONE: 409,
  /** The resident holds as many coupons of this promotion as it allows each. */
  COUPON_LIMIT_REACHED: 409,
  /** The coupon's promotion leaves the resident's member segment out of its audience (crm). */
  COUPON_NOT_OFFERED: 409,
  /** A coupon template named for a reward or a compensation that is not one: unknown, another operator's, not a coupon, or ended. */
  COUPON_TEMPLATE_INVALID: 400,
  /** A promotion ended, was paused, reached its limit or spent its budget while the order was placed. */
  PROMOTION_UNAVAILABLE: 409,
  /** Every unit of the flash-sale session is taken (units of unpaid orders come back when their payment window closes). */
  FLASH_SALE_SOLD_OUT: 409,
  /** The resident has won as many units of the flash-sale session as it allows each. */
  FLASH_SALE_LIMIT_REACHED: 409,
  /** The flash-sale session has not started yet (its start time is in the details). */
  FLASH_SALE_NOT_STARTED: 409,
  /** The flash-sale session is over or was cancelled. */
  FLASH_SALE_ENDED: 409,
  /** An attempt with this idempotency key is still being written: ask again in a moment. */
  FLASH_SALE_IN_PROGRESS: 409,
  /** An order that would cost nothing: a payment is at least one fen, so a 0-yuan item comes with a paid one. */
  ORDER_TOTAL_ZERO: 422,
  /** A team buy that is paused or ended takes no team orders. */
  TEAM_DEAL_CLOSED: 409,
  /** A team that cannot be joined now: formed, failed, expired, full, or the resident is in it already (details.reason). */
  TEAM_NOT_JOINABLE: 409,
  /** Only a resident who has never paid an order may open a team of this deal. */
  TEAM_NEWCOMERS_ONLY: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    // A client error is an answer, not a fault: it is sent as its code and never logged with a
    // stack, so none is captured (a sold-out flash sale answers thousands of these a second).
    // Server errors keep theirs.
    const limit = Error.stackTraceLimit;
    if (errorStatus[code] < 500) Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Throws NOT_FOUND unless the value is present: the standard answer for another tenant's object too. */
export function found<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new AppError('NOT_FOUND', `${what} not found`);
  return value;
}
