import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/modules/identity/index.ts';
import { cancelOrder, payOrder } from '../src/modules/ordering/index.ts';
import { createTeamDeal, expireDueTeams, joinTeam, openTeam } from '../src/modules/teambuy/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createStaff, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { paidOrder } from './ledger-fixtures.ts';

// Team buy end to end on one database: deals set up by staff, teams opened and joined by paying,
// formed at their size, failed at their expiry with every member refunded once, extra payers placed.
let t: TestApp;
let world: World;
let staff: Principal;
let campaign: { id: string; lineIds: string[] };
const line = () => campaign.lineIds[0] as string; // group price 1000 fen

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  const s = await createStaff(t.ctx, world.operatorId, ['merchandiser']);
  staff = { kind: 'staff', id: s.id, operatorId: world.operatorId, sessionId: 'test', roles: ['merchandiser'] };
  campaign = await createOpenCampaign(t.ctx, world, { stock: 500, priceFen: 1000 });
});
afterAll(() => t.close());

async function settle() {
  for (let i = 0; i < 4; i++) {
    await t.ctx.events.drain();
    await t.ctx.jobs.tick();
  }
}

function deal(opts: { size?: number; minutes?: number; fill?: boolean; policy?: 'new_team' | 'refund'; newcomers?: boolean } = {}) {
  return createTeamDeal(t.ctx, staff, {
    campaignLineId: line(),
    teamSize: opts.size ?? 2,
    timeLimitMinutes: opts.minutes ?? 30,
    teamPriceFen: 600,
    openerNewcomerOnly: opts.newcomers ?? false,
    operatorMayFill: opts.fill ?? false,
    extraPayerPolicy: opts.policy ?? 'new_team',
  });
}

async function pay(p: Principal, orderId: string) {
  await payOrder(t.ctx, p, orderId, 'instant');
}

/** Opens a team for `opener` (pays and delivers) and returns its id. */
async function opened(dealId: string, opener: Principal): Promise<string> {
  const placed = await openTeam(t.ctx, opener, dealId);
  await pay(opener, placed.order.id);
  await settle();
  const row = await t.ctx.db
    .selectFrom('team_orders')
    .select(['team_id', 'state'])
    .where('order_id', '=', placed.order.id)
    .executeTakeFirstOrThrow();
  expect(row.state).toBe('member');
  return row.team_id as string;
}

const teamRow = (id: string) => t.ctx.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const refundsOf = (orderId: string) =>
  t.ctx.db.selectFrom('refunds').select(['id', 'amount_fen', 'kind']).where('order_id', '=', orderId).execute();
const orderOf = (id: string) =>
  t.ctx.db.selectFrom('orders').select(['status', 'total_fen', 'refunded_fen']).where('id', '=', id).executeTakeFirstOrThrow();
const inbox = (residentId: string) =>
  t.ctx.db.selectFrom('notifications').select(['title', 'body']).where('recipient_id', '=', residentId).orderBy('created_at').execute();

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('setting up a team buy (admin)', () => {
  it('checks the terms and the line; a bad request changes nothing', async () => {
    const token = await t.login('staff', world.adminPhone);
    const before = await t.ctx.db.selectFrom('team_deals').select('id').execute();
    const bad = await t.request('POST', '/api/v1/admin/team-deals', {
      token,
      body: { campaignLineId: line(), teamSize: 3, timeLimitMinutes: 60, teamPriceFen: 1000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'teamPriceFen' } });
    const unknown = await t.request('POST', '/api/v1/admin/team-deals', {
      token,
      body: { campaignLineId: 'cml_nope', teamSize: 3, timeLimitMinutes: 60, teamPriceFen: 500 },
    });
    expect(unknown.status).toBe(404);
    const tooBig = await t.request('POST', '/api/v1/admin/team-deals', {
      token,
      body: { campaignLineId: line(), teamSize: 51, timeLimitMinutes: 60, teamPriceFen: 500 },
    });
    expect(tooBig.status).toBe(400);
    expect(await t.ctx.db.selectFrom('team_deals').select('id').execute()).toHaveLength(before.length);
    expect(await t.ctx.db.selectFrom('promotions').select('id').where('trigger', '=', 'play').execute()).toHaveLength(0);
  });

  it('creates a deal with its play promotion, shown with 模拟成团 off by default', async () => {
    const token = await t.login('staff', world.adminPhone);
    const res = await t.request('POST', '/api/v1/admin/team-deals', {
      token,
      body: { campaignLineId: line(), teamSize: 3, timeLimitMinutes: 60, teamPriceFen: 700 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      teamSize: 3,
      teamPriceFen: 700,
      groupPriceFen: 1000,
      operatorMayFill: false,
      status: 'active',
      extraPayerPolicy: 'new_team',
    });
    const promotion = await t.ctx.db.selectFrom('promotions').selectAll().where('id', '=', res.body.promotionId).executeTakeFirstOrThrow();
    expect(promotion.trigger).toBe('play');
    const paused = await t.request('POST', `/api/v1/admin/team-deals/${res.body.id}/status`, { token, body: { status: 'paused' } });
    expect(paused.body.status).toBe('paused');
    const [resident] = await residentPrincipals(t.ctx, world, 1);
    expect(await code(openTeam(t.ctx, resident as Principal, res.body.id))).toBe('TEAM_DEAL_CLOSED');
    await t.request('POST', `/api/v1/admin/team-deals/${res.body.id}/status`, { token, body: { status: 'ended' } });
    const again = await t.request('POST', `/api/v1/admin/team-deals/${res.body.id}/status`, { token, body: { status: 'active' } });
    expect(again.status).toBe(409);
  });
});

describe('a team of two through the shop', () => {
  it('opens when the opener pays, forms when the second resident pays through the share link, and reports its cost', async () => {
    const dealId = await deal({ size: 2 });
    const [ra, rb] = await residentPrincipals(t.ctx, world, 2);
    const tokenA = await t.login('resident', (await residentPhone(ra as Principal)) as string);
    const tokenB = await t.login('resident', (await residentPhone(rb as Principal)) as string);

    const page = await t.request('GET', `/api/v1/shop/team-deals/${dealId}`, { token: tokenA });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ teamPriceFen: 600, groupPriceFen: 1000, mayOpen: true, openTeams: [] });
    const open = await t.request('POST', `/api/v1/shop/team-deals/${dealId}/teams`, { token: tokenA, body: {} });
    expect(open.status).toBe(201);
    expect(open.body.order.totalFen).toBe(600);
    expect(open.body.wantedTeamId).toBeNull();
    const payA = await t.request('POST', `/api/v1/shop/orders/${open.body.order.id}/payments`, { token: tokenA, body: {} });
    expect((await t.request('POST', '/api/v1/payments/dev/notify', { body: payA.body.devNotification })).status).toBe(200);
    await settle();

    const mine = await t.request('GET', '/api/v1/shop/my-teams', { token: tokenA });
    expect(mine.body.items[0]).toMatchObject({ state: 'member', team: { state: 'open', memberCount: 1, slotsLeft: 1 } });
    const teamId = mine.body.items[0].teamId as string;

    const shared = await t.request('GET', `/api/v1/shop/teams/${teamId}`, { token: tokenB });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ state: 'open', mine: false, slotsLeft: 1 });
    expect(shared.body.members).toHaveLength(1);
    expect(shared.body.members[0].isOpener).toBe(true);
    const join = await t.request('POST', `/api/v1/shop/teams/${teamId}/join`, { token: tokenB, body: {} });
    expect(join.status).toBe(201);
    const payB = await t.request('POST', `/api/v1/shop/orders/${join.body.order.id}/payments`, { token: tokenB, body: {} });
    expect((await t.request('POST', '/api/v1/payments/dev/notify', { body: payB.body.devNotification })).status).toBe(200);
    await settle();

    const formed = await t.request('GET', `/api/v1/shop/teams/${teamId}`, { token: tokenB });
    expect(formed.body).toMatchObject({ state: 'formed', mine: true, memberCount: 2, slotsLeft: 0 });
    expect(formed.body.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'joined', 'formed']);
    expect((await inbox((ra as Principal).id)).map((n) => n.title)).toContain('拼团成功');
    // The formed team's orders go on through the normal day: paid, not refunded.
    expect((await orderOf(open.body.order.id)).status).toBe('paid');
    expect((await orderOf(join.body.order.id)).status).toBe('paid');

    // A third resident cannot join a formed team.
    const [rc] = await residentPrincipals(t.ctx, world, 1);
    expect(await code(joinTeam(t.ctx, rc as Principal, teamId))).toBe('TEAM_NOT_JOINABLE');

    const admin = await t.login('staff', world.adminPhone);
    const report = await t.request('GET', `/api/v1/admin/team-deals/${dealId}`, { token: admin });
    expect(report.body.teams).toMatchObject({ opened: 1, formed: 1, failed: 0, open: 0, filledTeams: 0 });
    expect(report.body.report).toMatchObject({ orders: 2, paidMembers: 2, refundedOrders: 0, costFen: 800, newResidents: 2 });
    const teams = await t.request('GET', `/api/v1/admin/team-deals/${dealId}/teams`, { token: admin });
    expect(teams.body.items[0]).toMatchObject({ state: 'formed', memberCount: 2 });
  });
});

async function residentPhone(p: Principal) {
  return (await t.ctx.db.selectFrom('residents').select('phone').where('id', '=', p.id).executeTakeFirstOrThrow()).phone;
}

describe('a team short at its expiry', () => {
  it('fails: every paid member is refunded in full once and told, an unpaid joiner is cancelled', async () => {
    const dealId = await deal({ size: 3, minutes: 30 });
    const [a, b, c] = (await residentPrincipals(t.ctx, world, 3)) as [Principal, Principal, Principal];
    const teamId = await opened(dealId, a);
    const joinB = await joinTeam(t.ctx, b, teamId);
    await pay(b, joinB.order.id);
    await settle();
    const joinC = await joinTeam(t.ctx, c, teamId); // never paid
    expect((await teamRow(teamId)).member_count).toBe(2);

    t.clock.advance(31 * MINUTE);
    expect(await expireDueTeams(t.ctx)).toBe(1);
    expect(await expireDueTeams(t.ctx)).toBe(0);
    await settle();
    const team = await teamRow(teamId);
    expect(team.state).toBe('failed');
    const aOrder = (
      await t.ctx.db
        .selectFrom('team_members')
        .select('order_id')
        .where('team_id', '=', teamId)
        .where('resident_id', '=', a.id)
        .executeTakeFirstOrThrow()
    ).order_id as string;
    for (const orderId of [aOrder, joinB.order.id]) {
      expect(await refundsOf(orderId)).toEqual([expect.objectContaining({ amount_fen: 600, kind: 'campaign_failed' })]);
      expect(await orderOf(orderId)).toMatchObject({ status: 'refunded', refunded_fen: 600 });
    }
    expect((await orderOf(joinC.order.id)).status).toBe('cancelled');
    for (const r of [a, b]) expect((await inbox(r.id)).filter((n) => n.title === '拼团失败退款')).toHaveLength(1);
    // The report counts the failure; the promotion's discounts came back with the refunds, so it cost nothing.
    const report = await t.request('GET', `/api/v1/admin/team-deals/${dealId}`, { token: await t.login('staff', world.adminPhone) });
    expect(report.body.teams).toMatchObject({ opened: 1, failed: 1, formed: 0 });
    expect(report.body.report).toMatchObject({ orders: 3, paidMembers: 2, refundedOrders: 2, costFen: 0 });
  });

  it('with 模拟成团 allowed, forms with the operator filling the missing slots (counted in the report)', async () => {
    const dealId = await deal({ size: 3, minutes: 20, fill: true });
    const [a] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const teamId = await opened(dealId, a);
    t.clock.advance(21 * MINUTE);
    await expireDueTeams(t.ctx);
    await settle();
    expect(await teamRow(teamId)).toMatchObject({ state: 'formed', member_count: 3, filled_count: 2 });
    const admin = await t.login('staff', world.adminPhone);
    const report = await t.request('GET', `/api/v1/admin/team-deals/${dealId}`, { token: admin });
    expect(report.body.teams).toMatchObject({ formed: 1, filledTeams: 1, filledSlots: 2 });
    expect(report.body.report.paidMembers).toBe(1);
  });

  it('expires at the campaign cutoff when that comes before its time limit', async () => {
    const early = await createOpenCampaign(t.ctx, world, {
      stock: 50,
      priceFen: 1000,
      cutoffAt: new Date(t.clock.now().getTime() + 10 * MINUTE),
    });
    const dealId = await createTeamDeal(t.ctx, staff, {
      campaignLineId: early.lineIds[0] as string,
      teamSize: 2,
      timeLimitMinutes: 120,
      teamPriceFen: 500,
      openerNewcomerOnly: false,
      operatorMayFill: false,
      extraPayerPolicy: 'new_team',
    });
    const [a] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const teamId = await opened(dealId, a);
    const team = await teamRow(teamId);
    expect(new Date(team.expires_at).getTime()).toBe(new Date(t.clock.now().getTime() + 10 * MINUTE).getTime());
  });
});

describe('extra payers and later refunds', () => {
  it('two payers for the last slot: one joins, the other opens a new team (policy new_team)', async () => {
    const dealId = await deal({ size: 2, policy: 'new_team' });
    const [a, b, c] = (await residentPrincipals(t.ctx, world, 3)) as [Principal, Principal, Principal];
    const teamId = await opened(dealId, a);
    const jb = await joinTeam(t.ctx, b, teamId);
    const jc = await joinTeam(t.ctx, c, teamId);
    await pay(b, jb.order.id);
    await pay(c, jc.order.id);
    await settle();
    expect(await teamRow(teamId)).toMatchObject({ state: 'formed', member_count: 2 });
    const cRow = await t.ctx.db.selectFrom('team_orders').selectAll().where('order_id', '=', jc.order.id).executeTakeFirstOrThrow();
    expect(cRow.state).toBe('member');
    expect(cRow.team_id).not.toBe(teamId);
    expect(await teamRow(cRow.team_id as string)).toMatchObject({ state: 'open', opener_id: c.id, member_count: 1 });
  });

  it('with policy refund, the extra payer is refunded in full', async () => {
    const dealId = await deal({ size: 2, policy: 'refund' });
    const [a, b, c] = (await residentPrincipals(t.ctx, world, 3)) as [Principal, Principal, Principal];
    const teamId = await opened(dealId, a);
    const jb = await joinTeam(t.ctx, b, teamId);
    const jc = await joinTeam(t.ctx, c, teamId);
    await pay(b, jb.order.id);
    await pay(c, jc.order.id);
    await settle();
    expect(await teamRow(teamId)).toMatchObject({ state: 'formed', member_count: 2 });
    expect(await orderOf(jc.order.id)).toMatchObject({ status: 'refunded', refunded_fen: 600 });
    expect(await refundsOf(jc.order.id)).toHaveLength(1);
  });

  it("a member's later refund leaves the team formed and the others' price alone; the history shows it", async () => {
    const dealId = await deal({ size: 2 });
    const [a, b] = (await residentPrincipals(t.ctx, world, 2)) as [Principal, Principal];
    const teamId = await opened(dealId, a);
    const jb = await joinTeam(t.ctx, b, teamId);
    await pay(b, jb.order.id);
    await settle();
    await cancelOrder(t.ctx, b, jb.order.id, 'changed my mind');
    await settle();
    expect(await teamRow(teamId)).toMatchObject({ state: 'formed', member_count: 2 });
    const history = await t.ctx.db
      .selectFrom('team_history')
      .select(['kind', 'amount_fen'])
      .where('team_id', '=', teamId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['opened', 'joined', 'formed', 'member_refunded']);
    expect(history[3]?.amount_fen).toBe(600);
    const aMember = await t.ctx.db
      .selectFrom('team_members')
      .select(['order_id', 'refunded_fen'])
      .where('team_id', '=', teamId)
      .where('resident_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(aMember.refunded_fen).toBe(0);
    expect((await orderOf(aMember.order_id as string)).status).toBe('paid');
  });

  it('an order at the team price is written with its team order or not at all', async () => {
    const dealId = await deal({ size: 2 });
    const [resident] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const ordersOfResident = () => t.ctx.db.selectFrom('orders').select('id').where('resident_id', '=', resident.id).execute();
    // The team order's write fails (as a crash between the two would leave it): no order may be left behind.
    await sql`create function linli_test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'team order refused for the test'; end $$`.execute(t.ctx.db);
    await sql`create trigger linli_test_refuse before insert on team_orders for each row execute function linli_test_refuse()`.execute(
      t.ctx.db,
    );
    try {
      await expect(openTeam(t.ctx, resident, dealId, { idempotencyKey: 'team-atomic-1' })).rejects.toThrow(/refused for the test/);
    } finally {
      await sql`drop trigger linli_test_refuse on team_orders`.execute(t.ctx.db);
      await sql`drop function linli_test_refuse()`.execute(t.ctx.db);
    }
    expect(await ordersOfResident()).toEqual([]);
    // The same submission again goes through, with its team order.
    const placed = await openTeam(t.ctx, resident, dealId, { idempotencyKey: 'team-atomic-1' });
    expect((await ordersOfResident()).map((o) => o.id)).toEqual([placed.order.id]);
    const intent = await t.ctx.db
      .selectFrom('team_orders')
      .select(['state', 'deal_id'])
      .where('order_id', '=', placed.order.id)
      .executeTakeFirstOrThrow();
    expect(intent).toEqual({ state: 'pending', deal_id: dealId });
    // Retried, it answers with the same order.
    expect((await openTeam(t.ctx, resident, dealId, { idempotencyKey: 'team-atomic-1' })).order.id).toBe(placed.order.id);
  });

  it('a newcomers-only deal refuses an opener who has ordered before', async () => {
    const dealId = await deal({ size: 2, newcomers: true });
    const [veteran, fresh] = (await residentPrincipals(t.ctx, world, 2)) as [Principal, Principal];
    await paidOrder(t, world, veteran.id, [[line(), 1]]);
    expect(await code(openTeam(t.ctx, veteran, dealId))).toBe('TEAM_NEWCOMERS_ONLY');
    const teamId = await opened(dealId, fresh);
    // A veteran may still join.
    const jv = await joinTeam(t.ctx, veteran, teamId);
    await pay(veteran, jv.order.id);
    await settle();
    expect((await teamRow(teamId)).state).toBe('formed');
  });

  it('the leader sees deals to share with a link carrying their id, and what it brought', async () => {
    const dealId = await deal({ size: 2 });
    const leader = world.leaders[0] as { id: string; phone: string };
    const token = await t.login('leader', leader.phone);
    const [a] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const placed = await openTeam(t.ctx, a, dealId, { leaderId: leader.id });
    await pay(a, placed.order.id);
    await settle();
    const res = await t.request('GET', '/api/v1/leader/team-deals', { token });
    expect(res.status).toBe(200);
    const mine = res.body.items.find((d: { id: string }) => d.id === dealId);
    expect(mine).toMatchObject({ sharePath: `/shop/team-deals/${dealId}?leader=${leader.id}`, myOrders: 1, myMembers: 1 });
    // A link naming no leader of the operator's credits nobody.
    const [b] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
    const forged = await openTeam(t.ctx, b, dealId, { leaderId: 'ldr_nobody' });
    const row = await t.ctx.db
      .selectFrom('team_orders')
      .select('shared_by_leader_id')
      .where('order_id', '=', forged.order.id)
      .executeTakeFirstOrThrow();
    expect(row.shared_by_leader_id).toBeNull();
  });
});

describe('the OpenAPI document', () => {
  it('lists the team buy routes', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/api/v1/admin/team-deals', 'get'],
      ['/api/v1/admin/team-deals', 'post'],
      ['/api/v1/admin/team-deals/{id}', 'get'],
      ['/api/v1/admin/team-deals/{id}/status', 'post'],
      ['/api/v1/admin/team-deals/{id}/teams', 'get'],
      ['/api/v1/shop/team-deals', 'get'],
      ['/api/v1/shop/team-deals/{id}', 'get'],
      ['/api/v1/shop/team-deals/{id}/teams', 'post'],
      ['/api/v1/shop/teams/{id}', 'get'],
      ['/api/v1/shop/teams/{id}/join', 'post'],
      ['/api/v1/shop/my-teams', 'get'],
      ['/api/v1/leader/team-deals', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
