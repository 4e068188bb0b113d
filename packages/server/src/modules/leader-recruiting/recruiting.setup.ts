import type { AppContext } from '../../context.ts';
import { correctOverrideAfterRefund, recordReferral, sweepRecruiting } from './recruiting.service.ts';

/**
 * An approved application with a referrer records the referral; the sweep pays bonuses and
 * overrides; a refund of a recruit's order corrects its override day at once.
 */
export function setupLeaderRecruiting(ctx: AppContext): void {
  ctx.events.subscribe('leader_application.approved', async (trx, event) => {
    const { applicationId, leaderId, referrerId } = event.payload;
    await recordReferral(trx, new Date(event.payload.at), event.operatorId, { applicationId, leaderId, referrerId });
  });
  ctx.events.subscribe('order.refunded', async (trx, event) => {
    await correctOverrideAfterRefund(trx, ctx.clock.now(), event.operatorId, event.payload.orderId);
  });
  ctx.jobs.addSweep({ name: 'leader-recruiting', run: () => sweepRecruiting(ctx) });
}
