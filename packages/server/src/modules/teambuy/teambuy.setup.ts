import type { AppContext } from '../../context.ts';
import { admitPaidOrder, expireDueTeams, recordMemberRefund } from './teambuy.membership.ts';

/**
 * A paid team order takes its slot (or goes as the deal says); a member's later refund is recorded
 * in the team's history; the sweep fills or fails teams past their expiry.
 */
export function setupTeambuy(ctx: AppContext): void {
  ctx.events.subscribe('order.paid', async (trx, event) => {
    await admitPaidOrder(ctx, trx, event.operatorId, event.payload.orderId);
  });
  ctx.events.subscribe('order.refunded', async (trx, event) => {
    const { orderId, amountFen, sourceId, reason } = event.payload;
    await recordMemberRefund(trx, ctx.clock.now(), event.operatorId, { orderId, amountFen, sourceId, reason });
  });
  ctx.jobs.addSweep({ name: 'team-expiry', run: () => expireDueTeams(ctx) });
}
