import type { AppContext } from '../../context.ts';
import { decideFirstPickups } from './invites.service.ts';

/** An invitee's first picked-up order decides their inviter's reward (a delivered batch at a time). */
export function setupInvites(ctx: AppContext): void {
  ctx.events.subscribeBatch(['order.picked_up'], (trx, events) => decideFirstPickups(ctx, trx, events));
}
