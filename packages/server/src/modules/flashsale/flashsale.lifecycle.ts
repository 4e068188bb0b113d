import type { AppContext } from '../../context.ts';
import { sessionsToReconcile } from './flashsale.queries.ts';
import { RECONCILE_AFTER_MS, reconcileFlashSale, returnUnits } from './flashsale.service.ts';

/**
 * Flash sales listen to promotions: an order that gives its discount back (cancelled, expired
 * unpaid, refunded in full) gives its unit back to its session's gate. A sweep reconciles each
 * session's gate with the orders half an hour after it ends, repairing the gate from PostgreSQL.
 */
export function setupFlashSales(ctx: AppContext): void {
  ctx.events.subscribeBatch(['promotion.returned'], async (trx, events) => {
    await returnUnits(
      ctx,
      trx,
      events.map((e) => ({ operatorId: e.operatorId, orderId: e.payload.orderId, promotionIds: e.payload.promotionIds })),
    );
  });
  ctx.jobs.addSweep({
    name: 'flash-sale-reconcile',
    run: async () => {
      const due = await sessionsToReconcile(ctx.db, new Date(ctx.clock.now().getTime() - RECONCILE_AFTER_MS));
      for (const sale of due) await reconcileFlashSale(ctx, sale);
      return due.length;
    },
  });
}
