import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { HOUR } from '../src/platform/clock.ts';
import { createLeader, createOpenCampaign, createResident, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { paidOrder, pickUp, principal } from './ledger-fixtures.ts';
import { buildDay, plan } from './logistics-fixtures.ts';

/**
 * A leader's removal that keeps the members (末位淘汰): proposed to the nearest good leader,
 * adjusted, confirmed (twice, at once), members moved once and told, the open order still handed
 * out at its old point, the commission held for after-sales released and withdrawn before the
 * leader is suspended. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
let t: TestApp;
let world: World;
let staff: string;
let lineIds: string[];

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 1, leaders: 3, residents: 4 });
  // leader 1 is ≈1.5 km away at level 1, leader 2 ≈3 km away at level 3: the nearer band wins.
  await t.ctx.db.updateTable('leaders').set({ level: 1 }).where('id', '=', world.leaders[1]!.id).execute();
  await t.ctx.db.updateTable('leaders').set({ level: 3 }).where('id', '=', world.leaders[2]!.id).execute();
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  staff = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

const api = (method: string, url: string, body?: unknown, token = staff) => t.request(method, `/api/v1${url}`, { token, body });

describe('a leader removed keeps their members', () => {
  let transferId: string;
  let openOrder: { id: string; pickup_code: string; lines: Array<{ id: string }> };
  const oldPoint = () => world.leaders[0]!.pickupPointId;
  let leaderToken: string;

  it('proposes the nearest good point, and staff may choose another', async () => {
    leaderToken = await t.login('leader', world.leaders[0]!.phone);
    // An order placed and paid at the old point before the removal: 11 × 9.90 yuan, 10.89 yuan of commission pending (at least the withdrawal minimum).
    openOrder = (await paidOrder(t, world, world.residents[0]!.id, [[lineIds[0]!, 11]])) as typeof openOrder;

    const started = await api('POST', '/admin/leader-transfers', { leaderId: world.leaders[0]!.id, reason: 'removal', note: '末位淘汰' });
    expect(started.status).toBe(201);
    transferId = started.body.id;
    expect(started.body).toMatchObject({ status: 'proposed', leaderStatus: 'active', openOrders: 1, membersMoved: 0 });
    expect(started.body.commission.pendingFen).toBe(1089);
    const [point] = started.body.points;
    expect(point.from.id).toBe(oldPoint());
    expect(point.members).toBe(4);
    expect(point.proposed.id).toBe(world.leaders[1]!.pickupPointId);
    expect(point.to.id).toBe(world.leaders[1]!.pickupPointId);
    expect(point.candidates.map((c: { point: { id: string } }) => c.point.id)).toEqual([
      world.leaders[1]!.pickupPointId,
      world.leaders[2]!.pickupPointId,
    ]);

    // Nothing moved yet.
    const bound = await t.ctx.db
      .selectFrom('residents')
      .select('pickup_point_id')
      .where('id', '=', world.residents[0]!.id)
      .executeTakeFirstOrThrow();
    expect(bound.pickup_point_id).toBe(oldPoint());

    const again = await api('POST', '/admin/leader-transfers', { leaderId: world.leaders[0]!.id });
    expect(again.status).toBe(409);

    const own = await api('PUT', `/admin/leader-transfers/${transferId}/points/${oldPoint()}`, { toPointId: oldPoint() });
    expect(own.status).toBe(400);
    expect(own.body.details).toMatchObject({ field: 'toPointId', reason: 'same_leader' });
    expect((await api('PUT', `/admin/leader-transfers/${transferId}/points/${oldPoint()}`, { toPointId: 'pp_nope' })).status).toBe(404);

    const moved = await api('PUT', `/admin/leader-transfers/${transferId}/points/${oldPoint()}`, {
      toPointId: world.leaders[2]!.pickupPointId,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.points[0].to.id).toBe(world.leaders[2]!.pickupPointId);
    expect(moved.body.points[0].proposed.id).toBe(world.leaders[1]!.pickupPointId);
  });

  it('confirms once however often it is asked at once: every member moved exactly once and told', async () => {
    const results = await Promise.all([
      api('POST', `/admin/leader-transfers/${transferId}/confirm`),
      api('POST', `/admin/leader-transfers/${transferId}/confirm`),
      api('POST', `/admin/leader-transfers/${transferId}/confirm`),
    ]);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'confirmed', membersMoved: 4 });
    }
    const last = await api('POST', `/admin/leader-transfers/${transferId}/confirm`);
    expect(last.body).toMatchObject({ status: 'confirmed', membersMoved: 4 });
    expect(last.body.waitingFor).toEqual(['open_orders', 'pending_commission']);

    const target = world.leaders[2]!.pickupPointId;
    const moves = await t.ctx.db.selectFrom('leader_transfer_moves').selectAll().where('transfer_id', '=', transferId).execute();
    expect(moves.map((m) => m.resident_id).sort()).toEqual(world.residents.map((r) => r.id).sort());
    expect(new Set(moves.map((m) => `${m.from_point_id}>${m.to_point_id}`))).toEqual(new Set([`${oldPoint()}>${target}`]));
    const residents = await t.ctx.db
      .selectFrom('residents')
      .select('pickup_point_id')
      .where(
        'id',
        'in',
        world.residents.map((r) => r.id),
      )
      .execute();
    expect(residents.every((r) => r.pickup_point_id === target)).toBe(true);

    const notices = await t.ctx.db
      .selectFrom('notifications')
      .select(['recipient_id', 'body'])
      .where('recipient_kind', '=', 'resident')
      .where('title', '=', '您的自提点已变更')
      .execute();
    expect(notices.map((n) => n.recipient_id).sort()).toEqual(world.residents.map((r) => r.id).sort());
    const targetPoint = await t.ctx.db
      .selectFrom('pickup_points')
      .select(['name', 'address'])
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    for (const n of notices) expect(n.body).toContain(`${targetPoint.name}（${targetPoint.address}`);

    const closed = await t.ctx.db.selectFrom('pickup_points').select('status').where('id', '=', oldPoint()).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    const cancel = await api('POST', `/admin/leader-transfers/${transferId}/cancel`);
    expect(cancel.status).toBe(409);
  });

  it('keeps the open order at its old point; new orders go to the new one; no one binds to the closed point', async () => {
    const order = await t.ctx.db
      .selectFrom('orders')
      .select(['pickup_point_id', 'status'])
      .where('id', '=', openOrder.id)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ pickup_point_id: oldPoint(), status: 'paid' });
    const next = await placeOrder(t.ctx, principal(world, 'resident', world.residents[1]!.id), {
      lines: [{ campaignLineId: lineIds[0]!, quantity: 1 }],
    });
    expect(next.pickup_point_id).toBe(world.leaders[2]!.pickupPointId);
    const resident = await t.login('resident', world.residents[1]!.phone);
    const back = await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: resident, body: { pickupPointId: oldPoint() } });
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('PICKUP_POINT_CLOSED');
  });

  it('the leader, still active, hands the open order out at the old point; the removal waits for the after-sales window', async () => {
    for (const to of ['allocated', 'delivered'] as const) {
      await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [openOrder.id], to));
    }
    t.clock.set('2026-11-21T02:00:00Z');
    const verified = await t.request('POST', '/api/v1/leader/pickups/verify', {
      token: leaderToken,
      body: { code: openOrder.pickup_code, pickupDate: '2026-11-21' },
    });
    expect(verified.status).toBe(200);
    await t.ctx.events.drain();
    const order = await t.ctx.db
      .selectFrom('orders')
      .select(['pickup_point_id', 'status'])
      .where('id', '=', openOrder.id)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ pickup_point_id: oldPoint(), status: 'picked_up' });

    const waiting = await api('POST', `/admin/leader-transfers/${transferId}/complete`);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: 'confirmed', leaderStatus: 'active', openOrders: 0, waitingFor: ['pending_commission'] });
    expect(waiting.body.commission.pendingFen).toBe(1089);
  });

  it('after the window the commission is released and withdrawn once, then the leader is suspended', async () => {
    t.clock.advance(49 * HOUR);
    await t.ctx.jobs.tick(); // the release job, then the sweep completes the transfer
    const done = await api('GET', `/admin/leader-transfers/${transferId}`);
    expect(done.body).toMatchObject({ status: 'completed', leaderStatus: 'suspended', waitingFor: [] });
    expect(done.body.commission).toEqual({ pendingFen: 0, pendingOrders: 0, availableFen: 0, withdrawingFen: 1089 });
    const withdrawals = await t.ctx.db
      .selectFrom('withdrawals')
      .select(['id', 'amount_fen'])
      .where('leader_id', '=', world.leaders[0]!.id)
      .execute();
    expect(withdrawals).toEqual([{ id: done.body.withdrawalId, amount_fen: 1089 }]);

    for (const _ of [1, 2]) {
      expect((await api('POST', `/admin/leader-transfers/${transferId}/complete`)).body.status).toBe('completed');
      await t.ctx.jobs.tick();
    }
    const after = await t.ctx.db.selectFrom('withdrawals').select('id').where('leader_id', '=', world.leaders[0]!.id).execute();
    expect(after).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/leader/me', { token: leaderToken })).status).toBe(401);

    const history = await api('GET', `/admin/leader-transfers?leaderId=${world.leaders[0]!.id}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: transferId, status: 'completed', members: 4, membersMoved: 4, points: 1, requestedBy: 'staff' }),
    ]);
  });
});

describe('the commission a removed leader has left', () => {
  it('is asked out once, below the withdrawal minimum too, however many confirmations finish at once', async () => {
    // Beside leader 2's point, so its member goes there and leader 1 keeps only its own for the leave below.
    const leader = await createLeader(t.ctx, world.operatorId, { lat: 28.225, lng: 112.995 });
    const member = await createResident(t.ctx, world.operatorId, leader.pickupPointId);
    const order = await paidOrder(t, world, member.id, [[lineIds[0]!, 1]]);
    await pickUp(t, world, order.id);
    t.clock.advance(49 * HOUR);
    await t.ctx.jobs.tick(); // released: 0.99 yuan available, below the 10-yuan minimum of a leader's own withdrawal
    const started = await api('POST', '/admin/leader-transfers', { leaderId: leader.id });
    expect(started.body.commission).toMatchObject({ pendingFen: 0, availableFen: 99 });
    const results = await Promise.all([1, 2, 3].map(() => api('POST', `/admin/leader-transfers/${started.body.id}/confirm`)));
    for (const r of results) expect(r.status).toBe(200);
    const done = await api('GET', `/admin/leader-transfers/${started.body.id}`);
    expect(done.body).toMatchObject({ status: 'completed', leaderStatus: 'suspended', membersMoved: 1 });
    expect(done.body.commission).toMatchObject({ availableFen: 0, withdrawingFen: 99 });
    const withdrawals = await t.ctx.db.selectFrom('withdrawals').select(['id', 'amount_fen']).where('leader_id', '=', leader.id).execute();
    expect(withdrawals).toEqual([{ id: done.body.withdrawalId, amount_fen: 99 }]);
  });
});

describe('a leader asks to leave', () => {
  it('proposes a transfer staff confirm; one request at a time', async () => {
    const leaving = world.leaders[1]!;
    const member = await createResident(t.ctx, world.operatorId, leaving.pickupPointId);
    const token = await t.login('leader', leaving.phone);
    expect((await api('GET', '/leader/leave', undefined, token)).body).toEqual({ transfer: null });
    const asked = await api('POST', '/leader/leave', { note: '搬家' }, token);
    expect(asked.status).toBe(201);
    expect(asked.body.transfer).toMatchObject({ status: 'proposed', reason: 'leaving' });
    expect((await api('POST', '/leader/leave', {}, token)).status).toBe(409);
    const detail = await api('GET', `/admin/leader-transfers/${asked.body.transfer.id}`);
    expect(detail.body).toMatchObject({ reason: 'leaving', requestedBy: 'leader', note: '搬家' });
    // leader 0's point is closed now, so leader 2's is the one left.
    expect(detail.body.points[0]).toMatchObject({ members: 1, to: { id: world.leaders[2]!.pickupPointId } });
    const confirmed = await api('POST', `/admin/leader-transfers/${asked.body.transfer.id}/confirm`);
    // Nothing to hand out and no commission: the leave completes at once.
    expect(confirmed.body).toMatchObject({ status: 'completed', leaderStatus: 'suspended', membersMoved: 1 });
    const bound = await t.ctx.db.selectFrom('residents').select('pickup_point_id').where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(bound.pickup_point_id).toBe(world.leaders[2]!.pickupPointId);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    expect((await api('POST', '/admin/leader-transfers', { leaderId: 'ldr_nope' })).status).toBe(404);
    expect((await api('POST', '/admin/leader-transfers', { leaderId: world.leaders[0]!.id })).body.code).toBe('INVALID_STATE');
    expect((await api('POST', '/admin/leader-transfers/ltr_nope/confirm')).status).toBe(404);
    expect((await api('POST', '/admin/leader-transfers', { leaderId: world.leaders[2]!.id, extra: 1 })).status).toBe(400);
    const resident = await t.login('resident', world.residents[0]!.phone);
    expect((await api('GET', '/admin/leader-transfers', undefined, resident)).status).toBe(403);
    expect((await api('POST', '/leader/leave', {}, resident)).status).toBe(403);
  });
});

describe('a closed point still receives the orders placed there', () => {
  let day: TestApp;
  afterAll(() => day?.close());

  it('plans the delivery to the point closed by a transfer', async () => {
    day = await startTestApp('2026-11-20T02:00:00Z');
    const d = await buildDay(day);
    const started = await day.request('POST', '/api/v1/admin/leader-transfers', { token: d.staff, body: { leaderId: d.w.leaders[0]!.id } });
    expect(started.status).toBe(201);
    const confirmed = await day.request('POST', `/api/v1/admin/leader-transfers/${started.body.id}/confirm`, { token: d.staff });
    // Its orders wait to be handed out (their commission is pending too once the ledger has posted them).
    expect(confirmed.body).toMatchObject({ status: 'confirmed', openOrders: 2 });
    expect(confirmed.body.waitingFor[0]).toBe('open_orders');
    const point = await day.ctx.db.selectFrom('pickup_points').select('status').where('id', '=', d.points[0]!).executeTakeFirstOrThrow();
    expect(point.status).toBe('closed');
    const planned = await plan(day, d);
    const stops = planned.routes.flatMap((r: { stops: Array<{ pickupPointId: string }> }) => r.stops.map((s) => s.pickupPointId));
    expect(stops).toContain(d.points[0]);
    expect(planned.unserved).toEqual([]);
  });
});

describe('a leader on probation', () => {
  it('takes no members from a removal: the next good point is proposed', async () => {
    const w = await createWorld(t.ctx, { slug: 'transfer-probation', skus: 1, leaders: 3, residents: 0 });
    await createResident(t.ctx, w.operatorId, w.leaders[0]!.pickupPointId);
    await t.ctx.db
      .insertInto('leader_probations')
      .values({
        id: 'lpr_transfer_test',
        operator_id: w.operatorId,
        leader_id: w.leaders[1]!.id,
        period_kind: 'week',
        period_start: '2026-11-09',
        tail_streak: 2,
        started_at: new Date('2026-11-16T00:00:00Z'),
        ended_at: null,
      })
      .execute();
    const token = await t.login('staff', w.adminPhone, w.slug);
    const started = await t.request('POST', '/api/v1/admin/leader-transfers', { token, body: { leaderId: w.leaders[0]!.id } });
    expect(started.status).toBe(201);
    // Leader 1 is nearer, but on probation (the ranking's tail): leader 2 gets the members.
    expect(started.body.points[0].proposed.id).toBe(w.leaders[2]!.pickupPointId);
    expect(started.body.points[0].candidates.map((c: { point: { id: string } }) => c.point.id)).toEqual([w.leaders[2]!.pickupPointId]);
  });
});
