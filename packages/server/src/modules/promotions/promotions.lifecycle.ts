import type { AppContext } from '../../context.ts';
import { expireCoupons, returnOrderDiscounts, useCouponsOfPaidOrders } from './coupons.service.ts';

/**
 * Promotions listen to orders: a paid order's coupon is used; a cancelled or expired one gives its
 * coupon and uses back (its full refund does too, told by ordering, which knows when a refund is
 * the whole order: `returnOrderDiscounts`). Each runs in the event's delivery transaction and is
 * guarded by the discounts' state, so a redelivery changes nothing. A sweep expires coupons.
 */
export function setupPromotions(ctx: AppContext): void {
  ctx.events.subscribeBatch(['order.paid'], async (trx, events) => {
    await useCouponsOfPaidOrders(
      trx,
      ctx.clock.now(),
      events.map((e) => e.payload.orderId),
    );
  });
  ctx.events.subscribe('order.cancelled', async (trx, event) => {
    await returnOrderDiscounts(trx, ctx.clock, event.operatorId, event.payload.orderId);
  });
  ctx.events.subscribe('order.expired', async (trx, event) => {
    await returnOrderDiscounts(trx, ctx.clock, event.operatorId, event.payload.orderId);
  });
  ctx.jobs.addSweep({ name: 'coupon-expiry', run: () => expireCoupons(ctx.db, ctx.clock.now()) });
}
