import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindWechatAccount, unbindWechatAccount } from '../src/modules/identity/wechat-accounts.ts';
import { decideFirstPickups } from '../src/modules/invites/invites.service.ts';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { createPromotion } from '../src/modules/promotions/index.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let adminToken: string;
let supportToken: string;

beforeAll(async () => {
  // Many sign-ups from the one test client: the per-IP login limits are raised.
  t = await startTestApp('2026-11-20T02:00:00Z', {
    env: { LINLI_RATE_LIMIT_SMS_PER_IP: '100000/1h', LINLI_RATE_LIMIT_SMS_GLOBAL: '100000/1h', LINLI_RATE_LIMIT_LOGIN_PER_IP: '100000/1h' },
  });
  world = await createWorld(t.ctx, { skus: 1, leaders: 4, residents: 0 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-20', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  adminToken = await t.login('staff', world.adminPhone);
  supportToken = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
});
afterAll(() => t.close());

/** A resident who signed up some time ago (no invite), logged in: their token, id and invite code. */
async function inviter() {
  const phone = nextPhone();
  const token = await t.login('resident', phone);
  const link = await t.request('GET', '/api/v1/shop/invites/link', { token });
  expect(link.status).toBe(200);
  const me = await t.request('GET', '/api/v1/auth/me', { token });
  return { token, id: me.body.id as string, phone, code: link.body.code as string };
}

/** A new phone signing up through a link: the SMS-code login with the invite code and a device id. */
async function signUp(code: string | undefined, device?: string, phone = nextPhone()) {
  // One code a minute per phone: a second login of the same phone waits for it.
  if ((await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } })).status === 429) {
    t.clock.advance(MINUTE);
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  }
  const res = await t.request('POST', '/api/v1/auth/sessions', {
    body: { operator: world.slug, phone, code: t.sms.lastCode(phone), as: 'resident', ...(code ? { invite: code } : {}) },
    ...(device ? { headers: { 'x-device-id': device } } : {}),
  });
  expect(res.status).toBe(201);
  return { id: res.body.principal.id as string, phone, token: res.body.token as string };
}

const inviteOf = (inviteeId: string) => t.ctx.db.selectFrom('invites').selectAll().where('invitee_id', '=', inviteeId).executeTakeFirst();
const rewardedEvents = async (inviteId?: string) =>
  (
    await t.ctx.db
      .selectFrom('outbox')
      .select(['payload', 'aggregate_id'])
      .where('event_type', '=', 'invite.rewarded')
      .orderBy('id')
      .execute()
  ).filter((e) => !inviteId || e.aggregate_id === inviteId);

/** The invitee at a pickup point, an order delivered there, and (unless told) picked up; events delivered. */
async function firstOrder(residentId: string, opts: { pickUp?: boolean; point?: number } = {}) {
  const point = world.leaders[opts.point ?? 0]!.pickupPointId;
  await t.ctx.db.updateTable('residents').set({ pickup_point_id: point }).where('id', '=', residentId).execute();
  const order = await fulfilledOrder(t, world, residentId, [[lineIds[0]!, 1]]);
  await t.ctx.events.drain();
  if (opts.pickUp !== false) await pickUp(order.id);
  return order;
}
async function pickUp(orderId: string) {
  await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [orderId], 'picked_up'));
  await t.ctx.events.drain();
}

describe('the invite link', () => {
  it('is made on first ask, stable, unguessable, and the poster knows the reward', async () => {
    const a = await inviter();
    expect(a.code).toMatch(/^[0-9a-z]{12}$/);
    const again = await t.request('GET', '/api/v1/shop/invites/link', { token: a.token });
    expect(again.body).toMatchObject({ code: a.code, path: `/shop/?invite=${a.code}`, url: null, rewardPoints: 100, enabled: true });
    const b = await inviter();
    expect(b.code).not.toBe(a.code);
    expect((await t.request('GET', '/api/v1/shop/invites/link', { token: adminToken })).status).toBe(403);
  });
});

describe('sign-up through a link', () => {
  it('records the invite once, for a new phone only, with the device hashed', async () => {
    const a = await inviter();
    const device = 'dev-sign-up-0000001';
    const b = await signUp(a.code, device);
    const invite = await inviteOf(b.id);
    expect(invite).toMatchObject({ inviter_id: a.id, status: 'registered', flags: [] });
    expect(invite!.device_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invite!.device_hash).not.toContain(device);
    expect(invite!.invitee_phone_hash).not.toContain(b.phone);
    // Logging in again with a code (the phone is known now) records nothing more.
    const c = await inviter();
    await signUp(c.code, device, b.phone);
    expect(await t.ctx.db.selectFrom('invites').select('inviter_id').where('invitee_id', '=', b.id).execute()).toEqual([
      { inviter_id: a.id },
    ]);
  });

  it('records nothing for an existing resident, an unknown code or no code, and the login goes on', async () => {
    const a = await inviter();
    const before = await t.ctx.db.selectFrom('invites').select('id').execute();
    await signUp(a.code, undefined, a.phone); // the inviter's own phone: already registered
    await signUp('zzzzzzzzzzzz'); // unknown code
    await signUp(undefined); // no code at all
    expect(await t.ctx.db.selectFrom('invites').select('id').execute()).toEqual(before);
  });

  it('refuses a malformed code with a 400, spending nothing', async () => {
    const phone = nextPhone();
    await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
    const code = t.sms.lastCode(phone);
    const bad = await t.request('POST', '/api/v1/auth/sessions', {
      body: { operator: world.slug, phone, code, as: 'resident', invite: 'NOT A CODE' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await t.ctx.db.selectFrom('residents').select('id').where('phone', '=', phone).execute()).toEqual([]);
    const ok = await t.request('POST', '/api/v1/auth/sessions', { body: { operator: world.slug, phone, code, as: 'resident' } });
    expect(ok.status).toBe(201);
  });
});

describe('the reward', () => {
  it('comes with the first picked-up order, never before, exactly once', async () => {
    const a = await inviter();
    const b = await signUp(a.code, 'dev-reward-once-0001');
    const order = await firstOrder(b.id, { pickUp: false });
    expect((await inviteOf(b.id))!.status).toBe('registered');
    await pickUp(order.id);
    const invite = (await inviteOf(b.id))!;
    expect(invite).toMatchObject({ status: 'rewarded', reward_points: 100, first_order_id: order.id, flags: [] });
    expect(invite.first_picked_up_at).not.toBeNull();
    const events = await rewardedEvents(invite.id);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ inviterId: a.id, inviteeId: b.id, rewards: [{ kind: 'points', points: 100 }], approvedBy: null }),
    ]);
    // Another pickup, and the same event delivered again, change nothing.
    const second = await fulfilledOrder(t, world, b.id, [[lineIds[0]!, 1]]);
    await pickUp(second.id);
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        decideFirstPickups(t.ctx, trx, [{ operatorId: world.operatorId, payload: { orderId: order.id, at: new Date().toISOString() } }]),
      );
    expect(await rewardedEvents(invite.id)).toHaveLength(1);
    // The points reach the inviter's points balance, once (points listen to invite.rewarded).
    for (let i = 0; i < 3; i++) await t.ctx.events.drain();
    const credited = await t.ctx.db
      .selectFrom('points_entries')
      .select(['delta', 'document_id'])
      .where('resident_id', '=', a.id)
      .where('reason', '=', 'invite_reward')
      .execute();
    expect(credited).toEqual([{ delta: 100, document_id: invite.id }]);
    // The inviter sees the invitee masked, rewarded.
    const mine = await t.request('GET', '/api/v1/shop/invites', { token: a.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, registered: 1, rewarded: 1, pointsEarned: 100 });
    expect(mine.body.items[0]).toMatchObject({
      phone: `${b.phone.slice(0, 3)}****${b.phone.slice(-4)}`,
      state: 'rewarded',
      rewardPoints: 100,
    });
  });

  it('is refused to a second invitee on an already rewarded device or openid, whoever invited them', async () => {
    const device = 'dev-shared-phone-0001';
    const a = await inviter();
    const first = await signUp(a.code, device);
    await firstOrder(first.id);
    expect((await inviteOf(first.id))!.status).toBe('rewarded');
    const other = await inviter();
    const second = await signUp(other.code, device);
    await firstOrder(second.id);
    expect(await inviteOf(second.id)).toMatchObject({ status: 'refused', flags: ['device_rewarded'], reward_points: null });
    const mine = await t.request('GET', '/api/v1/shop/invites', { token: other.token });
    expect(mine.body.items[0].state).toBe('picked_up');

    // The openid: the rewarded invitee's WeChat, unbound and bound again to another invitee.
    const appId = 'wx-test-app';
    const c = await signUp(a.code, 'dev-openid-one-0001');
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: world.operatorId,
      appId,
      openid: 'o-shared',
      kind: 'resident',
      principalId: c.id,
    });
    await firstOrder(c.id);
    expect((await inviteOf(c.id))!.status).toBe('rewarded');
    await unbindWechatAccount(t.ctx.db, world.operatorId, appId, 'resident', c.id);
    const d = await signUp(other.code, 'dev-openid-two-0001');
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: world.operatorId,
      appId,
      openid: 'o-shared',
      kind: 'resident',
      principalId: d.id,
    });
    await firstOrder(d.id);
    expect(await inviteOf(d.id)).toMatchObject({ status: 'refused', flags: ['openid_rewarded'] });
  });

  it('holds a cluster on one device for review; staff approve or reject, recorded with who and when', async () => {
    const a = await inviter();
    const device = 'dev-cluster-farm-0001';
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await signUp(a.code, device)).id);
    // Each at a point of its own: the device alone makes the cluster.
    for (const [i, id] of ids.entries()) await firstOrder(id, { point: i });
    for (const id of ids) expect(await inviteOf(id)).toMatchObject({ status: 'held', flags: ['device_cluster'], reward_points: null });
    const queue = await t.request('GET', '/api/v1/admin/invites?status=held&pageSize=50', { token: supportToken });
    expect(queue.status).toBe(200);
    const mine = queue.body.items.filter((i: { inviterId: string }) => i.inviterId === a.id);
    expect(mine.map((i: { inviteeId: string }) => i.inviteeId)).toEqual(ids);
    expect(mine[0]).toMatchObject({ status: 'held', flags: ['device_cluster'], deviceShared: true });
    expect(mine[0].inviteePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const shop = await t.request('GET', '/api/v1/shop/invites', { token: a.token });
    expect(shop.body.items.map((i: { state: string }) => i.state)).toEqual(['held', 'held', 'held']);

    const [x, y] = mine as Array<{ id: string }>;
    const approved = await t.request('POST', `/api/v1/admin/invites/${x!.id}/approve`, {
      token: supportToken,
      body: { note: '核实为家人' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'rewarded', rewardPoints: 100, decisionNote: '核实为家人' });
    expect(approved.body.decidedBy).toMatch(/^stf_/);
    expect(approved.body.decidedAt).toBe(t.clock.now().toISOString());
    const events = await rewardedEvents(x!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ approvedBy: approved.body.decidedBy });
    const rejected = await t.request('POST', `/api/v1/admin/invites/${y!.id}/reject`, {
      token: supportToken,
      body: { reason: '同一设备批量注册' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '同一设备批量注册', rewardPoints: null });
    // Decided already: a second decision is refused and changes nothing.
    const again = await t.request('POST', `/api/v1/admin/invites/${x!.id}/reject`, { token: supportToken, body: { reason: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
    expect((await inviteOf(ids[0]!))!.status).toBe('rewarded');
    const missing = await t.request('POST', '/api/v1/admin/invites/inv_nothing/approve', { token: supportToken, body: {} });
    expect(missing.status).toBe(404);
    const noReason = await t.request('POST', `/api/v1/admin/invites/${y!.id}/reject`, { token: supportToken, body: { reason: '' } });
    expect(noReason.status).toBe(400);
    const asResident = await t.request('GET', '/api/v1/admin/invites', { token: a.token });
    expect(asResident.status).toBe(403);
  });

  it('holds invitees of one inviter who chose one pickup point within minutes of signing up', async () => {
    const a = await inviter();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await signUp(a.code, `dev-point-cluster-${i}000`)).id);
      t.clock.advance(2 * MINUTE);
    }
    // They choose the point as they sign up; their orders are picked up later.
    await t.ctx.db.updateTable('residents').set({ pickup_point_id: world.leaders[3]!.pickupPointId }).where('id', 'in', ids).execute();
    for (const id of ids) await firstOrder(id, { point: 3 });
    for (const id of ids) expect(await inviteOf(id)).toMatchObject({ status: 'held', flags: ['point_cluster'] });
  });

  it('holds what passes the inviter’s daily limit and the operator’s cap, per the settings', async () => {
    const patched = await t.request('PATCH', '/api/v1/admin/invite-settings', {
      token: adminToken,
      body: { inviterDailyLimit: 1, rewardPoints: 30 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ inviterDailyLimit: 1, rewardPoints: 30, operatorDailyCap: 200 });
    t.clock.advance(DAY);
    const a = await inviter();
    const first = await signUp(a.code, 'dev-velocity-00001');
    const second = await signUp(a.code, 'dev-velocity-00002');
    await firstOrder(first.id);
    await firstOrder(second.id);
    expect(await inviteOf(first.id)).toMatchObject({ status: 'rewarded', reward_points: 30 });
    expect(await inviteOf(second.id)).toMatchObject({ status: 'held', flags: ['inviter_daily_limit'] });

    const today = await t.ctx.db
      .selectFrom('invites')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'rewarded')
      .where('rewarded_at', '>=', new Date(t.clock.now().getTime() - 12 * 60 * MINUTE))
      .executeTakeFirstOrThrow();
    await t.request('PATCH', '/api/v1/admin/invite-settings', {
      token: adminToken,
      body: { inviterDailyLimit: 5, operatorDailyCap: Number(today.n) },
    });
    const b = await inviter();
    const third = await signUp(b.code, 'dev-velocity-00003');
    await firstOrder(third.id);
    expect(await inviteOf(third.id)).toMatchObject({ status: 'held', flags: ['operator_daily_cap'] });
    await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { operatorDailyCap: 200, rewardPoints: 100 } });
  });
});

describe('a coupon with the reward', () => {
  it('is issued to the inviter once per invite; when none is left the reward waits, and approving then is refused', async () => {
    const now = t.clock.now().getTime();
    const template = await createPromotion(t.ctx, world.operatorId, 'stf_test', {
      name: '邀请奖励券 满20减5',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 500,
      thresholdFen: 2000,
      scope: { kind: 'operator', ids: [] },
      newcomerOnly: false,
      stackable: true,
      fundedBy: 'operator',
      claimable: false,
      startsAt: new Date(now - DAY).toISOString(),
      endsAt: new Date(now + 30 * DAY).toISOString(),
      totalLimit: 1,
      couponValidDays: 7,
    });
    const set = await t.request('PATCH', '/api/v1/admin/invite-settings', {
      token: adminToken,
      body: { rewardCouponTemplateId: template.id },
    });
    expect(set.body.rewardCouponTemplateId).toBe(template.id);
    const a = await inviter();
    const first = await signUp(a.code, 'dev-coupon-reward-001');
    await firstOrder(first.id, { point: 2 });
    const invite = (await inviteOf(first.id))!;
    expect(invite).toMatchObject({ status: 'rewarded', reward_points: 100 });
    const coupons = await t.ctx.db.selectFrom('coupons').selectAll().where('promotion_id', '=', template.id).execute();
    expect(coupons).toHaveLength(1);
    expect(coupons[0]).toMatchObject({ id: invite.reward_coupon_id, resident_id: a.id, source: 'invite', source_id: invite.id });
    expect((await rewardedEvents(invite.id))[0]!.payload).toMatchObject({
      rewards: [
        { kind: 'points', points: 100 },
        { kind: 'coupon', couponId: invite.reward_coupon_id, templateId: template.id },
      ],
    });
    const mine = await t.request('GET', '/api/v1/shop/invites', { token: a.token });
    expect(mine.body.items[0]).toMatchObject({ state: 'rewarded', rewardCoupon: true });

    // The one coupon is gone: the next reward waits for review, nothing granted, no coupon counted.
    const b = await inviter();
    const second = await signUp(b.code, 'dev-coupon-reward-002');
    await firstOrder(second.id, { point: 2 });
    const waiting = (await inviteOf(second.id))!;
    expect(waiting).toMatchObject({ status: 'held', flags: ['coupon_unavailable'], reward_points: null, reward_coupon_id: null });
    expect(await rewardedEvents(waiting.id)).toEqual([]);
    const issued = await t.ctx.db.selectFrom('promotions').select('issued_count').where('id', '=', template.id).executeTakeFirstOrThrow();
    expect(issued.issued_count).toBe(1);
    const refused = await t.request('POST', `/api/v1/admin/invites/${waiting.id}/approve`, { token: supportToken, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('COUPONS_GONE');
    expect((await inviteOf(second.id))!.status).toBe('held');
    // Points only again: approving grants the points.
    await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { rewardCouponTemplateId: null } });
    const approved = await t.request('POST', `/api/v1/admin/invites/${waiting.id}/approve`, { token: supportToken, body: {} });
    expect(approved.body).toMatchObject({ status: 'rewarded', rewardPoints: 100, rewardCouponId: null, flags: [] });
  });
});

describe('settings', () => {
  it('are read by support, changed by an admin only, and refuse bad values changing nothing', async () => {
    const read = await t.request('GET', '/api/v1/admin/invite-settings', { token: supportToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ enabled: true, clusterDeviceThreshold: 3, clusterWindowMinutes: 10 });
    expect(read.body.updatedBy).toMatch(/^stf_/);
    expect((await t.request('PATCH', '/api/v1/admin/invite-settings', { token: supportToken, body: { enabled: false } })).status).toBe(403);
    for (const body of [{ rewardPoints: 0 }, { clusterDeviceThreshold: 1 }, { enabled: 'no' }, { other: 1 }]) {
      const res = await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.request('GET', '/api/v1/admin/invite-settings', { token: supportToken })).body).toEqual(read.body);
  });

  it('refuse a reward coupon template that is not a running coupon template of the operator (COUPON_TEMPLATE_INVALID)', async () => {
    const now = t.clock.now().getTime();
    const fields = {
      discountKind: 'amount' as const,
      amountOffFen: 300,
      thresholdFen: 1000,
      scope: { kind: 'operator' as const, ids: [] },
      newcomerOnly: false,
      stackable: true,
      fundedBy: 'operator' as const,
      claimable: false,
      startsAt: new Date(now - DAY).toISOString(),
      endsAt: new Date(now + 30 * DAY).toISOString(),
    };
    const automatic = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...fields, name: '满10减3', trigger: 'automatic' });
    const ended = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...fields, name: 'ended', trigger: 'coupon' });
    await t.ctx.db.updateTable('promotions').set({ status: 'ended' }).where('id', '=', ended.id).execute();
    const past = await createPromotion(t.ctx, world.operatorId, 'stf_test', {
      ...fields,
      name: 'past its end',
      trigger: 'coupon',
      endsAt: new Date(now + MINUTE).toISOString(),
    });
    await t.ctx.db
      .updateTable('promotions')
      .set({ ends_at: new Date(now - MINUTE) })
      .where('id', '=', past.id)
      .execute();
    const otherOperator = await t.ctx.db
      .insertInto('operators')
      .values({ id: 'opr_invite_other', slug: 'invite-other', name: 'other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const theirs = await createPromotion(t.ctx, otherOperator.id, 'stf_test', { ...fields, name: 'theirs', trigger: 'coupon' });
    const before = (await t.request('GET', '/api/v1/admin/invite-settings', { token: supportToken })).body;
    for (const id of ['prm_unknown', automatic.id, ended.id, past.id, theirs.id]) {
      const res = await t.request('PATCH', '/api/v1/admin/invite-settings', {
        token: adminToken,
        body: { rewardCouponTemplateId: id, rewardPoints: 7 },
      });
      expect(res.status, id).toBe(400);
      expect(res.body).toMatchObject({ code: 'COUPON_TEMPLATE_INVALID', details: { field: 'rewardCouponTemplateId' } });
    }
    expect((await t.request('GET', '/api/v1/admin/invite-settings', { token: supportToken })).body).toEqual(before);

    const good = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...fields, name: 'good', trigger: 'coupon' });
    const set = await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { rewardCouponTemplateId: good.id } });
    expect(set.status).toBe(200);
    expect(set.body.rewardCouponTemplateId).toBe(good.id);
    await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { rewardCouponTemplateId: null } });
  });

  it('switched off: sign-ups are recorded, and their first pickup earns nothing', async () => {
    await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { enabled: false } });
    const a = await inviter();
    const b = await signUp(a.code, 'dev-program-off-0001');
    await firstOrder(b.id);
    expect(await inviteOf(b.id)).toMatchObject({ status: 'refused', flags: ['program_off'] });
    await t.request('PATCH', '/api/v1/admin/invite-settings', { token: adminToken, body: { enabled: true } });
  });

  it('with points switched off, a granted reward credits the inviter no points', async () => {
    const points = (await t.request('GET', '/api/v1/admin/points/settings', { token: adminToken })).body;
    const off = await t.request('PUT', '/api/v1/admin/points/settings', { token: adminToken, body: { ...points, enabled: false } });
    expect(off.status).toBe(200);
    try {
      const a = await inviter();
      const b = await signUp(a.code, 'dev-points-off-0001');
      await firstOrder(b.id);
      for (let i = 0; i < 3; i++) await t.ctx.events.drain();
      const invite = (await inviteOf(b.id))!;
      expect(invite.status).toBe('rewarded');
      expect(await rewardedEvents(invite.id)).toHaveLength(1);
      // The invite, the event and the inviter's page say no points were given.
      expect(invite.reward_points).toBe(0);
      expect(JSON.stringify(await rewardedEvents(invite.id))).not.toContain('"points"');
      const mine = await t.request('GET', '/api/v1/shop/invites', { token: a.token });
      expect(mine.status).toBe(200);
      expect(mine.body.pointsEarned).toBe(0);
      const entries = await t.ctx.db.selectFrom('points_entries').select('reason').where('resident_id', '=', a.id).execute();
      expect(entries).toEqual([]);
      expect((await t.request('GET', '/api/v1/shop/points', { token: a.token })).body).toMatchObject({ enabled: false, balance: 0 });
    } finally {
      await t.request('PUT', '/api/v1/admin/points/settings', { token: adminToken, body: points });
    }
  });
});

describe('the list for staff', () => {
  it('pages with every state, filtered by inviter', async () => {
    const all = await t.request('GET', '/api/v1/admin/invites?pageSize=5', { token: supportToken });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.total).toBeGreaterThan(5);
    const states = await t.ctx.db.selectFrom('invites').select('status').distinct().execute();
    expect(states.map((s) => s.status).sort()).toEqual(['held', 'refused', 'registered', 'rejected', 'rewarded']);
    const one = all.body.items[0];
    const byInviter = await t.request('GET', `/api/v1/admin/invites?inviterId=${one.inviterId}`, { token: supportToken });
    expect(byInviter.body.items.every((i: { inviterId: string }) => i.inviterId === one.inviterId)).toBe(true);
    expect((await t.request('GET', '/api/v1/admin/invites?status=nope', { token: supportToken })).status).toBe(400);
  });
});

describe('concurrency', () => {
  it('a pickup delivered many times at once, and two first pickups at once, grant one reward', async () => {
    const a = await inviter();
    const b = await signUp(a.code, 'dev-concurrent-00001');
    const one = await firstOrder(b.id, { pickUp: false });
    const two = await fulfilledOrder(t, world, b.id, [[lineIds[0]!, 1]]);
    await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [one.id, two.id], 'picked_up'));
    const at = t.clock.now().toISOString();
    // The same events handed to eight deliveries in parallel (PostgreSQL: eight connections), before the dispatcher's own.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.ctx.db
          .transaction()
          .execute((trx) =>
            decideFirstPickups(t.ctx, trx, [{ operatorId: world.operatorId, payload: { orderId: i % 2 ? one.id : two.id, at } }]),
          ),
      ),
    );
    await t.ctx.events.drain();
    const invite = (await inviteOf(b.id))!;
    expect(invite.status).toBe('rewarded');
    expect(await rewardedEvents(invite.id)).toHaveLength(1);
  });
});

describe('the OpenAPI document', () => {
  it('lists the invite routes and the invite code at login', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body as { paths: Record<string, Record<string, any>> };
    for (const [path, method] of [
      ['/api/v1/shop/invites/link', 'get'],
      ['/api/v1/shop/invites', 'get'],
      ['/api/v1/admin/invite-settings', 'get'],
      ['/api/v1/admin/invite-settings', 'patch'],
      ['/api/v1/admin/invites', 'get'],
      ['/api/v1/admin/invites/{id}/approve', 'post'],
      ['/api/v1/admin/invites/{id}/reject', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const login = doc.paths['/api/v1/auth/sessions']!.post.requestBody.content['application/json'].schema;
    expect(login.properties.invite.pattern).toBe('^[0-9a-z]{12}$');
    const redeem = doc.paths['/api/v1/auth/wechat/sessions']!.post.requestBody.content['application/json'].schema;
    expect(redeem.properties.invite).toBeDefined();
  });
});
