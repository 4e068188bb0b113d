import { z } from 'zod';
import { defineEvents } from '../../platform/events.ts';

/** The events of promotions. */
export const promotionEvents = defineEvents({
  /**
   * An order's discounts were given back (its cancel, its expiry unpaid, its full refund): its coupon
   * is the resident's again and the ledger reverses the marketing cost it posted for these promotions.
   */
  'promotion.returned': z.object({ orderId: z.string(), promotionIds: z.array(z.string()).readonly() }),
});

export type PromotionEvents = typeof promotionEvents;
export type PromotionReturned = z.output<PromotionEvents['promotion.returned']>;
