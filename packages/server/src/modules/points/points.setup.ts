import type { AppContext } from '../../context.ts';
import { grantForPickup, takeBackForRefund } from './points.earning.ts';
import { expirePoints } from './points.expiry.ts';
import { credit } from './points.ledger.ts';
import { pointsSettings } from './points.settings.ts';

/**
 * Points listen to pickups (an order earns), refunds (its share is taken back) and invite rewards
 * (the inviter's points, as invites decided them; nothing while points are off), each in the
 * event's delivery transaction and keyed, so a redelivery posts nothing; the expiry sweep runs on
 * the jobs' poll.
 */
export function setupPoints(ctx: AppContext): void {
  ctx.events.subscribe('order.picked_up', (trx, e) => grantForPickup(trx, ctx.clock.now(), e.operatorId, e.payload.orderId));
  ctx.events.subscribe('order.refunded', (trx, e) =>
    takeBackForRefund(trx, ctx.clock.now(), e.operatorId, e.payload.orderId, e.payload.refundId),
  );
  ctx.events.subscribe('invite.rewarded', async (trx, e) => {
    const points = e.payload.rewards.reduce((sum, r) => sum + (r.kind === 'points' ? r.points : 0), 0);
    if (points <= 0) return;
    const settings = await pointsSettings(trx, e.operatorId);
    // Points switched off earn nothing, whatever invites decided (as pickups and sign-ins).
    if (!settings.enabled) return;
    const posting = {
      operatorId: e.operatorId,
      residentId: e.payload.inviterId,
      key: `invite:${e.payload.inviteId}`,
      reason: 'invite_reward' as const,
      documentId: e.payload.inviteId,
      note: null,
      staffId: null,
    };
    await credit(trx, ctx.clock.now(), posting, points, settings.lotDays);
  });
  ctx.jobs.addSweep({ name: 'points-expiry', run: () => expirePoints(ctx) });
}
