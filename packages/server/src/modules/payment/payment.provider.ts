import { AppError } from '../../platform/errors.ts';
import { hmac, sameDigest } from '../../platform/secret.ts';
import type { TradeBill } from './wechatpay.bill.ts';

export type ProviderPaymentStatus = 'pending' | 'succeeded' | 'closed';

/**
 * How the payer pays: `dev` the simulated wallet; WeChat Pay's `h5` (a mobile browser outside
 * WeChat), `native` (a QR code, for desk use) and `jsapi` (inside WeChat, with the payer's openid).
 */
export type PayChannel = 'dev' | 'h5' | 'native' | 'jsapi';

/** Who pays and from where: what the provider's prepay needs of the payer. */
export interface Payer {
  channel: PayChannel;
  /** The payer's IP address (WeChat Pay H5 requires it). */
  ip: string;
  /** The payer's openid under the merchant's app id (WeChat Pay JSAPI). */
  openid?: string | undefined;
}

/** A payment notification the provider sent us, after its signature was checked. */
export interface VerifiedNotification {
  paymentId: string;
  status: 'succeeded' | 'closed';
  amountFen: number;
  notificationId: string;
}

/** A refund notification the provider sent us, after its signature was checked. */
export interface VerifiedRefundNotification {
  refundId: string;
  status: 'succeeded' | 'failed';
  amountFen: number;
  notificationId: string;
  providerRef: string;
  /** Why the refund failed, as the provider says. */
  reason: string | null;
}

/** A verified notification, and the nonce it was signed with when the provider's protocol has one. */
export type ProviderNotice = ({ kind: 'payment' } & VerifiedNotification) | ({ kind: 'refund' } & VerifiedRefundNotification);

/** A notification as received: its headers (lower-case names) and its body's exact text. */
export interface ReceivedNotification {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: string;
}

/**
 * What linli needs from a payment provider (WeChat Pay and others get adapters behind this).
 * Our payment id is the merchant's order reference, so a provider's notification names it.
 */
export interface PaymentProvider {
  readonly name: string;
  /** The channels a resident may pay by, the default first. */
  readonly channels: readonly PayChannel[];
  /**
   * Whether checkout prepares the payment with the order (dev); otherwise the pay step does, once
   * the client names its channel (WeChat Pay's prepay depends on it).
   */
  readonly preparesAtCheckout: boolean;
  /** The app id its JSAPI payments are taken under (WeChat Pay): a payer's openid must be of this app. */
  readonly appId?: string;
  /** Prepares a payment; `clientPayload` is what the client needs to pay (for dev: a signed notification). */
  createPayment(p: {
    paymentId: string;
    amountFen: number;
    description: string;
    /** After this the provider must refuse to take the money. */
    expiresAt: Date;
    payer: Payer;
  }): Promise<{ providerRef: string; clientPayload: Record<string, unknown> }>;
  /**
   * Checks a notification's signature (and freshness); throws PAYMENT_SIGNATURE_INVALID when it
   * is not genuine. `nonce` identifies the signed message for replay protection, when the
   * protocol signs one.
   */
  verifyNotification(n: ReceivedNotification): { notice: ProviderNotice; nonce: string | null };
  /** Asks the provider for a payment's state and, once paid, the amount it took (before expiring an unpaid order). */
  query(paymentId: string): Promise<{ status: ProviderPaymentStatus; amountFen: number | null }>;
  /** Closes an unpaid payment so it can no longer be paid. */
  close(paymentId: string): Promise<void>;
  /**
   * Refunds part or all of a captured payment of `paymentAmountFen`. `refundId` is the idempotency
   * key (WeChat Pay's out_refund_no): asking again with the same id must answer that refund, never
   * refund twice. "pending" means the provider is still processing: linli asks again later, or its
   * refund notification settles it.
   */
  refund(r: {
    refundId: string;
    paymentId: string;
    amountFen: number;
    paymentAmountFen: number;
    reason: string;
  }): Promise<{ status: 'succeeded' | 'pending' | 'failed'; providerRef: string }>;
  /**
   * The provider's bill of a (Beijing) date: every payment it took and refund it made that day,
   * by our ids; an empty bill when it had none. Absent: the provider keeps no bill (dev).
   */
  tradeBill?(date: string): Promise<TradeBill>;
}

/**
 * The built-in provider: the "wallet" is simulated. `createPayment` hands the client a notification
 * signed with the installation secret, which the client posts back as the wallet's server would;
 * `payNow` pays at once. It keeps what it knows in memory, as an external provider would keep it
 * on its side.
 */
export class DevPaymentProvider implements PaymentProvider {
  readonly name = 'dev';
  readonly channels = ['dev'] as const;
  readonly preparesAtCheckout = true;
  private readonly secret: string;
  private readonly state = new Map<string, { status: ProviderPaymentStatus; amountFen: number; refundedFen: number }>();
  private readonly refunded = new Set<string>();

  constructor(secret: string) {
    this.secret = secret;
  }

  async createPayment(p: { paymentId: string; amountFen: number }) {
    const existing = this.state.get(p.paymentId);
    if (!existing) this.state.set(p.paymentId, { status: 'pending', amountFen: p.amountFen, refundedFen: 0 });
    return { providerRef: `dev_${p.paymentId}`, clientPayload: { devNotification: this.sign(p.paymentId, 'succeeded', p.amountFen) } };
  }

  /** What the simulated wallet sends when the payer confirms. */
  sign(paymentId: string, status: 'succeeded' | 'closed', amountFen: number, notificationId = `ntf_${paymentId}_${status}`) {
    const signature = hmac(this.secret, `${paymentId}|${status}|${amountFen}|${notificationId}`);
    return { paymentId, status, amountFen, notificationId, signature };
  }

  verifyNotification(n: ReceivedNotification): { notice: ProviderNotice; nonce: null } {
    let body: unknown;
    try {
      body = JSON.parse(n.rawBody);
    } catch {
      throw new AppError('MALFORMED_JSON', 'the notification is not JSON');
    }
    return { notice: { kind: 'payment', ...this.verifySigned(body as Record<string, unknown>) }, nonce: null };
  }

  /** Checks the simulated wallet's signed fields (a dev notification's body). */
  verifySigned(body: Record<string, unknown>): VerifiedNotification {
    const { paymentId, status, amountFen, notificationId, signature } = body as {
      paymentId: string;
      status: 'succeeded' | 'closed';
      amountFen: number;
      notificationId: string;
      signature: unknown;
    };
    const expected = hmac(this.secret, `${paymentId}|${status}|${amountFen}|${notificationId}`);
    if (typeof signature !== 'string' || !sameDigest(signature, expected)) {
      throw new AppError('PAYMENT_SIGNATURE_INVALID', 'the notification signature does not verify');
    }
    const known = this.state.get(paymentId);
    if (status === 'succeeded' && known && known.status === 'pending') known.status = 'succeeded';
    if (status === 'closed' && known && known.status === 'pending') known.status = 'closed';
    return { paymentId, status, amountFen, notificationId };
  }

  /** Pays at once, as if the payer had confirmed in the wallet. */
  payNow(paymentId: string, amountFen: number): VerifiedNotification {
    return this.verifySigned(this.sign(paymentId, 'succeeded', amountFen));
  }

  async query(paymentId: string) {
    const known = this.state.get(paymentId);
    return { status: known?.status ?? 'pending', amountFen: known?.status === 'succeeded' ? known.amountFen : null };
  }

  async close(paymentId: string): Promise<void> {
    const known = this.state.get(paymentId);
    if (known?.status === 'pending') known.status = 'closed';
  }

  /** Refunds once per refund id, as a real provider does with its idempotency key. */
  async refund(r: { refundId: string; paymentId: string; amountFen: number }) {
    const result = { status: 'succeeded' as const, providerRef: `dev_${r.refundId}` };
    if (this.refunded.has(r.refundId)) return result;
    this.refunded.add(r.refundId);
    const known = this.state.get(r.paymentId);
    if (known) known.refundedFen += r.amountFen;
    return result;
  }

  /** What the simulated wallet has refunded of a payment (tests). */
  refundedFen(paymentId: string): number {
    return this.state.get(paymentId)?.refundedFen ?? 0;
  }
}
