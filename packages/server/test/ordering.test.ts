import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { createLeader, createOpenCampaign, createOperator, createResident, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let resident: string;
let campaign: { id: string; lineIds: string[] };

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 0 });
  campaign = await createOpenCampaign(t.ctx, world, { stock: 20, limit: 5 });
  resident = await t.login('resident', '13700001111');
});
afterAll(() => t.close());

async function stockOf(lineId: string) {
  return t.ctx.db.selectFrom('campaign_lines').select(['stock_total', 'reserved']).where('id', '=', lineId).executeTakeFirstOrThrow();
}

async function order(token: string, lines: Array<[string, number]>, headers: Record<string, string> = {}) {
  return t.request('POST', '/api/v1/shop/orders', {
    token,
    headers,
    body: { lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })) },
  });
}

async function pay(token: string, orderId: string) {
  const intent = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token, body: {} });
  expect(intent.status).toBe(201);
  const notified = await t.request('POST', '/api/v1/payments/dev/notify', { body: intent.body.devNotification });
  expect(notified.status).toBe(200);
  return intent.body;
}

describe('the resident journey', () => {
  it('logs in, chooses the nearest pickup point, browses, orders, pays, cancels and is refunded', async () => {
    const nearby = await t.request('GET', '/api/v1/shop/pickup-points/nearby?lat=28.2&lng=112.97', { token: resident });
    expect(nearby.status).toBe(200);
    expect(nearby.body.items[0].id).toBe(world.leaders[0]?.pickupPointId);
    expect(nearby.body.items[0].distanceMeters).toBeLessThan(nearby.body.items[1].distanceMeters);

    const noPoint = await order(resident, [[campaign.lineIds[0] as string, 1]]);
    expect(noPoint.body.code).toBe('VALIDATION_FAILED');

    const chosen = await t.request('PUT', '/api/v1/shop/me/pickup-point', {
      token: resident,
      body: { pickupPointId: nearby.body.items[0].id },
    });
    expect(chosen.body.pickupPoint.id).toBe(world.leaders[0]?.pickupPointId);

    const browse = await t.request('GET', '/api/v1/shop/campaigns', { token: resident });
    expect(browse.body.items).toHaveLength(1);
    const [first, second] = browse.body.items[0].lines;
    expect(first).toMatchObject({ stockLeft: 20, perResidentLimit: 5, boughtByMe: 0, groupPriceFen: 990 });

    const placed = await order(resident, [
      [first.id, 2],
      [second.id, 1],
    ]);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'pending_payment', totalFen: 2 * 990 + 1090, pickupDate: '2026-11-21' });
    expect(placed.body.pickupCode).toMatch(/^\d{6}$/);
    expect(placed.body.cancellableUntil).toBe(placed.body.expiresAt);
    expect(placed.body.orderNo).toMatch(/^261120\d{8}$/);
    expect((await stockOf(first.id)).reserved).toBe(2);

    await pay(resident, placed.body.id);
    const paid = await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident });
    expect(paid.body.status).toBe('paid');
    // Paid: cancellable until the campaign's cutoff.
    expect(paid.body.cancellableUntil).toBe(browse.body.items[0].cutoffAt);

    const again = await t.request('GET', '/api/v1/shop/campaigns', { token: resident });
    expect(again.body.items[0].lines[0]).toMatchObject({ stockLeft: 18, boughtByMe: 2 });

    const cancelled = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/cancel`, {
      token: resident,
      body: { reason: '不需要了' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'refunded', refundedFen: 3070, cancelReason: '不需要了', cancellableUntil: null });
    expect((await stockOf(first.id)).reserved).toBe(0);
    const refund = () => t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', placed.body.id).execute();
    // Recorded with the cancel; sent to the provider from the background, not in the resident's request.
    expect(await refund()).toMatchObject([{ amount_fen: 3070, status: 'pending', attempts: 0 }]);
    await t.ctx.jobs.tick();
    expect(await refund()).toMatchObject([{ amount_fen: 3070, status: 'succeeded', attempts: 1 }]);
  });

  it('pays instantly with the dev provider', async () => {
    const placed = await order(resident, [[campaign.lineIds[0] as string, 1]]);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, {
      token: resident,
      body: { mode: 'instant' },
    });
    expect(intent.body).toMatchObject({ status: 'succeeded', orderStatus: 'paid' });
  });
});

describe('payment notifications', () => {
  it('change state exactly once, whatever their number and order', async () => {
    const placed = await order(resident, [[campaign.lineIds[1] as string, 1]]);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token: resident, body: {} });
    const n = intent.body.devNotification;
    const first = await t.request('POST', '/api/v1/payments/dev/notify', { body: n });
    const dup = await t.request('POST', '/api/v1/payments/dev/notify', { body: n });
    expect(first.body.changed).toBe(true);
    expect(dup.body.changed).toBe(false);
    const close = t.payments.sign(n.paymentId, 'closed', n.amountFen);
    expect((await t.request('POST', '/api/v1/payments/dev/notify', { body: close })).body.changed).toBe(false);
    const events = await t.ctx.db.selectFrom('outbox').select('event_type').where('aggregate_id', '=', placed.body.id).execute();
    expect(events.filter((e) => e.event_type === 'order.paid')).toHaveLength(1);
  });

  it('reject a forged signature or a wrong amount and change nothing', async () => {
    const placed = await order(resident, [[campaign.lineIds[1] as string, 1]]);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token: resident, body: {} });
    const n = intent.body.devNotification;
    const forged = await t.request('POST', '/api/v1/payments/dev/notify', { body: { ...n, signature: 'a'.repeat(64) } });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('PAYMENT_SIGNATURE_INVALID');
    const wrong = await t.request('POST', '/api/v1/payments/dev/notify', {
      body: t.payments.sign(n.paymentId, 'succeeded', n.amountFen - 1),
    });
    expect(wrong.body.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const o = await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident });
    expect(o.body.status).toBe('pending_payment');
  });

  it('expire an unpaid order after the payment time, release its stock, and refund a payment that arrives late', async () => {
    const line = campaign.lineIds[1] as string;
    const before = (await stockOf(line)).reserved;
    const placed = await order(resident, [[line, 2]]);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token: resident, body: {} });
    expect((await stockOf(line)).reserved).toBe(before + 2);
    t.clock.advance(15 * MINUTE + 1000);
    await t.ctx.jobs.tick();
    const expired = await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident });
    expect(expired.body.status).toBe('expired');
    expect((await stockOf(line)).reserved).toBe(before);
    // The wallet's notification comes in after expiry: the money goes back.
    const late = await t.request('POST', '/api/v1/payments/dev/notify', { body: intent.body.devNotification });
    expect(late.body.changed).toBe(true);
    await t.ctx.jobs.tick();
    const refunds = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', placed.body.id).execute();
    expect(refunds).toMatchObject([{ amount_fen: placed.body.totalFen, status: 'succeeded' }]);
    expect((await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident })).body.status).toBe('expired');
  });

  it('do not expire an order whose payment went through but whose notification was lost', async () => {
    const placed = await order(resident, [[campaign.lineIds[1] as string, 1]]);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token: resident, body: {} });
    t.payments.verifySigned(intent.body.devNotification); // the provider took the money; we never heard
    t.clock.advance(16 * MINUTE);
    await t.ctx.jobs.tick();
    expect((await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident })).body.status).toBe('paid');
  });
});

describe('order rules', () => {
  it('refuses more than the stock, above the limit, and after cutoff, changing nothing', async () => {
    const small = await createOpenCampaign(t.ctx, world, { stock: 3, limit: 2 });
    const line = small.lineIds[0] as string;
    expect((await order(resident, [[line, 3]])).body.code).toBe('LIMIT_EXCEEDED');
    expect((await order(resident, [[line, 2]])).status).toBe(201);
    expect((await order(resident, [[line, 1]])).body.code).toBe('LIMIT_EXCEEDED');
    const other = await t.login('resident', '13700002222');
    await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: other, body: { pickupPointId: world.leaders[0]?.pickupPointId } });
    const soldOut = await order(other, [[line, 2]]);
    expect(soldOut.status).toBe(409);
    expect(soldOut.body).toMatchObject({ code: 'SOLD_OUT', details: { stockLeft: 1 } });
    expect(await stockOf(line)).toEqual({ stock_total: 3, reserved: 2 });
    const late = await createOpenCampaign(t.ctx, world, { cutoffAt: new Date(t.clock.now().getTime() + MINUTE) });
    t.clock.advance(2 * MINUTE);
    expect((await order(other, [[late.lineIds[0] as string, 1]])).body.code).toBe('CAMPAIGN_CLOSED');
  });

  it('keeps one pickup date per order and sells only through the leaders a campaign names', async () => {
    const tomorrow = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-22' });
    expect(
      (
        await order(resident, [
          [campaign.lineIds[0] as string, 1],
          [tomorrow.lineIds[0] as string, 1],
        ])
      ).body.code,
    ).toBe('PICKUP_DATE_MISMATCH');
    const exclusive = await createOpenCampaign(t.ctx, world, { leaderIds: [world.leaders[1]?.id as string] });
    expect((await order(resident, [[exclusive.lineIds[0] as string, 1]])).body.code).toBe('CAMPAIGN_NOT_FOR_LEADER');
  });

  it('does not cancel a paid order after cutoff', async () => {
    const cutoffAt = new Date(t.clock.now().getTime() + 10 * MINUTE);
    const c = await createOpenCampaign(t.ctx, world, { cutoffAt });
    const placed = await order(resident, [[c.lineIds[0] as string, 1]]);
    await pay(resident, placed.body.id);
    const before = await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident });
    expect(before.body.cancellableUntil).toBe(cutoffAt.toISOString());
    t.clock.advance(11 * MINUTE);
    const res = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/cancel`, { token: resident, body: {} });
    expect(res.body.code).toBe('ORDER_NOT_CANCELLABLE');
    const listed = await t.request('GET', '/api/v1/shop/orders?status=paid', { token: resident });
    // The list says the same; the screen compares it with the time now.
    expect(listed.body.items.find((o: { id: string }) => o.id === placed.body.id).cancellableUntil).toBe(cutoffAt.toISOString());
  });

  it('gives pickup codes unique per pickup point and date', async () => {
    const codes = await t.ctx.db.selectFrom('orders').select(['pickup_point_id', 'pickup_date', 'pickup_code']).execute();
    const keys = codes.map((c) => `${c.pickup_point_id}/${c.pickup_date}/${c.pickup_code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('idempotency', () => {
  it('returns the first order for a retried submission, and refuses the key for a different order', async () => {
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const a = await order(resident, [[campaign.lineIds[0] as string, 1]], headers);
    const b = await order(resident, [[campaign.lineIds[0] as string, 1]], headers);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const c = await order(resident, [[campaign.lineIds[0] as string, 2]], headers);
    expect(c.status).toBe(422);
    expect(c.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('makes one order of parallel duplicates', async () => {
    const headers = { 'idempotency-key': 'parallel-key-0001' };
    const results = await Promise.all(Array.from({ length: 10 }, () => order(resident, [[campaign.lineIds[1] as string, 1]], headers)));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
    const stored = await t.ctx.db.selectFrom('idempotency_keys').select('order_id').where('key', '=', 'parallel-key-0001').execute();
    expect(stored).toHaveLength(1);
  });
});

describe('who sees what', () => {
  it("a leader sees only their own pickup points' orders", async () => {
    const l0 = world.leaders[0] as World['leaders'][number];
    const l1 = world.leaders[1] as World['leaders'][number];
    const neighbour = await t.login('resident', '13700003333');
    await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: neighbour, body: { pickupPointId: l1.pickupPointId } });
    const theirs = await order(neighbour, [[campaign.lineIds[0] as string, 1]]);
    const leader0 = await t.login('leader', l0.phone);
    const leader1 = await t.login('leader', l1.phone);
    const list0 = await t.request('GET', '/api/v1/leader/orders', { token: leader0 });
    expect(list0.body.items.length).toBeGreaterThan(0);
    expect(list0.body.items.every((o: { leaderId: string }) => o.leaderId === l0.id)).toBe(true);
    expect((await t.request('GET', `/api/v1/leader/orders/${theirs.body.id}`, { token: leader0 })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/leader/orders/${theirs.body.id}`, { token: leader1 })).status).toBe(200);
  });

  it("a resident cannot read or cancel another resident's order", async () => {
    const mine = await order(resident, [[campaign.lineIds[0] as string, 1]]);
    const stranger = await t.login('resident', '13700004444');
    expect((await t.request('GET', `/api/v1/shop/orders/${mine.body.id}`, { token: stranger })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/shop/orders/${mine.body.id}/cancel`, { token: stranger, body: {} })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/shop/orders/${mine.body.id}/payments`, { token: stranger, body: {} })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/shop/orders', { token: stranger })).body.total).toBe(0);
  });

  it("another tenant's staff and residents get NOT_FOUND", async () => {
    const mine = await order(resident, [[campaign.lineIds[0] as string, 1]]);
    const otherOp = await createOperator(t.ctx, 'other-op');
    const otherAdmin = await createStaff(t.ctx, otherOp, ['admin']);
    const otherLeader = await createLeader(t.ctx, otherOp);
    await createResident(t.ctx, otherOp, otherLeader.pickupPointId);
    const admin = await t.login('staff', otherAdmin.phone, 'other-op');
    expect((await t.request('GET', `/api/v1/admin/orders/${mine.body.id}`, { token: admin })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/admin/orders', { token: admin })).body.total).toBe(0);
    const foreigner = await t.login('resident', '13700005555', 'other-op');
    await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: foreigner, body: { pickupPointId: otherLeader.pickupPointId } });
    const res = await order(foreigner, [[campaign.lineIds[0] as string, 1]]);
    expect(res.status).toBe(404);
    expect(
      (
        await t.request('PUT', '/api/v1/shop/me/pickup-point', {
          token: foreigner,
          body: { pickupPointId: world.leaders[0]?.pickupPointId },
        })
      ).status,
    ).toBe(404);
  });

  it("keeps residents and leaders out of each other's and the admin API", async () => {
    const leader = await t.login('leader', (world.leaders[0] as World['leaders'][number]).phone);
    expect((await t.request('GET', '/api/v1/shop/orders', { token: leader })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/orders', { token: resident })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/orders')).status).toBe(401);
  });
});

describe('a cancelled campaign', () => {
  it('refunds its paid lines, cancels unpaid orders, releases stock and tells the residents', async () => {
    const c = await createOpenCampaign(t.ctx, world, { stock: 10 });
    const [lineA, lineB] = c.lineIds as [string, string];
    const paidOrder = await order(resident, [
      [lineA, 2],
      [campaign.lineIds[0] as string, 1],
    ]);
    await pay(resident, paidOrder.body.id);
    const unpaid = await order(resident, [[lineB, 1]]);
    const admin = await t.login('staff', world.adminPhone);
    const res = await t.request('POST', `/api/v1/admin/campaigns/${c.id}/cancel`, { token: admin, body: { reason: '产地暴雨' } });
    expect(res.status).toBe(200);
    await t.ctx.events.drain();
    const after = await t.request('GET', `/api/v1/shop/orders/${paidOrder.body.id}`, { token: resident });
    // Only the cancelled campaign's line is refunded; the other line stays bought.
    expect(after.body).toMatchObject({ status: 'paid', refundedFen: 2 * 990 });
    expect(after.body.lines.find((l: { campaignLineId: string }) => l.campaignLineId === lineA)).toMatchObject({
      refundedQuantity: 2,
      refundedFen: 1980,
    });
    expect((await t.request('GET', `/api/v1/shop/orders/${unpaid.body.id}`, { token: resident })).body.status).toBe('cancelled');
    expect((await stockOf(lineA)).reserved).toBe(0);
    const refunds = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', paidOrder.body.id).execute();
    expect(refunds).toMatchObject([{ kind: 'campaign_cancelled', blame: 'operator', amount_fen: 1980 }]);
    const messages = await t.request('GET', '/api/v1/shop/notifications', { token: resident });
    expect(messages.body.items.map((m: { body: string }) => m.body).join('\n')).toContain('产地暴雨');
    // Delivered again (a retry), the event refunds nothing twice.
    await t.ctx.db.updateTable('outbox').set({ delivered_at: null }).where('event_type', '=', 'campaign.cancelled').execute();
    await t.ctx.events.drain();
    expect(await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', paidOrder.body.id).execute()).toHaveLength(1);
  });
});

describe('paying straight from the order', () => {
  it('opens the payment with the order, so the wallet notification is all it takes', async () => {
    const fresh = await createOpenCampaign(t.ctx, world, { stock: 5 });
    const placed = await order(resident, [[fresh.lineIds[0] as string, 1]]);
    expect(placed.body.payment).toMatchObject({ orderId: placed.body.id, amountFen: placed.body.totalFen, status: 'pending' });
    const notified = await t.request('POST', '/api/v1/payments/dev/notify', { body: placed.body.payment.devNotification });
    expect(notified.body.changed).toBe(true);
    expect((await t.request('GET', `/api/v1/shop/orders/${placed.body.id}`, { token: resident })).body.status).toBe('paid');
    // Asking for the payment of a paid order is refused.
    expect((await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token: resident, body: {} })).body.code).toBe(
      'ORDER_NOT_PAYABLE',
    );
  });
});
