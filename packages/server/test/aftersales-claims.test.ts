import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { eventsOf, fulfilledOrder } from './pickup-fixtures.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let resident: string;
let otherResident: string;
let leader: string;
let otherLeader: string;
let support: string;

const PICKUP_MORNING = '2026-11-21T01:00:00Z'; // 09:00 on the pickup date in Shanghai

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 2 });
  // Unit prices 990 and 1090 fen; a cutoff far ahead lets the tests order on any day.
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  resident = await t.login('resident', world.residents[0]!.phone);
  otherResident = await t.login('resident', world.residents[1]!.phone);
  leader = await t.login('leader', world.leaders[0]!.phone);
  otherLeader = await t.login('leader', world.leaders[1]!.phone);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
});
afterAll(() => t.close());

/** A delivered order of the first resident, handed out (all lines) at 09:00 on the pickup date. */
async function pickedUpOrder(lines: Array<[string, number]>) {
  t.clock.set('2026-11-20T02:00:00Z');
  const order = await fulfilledOrder(t, world, world.residents[0]!.id, lines);
  t.clock.set(PICKUP_MORNING);
  const verified = await t.request('POST', '/api/v1/leader/pickups/verify', { token: leader, body: { code: order.pickup_code } });
  expect(verified.status).toBe(200);
  return order;
}

const claim = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/shop/aftersales', { token, body });

describe('after-sales claims', () => {
  it('are refunded on approval for exactly the approved amount, with the blame on case and refund', async () => {
    const order = await pickedUpOrder([[lineIds[0]!, 3]]);
    const line = order.lines[0]!;
    t.clock.advance(2 * HOUR);
    const created = await claim(resident, {
      orderLineId: line.id,
      type: 'damaged',
      quantity: 2,
      description: '两个橙子压坏了',
      evidenceUrls: ['https://img.example.com/a.jpg'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'submitted',
      requestedFen: 1980,
      quantity: 2,
      blame: null,
      pickupPointId: world.leaders[0]!.pickupPointId,
    });

    const approved = await t.request('POST', `/api/v1/leader/aftersales/${created.body.id}/approve`, {
      token: leader,
      body: { amountFen: 1500, blame: 'supplier', reason: '照片属实' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'refunded', approvedFen: 1500, blame: 'supplier', decidedBy: { kind: 'leader' } });
    await t.ctx.jobs.tick(); // the refund sweep sends it to the provider
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('id', '=', approved.body.refundId).executeTakeFirstOrThrow();
    expect(refund).toMatchObject({
      kind: 'aftersales',
      blame: 'supplier',
      amount_fen: 1500,
      source_id: created.body.id,
      status: 'succeeded',
    });
    const after = await t.ctx.db.selectFrom('order_lines').selectAll().where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ refunded_quantity: 2, refunded_fen: 1500 });
    expect(await eventsOf(t, 'aftersale.approved', created.body.id)).toEqual([
      {
        caseId: created.body.id,
        orderId: order.id,
        orderLineId: line.id,
        quantity: 2,
        amountFen: 1500,
        blame: 'supplier',
        kind: 'damaged',
      },
    ]);

    const twice = await t.request('POST', `/api/v1/admin/aftersales/${created.body.id}/approve`, {
      token: support,
      body: { reason: 'again' },
    });
    expect(twice.body.code).toBe('INVALID_STATE');
    // One unit and 1470 fen are left on the line: more is refused.
    expect((await claim(resident, { orderLineId: line.id, type: 'quality', quantity: 2 })).body.code).toBe('VALIDATION_FAILED');
    const rest = await claim(resident, { orderLineId: line.id, type: 'quality', quantity: 1 });
    expect(rest.body.requestedFen).toBe(990);
  });

  it('on one line cannot together ask for more than was paid, and an approval never exceeds the claim', async () => {
    const order = await pickedUpOrder([[lineIds[1]!, 2]]);
    const line = order.lines[0]!; // 2 × 1090 = 2180 fen
    const first = await claim(resident, { orderLineId: line.id, type: 'quality', quantity: 1, amountFen: 1500 });
    expect(first.status).toBe(201);
    const tooMuch = await claim(resident, { orderLineId: line.id, type: 'damaged', quantity: 1, amountFen: 700 });
    expect(tooMuch.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fenLeft: 680 } });
    const fits = await claim(resident, { orderLineId: line.id, type: 'damaged', quantity: 1 });
    expect(fits.body.requestedFen).toBe(680);
    expect((await claim(resident, { orderLineId: line.id, type: 'damaged', quantity: 1 })).body.code).toBe('VALIDATION_FAILED');

    const over = await t.request('POST', `/api/v1/admin/aftersales/${first.body.id}/approve`, {
      token: support,
      body: { amountFen: 1501, reason: 'x' },
    });
    expect(over.body.code).toBe('VALIDATION_FAILED');
    await t.request('POST', `/api/v1/admin/aftersales/${first.body.id}/approve`, { token: support, body: { reason: 'ok' } });
    await t.request('POST', `/api/v1/admin/aftersales/${fits.body.id}/approve`, { token: support, body: { reason: 'ok' } });
    const after = await t.ctx.db.selectFrom('order_lines').selectAll().where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ refunded_quantity: 2, refunded_fen: 2180 });
    expect((await t.ctx.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe(
      'refunded',
    );
  });

  it('made at the same moment on one line cannot both take all of it', async () => {
    const order = await pickedUpOrder([[lineIds[0]!, 1]]);
    const line = order.lines[0]!;
    const both = await Promise.all([
      claim(resident, { orderLineId: line.id, type: 'damaged', quantity: 1 }),
      claim(resident, { orderLineId: line.id, type: 'quality', quantity: 1 }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
  });

  it('are taken within the window only', async () => {
    const order = await pickedUpOrder([
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    const [a, b] = order.lines;
    t.clock.set(new Date(Date.parse(PICKUP_MORNING) + 48 * HOUR + 1000));
    const late = await claim(resident, { orderLineId: a!.id, type: 'damaged', quantity: 1 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CLAIM_WINDOW_CLOSED');
    // Missing goods: 48 h after the end of the pickup date (2026-11-21T16:00Z).
    expect((await claim(resident, { orderLineId: b!.id, type: 'missing', quantity: 1 })).status).toBe(201);
    t.clock.set('2026-11-23T16:00:01Z');
    expect((await claim(resident, { orderLineId: a!.id, type: 'missing', quantity: 1 })).body.code).toBe('CLAIM_WINDOW_CLOSED');

    const settings = await t.request('PATCH', '/api/v1/admin/aftersales-settings', {
      token: await t.login('staff', world.adminPhone),
      body: { claimWindowHours: 72 },
    });
    expect(settings.status).toBe(200);
    expect((await claim(resident, { orderLineId: a!.id, type: 'wrong_item', quantity: 1 })).status).toBe(201);
    await t.request('PATCH', '/api/v1/admin/aftersales-settings', {
      token: await t.login('staff', world.adminPhone),
      body: { claimWindowHours: 48 },
    });
  });

  it('for missing goods before pickup complete the order when the last waiting line is refunded', async () => {
    t.clock.set('2026-11-20T02:00:00Z');
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    const [a, b] = order.lines;
    t.clock.set(PICKUP_MORNING);
    const damagedTooEarly = await claim(resident, { orderLineId: b!.id, type: 'damaged', quantity: 1 });
    expect(damagedTooEarly.body.code).toBe('INVALID_STATE');
    await t.request('POST', '/api/v1/leader/pickups/verify', { token: leader, body: { code: order.pickup_code, orderLineIds: [a!.id] } });
    const missing = await claim(resident, { orderLineId: b!.id, type: 'missing', quantity: 1 });
    const approved = await t.request('POST', `/api/v1/leader/aftersales/${missing.body.id}/approve`, {
      token: leader,
      body: { blame: 'warehouse', reason: '仓库漏发' },
    });
    expect(approved.body).toMatchObject({ status: 'refunded', approvedFen: 1090, blame: 'warehouse' });
    expect((await t.ctx.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe(
      'picked_up',
    );
  });

  it('are refused on orders not delivered yet', async () => {
    t.clock.set('2026-11-20T02:00:00Z');
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 1]], 'allocated');
    expect((await claim(resident, { orderLineId: order.lines[0]!.id, type: 'missing', quantity: 1 })).body.code).toBe('INVALID_STATE');
  });

  it('are seen and decided only by their resident, the leader of the pickup point and support', async () => {
    const order = await pickedUpOrder([[lineIds[0]!, 2]]);
    const line = order.lines[0]!;
    expect((await claim(otherResident, { orderLineId: line.id, type: 'damaged', quantity: 1 })).body.code).toBe('NOT_FOUND');
    expect((await claim(leader, { orderLineId: line.id, type: 'damaged', quantity: 1 })).status).toBe(403);
    const mine = await claim(resident, { orderLineId: line.id, type: 'damaged', quantity: 1 });
    const id = mine.body.id;

    expect(
      (await t.request('POST', `/api/v1/leader/aftersales/${id}/approve`, { token: otherLeader, body: { reason: 'x' } })).body.code,
    ).toBe('NOT_FOUND');
    expect((await t.request('GET', '/api/v1/leader/aftersales', { token: otherLeader })).body.total).toBe(0);
    expect((await t.request('POST', `/api/v1/shop/aftersales/${id}/withdraw`, { token: otherResident })).body.code).toBe('NOT_FOUND');
    expect((await t.request('GET', '/api/v1/admin/aftersales', { token: resident })).status).toBe(403);
    const mineListed = await t.request('GET', '/api/v1/shop/aftersales?status=submitted', { token: resident });
    expect(mineListed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await t.request('GET', '/api/v1/shop/aftersales', { token: otherResident })).body.total).toBe(0);

    const blamed = await t.request('PUT', `/api/v1/admin/aftersales/${id}/blame`, { token: support, body: { blame: 'driver' } });
    expect(blamed.body.blame).toBe('driver');
    const rejected = await t.request('POST', `/api/v1/leader/aftersales/${id}/reject`, { token: leader, body: { reason: '无破损' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '无破损', refundId: null });
    expect(await eventsOf(t, 'aftersale.rejected', id)).toEqual([{ caseId: id }]);
    expect((await t.request('PUT', `/api/v1/admin/aftersales/${id}/blame`, { token: support, body: { blame: 'none' } })).body.code).toBe(
      'INVALID_STATE',
    );

    const withdrawn = await claim(resident, { orderLineId: line.id, type: 'quality', quantity: 1 });
    const done = await t.request('POST', `/api/v1/shop/aftersales/${withdrawn.body.id}/withdraw`, { token: resident });
    expect(done.body.status).toBe('withdrawn');
    const queue = await t.request('GET', `/api/v1/admin/aftersales?orderId=${order.id}&pageSize=1`, { token: support });
    expect(queue.body).toMatchObject({ total: 2, pageSize: 1 });
    expect(queue.body.items).toHaveLength(1);
    const filtered = await t.request('GET', `/api/v1/admin/aftersales?orderId=${order.id}&status=withdrawn&type=quality`, {
      token: support,
    });
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([withdrawn.body.id]);
  });

  it('refuses bad input without changing anything', async () => {
    const bad = [
      { orderLineId: 'orl_x', type: 'lost', quantity: 1 },
      { orderLineId: 'orl_x', type: 'missing', quantity: 0 },
      { orderLineId: 'orl_x', type: 'missing', quantity: 1, evidenceUrls: ['not a url'] },
      { orderLineId: 'orl_x', type: 'missing', quantity: 1, extra: true },
    ];
    for (const body of bad) expect((await claim(resident, body)).status).toBe(400);
    expect((await claim(resident, { orderLineId: 'orl_x', type: 'missing', quantity: 1 })).body.code).toBe('NOT_FOUND');
  });
});
