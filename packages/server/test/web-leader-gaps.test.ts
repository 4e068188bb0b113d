import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent, paidOrder } from './ledger-fixtures.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

let t: TestApp;
let world: World;
let lineIds: string[];
let leader: string;
let otherLeader: string;
let admin: string;
let finance: string;

const resident = (i: number) => world.residents[i] as { id: string; phone: string };
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const as = (token: string, method: string, url: string, body?: object) =>
  t.request(method, `/api/v1${url}`, body === undefined ? { token } : { token, body });

// 2026-11-20 10:00 in Asia/Shanghai; the orders are picked up on the 21st.
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 2 });
  await t.ctx.db.updateTable('residents').set({ name: '李阿姨' }).where('id', '=', resident(0).id).execute();
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  leader = await t.login('leader', world.leaders[0]!.phone);
  otherLeader = await t.login('leader', world.leaders[1]!.phone);
  admin = await t.login('staff', world.adminPhone);
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
});
afterAll(() => t.close());

let partly: Awaited<ReturnType<typeof fulfilledOrder>>;
let untouched: Awaited<ReturnType<typeof fulfilledOrder>>;

describe('pickup answers name who collects', () => {
  it('find, verify and the hand-out list give the resident’s name and masked phone; the resident’s own ticket does not', async () => {
    partly = await fulfilledOrder(t, world, resident(0).id, [
      [lineIds[0]!, 2],
      [lineIds[1]!, 1],
    ]);
    untouched = await fulfilledOrder(t, world, resident(1).id, [[lineIds[0]!, 1]]);
    t.clock.set('2026-11-21T01:00:00Z');

    const found = await as(leader, 'POST', '/leader/pickups/find', { code: partly.pickup_code });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ orderId: partly.id, residentName: '李阿姨', residentPhone: masked(resident(0).phone) });
    expect(found.body.residentPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);

    const verified = await as(leader, 'POST', '/leader/pickups/verify', { code: partly.pickup_code, orderLineIds: [partly.lines[0]!.id] });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.order).toMatchObject({ state: 'partly', residentName: '李阿姨', residentPhone: masked(resident(0).phone) });

    const list = await as(leader, 'GET', '/leader/pickups');
    expect(list.body.items.map((o: { orderId: string; residentPhone: string }) => [o.orderId, o.residentPhone])).toEqual(
      expect.arrayContaining([
        [partly.id, masked(resident(0).phone)],
        [untouched.id, masked(resident(1).phone)],
      ]),
    );

    const ticket = await as(await t.login('resident', resident(0).phone), 'GET', `/shop/orders/${partly.id}/pickup`);
    expect(ticket.status).toBe(200);
    expect(Object.keys(ticket.body)).not.toContain('residentName');
    expect(Object.keys(ticket.body)).not.toContain('residentPhone');
    expect((await as(otherLeader, 'POST', '/leader/pickups/find', { code: partly.pickup_code })).body.code).toBe('NOT_FOUND');
  });
});

describe('unpicked answers carry the resident and what each line is', () => {
  it('for the leader and the warehouse, listed and closed', async () => {
    t.clock.set('2026-11-23T16:00:00Z'); // the 24th in Shanghai: past the pickup date and the 2 grace days
    await t.ctx.jobs.tick();

    const mine = await as(leader, 'GET', '/leader/unpicked');
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const byOrder = new Map(mine.body.items.map((u: { orderId: string }) => [u.orderId, u]));
    expect(byOrder.get(partly.id)).toMatchObject({
      residentName: '李阿姨',
      residentPhone: masked(resident(0).phone),
      lines: [{ orderLineId: partly.lines[1]!.id, title: partly.lines[1]!.title, quantity: 1 }],
    });
    expect(byOrder.get(untouched.id)).toMatchObject({
      residentPhone: masked(resident(1).phone),
      lines: [{ orderLineId: untouched.lines[0]!.id, title: untouched.lines[0]!.title, quantity: 1 }],
    });
    expect(partly.lines[1]!.title.length).toBeGreaterThan(0);
    expect((await as(otherLeader, 'GET', '/leader/unpicked')).body.total).toBe(0);

    const all = await as(admin, 'GET', '/admin/unpicked?status=to_return');
    expect(all.body.items.find((u: { orderId: string }) => u.orderId === partly.id)).toEqual(byOrder.get(partly.id));

    const warehouse = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['warehouse'])).phone);
    const returned = await as(warehouse, 'POST', `/admin/unpicked/${untouched.id}/return`);
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      residentName: expect.any(String),
      residentPhone: masked(resident(1).phone),
      lines: [{ title: untouched.lines[0]!.title, quantity: 1 }],
    });
  });
});

describe("the leader's summary answers the withdrawal policy", () => {
  const summary = async (query = '') => (await as(leader, 'GET', `/leader/summary${query}`)).body;
  const ask = (amountFen: number) => as(leader, 'POST', '/leader/withdrawals', { amountFen });

  it('as finance sets it, with what was asked today, counted as the withdrawal service counts it', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    expect((await summary()).withdrawal).toEqual({ minFen: 1000, feeBp: 0, dailyLimitFen: 500_000, withdrawnTodayFen: 0 });

    const { lineIds: later } = await createOpenCampaign(t.ctx, world, {
      pickupDate: '2026-11-30',
      cutoffAt: new Date('2026-12-31T00:00:00Z'),
      priceFen: 10_000,
    });
    const order = await paidOrder(t, world, resident(0).id, [[later[0]!, 3]]); // commission 30.00
    await emitEvent(t, world, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
    t.clock.advance(48 * HOUR + 1000); // 2026-11-26 10:00 in Shanghai: the commission is available
    await t.ctx.jobs.tick();
    expect((await summary()).commissionAvailableFen).toBe(3000);

    const policy = await as(finance, 'PATCH', '/admin/finance/policy', {
      withdrawalMinFen: 1500,
      withdrawalFeeBp: 60,
      withdrawalDailyLimitFen: 2500,
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    expect((await summary()).withdrawal).toEqual({ minFen: 1500, feeBp: 60, dailyLimitFen: 2500, withdrawnTodayFen: 0 });

    const first = await ask(1500);
    expect(first.body).toMatchObject({ amountFen: 1500, feeFen: 9, netFen: 1491 });
    expect((await summary()).withdrawal.withdrawnTodayFen).toBe(1500);
    await as(finance, 'PATCH', '/admin/finance/policy', { withdrawalMinFen: 1000 });
    const after = (await summary()).withdrawal;
    expect(after).toMatchObject({ minFen: 1000, withdrawnTodayFen: 1500 });
    // What the screen checks is what the server refuses: over the rest of the day's limit, or below the minimum.
    expect((await ask(after.dailyLimitFen - after.withdrawnTodayFen + 1)).body.code).toBe('LIMIT_EXCEEDED');
    expect((await ask(after.minFen - 1)).body.code).toBe('VALIDATION_FAILED');
    const second = await ask(after.dailyLimitFen - after.withdrawnTodayFen);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await summary()).withdrawal).toEqual({ minFen: 1000, feeBp: 60, dailyLimitFen: 2500, withdrawnTodayFen: 2500 });
    const rejected = await as(finance, 'POST', `/admin/finance/withdrawals/${second.body.id}/reject`, { reason: '账户信息有误' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect((await summary()).withdrawal.withdrawnTodayFen).toBe(1500);
    expect((await summary('?date=2026-11-20')).withdrawal.withdrawnTodayFen).toBe(1500); // always today's
    expect((await as(otherLeader, 'GET', '/leader/summary')).body.withdrawal.withdrawnTodayFen).toBe(0);

    t.clock.set('2026-11-26T15:59:00Z'); // 23:59 in Shanghai: still the same business day
    expect((await summary()).withdrawal.withdrawnTodayFen).toBe(1500);
    t.clock.set('2026-11-26T16:00:00Z'); // midnight: a new day, a new limit
    expect((await summary()).withdrawal.withdrawnTodayFen).toBe(0);
  });
});
