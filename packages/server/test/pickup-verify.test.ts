import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeader, createOpenCampaign, createResident, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { eventsOf, fulfilledOrder } from './pickup-fixtures.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let leaderToken: string;
let otherLeaderToken: string;
let residentToken: string;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 2 });
  // A cutoff far ahead lets the tests place orders on any day; the fulfilment is moved on by hand.
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  leaderToken = await t.login('leader', world.leaders[0]!.phone);
  otherLeaderToken = await t.login('leader', world.leaders[1]!.phone);
  residentToken = await t.login('resident', world.residents[0]!.phone);
  t.clock.set('2026-11-21T01:00:00Z'); // 09:00 on the pickup date in Shanghai
});
afterAll(() => t.close());

const verify = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/leader/pickups/verify', { token, body });

describe('pickup verification (核销)', () => {
  it('shows the resident a ticket with the code and the QR payload', async () => {
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]], 'paid');
    const ticket = await t.request('GET', `/api/v1/shop/orders/${order.id}/pickup`, { token: residentToken });
    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({
      orderId: order.id,
      pickupCode: order.pickup_code,
      qrPayload: `linli:pickup:${order.id}:${order.pickup_code}`,
      state: 'unpicked',
      orderStatus: 'paid',
    });
    const other = await t.login('resident', world.residents[1]!.phone);
    expect((await t.request('GET', `/api/v1/shop/orders/${order.id}/pickup`, { token: other })).body.code).toBe('NOT_FOUND');
  });

  it('hands out one line by code, the rest by scan, and never twice', async () => {
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [
      [lineIds[0]!, 2],
      [lineIds[1]!, 1],
    ]);
    const [first, second] = order.lines;
    const found = await t.request('POST', '/api/v1/leader/pickups/find', { token: leaderToken, body: { code: order.pickup_code } });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ orderId: order.id, state: 'unpicked', orderStatus: 'delivered' });

    const part = await verify(leaderToken, { code: order.pickup_code, pickupDate: '2026-11-21', orderLineIds: [first!.id] });
    expect(part.status).toBe(200);
    expect(part.body.order).toMatchObject({ state: 'partly', orderStatus: 'delivered' });
    expect(part.body.orderLineIds).toEqual([first!.id]);

    const again = await verify(leaderToken, { code: order.pickup_code, orderLineIds: [first!.id] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_PICKED_UP');

    const partly = await t.request('GET', '/api/v1/leader/pickups?state=partly', { token: leaderToken });
    expect(partly.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([order.id]);

    const rest = await verify(leaderToken, { scan: `linli:pickup:${order.id}:${order.pickup_code}` });
    expect(rest.status).toBe(200);
    expect(rest.body.orderLineIds).toEqual([second!.id]);
    expect(rest.body.order).toMatchObject({ state: 'picked', orderStatus: 'picked_up' });

    const twice = await verify(leaderToken, { scan: `linli:pickup:${order.id}:${order.pickup_code}` });
    expect(twice.body.code).toBe('ALREADY_PICKED_UP');

    const verified = await eventsOf(t, 'pickup.verified', order.id);
    expect(verified).toHaveLength(2);
    expect(verified[1]).toMatchObject({ orderId: order.id, orderLineIds: [second!.id], leaderId: world.leaders[0]!.id });
    expect(await eventsOf(t, 'order.picked_up', order.id)).toHaveLength(1);
  });

  it('hands out the whole order at once by code', async () => {
    const order = await fulfilledOrder(t, world, world.residents[1]!.id, [
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    // Two scanners at once: one hands the order out, the other is told it is gone.
    const [a, b] = await Promise.all([verify(leaderToken, { code: order.pickup_code }), verify(leaderToken, { code: order.pickup_code })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const whole = a.status === 200 ? a : b;
    expect((a.status === 409 ? a : b).body.code).toBe('ALREADY_PICKED_UP');
    expect(whole.body.orderLineIds).toHaveLength(2);
    expect(whole.body.order.orderStatus).toBe('picked_up');
    const picked = await t.request('GET', '/api/v1/leader/pickups?state=picked&pickupDate=2026-11-21', { token: leaderToken });
    expect(picked.body.items.map((o: { orderId: string }) => o.orderId)).toContain(order.id);
  });

  it("is NOT_FOUND for another leader's order, a forged scan or a wrong code", async () => {
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]]);
    expect((await verify(otherLeaderToken, { code: order.pickup_code })).body.code).toBe('NOT_FOUND');
    expect((await verify(otherLeaderToken, { scan: `linli:pickup:${order.id}:${order.pickup_code}` })).body.code).toBe('NOT_FOUND');
    const wrongCode = order.pickup_code === '000000' ? '000001' : '000000';
    expect((await verify(leaderToken, { scan: `linli:pickup:${order.id}:${wrongCode}` })).body.code).toBe('NOT_FOUND');
    expect((await verify(leaderToken, { code: order.pickup_code, pickupDate: '2026-11-22' })).body.code).toBe('NOT_FOUND');
    expect((await verify(leaderToken, { code: order.pickup_code, pickupPointId: world.leaders[1]!.pickupPointId })).body.code).toBe(
      'NOT_FOUND',
    );
    const others = await t.request('GET', '/api/v1/leader/pickups', { token: otherLeaderToken });
    expect(others.body.total).toBe(0);
    const state = await t.ctx.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(state.status).toBe('delivered');
  });

  it('refuses orders not yet delivered, bad input and the wrong audience', async () => {
    const allocated = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]], 'allocated');
    const early = await verify(leaderToken, { code: allocated.pickup_code });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'INVALID_STATE', details: { status: 'allocated' } });
    expect((await verify(leaderToken, {})).body.code).toBe('VALIDATION_FAILED');
    expect((await verify(leaderToken, { code: '123456', scan: 'x' })).body.code).toBe('VALIDATION_FAILED');
    expect((await verify(leaderToken, { scan: 'https://example.com' })).body.code).toBe('VALIDATION_FAILED');
    expect((await verify(leaderToken, { code: '12345' })).status).toBe(400);
    expect((await verify(residentToken, { code: allocated.pickup_code })).status).toBe(403);

    const delivered = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]]);
    const foreignLine = await verify(leaderToken, { code: delivered.pickup_code, orderLineIds: [allocated.lines[0]!.id] });
    expect(foreignLine.body.code).toBe('NOT_FOUND');
  });

  it('needs the pickup point when a code matches at two of my points', async () => {
    const leader = await createLeader(t.ctx, world.operatorId);
    const secondPoint = `pp_second_${leader.id.slice(-6)}`;
    await t.ctx.db
      .insertInto('pickup_points')
      .values({
        id: secondPoint,
        operator_id: world.operatorId,
        leader_id: leader.id,
        name: '第二自提点',
        address: '测试路2号',
        lat: 28.3,
        lng: 113,
        status: 'open',
        created_at: t.clock.now(),
      })
      .execute();
    const a = await createResident(t.ctx, world.operatorId, leader.pickupPointId);
    const b = await createResident(t.ctx, world.operatorId, secondPoint);
    const first = await fulfilledOrder(t, world, a.id, [[lineIds[0]!, 1]]);
    const second = await fulfilledOrder(t, world, b.id, [[lineIds[0]!, 1]]);
    await t.ctx.db.updateTable('orders').set({ pickup_code: first.pickup_code }).where('id', '=', second.id).execute();
    const token = await t.login('leader', leader.phone);
    const ambiguous = await verify(token, { code: first.pickup_code });
    expect(ambiguous.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(ambiguous.body.details.pickupPointIds.sort()).toEqual([leader.pickupPointId, secondPoint].sort());
    const chosen = await verify(token, { code: first.pickup_code, pickupPointId: secondPoint });
    expect(chosen.body.order.orderId).toBe(second.id);
  });

  it('documents the pickup and after-sales endpoints in OpenAPI', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/shop/orders/{id}/pickup',
        '/api/v1/leader/pickups/verify',
        '/api/v1/leader/unpicked/{id}/disposal',
        '/api/v1/shop/aftersales',
        '/api/v1/admin/aftersales/{id}/approve',
        '/api/v1/admin/aftersales-settings',
      ]),
    );
  });
});
