import type { AppContext } from '../../context.ts';
import { admitPaidOrder, expireDueTeams, recordMemberRefund, waitingTeamOrders } from './teambuy.membership.ts';

/**
 * A paid team order takes its slot (or goes as the deal says); a member's later refund is recorded
 * in the team's history; the sweep fills or fails teams past their expiry.
 */
export function setupTeambuy(ctx: AppContext): void {
  // A delivered batch at a time, its events in order: one read finds the batch's paid orders that
  // wait for a team slot (almost always none), so a plain order costs no statement of its own.
  ctx.events.subscribeBatch(['order.paid', 'order.refunded'], async (trx, events) => {
    const waiting = await waitingTeamOrders(
      trx,
      events.flatMap((e) => (e.type === 'order.paid' ? [e.payload.orderId] : [])),
    );
    for (const event of events) {
      if (event.type === 'order.paid') {
        if (waiting.has(event.payload.orderId)) await admitPaidOrder(ctx, trx, event.operatorId, event.payload.orderId);
      } else {
        const { orderId, amountFen, sourceId, reason } = event.payload;
        await recordMemberRefund(trx, ctx.clock.now(), event.operatorId, { orderId, amountFen, sourceId, reason });
      }
    }
  });
  ctx.jobs.addSweep({ name: 'team-expiry', run: () => expireDueTeams(ctx) });
}
