import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { Principal } from '../src/modules/identity/index.ts';
import { payOrder } from '../src/modules/ordering/index.ts';
import { sendPendingRefunds } from '../src/modules/payment/refund.sender.ts';
import { admitPaidOrder, createTeamDeal, expireDueTeams, expireTeam, joinTeam, openTeam } from '../src/modules/teambuy/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// The team buy's races. On PostgreSQL a second app on the same database plays a second server
// process (its own pool, dispatcher and sweeps); on PGlite, one connection, the same calls race
// inside one app.
let t: TestApp;
let world: World;
let other: App | undefined;
let b: App['ctx'];
let staff: Principal;
let lineId: string;

beforeAll(async () => {
  t = await startTestApp();
  other = await t.twin();
  b = other?.ctx ?? t.ctx;
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  const s = await createStaff(t.ctx, world.operatorId, ['merchandiser']);
  staff = { kind: 'staff', id: s.id, operatorId: world.operatorId, sessionId: 'test', roles: ['merchandiser'] };
  const campaign = await createOpenCampaign(t.ctx, world, {
    stock: 5000,
    priceFen: 1000,
    cutoffAt: new Date(t.clock.now().getTime() + 48 * 60 * MINUTE),
  });
  lineId = campaign.lineIds[0] as string;
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

const both = () => [t.ctx, b];

async function settle() {
  for (let i = 0; i < 4; i++) {
    await Promise.all(both().map((c) => c.events.drain()));
    await Promise.all(both().map((c) => c.jobs.tick()));
  }
}

function deal(size: number, policy: 'new_team' | 'refund', minutes = 30) {
  return createTeamDeal(t.ctx, staff, {
    campaignLineId: lineId,
    teamSize: size,
    timeLimitMinutes: minutes,
    teamPriceFen: 600,
    openerNewcomerOnly: false,
    operatorMayFill: false,
    extraPayerPolicy: policy,
  });
}

async function openedTeam(dealId: string): Promise<{ teamId: string; opener: Principal; orderId: string }> {
  const [opener] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
  const placed = await openTeam(t.ctx, opener, dealId);
  await payOrder(t.ctx, opener, placed.order.id, 'instant');
  await settle();
  const row = await t.ctx.db.selectFrom('team_orders').select('team_id').where('order_id', '=', placed.order.id).executeTakeFirstOrThrow();
  return { teamId: row.team_id as string, opener, orderId: placed.order.id };
}

const teamRow = (id: string) => t.ctx.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const membersOf = (id: string) => t.ctx.db.selectFrom('team_members').selectAll().where('team_id', '=', id).execute();
const refundsOf = (orderIds: string[]) =>
  t.ctx.db.selectFrom('refunds').select(['order_id', 'amount_fen', 'kind']).where('order_id', 'in', orderIds).execute();

describe('the last-slot race', () => {
  it.each([
    ['through the event delivery of both processes', 'events'],
    ['through direct admissions racing in separate transactions on both processes', 'direct'],
  ] as const)('N+1 payers for N slots give exactly N members, the extra in a new team (%s)', async (_name, path) => {
    for (let round = 0; round < 3; round++) {
      const size = 5;
      const dealId = await deal(size, 'new_team');
      const { teamId } = await openedTeam(dealId);
      const slots = size - 1;
      const joiners = await residentPrincipals(t.ctx, world, slots + 1);
      const orders: string[] = [];
      for (const j of joiners) orders.push((await joinTeam(t.ctx, j, teamId)).order.id);
      // Everyone pays at once, half of them through the other process.
      await Promise.all(joiners.map((j, i) => payOrder(i % 2 ? b : t.ctx, j, orders[i] as string, 'instant')));
      if (path === 'direct') {
        await Promise.all(
          orders.map((orderId, i) => {
            const ctx = i % 2 ? b : t.ctx;
            return ctx.db.transaction().execute((trx) => admitPaidOrder(ctx, trx, world.operatorId, orderId));
          }),
        );
      }
      await settle();
      const team = await teamRow(teamId);
      expect(team).toMatchObject({ state: 'formed', member_count: size });
      expect(await membersOf(teamId)).toHaveLength(size);
      const decided = await t.ctx.db
        .selectFrom('team_orders')
        .select(['order_id', 'state', 'team_id'])
        .where('order_id', 'in', orders)
        .execute();
      expect(decided.every((d) => d.state === 'member')).toBe(true);
      const elsewhere = decided.filter((d) => d.team_id !== teamId);
      expect(elsewhere).toHaveLength(1);
      const extraTeam = await teamRow(elsewhere[0]?.team_id as string);
      expect(extraTeam).toMatchObject({ state: 'open', member_count: 1, deal_id: dealId });
      expect(await refundsOf(orders)).toEqual([]);
    }
  });
});

describe('team expiry racing the last payment', () => {
  async function round(paidBeforeExpiry: boolean, i: number) {
    const dealId = await deal(2, 'refund', 5);
    const { teamId, orderId: openerOrder } = await openedTeam(dealId);
    const [last] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const lastOrder = (await joinTeam(t.ctx, last, teamId)).order.id;
    const expiresAt = new Date((await teamRow(teamId)).expires_at);
    const payer = i % 2 ? b : t.ctx;
    let race: Array<Promise<unknown>>;
    if (paidBeforeExpiry) {
      // Paid a millisecond before the expiry; its order.paid is delivered while both processes sweep at the expiry.
      t.clock.set(new Date(expiresAt.getTime() - 1));
      await payOrder(payer, last, lastOrder, 'instant');
      t.clock.set(expiresAt);
      race = [
        t.ctx.events.drain(),
        b.events.drain(),
        expireTeam(t.ctx, world.operatorId, teamId),
        expireTeam(b, world.operatorId, teamId),
        expireDueTeams(b),
      ];
    } else {
      // Paid at the expiry, racing both processes' sweeps.
      t.clock.set(expiresAt);
      race = [
        payOrder(payer, last, lastOrder, 'instant'),
        expireTeam(t.ctx, world.operatorId, teamId),
        expireTeam(b, world.operatorId, teamId),
        b.events.drain(),
      ];
    }
    await Promise.allSettled(race);
    await settle();
    await Promise.all(both().map((c) => expireDueTeams(c)));
    await settle();
    await Promise.all(both().map((c) => sendPendingRefunds(c)));
    const after = await teamRow(teamId);
    const members = await membersOf(teamId);
    const refunds = await refundsOf([openerOrder, lastOrder]);
    const paid = await t.ctx.db
      .selectFrom('payments')
      .select('order_id')
      .where('order_id', 'in', [openerOrder, lastOrder])
      .where('status', '=', 'succeeded')
      .execute();
    if (paidBeforeExpiry) {
      // A payment made in time is never lost to the sweep: the team forms with it.
      expect(after).toMatchObject({ state: 'formed', member_count: 2 });
      expect(members).toHaveLength(2);
      expect(refunds).toEqual([]);
    } else {
      expect(after).toMatchObject({ state: 'failed', member_count: 1 });
      expect(members).toHaveLength(1);
      // Every payment that went through is refunded, once.
      for (const p of paid) expect(refunds.filter((r) => r.order_id === p.order_id)).toHaveLength(1);
      expect(refunds).toHaveLength(paid.length);
      for (const r of refunds) expect(r.amount_fen).toBe(600);
    }
    t.clock.advance(MINUTE);
  }

  it('a payment a moment before the expiry forms the team, whichever process delivers or sweeps first', async () => {
    for (let i = 0; i < 6; i++) await round(true, i);
  });

  it('a payment at the expiry loses to it: the team fails, and every payment made is refunded exactly once', async () => {
    for (let i = 0; i < 6; i++) await round(false, i);
  });
});

describe('a failed team under two processes', () => {
  it('refunds every member exactly once, tells each once, and the provider is asked once per refund', async () => {
    const dealId = await deal(4, 'new_team', 10);
    const { teamId, opener, orderId } = await openedTeam(dealId);
    const joiners = await residentPrincipals(t.ctx, world, 2);
    const orders = [orderId];
    for (const j of joiners) {
      const o = (await joinTeam(t.ctx, j, teamId)).order.id;
      await payOrder(t.ctx, j, o, 'instant');
      orders.push(o);
    }
    await settle();
    expect((await teamRow(teamId)).member_count).toBe(3);
    t.clock.advance(11 * MINUTE);
    const results = await Promise.all([
      expireTeam(t.ctx, world.operatorId, teamId),
      expireTeam(b, world.operatorId, teamId),
      expireDueTeams(t.ctx),
      expireDueTeams(b),
      t.ctx.jobs.tick(),
      b.jobs.tick(),
    ]);
    expect(results.slice(0, 2).filter((r) => r === 'failed').length).toBeLessThanOrEqual(1);
    await settle();
    await Promise.all([sendPendingRefunds(t.ctx), sendPendingRefunds(b), sendPendingRefunds(t.ctx)]);
    expect((await teamRow(teamId)).state).toBe('failed');
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['order_id', 'amount_fen', 'status', 'attempts'])
      .where('order_id', 'in', orders)
      .execute();
    expect(refunds).toHaveLength(3);
    expect(new Set(refunds.map((r) => r.order_id))).toEqual(new Set(orders));
    expect(refunds.every((r) => r.amount_fen === 600 && r.status === 'succeeded' && r.attempts === 1)).toBe(true);
    const failedEvents = await t.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('event_type', '=', 'team.failed')
      .where('aggregate_id', '=', teamId)
      .execute();
    expect(failedEvents).toHaveLength(1);
    for (const r of [opener, ...joiners]) {
      const told = await t.ctx.db
        .selectFrom('notifications')
        .select('id')
        .where('recipient_id', '=', r.id)
        .where('title', '=', '拼团失败退款')
        .execute();
      expect(told).toHaveLength(1);
    }
  });
});
