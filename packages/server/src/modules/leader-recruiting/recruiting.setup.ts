import type { AppContext } from '../../context.ts';
import { recordReferral, sweepRecruiting } from './recruiting.service.ts';

/** An approved application with a referrer records the referral; the sweep pays bonuses and overrides. */
export function setupLeaderRecruiting(ctx: AppContext): void {
  ctx.events.subscribe('leader_application.approved', async (trx, event) => {
    const { applicationId, leaderId, referrerId } = event.payload;
    await recordReferral(trx, new Date(event.payload.at), event.operatorId, { applicationId, leaderId, referrerId });
  });
  ctx.jobs.addSweep({ name: 'leader-recruiting', run: () => sweepRecruiting(ctx) });
}
