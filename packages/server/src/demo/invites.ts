import type { AppContext } from '../context.ts';
import { allListeners, type Principal, registerResident, bindOwnPickupPoint } from '../modules/identity/index.ts';
import { inviteCodeOf, inviteCounts, inviteSignup } from '../modules/invites/index.ts';
import { newcomerCoupons } from '../modules/promotions/index.ts';

/**
 * Invites on the simulated day: a few new neighbours sign up through residents' invite links and
 * place one of the day's orders at the pickup point of the resident the day had chosen (same
 * basket, same point: the day's other figures stay as they were), so their first pickup decides
 * their inviter's reward. The last three came by one inviter's link on one phone: a cluster the
 * rules hold for review.
 */

/** Each invitee: the demo resident whose link they came by, and the device they signed up on. */
const INVITEES = [
  { inviter: '13700000000', device: 'demo-phone-0001' },
  { inviter: '13700000001', device: 'demo-phone-0002' },
  { inviter: '13700000002', device: 'demo-phone-0003' },
  { inviter: '13700000003', device: 'demo-phone-farm' },
  { inviter: '13700000003', device: 'demo-phone-farm' },
  { inviter: '13700000003', device: 'demo-phone-farm' },
] as const;

const inviteePhone = (k: number) => `1379${String(k + 1).padStart(7, '0')}`;

/** The positions among the day's orders that invitees place, spread over the day. */
export function inviteSlots(orders: number): Map<number, number> {
  const slots = new Map<number, number>();
  INVITEES.forEach((_, k) => {
    const n = Math.floor((orders * (k + 1)) / (INVITEES.length + 2));
    if (!slots.has(n)) slots.set(n, k);
  });
  return slots;
}

/**
 * Invitee `k` signs up through their inviter's link (registered once: a rerun finds the phone
 * known and records nothing), getting the newcomer coupons as any sign-up does, and chooses the
 * pickup point given; the resident who places the order.
 */
export async function inviteeOrdering(ctx: AppContext, operatorId: string, k: number, pickupPointId: string): Promise<Principal> {
  const plan = INVITEES[k]!;
  const now = ctx.clock.now();
  const inviter = await ctx.db
    .selectFrom('residents')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('phone', '=', plan.inviter)
    .executeTakeFirstOrThrow();
  const code = await inviteCodeOf(ctx.db, now, operatorId, inviter.id);
  const invitee = await ctx.db
    .transaction()
    .execute((trx) =>
      registerResident(
        trx,
        now,
        { operatorId, phone: inviteePhone(k) },
        allListeners(inviteSignup(ctx, code, plan.device), newcomerCoupons),
      ),
    );
  const resident: Principal = { kind: 'resident', id: invitee.id, operatorId, sessionId: 'demo', roles: [] };
  // The invitee chooses their pickup point, as they would in the shop.
  await bindOwnPickupPoint(ctx.db, resident, pickupPointId);
  return resident;
}

/** The report's line: invitees signed up, rewarded, held for review (and refused or rejected). */
export async function invitesLine(ctx: AppContext, operatorId: string): Promise<string> {
  const c = await inviteCounts(ctx.db, operatorId);
  const registered = c.registered + c.held + c.rewarded + c.refused + c.rejected;
  return `  invites       ${registered} registered through invite links, ${c.rewarded} rewarded at their first pickup, ${c.held} held for review, ${c.refused + c.rejected} without a reward`;
}
