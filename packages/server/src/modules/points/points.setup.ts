import type { AppContext } from '../../context.ts';
import { grantForPickup, takeBackForRefund } from './points.earning.ts';
import { expirePoints } from './points.expiry.ts';

/**
 * Points listen to pickups (an order earns) and refunds (its share is taken back), each in the
 * event's delivery transaction; the expiry sweep runs on the jobs' poll.
 */
export function setupPoints(ctx: AppContext): void {
  ctx.events.subscribe('order.picked_up', (trx, e) => grantForPickup(trx, ctx.clock.now(), e.operatorId, e.payload.orderId));
  ctx.events.subscribe('order.refunded', (trx, e) =>
    takeBackForRefund(trx, ctx.clock.now(), e.operatorId, e.payload.orderId, e.payload.refundId),
  );
  ctx.jobs.addSweep({ name: 'points-expiry', run: () => expirePoints(ctx) });
}
