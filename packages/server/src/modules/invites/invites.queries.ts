import type { invites } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page, type PageRequest } from '../../platform/db/paging.ts';
import { found } from '../../platform/errors.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { type InviteFlag, inviteeState } from './invites.rules.ts';

type MyInvitee = z.infer<typeof invites.MyInvitee>;
type AdminInvite = z.infer<typeof invites.AdminInvite>;

/** An inviter's invitees, newest first, phones masked, with the totals of all of them. */
export async function myInvitees(
  db: Executor,
  me: { operatorId: string; id: string },
  paging: PageRequest,
): Promise<Page<MyInvitee> & { registered: number; rewarded: number; pointsEarned: number }> {
  const mine = db.selectFrom('invites').where('operator_id', '=', me.operatorId).where('inviter_id', '=', me.id);
  const page = await fetchPage(
    paging,
    mine
      .select(['id', 'invitee_id', 'status', 'registered_at', 'first_picked_up_at', 'reward_points', 'reward_coupon_id'])
      .orderBy('registered_at', 'desc')
      .orderBy('id', 'desc'),
    mine,
  );
  const totals = await mine
    .select((eb) => [
      eb.fn.countAll<number>().as('registered'),
      eb.fn.count<number>('id').filterWhere('status', '=', 'rewarded').as('rewarded'),
      eb.fn.coalesce(eb.fn.sum<number>('reward_points').filterWhere('status', '=', 'rewarded'), eb.lit(0)).as('points'),
    ])
    .executeTakeFirstOrThrow();
  const people = await residentsSeenByLeader(
    db,
    me.operatorId,
    page.items.map((i) => i.invitee_id),
  );
  return {
    ...page,
    items: page.items.map((i) => ({
      id: i.id,
      phone: people.get(i.invitee_id)?.phone ?? '',
      registeredAt: i.registered_at.toISOString(),
      firstPickedUpAt: i.first_picked_up_at?.toISOString() ?? null,
      state: inviteeState(i.status),
      rewardPoints: i.status === 'rewarded' ? i.reward_points : null,
      rewardCoupon: i.status === 'rewarded' && i.reward_coupon_id !== null,
    })),
    registered: Number(totals.registered),
    rewarded: Number(totals.rewarded),
    pointsEarned: Number(totals.points),
  };
}

const adminColumns = [
  'id',
  'inviter_id',
  'invitee_id',
  'status',
  'flags',
  'device_hash',
  'pickup_point_id',
  'registered_at',
  'first_picked_up_at',
  'reward_points',
  'reward_coupon_id',
  'rewarded_at',
  'decided_by',
  'decided_at',
  'decision_note',
] as const;

/** Invites for staff, filtered: the review queue (`held`) oldest first, anything else newest first. */
export async function adminInvites(
  db: Executor,
  operatorId: string,
  q: PageRequest & { status?: AdminInvite['status'] | undefined; inviterId?: string | undefined },
): Promise<Page<AdminInvite>> {
  let filtered = db.selectFrom('invites').where('operator_id', '=', operatorId);
  if (q.status) filtered = filtered.where('status', '=', q.status);
  if (q.inviterId) filtered = filtered.where('inviter_id', '=', q.inviterId);
  const direction = q.status === 'held' ? 'asc' : 'desc';
  const page = await fetchPage(q, filtered.select(adminColumns).orderBy('registered_at', direction).orderBy('id', direction), filtered);
  return { ...page, items: await asAdminInvites(db, operatorId, page.items) };
}

/** One invite as staff see it; NOT_FOUND for another operator's or none. */
export async function adminInvite(db: Executor, operatorId: string, id: string): Promise<AdminInvite> {
  const row = found(
    await db.selectFrom('invites').select(adminColumns).where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'invite',
  );
  const [one] = await asAdminInvites(db, operatorId, [row]);
  return one!;
}

type AdminRow = {
  id: string;
  inviter_id: string;
  invitee_id: string;
  status: AdminInvite['status'];
  flags: string[];
  device_hash: string | null;
  pickup_point_id: string | null;
  registered_at: Date;
  first_picked_up_at: Date | null;
  reward_points: number | null;
  reward_coupon_id: string | null;
  rewarded_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
};

async function asAdminInvites(db: Executor, operatorId: string, rows: AdminRow[]): Promise<AdminInvite[]> {
  const people = await residentsSeenByLeader(
    db,
    operatorId,
    rows.flatMap((r) => [r.inviter_id, r.invitee_id]),
  );
  return rows.map((r) => ({
    id: r.id,
    inviterId: r.inviter_id,
    inviterPhone: people.get(r.inviter_id)?.phone ?? '',
    inviteeId: r.invitee_id,
    inviteePhone: people.get(r.invitee_id)?.phone ?? '',
    status: r.status,
    flags: r.flags as InviteFlag[],
    deviceShared: r.device_hash !== null,
    pickupPointId: r.pickup_point_id,
    registeredAt: r.registered_at.toISOString(),
    firstPickedUpAt: r.first_picked_up_at?.toISOString() ?? null,
    rewardPoints: r.reward_points,
    rewardCouponId: r.reward_coupon_id,
    rewardedAt: r.rewarded_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
  }));
}

/** Invites of the operator by state, for the day report. */
export async function inviteCounts(db: Executor, operatorId: string): Promise<Record<AdminInvite['status'], number>> {
  const rows = await db
    .selectFrom('invites')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .groupBy('status')
    .execute();
  const counts = { registered: 0, held: 0, rewarded: 0, refused: 0, rejected: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
