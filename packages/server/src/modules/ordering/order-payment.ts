import type { AppContext } from '../../context.ts';
import type { Principal } from '../identity/index.ts';
import { applyNotification, type PaymentIntentView, startPayment, type VerifiedNotification } from '../payment/index.ts';
import { markPaidStep } from './order-state.ts';
import { orderToPay } from './order-to-pay.queries.ts';

/**
 * Paying for an order: the payment module talks to the provider and records payments; the order's
 * own move to paid is ordering's step (order-state.ts), handed to payment for its one statement.
 */

/** Starts (or, with the dev provider's `instant`, completes) paying a resident's unpaid order. */
export function payOrder(ctx: AppContext, resident: Principal, orderId: string, mode: 'notify' | 'instant'): Promise<PaymentIntentView> {
  return startPayment(ctx, orderToPay(resident, orderId), mode, markPaidStep);
}

/**
 * Applies a verified payment notification (from the provider's callback, or the query before an
 * unpaid order expires): the payment is captured and the order paid in one statement.
 */
export function applyPaymentNotification(ctx: AppContext, n: VerifiedNotification): Promise<{ changed: boolean }> {
  return applyNotification(ctx, n, markPaidStep);
}
