import { z } from 'zod';
import type { Blame, RefundKind } from '../../platform/db/schema.ts';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { fen, quantity } = eventFields;

const REFUND_KINDS = [
  'cancel',
  'late_payment',
  'campaign_cancelled',
  'campaign_failed',
  'shortage',
  'handover',
  'aftersales',
  'unpicked',
  'undeliverable',
] as const satisfies readonly RefundKind[];
const BLAMES = ['supplier', 'warehouse', 'driver', 'leader', 'operator', 'none'] as const satisfies readonly Blame[];

/** The money events, written by payment.service.ts. */
export const paymentEvents = defineEvents({
  /** The provider captured a payment (written by SQL in applyNotification). */
  'payment.captured': z.object({ paymentId: z.string(), orderId: z.string(), amountFen: fen }),
  /** That capture paid its order (same SQL statement; none when the order could no longer be paid: a late_payment refund instead). */
  'order.paid': z.object({ orderId: z.string(), paymentId: z.string(), amountFen: fen }),
  /** Money going back to the resident (requestRefund), whole or for some lines, and who bears it. */
  'order.refunded': z.object({
    orderId: z.string(),
    refundId: z.string(),
    amountFen: fen.min(1),
    reason: z.string(),
    kind: z.enum(REFUND_KINDS),
    blame: z.enum(BLAMES).nullable(),
    /** The document that caused it (one refund per kind and source). */
    sourceId: z.string().nullable(),
    /** The carrier to charge when its driver is to blame. */
    carrierId: z.string().nullable(),
    lines: z.array(z.object({ orderLineId: z.string(), quantity, amountFen: fen })).readonly(),
  }),
});

export type PaymentEvents = typeof paymentEvents;
export type PaymentCaptured = z.output<PaymentEvents['payment.captured']>;
export type OrderPaid = z.output<PaymentEvents['order.paid']>;
export type OrderRefunded = z.output<PaymentEvents['order.refunded']>;
