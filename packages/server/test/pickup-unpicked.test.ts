import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createWorld, createOpenCampaign, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { eventsOf, fulfilledOrder } from './pickup-fixtures.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let leaderToken: string;
let adminToken: string;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 2 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  leaderToken = await t.login('leader', world.leaders[0]!.phone);
  adminToken = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

async function unpickedRow(orderId: string) {
  return t.ctx.db.selectFrom('unpicked_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}
const orderStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('unpicked orders', () => {
  it('go back to the warehouse after the grace days, unrefunded by default; picked orders are left alone', async () => {
    const settings = await t.request('GET', '/api/v1/admin/aftersales-settings', { token: adminToken });
    expect(settings.body).toEqual({
      unpickedAfterDays: 2,
      unpickedRule: 'return_to_warehouse',
      unpickedRefund: false,
      claimWindowHours: 48,
    });
    const partly = await fulfilledOrder(t, world, world.residents[0]!.id, [
      [lineIds[0]!, 2],
      [lineIds[1]!, 1],
    ]);
    const untouched = await fulfilledOrder(t, world, world.residents[1]!.id, [[lineIds[0]!, 1]]);
    const picked = await fulfilledOrder(t, world, world.residents[1]!.id, [[lineIds[1]!, 1]]);
    t.clock.set('2026-11-21T01:00:00Z');
    const verify = (body: object) => t.request('POST', '/api/v1/leader/pickups/verify', { token: leaderToken, body });
    expect((await verify({ code: partly.pickup_code, orderLineIds: [partly.lines[0]!.id] })).status).toBe(200);
    expect((await verify({ code: picked.pickup_code })).status).toBe(200);

    t.clock.set('2026-11-23T15:59:00Z'); // 23:59 on the 23rd in Shanghai: still the pickup period
    await t.ctx.jobs.tick();
    expect(await unpickedRow(partly.id)).toBeUndefined();

    t.clock.set('2026-11-23T16:00:00Z'); // midnight: the 24th
    await t.ctx.jobs.tick();
    const row = await unpickedRow(partly.id);
    expect(row).toMatchObject({ rule: 'return_to_warehouse', status: 'to_return', refund_id: null });
    expect(row?.lines).toEqual([{ orderLineId: partly.lines[1]!.id, quantity: 1 }]);
    expect(await unpickedRow(untouched.id)).toMatchObject({ status: 'to_return' });
    expect(await unpickedRow(picked.id)).toBeUndefined();
    expect(await orderStatus(partly.id)).toBe('delivered');
    expect(await eventsOf(t, 'order.unpicked', partly.id)).toEqual([{ orderId: partly.id, rule: 'return_to_warehouse' }]);
    const refunds = await t.ctx.db.selectFrom('refunds').select('id').where('order_id', '=', partly.id).execute();
    expect(refunds).toHaveLength(0);

    await t.ctx.jobs.tick();
    expect(await eventsOf(t, 'order.unpicked', partly.id)).toHaveLength(1);

    const late = await verify({ code: partly.pickup_code, pickupDate: '2026-11-21' });
    expect(late.body).toMatchObject({ code: 'INVALID_STATE' });

    const listed = await t.request('GET', '/api/v1/leader/unpicked?status=to_return', { token: leaderToken });
    expect(listed.body.total).toBe(2);
    const cannotDispose = await t.request('POST', `/api/v1/leader/unpicked/${partly.id}/disposal`, { token: leaderToken });
    expect(cannotDispose.body.code).toBe('INVALID_STATE');
    const warehouse = await createStaff(t.ctx, world.operatorId, ['warehouse']);
    const warehouseToken = await t.login('staff', warehouse.phone);
    const returned = await t.request('POST', `/api/v1/admin/unpicked/${partly.id}/return`, { token: warehouseToken });
    expect(returned.body).toMatchObject({ status: 'returned', orderId: partly.id });
    const twice = await t.request('POST', `/api/v1/admin/unpicked/${partly.id}/return`, { token: warehouseToken });
    expect(twice.body.code).toBe('INVALID_STATE');
  });

  it('are disposed of by the leader and refunded when the operator says so', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    const changed = await t.request('PATCH', '/api/v1/admin/aftersales-settings', {
      token: adminToken,
      body: { unpickedRule: 'leader_disposal', unpickedRefund: true, unpickedAfterDays: 1 },
    });
    expect(changed.body).toMatchObject({ unpickedRule: 'leader_disposal', unpickedRefund: true, unpickedAfterDays: 1 });
    const support = await createStaff(t.ctx, world.operatorId, ['support']);
    const forbidden = await t.request('PATCH', '/api/v1/admin/aftersales-settings', {
      token: await t.login('staff', support.phone),
      body: { unpickedAfterDays: 5 },
    });
    expect(forbidden.status).toBe(403);

    const { lineIds: later } = await createOpenCampaign(t.ctx, world, {
      pickupDate: '2026-11-25',
      cutoffAt: new Date('2026-12-31T00:00:00Z'),
    });
    const order = await fulfilledOrder(t, world, world.residents[0]!.id, [[later[0]!, 2]]);
    t.clock.set('2026-11-26T16:00:00Z'); // the 27th in Shanghai: past the 25th plus one day
    await t.ctx.jobs.tick();
    const row = await unpickedRow(order.id);
    expect(row).toMatchObject({ rule: 'leader_disposal', status: 'to_dispose' });
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(refund).toMatchObject({ kind: 'unpicked', blame: 'none', amount_fen: order.total_fen, id: row?.refund_id });
    expect(await orderStatus(order.id)).toBe('refunded');

    const other = await t.login('leader', world.leaders[1]!.phone);
    expect((await t.request('POST', `/api/v1/leader/unpicked/${order.id}/disposal`, { token: other })).body.code).toBe('NOT_FOUND');
    const disposed = await t.request('POST', `/api/v1/leader/unpicked/${order.id}/disposal`, { token: leaderToken });
    expect(disposed.body).toMatchObject({ status: 'disposed', rule: 'leader_disposal' });
    const all = await t.request('GET', '/api/v1/admin/unpicked?status=disposed', { token: adminToken });
    expect(all.body.items.map((u: { orderId: string }) => u.orderId)).toEqual([order.id]);
  });
});
