import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { dayStart, localDate } from '../../platform/calendar.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import {
  type OnResidentRegistered,
  operatorTimeZone,
  type Principal,
  residentAccount,
  residentPhone,
  residentPickupPoints,
  wechatOpenidsOf,
} from '../identity/index.ts';
import { ordersByIds } from '../ordering/index.ts';
import { pointsSettings } from '../points/index.ts';
import { issueCoupon } from '../promotions/index.ts';
import { attributionRefusal, deviceIdOf, mayDecide, pointPeers, rewardDecision } from './invites.rules.ts';
import { type InviteSettingsView, inviteSettings } from './invites.settings.ts';

/**
 * Invite rewards: a resident's link, the sign-up it brings (recorded in the registering
 * transaction), the reward at the invitee's first picked-up order, and staff's decisions on the
 * rewards held back.
 */

const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 12;

/** 12 characters of base32 from the CSPRNG: 60 bits, not to be guessed. */
function newInviteCode(): string {
  let code = '';
  for (const b of randomBytes(CODE_LENGTH)) code += CODE_ALPHABET[b % 32];
  return code;
}

/** An identifier compared by the abuse rules, as stored: an HMAC under the installation secret (never the value). */
export function fingerprint(secret: string, kind: 'phone' | 'device' | 'openid', value: string): string {
  return createHmac('sha256', secret).update(`invite:${kind}:${value}`).digest('base64url');
}

/** The resident's invite code, made the first time they ask (stable afterwards). */
export async function inviteCodeOf(db: Executor, now: Date, operatorId: string, residentId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db
      .selectFrom('invite_codes')
      .select('code')
      .where('operator_id', '=', operatorId)
      .where('resident_id', '=', residentId)
      .executeTakeFirst();
    if (row) return row.code;
    // A parallel first ask, or (rarely) a code already taken: nothing is written, and the loop reads or draws again.
    await db
      .insertInto('invite_codes')
      .values({ operator_id: operatorId, resident_id: residentId, code: newInviteCode(), created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  throw new Error('could not make an invite code');
}

/** My link and what its poster says. */
export async function myInviteLink(ctx: AppContext, me: Principal) {
  const code = await inviteCodeOf(ctx.db, ctx.clock.now(), me.operatorId, me.id);
  const settings = await inviteSettings(ctx.db, me.operatorId);
  const account = await residentAccount(ctx.db, me.operatorId, me.id);
  const path = `/shop/?invite=${code}`;
  return {
    code,
    path,
    url: ctx.config.publicUrl ? `${ctx.config.publicUrl.replace(/\/$/, '')}${path}` : null,
    rewardPoints: settings.rewardPoints,
    enabled: settings.enabled,
    inviterName: account?.name ?? '',
  };
}

/**
 * What a login hands identity when the resident came by an invite link: called in the registering
 * transaction, only when the login registered the resident, it records the invite. An unknown code,
 * the inviter's own phone, or a phone that came by a link before records nothing (the login goes
 * on: a stale link never stops anyone signing up). No code: no listener, the login as before.
 */
export function inviteSignup(
  ctx: Pick<AppContext, 'secret'>,
  code: string | undefined,
  deviceHeader: unknown,
): OnResidentRegistered | undefined {
  if (!code) return undefined;
  const deviceId = deviceIdOf(deviceHeader);
  return async (db, now, r) => {
    const owner = await db
      .selectFrom('invite_codes')
      .select('resident_id')
      .where('code', '=', code)
      .where('operator_id', '=', r.operatorId)
      .executeTakeFirst();
    if (!owner) return;
    const phoneHash = fingerprint(ctx.secret, 'phone', r.phone);
    const before = await db
      .selectFrom('invites')
      .select('id')
      .where('operator_id', '=', r.operatorId)
      .where('invitee_phone_hash', '=', phoneHash)
      .executeTakeFirst();
    const refusal = attributionRefusal({
      inviterId: owner.resident_id,
      inviteeId: r.residentId,
      inviterPhone: await residentPhone(db, r.operatorId, owner.resident_id),
      inviteePhone: r.phone,
      phoneInvitedBefore: before !== undefined,
    });
    if (refusal) return;
    await db
      .insertInto('invites')
      .values({
        id: newId('inv'),
        operator_id: r.operatorId,
        inviter_id: owner.resident_id,
        invitee_id: r.residentId,
        invitee_phone_hash: phoneHash,
        device_hash: deviceId ? fingerprint(ctx.secret, 'device', deviceId) : null,
        openid_hash: r.wechat ? fingerprint(ctx.secret, 'openid', r.wechat.openid) : null,
        registered_at: now,
      })
      .onConflict((oc) => oc.columns(['operator_id', 'invitee_id']).doNothing())
      .execute();
  };
}

/**
 * Picked-up orders (a delivered batch of `order.picked_up`): an invitee's first one decides their
 * inviter's reward. Only invites still `registered` are decided, under a per-operator lock and a
 * conditional update, so a redelivered or concurrent pickup decides nothing twice.
 */
export async function decideFirstPickups(
  ctx: AppContext,
  trx: Tx,
  events: ReadonlyArray<{ operatorId: string; payload: { orderId: string; at: string } }>,
): Promise<void> {
  const byOperator = new Map<string, Array<{ orderId: string; at: string }>>();
  for (const e of events) {
    const list = byOperator.get(e.operatorId) ?? [];
    list.push(e.payload);
    byOperator.set(e.operatorId, list);
  }
  for (const [operatorId, pickups] of byOperator) {
    const orders = await ordersByIds(
      trx,
      operatorId,
      pickups.map((p) => p.orderId),
    );
    const residentIds = [...new Set([...orders.values()].map((o) => o.resident_id))];
    if (residentIds.length === 0) continue;
    const waiting = await trx
      .selectFrom('invites')
      .select('invitee_id')
      .where('operator_id', '=', operatorId)
      .where('invitee_id', 'in', residentIds)
      .where('status', '=', 'registered')
      .execute();
    if (waiting.length === 0) continue;
    // One operator's rewards are decided one at a time: the limits count what was granted before.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`invites:${operatorId}`}, 0))`.execute(trx);
    const invitees = new Set(waiting.map((w) => w.invitee_id));
    for (const p of pickups) {
      const order = orders.get(p.orderId);
      if (!order || !invitees.has(order.resident_id)) continue;
      invitees.delete(order.resident_id);
      await decideReward(ctx, trx, operatorId, order.resident_id, {
        orderId: order.id,
        pickupPointId: order.pickup_point_id,
        at: new Date(p.at),
      });
    }
  }
}

async function decideReward(
  ctx: AppContext,
  trx: Tx,
  operatorId: string,
  inviteeId: string,
  first: { orderId: string; pickupPointId: string; at: Date },
): Promise<void> {
  const now = ctx.clock.now();
  const invite = await trx
    .selectFrom('invites')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('invitee_id', '=', inviteeId)
    .where('status', '=', 'registered')
    .forUpdate()
    .executeTakeFirst();
  if (!invite) return;
  const settings = await inviteSettings(trx, operatorId);
  const timeZone = await operatorTimeZone(trx, operatorId);
  const today = dayStart(localDate(now, timeZone), timeZone);
  const openids = (await wechatOpenidsOf(trx, operatorId, 'resident', inviteeId)).map((o) => fingerprint(ctx.secret, 'openid', o));
  const openidHashes = [...new Set([...(invite.openid_hash ? [invite.openid_hash] : []), ...openids])];
  const rewarded = () => trx.selectFrom('invites').where('operator_id', '=', operatorId).where('status', '=', 'rewarded');
  const count = async (q: ReturnType<typeof rewarded>) =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const windowMs = settings.clusterWindowMinutes * 60_000;
  const neighbours = await trx
    .selectFrom('invites')
    .select(['invitee_id', 'registered_at'])
    .where('operator_id', '=', operatorId)
    .where('inviter_id', '=', invite.inviter_id)
    .where('id', '!=', invite.id)
    .where('registered_at', '>=', new Date(invite.registered_at.getTime() - windowMs))
    .where('registered_at', '<=', new Date(invite.registered_at.getTime() + windowMs))
    .execute();
  const points = await residentPickupPoints(
    trx,
    operatorId,
    neighbours.map((n) => n.invitee_id),
  );
  const decision = rewardDecision(
    {
      enabled: settings.enabled,
      phoneRewarded: (await count(rewarded().where('invitee_phone_hash', '=', invite.invitee_phone_hash))) > 0,
      deviceRewarded: invite.device_hash !== null && (await count(rewarded().where('device_hash', '=', invite.device_hash))) > 0,
      openidRewarded: openidHashes.length > 0 && (await count(rewarded().where('openid_hash', 'in', openidHashes))) > 0,
      devicePeers:
        invite.device_hash === null
          ? 0
          : Number(
              (
                await trx
                  .selectFrom('invites')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('operator_id', '=', operatorId)
                  .where('inviter_id', '=', invite.inviter_id)
                  .where('device_hash', '=', invite.device_hash)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
      pointPeers: pointPeers(
        { registeredAt: invite.registered_at, pickupPointId: first.pickupPointId },
        neighbours.map((n) => ({ registeredAt: n.registered_at, pickupPointId: points.get(n.invitee_id) ?? null })),
        settings.clusterWindowMinutes,
      ),
      inviterRewardedToday: await count(rewarded().where('inviter_id', '=', invite.inviter_id).where('rewarded_at', '>=', today)),
      operatorRewardedToday: await count(rewarded().where('rewarded_at', '>=', today)),
    },
    settings,
  );
  const firstPickup = {
    pickup_point_id: first.pickupPointId,
    first_order_id: first.orderId,
    first_picked_up_at: first.at,
    openid_hash: invite.openid_hash ?? openidHashes[0] ?? null,
  };
  let outcome = decision.outcome;
  let flags = decision.flags;
  if (outcome === 'reward') {
    try {
      await grantReward(ctx, trx, invite, settings, now, null, firstPickup);
      return;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The coupon cannot be issued now (all gone, the inviter's limit, the template ended): staff decide.
      outcome = 'hold';
      flags = ['coupon_unavailable'];
    }
  }
  await trx
    .updateTable('invites')
    .set({ ...firstPickup, status: outcome === 'hold' ? 'held' : 'refused', flags })
    .where('id', '=', invite.id)
    .where('status', '=', 'registered')
    .execute();
}

type InviteRow = { id: string; operator_id: string; inviter_id: string; invitee_id: string };

/**
 * Grants an invite's reward in the caller's transaction (the invite locked): the points, recorded
 * and told by `invite.rewarded`, and, when the settings name a coupon template, the inviter's
 * coupon from promotions (one per invite whatever the retries). A coupon that cannot be issued
 * throws promotions' AppError, and nothing of the attempt is kept (a savepoint).
 */
async function grantReward(
  ctx: AppContext,
  trx: Tx,
  invite: InviteRow,
  settings: InviteSettingsView,
  now: Date,
  approvedBy: string | null,
  alsoSet: Partial<{
    pickup_point_id: string;
    first_order_id: string;
    first_picked_up_at: Date;
    openid_hash: string | null;
    decided_by: string;
    decided_at: Date;
    decision_note: string | null;
  }>,
): Promise<void> {
  let coupon: { couponId: string; templateId: string } | null = null;
  const templateId = settings.rewardCouponTemplateId;
  if (templateId) {
    await sql`savepoint invite_coupon`.execute(trx);
    try {
      const issued = await issueCoupon(trx, now, {
        operatorId: invite.operator_id,
        templateId,
        residentId: invite.inviter_id,
        source: 'invite',
        sourceId: invite.id,
      });
      coupon = { couponId: issued.couponId, templateId };
    } catch (err) {
      await sql`rollback to savepoint invite_coupon`.execute(trx);
      throw err;
    }
    await sql`release savepoint invite_coupon`.execute(trx);
  }
  // No points while the operator has points switched off: the invite, the inviter's page and the
  // event say what was given (the coupon alone, or nothing).
  const rewardPoints = (await pointsSettings(trx, invite.operator_id)).enabled ? settings.rewardPoints : 0;
  await trx
    .updateTable('invites')
    .set({
      ...alsoSet,
      status: 'rewarded',
      flags: [],
      reward_points: rewardPoints,
      reward_coupon_id: coupon?.couponId ?? null,
      rewarded_at: now,
    })
    .where('id', '=', invite.id)
    .execute();
  await emit(trx, ctx.clock, {
    type: 'invite.rewarded',
    operatorId: invite.operator_id,
    aggregateId: invite.id,
    payload: {
      inviteId: invite.id,
      inviterId: invite.inviter_id,
      inviteeId: invite.invitee_id,
      rewards: [
        ...(rewardPoints > 0 ? [{ kind: 'points' as const, points: rewardPoints }] : []),
        ...(coupon ? [{ kind: 'coupon' as const, couponId: coupon.couponId, templateId: coupon.templateId }] : []),
      ],
      at: now.toISOString(),
      approvedBy,
    },
  });
}

/**
 * Staff decide a reward held for review: approve grants it (the current reward settings, the
 * coupon too; a coupon that cannot be issued is promotions' 409 and nothing changes), reject
 * refuses it; who, when and why are kept. Only a held invite may be decided (INVALID_STATE); the
 * one reward per phone holds even here (CONFLICT).
 */
export async function decideHeldInvite(
  ctx: AppContext,
  staff: { operatorId: string; id: string },
  inviteId: string,
  decision: { approve: true; note?: string | undefined } | { approve: false; reason: string },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`invites:${staff.operatorId}`}, 0))`.execute(trx);
    const invite = found(
      await trx
        .selectFrom('invites')
        .selectAll()
        .where('operator_id', '=', staff.operatorId)
        .where('id', '=', inviteId)
        .forUpdate()
        .executeTakeFirst(),
      'invite',
    );
    if (!mayDecide(invite.status)) {
      throw new AppError('INVALID_STATE', `only a reward held for review is decided; this one is ${invite.status}`, {
        status: invite.status,
      });
    }
    const decided = { decided_by: staff.id, decided_at: now };
    if (!decision.approve) {
      await trx
        .updateTable('invites')
        .set({ ...decided, status: 'rejected', decision_note: decision.reason })
        .where('id', '=', invite.id)
        .execute();
      return;
    }
    const samePhone = await trx
      .selectFrom('invites')
      .select('id')
      .where('operator_id', '=', staff.operatorId)
      .where('invitee_phone_hash', '=', invite.invitee_phone_hash)
      .where('status', '=', 'rewarded')
      .executeTakeFirst();
    if (samePhone) throw new AppError('CONFLICT', "this invitee's phone already earned a reward", { inviteId: samePhone.id });
    await grantReward(ctx, trx, invite, await inviteSettings(trx, staff.operatorId), now, staff.id, {
      ...decided,
      decision_note: decision.note ?? null,
    });
  });
}
