import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { date, fen, instant } = eventFields;

/** An order moved on in the fulfilment (ordering.fulfilment.ts advanceOrders). */
const moved = z.object({ orderId: z.string(), at: instant });

/** The events of an order's life that ordering writes (paid and refunded are payment's). */
export const orderingEvents = defineEvents({
  /** Checkout placed it, unpaid; written by the checkout SQL function (place-order.sql) from checkout.reserve.ts's `event`. */
  'order.placed': z.object({
    orderId: z.string(),
    residentId: z.string(),
    pickupPointId: z.string(),
    pickupDate: date,
    totalFen: fen,
  }),
  /** Cancelled by the resident, or by its campaign's cancellation; `refundedFen` is 0 for an unpaid order. */
  'order.cancelled': z.object({ orderId: z.string(), reason: z.string(), refundedFen: fen }),
  /** Not paid in time (the expiry sweep). */
  'order.expired': z.object({ orderId: z.string() }),
  /** Its goods were sorted for it. */
  'order.allocated': moved,
  /** Its goods reached its pickup point (the leader confirmed the handover). */
  'order.delivered': moved,
  /** The resident collected it; the ledger schedules the commission's release from `at`. */
  'order.picked_up': moved,
});

export type OrderingEvents = typeof orderingEvents;
export type OrderPlaced = z.output<OrderingEvents['order.placed']>;
export type OrderCancelled = z.output<OrderingEvents['order.cancelled']>;
export type OrderExpired = z.output<OrderingEvents['order.expired']>;
export type OrderMoved = z.output<typeof moved>;
