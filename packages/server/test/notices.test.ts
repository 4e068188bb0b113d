import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { cancelOrder } from '../src/modules/ordering/ordering.service.ts';
import { RETRY_DELAYS_MS } from '../src/modules/notices/notices.rules.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder, residentPrincipal } from './pickup-fixtures.ts';

// 10:00 in Beijing: nobody's default quiet time (21:00–08:00).
let t: TestApp;
let world: World;
let lineIds: string[];
let leaderToken: string;
let otherLeaderToken: string;
let supportToken: string;
let residentTokens: string[];

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 4 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-20', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  await t.ctx.db.updateTable('pickup_points').set({ opening_hours: '08:00-20:00' }).execute();
  leaderToken = await t.login('leader', world.leaders[0]!.phone);
  otherLeaderToken = await t.login('leader', world.leaders[1]!.phone);
  const support = await createStaff(t.ctx, world.operatorId, ['support']);
  supportToken = await t.login('staff', support.phone);
  residentTokens = [];
  for (const r of world.residents) residentTokens.push(await t.login('resident', r.phone));
});
afterAll(() => t.close());

const resident = (i: number) => world.residents[i]!;
const run = async () => {
  await t.ctx.events.drain();
  await t.ctx.jobs.tick();
};
const messagesOf = (residentId: string) =>
  t.ctx.db.selectFrom('notice_messages').selectAll().where('recipient_id', '=', residentId).orderBy('created_at').orderBy('id').execute();
const smsTo = (phone: string) => t.sms.sent.filter((m) => m.phone === phone && m.kind !== 'login_code');
const inbox = async (residentId: string) =>
  (
    await t.ctx.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('recipient_id', '=', residentId)
      .orderBy('created_at')
      .execute()
  ).map((n) => n.title);
const pointOf = (residentId: string) =>
  t.ctx.db.selectFrom('residents').select('pickup_point_id').where('id', '=', residentId).executeTakeFirstOrThrow();

/** Orders of a resident moved to delivered together, as one handover does. */
async function deliverTogether(residentIndex: number, count: number) {
  const orders: Array<Awaited<ReturnType<typeof fulfilledOrder>>> = [];
  for (let i = 0; i < count; i++) orders.push(await fulfilledOrder(t, world, resident(residentIndex).id, [[lineIds[0]!, 1]], 'allocated'));
  await t.ctx.db.transaction().execute((trx) =>
    advanceOrders(
      t.ctx,
      trx,
      world.operatorId,
      orders.map((o) => o.id),
      'delivered',
    ),
  );
  return orders;
}

describe('goods-arrived notices', () => {
  it('tell each resident once per handover, all their codes in one message, by SMS and in the app', async () => {
    const orders = await deliverTogether(0, 2);
    await run();
    const messages = await messagesOf(resident(0).id);
    expect(messages).toHaveLength(1);
    const point = await pointOf(resident(0).id);
    const pointName = (
      await t.ctx.db.selectFrom('pickup_points').select('name').where('id', '=', point.pickup_point_id!).executeTakeFirstOrThrow()
    ).name;
    expect(messages[0]).toMatchObject({
      kind: 'goods_arrived',
      status: 'sent',
      channel: 'sms',
      attempts: 1,
      order_ids: orders.map((o) => o.id),
      params: { point: pointName, code: orders.map((o) => o.pickup_code).join('、'), hours: '08:00-20:00' },
    });
    const sms = smsTo(resident(0).phone);
    expect(sms).toHaveLength(1);
    // Sent through the SMS delivery log, whose message id the notice keeps.
    expect(sms[0]).toMatchObject({ id: messages[0]!.provider_ref, kind: 'goods_arrived', operatorId: world.operatorId });
    const logged = await t.ctx.db
      .selectFrom('sms_messages')
      .selectAll()
      .where('id', '=', messages[0]!.provider_ref!)
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ kind: 'goods_arrived', status: 'sent' });
    expect(await inbox(resident(0).id)).toContain('商品已到自提点');
  });

  it('tell nobody twice when the event comes again', async () => {
    const [order] = await deliverTogether(1, 1);
    await run();
    const before = (await messagesOf(resident(1).id)).length;
    // The outbox delivers at least once: the same event again.
    await t.ctx.db
      .insertInto('outbox')
      .values({
        operator_id: world.operatorId,
        event_type: 'order.delivered',
        aggregate_id: order!.id,
        payload: JSON.stringify({ orderId: order!.id, at: t.clock.now().toISOString() }) as never,
        created_at: t.clock.now(),
        delivered_at: null,
        last_error: null,
      })
      .execute();
    await run();
    expect(await messagesOf(resident(1).id)).toHaveLength(before);
    expect(smsTo(resident(1).phone)).toHaveLength(before);
  });

  it('wait for the end of the resident’s quiet hours; the app inbox has it at once', async () => {
    const quiet = await t.request('PUT', '/api/v1/shop/notice-preferences', {
      token: residentTokens[2],
      body: { sms: true, wechat: true, quietHours: true, quietStart: '09:30', quietEnd: '11:00' },
    });
    expect(quiet.status).toBe(200);
    await deliverTogether(2, 1);
    await run();
    const [held] = await messagesOf(resident(2).id);
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(held!.next_attempt_at?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    expect(smsTo(resident(2).phone)).toHaveLength(0);
    expect(await inbox(resident(2).id)).toContain('商品已到自提点');
    t.clock.set(new Date('2026-11-20T03:00:00Z'));
    await run();
    expect((await messagesOf(resident(2).id))[0]).toMatchObject({ status: 'sent' });
    expect(smsTo(resident(2).phone)).toHaveLength(1);
  });

  it('are skipped, with the reason, when the resident turned SMS off and has no WeChat', async () => {
    await t.request('PUT', '/api/v1/shop/notice-preferences', {
      token: residentTokens[3],
      body: { sms: false, wechat: true, quietHours: false, quietStart: '21:00', quietEnd: '08:00' },
    });
    await deliverTogether(3, 1);
    await run();
    expect((await messagesOf(resident(3).id))[0]).toMatchObject({ status: 'skipped', last_error: 'no WeChat to reach and SMS turned off' });
    expect(smsTo(resident(3).phone)).toHaveLength(0);
    expect(await inbox(resident(3).id)).toContain('商品已到自提点');
    await t.request('PUT', '/api/v1/shop/notice-preferences', {
      token: residentTokens[3],
      body: { sms: true, wechat: true, quietHours: false, quietStart: '21:00', quietEnd: '08:00' },
    });
  });

  it('are tried again after a failed send, and fail for good after the last retry', async () => {
    const send = vi.spyOn(t.sms, 'send');
    send.mockRejectedValueOnce(new Error('vendor down'));
    await deliverTogether(3, 1);
    await run();
    let [, m] = await messagesOf(resident(3).id);
    expect(m).toMatchObject({ status: 'pending', attempts: 1 });
    expect(m!.last_error).toMatch(/^SMS not sent: /);
    expect(m!.next_attempt_at!.getTime()).toBe(t.clock.now().getTime() + MINUTE);
    t.clock.advance(MINUTE);
    await run();
    [, m] = await messagesOf(resident(3).id);
    expect(m).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

    send.mockRejectedValue(new Error('vendor down'));
    await deliverTogether(3, 1);
    for (let i = 0; i < 6; i++) {
      await run();
      t.clock.advance(5 * 60 * MINUTE);
    }
    send.mockRestore();
    const [, , last] = await messagesOf(resident(3).id);
    // The first attempt and one retry per wait.
    expect(last).toMatchObject({ status: 'failed', attempts: 1 + RETRY_DELAYS_MS.length, next_attempt_at: null });
  });
});

describe('pickup reminders', () => {
  it('go out at 18:00 once a day for goods still waiting, not for goods picked up', async () => {
    const picked = await fulfilledOrder(t, world, resident(0).id, [[lineIds[1]!, 1]]);
    await t.request('POST', '/api/v1/leader/pickups/verify', {
      token: leaderToken,
      body: { scan: `linli:pickup:${picked.id}:${picked.pickup_code}` },
    });
    await run();
    t.clock.set(new Date('2026-11-20T10:00:00Z')); // 18:00 in Beijing
    await run();
    const reminders = await t.ctx.db.selectFrom('notice_messages').selectAll().where('kind', '=', 'pickup_reminder').execute();
    const remindedOrders = reminders.flatMap((r) => r.order_ids);
    expect(remindedOrders).not.toContain(picked.id);
    expect(new Set(reminders.map((r) => r.recipient_id))).toEqual(new Set(world.residents.map((r) => r.id)));
    t.clock.advance(30 * MINUTE);
    await run();
    expect(await t.ctx.db.selectFrom('notice_messages').select('id').where('kind', '=', 'pickup_reminder').execute()).toHaveLength(
      reminders.length,
    );
  });
});

describe("a leader's reminder", () => {
  it('queues one for a delivered order of their point, at most once in ten minutes', async () => {
    const [order] = await deliverTogether(0, 1);
    const first = await t.request('POST', `/api/v1/leader/orders/${order!.id}/reminders`, { token: leaderToken });
    expect(first.status).toBe(202);
    const again = await t.request('POST', `/api/v1/leader/orders/${order!.id}/reminders`, { token: leaderToken });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe('RATE_LIMITED');
    expect(again.body.details.retryAfterSeconds).toBe(600);
    await run();
    const m = await t.ctx.db.selectFrom('notice_messages').selectAll().where('id', '=', first.body.noticeId).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ kind: 'pickup_reminder', requested_by: world.leaders[0]!.id, status: 'sent', order_ids: [order!.id] });
    t.clock.advance(10 * MINUTE);
    expect((await t.request('POST', `/api/v1/leader/orders/${order!.id}/reminders`, { token: leaderToken })).status).toBe(202);
  });

  it('is refused for another leader’s order and for an order not delivered, changing nothing', async () => {
    const [order] = await deliverTogether(0, 1);
    const paid = await fulfilledOrder(t, world, resident(0).id, [[lineIds[0]!, 1]], 'paid');
    const count = async () => (await t.ctx.db.selectFrom('notice_messages').select('id').execute()).length;
    const before = await count();
    const other = await t.request('POST', `/api/v1/leader/orders/${order!.id}/reminders`, { token: otherLeaderToken });
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    const notYet = await t.request('POST', `/api/v1/leader/orders/${paid.id}/reminders`, { token: leaderToken });
    expect([notYet.status, notYet.body.code]).toEqual([409, 'INVALID_STATE']);
    const unknown = await t.request('POST', '/api/v1/leader/orders/ord_nope/reminders', { token: leaderToken });
    expect(unknown.status).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('refund notices', () => {
  it('tell the resident the amount once per refund', async () => {
    const order = await fulfilledOrder(t, world, resident(1).id, [[lineIds[0]!, 2]], 'paid');
    await cancelOrder(t.ctx, residentPrincipal(world, resident(1).id), order.id, 'changed my mind');
    await run();
    await run();
    const refunds = await t.ctx.db
      .selectFrom('notice_messages')
      .selectAll()
      .where('kind', '=', 'refund_notice')
      .where(sql<boolean>`order_ids @> array[${order.id}]::text[]`)
      .execute();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ status: 'sent', params: { amount: (order.total_fen / 100).toFixed(2) } });
  });
});

describe('preferences and the delivery log', () => {
  it.each([
    ['a time out of range', { sms: true, wechat: true, quietHours: true, quietStart: '25:00', quietEnd: '08:00' }],
    ['a missing field', { sms: true, wechat: true, quietHours: true, quietStart: '21:00' }],
    ['an unknown field', { sms: true, wechat: true, quietHours: true, quietStart: '21:00', quietEnd: '08:00', email: true }],
  ])('refuses %s, changing nothing', async (_, body) => {
    const before = await t.request('GET', '/api/v1/shop/notice-preferences', { token: residentTokens[0] });
    const res = await t.request('PUT', '/api/v1/shop/notice-preferences', { token: residentTokens[0], body });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.request('GET', '/api/v1/shop/notice-preferences', { token: residentTokens[0] })).body).toEqual(before.body);
  });

  it('answers the defaults until a resident sets their own', async () => {
    const res = await t.request('GET', '/api/v1/shop/notice-preferences', { token: residentTokens[0] });
    expect(res.body).toEqual({ sms: true, wechat: true, quietHours: true, quietStart: '21:00', quietEnd: '08:00' });
  });

  it('shows support the log by order and status; residents may not read it', async () => {
    const [order] = await deliverTogether(0, 1);
    await run();
    const log = await t.request('GET', `/api/v1/admin/notices?orderId=${order!.id}`, { token: supportToken });
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ kind: 'goods_arrived', status: 'sent', channel: 'sms', orderIds: [order!.id] });
    const failed = await t.request('GET', '/api/v1/admin/notices?status=failed', { token: supportToken });
    expect(failed.body.items.every((m: { status: string }) => m.status === 'failed')).toBe(true);
    expect(failed.body.total).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/v1/admin/notices', { token: residentTokens[0] })).status).toBe(403);
  });

  it('drops a notice too old to help', async () => {
    await t.request('PUT', '/api/v1/shop/notice-preferences', {
      token: residentTokens[1],
      body: { sms: true, wechat: true, quietHours: true, quietStart: '00:00', quietEnd: '23:59' },
    });
    await deliverTogether(1, 1);
    await run();
    t.clock.advance(3 * 24 * 60 * MINUTE);
    await run();
    const last = (await messagesOf(resident(1).id)).filter((m) => m.kind === 'goods_arrived').at(-1);
    expect(last).toMatchObject({ status: 'skipped', last_error: 'too old to send' });
  });
});
