import { AppError } from '../../platform/errors.ts';
import { hmac, sameDigest } from '../../platform/secret.ts';

export type ProviderPaymentStatus = 'pending' | 'succeeded' | 'closed';

/** A notification the provider sent us, after its signature was checked. */
export interface VerifiedNotification {
  paymentId: string;
  status: 'succeeded' | 'closed';
  amountFen: number;
  notificationId: string;
}

/**
 * What linli needs from a payment provider (WeChat Pay and others get adapters behind this).
 * Our payment id is the merchant's order reference, so a provider's notification names it.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Prepares a payment; `clientPayload` is what the client needs to pay (for dev: a signed notification). */
  createPayment(p: {
    paymentId: string;
    amountFen: number;
    description: string;
  }): Promise<{ providerRef: string; clientPayload: Record<string, unknown> }>;
  /** Checks a notification's signature; throws PAYMENT_SIGNATURE_INVALID when it is not genuine. */
  verifyNotification(body: Record<string, unknown>): VerifiedNotification;
  /** Asks the provider for a payment's state (used before expiring an unpaid order). */
  query(paymentId: string): Promise<ProviderPaymentStatus>;
  /** Closes an unpaid payment so it can no longer be paid. */
  close(paymentId: string): Promise<void>;
  /**
   * Refunds part or all of a captured payment. `refundId` is the idempotency key (WeChat Pay's
   * out_refund_no): asking again with the same id must answer that refund, never refund twice.
   * "pending" means the provider is still processing: linli asks again later.
   */
  refund(r: {
    refundId: string;
    paymentId: string;
    amountFen: number;
  }): Promise<{ status: 'succeeded' | 'pending' | 'failed'; providerRef: string }>;
}

/**
 * The built-in provider: the "wallet" is simulated. `createPayment` hands the client a notification
 * signed with the installation secret, which the client posts back as the wallet's server would;
 * `payNow` pays at once. It keeps what it knows in memory, as an external provider would keep it
 * on its side.
 */
export class DevPaymentProvider implements PaymentProvider {
  readonly name = 'dev';
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

  verifyNotification(body: Record<string, unknown>): VerifiedNotification {
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
    return this.verifyNotification(this.sign(paymentId, 'succeeded', amountFen));
  }

  async query(paymentId: string): Promise<ProviderPaymentStatus> {
    return this.state.get(paymentId)?.status ?? 'pending';
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
