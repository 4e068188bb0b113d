import type { AppContext } from '../../context.ts';
import type { Principal } from '../identity/index.ts';
import {
  applyNotification,
  type PayChannel,
  type PaymentIntentView,
  payerOf,
  type ReceivedNotification,
  receiveNotification,
  startPayment,
  type VerifiedNotification,
} from '../payment/index.ts';
import { markPaidStep } from './order-state.ts';
import { orderToPay } from './order-to-pay.queries.ts';

/**
 * Paying for an order: the payment module talks to the provider and records payments; the order's
 * own move to paid is ordering's step (order-state.ts), handed to payment for its one statement.
 */

/** Where the payer pays from: their address and the channel they chose (the provider's default when absent). */
export interface PayFrom {
  ip: string;
  channel?: PayChannel | undefined;
  /** JSAPI: the payer's openid under the merchant's app id, as the server knows it (never from the browser). */
  openid?: string | undefined;
}

/** A payer on this machine (the demo, tests). */
const LOCAL: PayFrom = { ip: '127.0.0.1' };

/**
 * Starts (or, with the dev provider's `instant`, completes) paying a resident's unpaid order;
 * `from` null asks the provider nothing yet (the client names its channel in a later pay step).
 */
export function payOrder(
  ctx: AppContext,
  resident: Principal,
  orderId: string,
  mode: 'notify' | 'instant',
  from: PayFrom | null = LOCAL,
): Promise<PaymentIntentView> {
  return startPayment(ctx, orderToPay(resident, orderId), mode, markPaidStep, from && payerOf(ctx, from.ip, from.channel, from.openid));
}

/**
 * A notification as the provider's server sent it: verified, checked against replays, applied;
 * `operatorId` when it came to that operator's own address (its own WeChat Pay credentials).
 */
export function receivePaymentNotification(
  ctx: AppContext,
  received: ReceivedNotification,
  operatorId?: string,
): Promise<{ changed: boolean }> {
  return receiveNotification(ctx, received, markPaidStep, operatorId);
}

/**
 * Applies a verified payment notification (from the provider's callback, or the query before an
 * unpaid order expires): the payment is captured and the order paid in one statement.
 */
export function applyPaymentNotification(ctx: AppContext, n: VerifiedNotification): Promise<{ changed: boolean }> {
  return applyNotification(ctx, n, markPaidStep);
}
