import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/index.ts';
import { sweepBonuses, sweepOverrideCorrections, sweepOverrides } from '../src/modules/leader-recruiting/index.ts';
import { leaderStatement } from '../src/modules/settlement/statements.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createResident, createWorld, nextPhone, type World } from './fixtures.ts';
import { paidOrder, pickUp, refund } from './ledger-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * Leader recruiting on the real database: the referral recorded when staff approve a referred
 * application, the abuse limits refusing self-recruiting, the bonus posted once after N pickups
 * and the override once per day, whatever runs the sweeps, with the ledger balancing.
 */

let t: TestApp;
let world: World;
let admin: string;
let A: { id: string; phone: string; pickupPointId: string };

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
  A = world.leaders[0] as typeof A;
  admin = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

async function settle() {
  for (let i = 0; i < 3; i++) {
    await t.ctx.events.drain();
    await t.ctx.jobs.tick();
  }
}

/** A new resident applies with `ref` and the proposed point; staff approve. Returns the application. */
async function recruit(ref: string | undefined, at: { lat: number; lng: number }, opts: { boundTo?: string } = {}) {
  t.clock.advance(60_000);
  const phone = nextPhone();
  const token = await t.login('resident', phone);
  if (opts.boundTo) {
    await t.ctx.db.updateTable('residents').set({ pickup_point_id: opts.boundTo }).where('phone', '=', phone).execute();
  }
  const applied = await t.request('POST', '/api/v1/shop/leader-applications', {
    token,
    body: {
      name: `新团长${phone.slice(-4)}`,
      pickupPoint: { name: `新点${phone.slice(-4)}`, address: '岳麓区1号', ...at, openingHours: '08:00-21:00' },
      note: '想做团长',
      ...(ref ? { ref } : {}),
    },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const approved = await t.request('POST', `/api/v1/admin/leader-applications/${applied.body.id}/approve`, { token: admin, body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body as { id: string; leaderId: string; pickupPointId: string };
}

let orderNo = 0;
async function pickedUp(
  leaderId: string,
  pointId: string,
  pickupDate: string,
  totalFen: number,
  status: 'picked_up' | 'paid' = 'picked_up',
) {
  await t.ctx.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    orderNo++;
    await trx
      .insertInto('orders')
      .values({
        id: newId('ord'),
        operator_id: world.operatorId,
        order_no: `R${String(orderNo).padStart(8, '0')}`,
        resident_id: world.residents[0]?.id as string,
        pickup_point_id: pointId,
        leader_id: leaderId,
        pickup_date: pickupDate,
        status,
        pickup_code: String(200000 + orderNo),
        total_fen: totalFen,
        expires_at: new Date('2026-12-30T00:00:00Z'),
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
        paid_at: t.clock.now(),
      })
      .execute();
  });
}

const referralsOf = () =>
  t.ctx.db.selectFrom('recruit_referrals').selectAll().where('operator_id', '=', world.operatorId).orderBy('created_at').execute();
const entries = (prefix: string) =>
  t.ctx.db
    .selectFrom('journal_entries')
    .selectAll()
    .where('operator_id', '=', world.operatorId)
    .where('idempotency_key', 'like', `${prefix}%`)
    .execute();

describe('leader recruiting', () => {
  let good: { id: string; leaderId: string; pickupPointId: string };

  it('staff set the terms (off by default)', async () => {
    const before = await t.request('GET', '/api/v1/admin/recruiting/settings', { token: admin });
    expect(before.body).toMatchObject({ enabled: false, bonusFen: 5000, bonusPickups: 10 });
    const bad = await t.request('PUT', '/api/v1/admin/recruiting/settings', {
      token: admin,
      body: { enabled: true, bonusFen: -1, bonusPickups: 0, overrideBp: 100, overrideDays: 3 },
    });
    expect(bad.status).toBe(400);
    const saved = await t.request('PUT', '/api/v1/admin/recruiting/settings', {
      token: admin,
      body: { enabled: true, bonusFen: 5000, bonusPickups: 2, overrideBp: 1000, overrideDays: 3 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, bonusFen: 5000, bonusPickups: 2, overrideBp: 1000, overrideDays: 3 });
  });

  it('a referred application is recorded on approval; self-recruiting is refused; a ref that is not a leader is ignored', async () => {
    good = await recruit(A.id, { lat: 28.3, lng: 113.2 });
    await recruit(A.id, { lat: 28.2003, lng: 112.97 }); // another phone at A's point (about 33 m)
    await recruit(A.id, { lat: 28.35, lng: 113.25 }, { boundTo: A.pickupPointId }); // a member of A's point
    const ignored = await recruit('ldr_nobody', { lat: 28.4, lng: 113.3 });
    const app = await t.ctx.db
      .selectFrom('leader_applications')
      .select('referrer_id')
      .where('id', '=', ignored.id)
      .executeTakeFirstOrThrow();
    expect(app.referrer_id).toBeNull();
    await settle();
    await settle(); // a redelivery changes nothing
    const rows = await referralsOf();
    expect(rows.map((r) => [r.recruit_leader_id === good.leaderId, r.state, r.refusal_reason])).toEqual([
      [true, 'pending', null],
      [false, 'refused', 'same_point'],
      [false, 'refused', 'member_of_referrer'],
    ]);
    expect(rows[0]).toMatchObject({
      bonus_fen: 5000,
      bonus_pickups: 2,
      override_bp: 1000,
      override_from: '2026-11-20',
      override_until: '2026-11-22',
    });
    expect(rows[1]).toMatchObject({ bonus_fen: 0, override_bp: 0 });

    const token = await t.login('leader', A.phone);
    const mine = await t.request('GET', '/api/v1/leader/recruiting', { token });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.link).toBe(`/shop/apply?ref=${A.id}`);
    expect(mine.body.recruits).toHaveLength(3);
    expect(mine.body).toMatchObject({ bonusFen: 0, overrideFen: 0 });
    const listed = await t.request('GET', '/api/v1/admin/recruiting/referrals?state=refused', { token: admin });
    expect(listed.body.items.map((r: { refusalReason: string }) => r.refusalReason).sort()).toEqual(['member_of_referrer', 'same_point']);
    expect(listed.body.items[0].referrer).toEqual({ id: A.id, name: expect.any(String) });
  });

  it('the bonus is posted once after N pickups, whatever runs the sweep', async () => {
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-20', 10000);
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-20', 9999, 'paid'); // not picked up: does not count
    expect(await sweepBonuses(t.ctx, world.operatorId)).toBe(0);
    expect((await referralsOf())[0]?.state).toBe('pending');
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-20', 5000);
    const runs = await Promise.all([sweepBonuses(t.ctx, world.operatorId), sweepBonuses(t.ctx, world.operatorId)]);
    expect(runs.sort()).toEqual([0, 1]);
    expect(await sweepBonuses(t.ctx, world.operatorId)).toBe(0);
    const [ref] = await referralsOf();
    expect(ref).toMatchObject({ state: 'bonus_paid' });
    const posted = await entries('recruit-bonus:');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.id).toBe(ref?.bonus_entry_id);
    const notes = await t.ctx.db.selectFrom('notifications').select('title').where('recipient_id', '=', A.id).execute();
    expect(notes.map((n) => n.title)).toContain('拉新奖励已到账');
  });

  it('the override is posted once per day of its period, only for days past', async () => {
    // today (11-20) is not past yet
    expect(await sweepOverrides(t.ctx, world.operatorId)).toBe(0);
    t.clock.set(new Date('2026-11-21T02:00:00Z'));
    const runs = await Promise.all([sweepOverrides(t.ctx, world.operatorId), sweepOverrides(t.ctx, world.operatorId)]);
    expect(runs.sort()).toEqual([0, 1]); // the good referral's 11-20 (refused ones earn nothing)
    let posted = await entries('recruit-override:');
    expect(posted).toHaveLength(1);
    // 10% of the picked-up 15000 fen of 11-20; the unpicked order is not in it
    const statement = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    const adjustments = statement.lines.filter((l) => l.kind === 'commission_adjustment').map((l) => [l.amountFen, l.memo]);
    expect(adjustments).toEqual(
      expect.arrayContaining([
        [5000, expect.stringContaining('拉新奖励')],
        [1500, 'bonus: 拉新分成 (2026-11-20)'],
      ]),
    );
    // a sale on a later day of the period, and one after it
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-22', 2000);
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-23', 7000);
    t.clock.set(new Date('2026-11-26T02:00:00Z'));
    expect(await sweepOverrides(t.ctx, world.operatorId)).toBe(2); // 11-21 (nothing) and 11-22
    expect(await sweepOverrides(t.ctx, world.operatorId)).toBe(0);
    posted = await entries('recruit-override:');
    expect(posted).toHaveLength(2);
    const days = await t.ctx.db.selectFrom('recruit_override_postings').select(['day', 'amount_fen']).orderBy('day').execute();
    expect(days).toEqual([
      { day: '2026-11-20', amount_fen: 1500 },
      { day: '2026-11-21', amount_fen: 0 },
      { day: '2026-11-22', amount_fen: 200 },
    ]);
    const token = await t.login('leader', A.phone);
    const mine = await t.request('GET', '/api/v1/leader/recruiting', { token });
    expect(mine.body).toMatchObject({ bonusFen: 5000, overrideFen: 1700 });
    const after = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    expect(after.availableFen).toBe(6700);
    expect((await reconcile(t.ctx.db, world.operatorId, '2026-11-25')).ok).toBe(true);
  });

  it('an override day follows a later pickup and a later refund, each difference posted once', async () => {
    expect(await sweepOverrideCorrections(t.ctx, world.operatorId)).toBe(0); // nothing changed since
    // An order of 11-22 picked up late (after its day was posted), and 4000 of an 11-20 order refunded.
    await pickedUp(good.leaderId, good.pickupPointId, '2026-11-22', 3000, 'paid');
    expect(await sweepOverrideCorrections(t.ctx, world.operatorId)).toBe(0); // not picked up yet
    await t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx
        .updateTable('orders')
        .set({ status: 'picked_up' })
        .where('leader_id', '=', good.leaderId)
        .where('total_fen', '=', 3000)
        .execute();
      await trx
        .updateTable('orders')
        .set({ refunded_fen: 4000 })
        .where('leader_id', '=', good.leaderId)
        .where('total_fen', '=', 10000)
        .execute();
    });
    t.clock.set(new Date('2026-11-27T02:00:00Z'));
    const runs = await Promise.all([sweepOverrideCorrections(t.ctx, world.operatorId), sweepOverrideCorrections(t.ctx, world.operatorId)]);
    expect(runs.sort()).toEqual([0, 2]);
    expect(await sweepOverrideCorrections(t.ctx, world.operatorId)).toBe(0);
    const corrections = await t.ctx.db
      .selectFrom('recruit_override_corrections')
      .select(['day', 'seq', 'base_fen', 'amount_fen'])
      .orderBy('day')
      .execute();
    expect(corrections).toEqual([
      { day: '2026-11-20', seq: 1, base_fen: 11000, amount_fen: -400 }, // 10% of 11000, 1500 posted
      { day: '2026-11-22', seq: 1, base_fen: 5000, amount_fen: 300 }, // 10% of 5000, 200 posted
    ]);
    expect(await entries('recruit-override:')).toHaveLength(4);
    const token = await t.login('leader', A.phone);
    expect((await t.request('GET', '/api/v1/leader/recruiting', { token })).body).toMatchObject({ overrideFen: 1600 });
    const statement = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    expect(statement.availableFen).toBe(6600);
    expect(statement.lines.filter((l) => l.kind === 'commission_adjustment').map((l) => [l.amountFen, l.memo])).toEqual(
      expect.arrayContaining([
        [-400, 'penalty: 拉新分成调整 (2026-11-20)'],
        [300, 'bonus: 拉新分成调整 (2026-11-22)'],
      ]),
    );
    expect((await reconcile(t.ctx.db, world.operatorId, '2026-11-26')).ok).toBe(true);
    // Past the correction window a day is no longer followed.
    t.clock.set(new Date('2027-01-05T02:00:00Z'));
    await t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx
        .updateTable('orders')
        .set({ refunded_fen: 10000 })
        .where('leader_id', '=', good.leaderId)
        .where('total_fen', '=', 10000)
        .execute();
    });
    expect(await sweepOverrideCorrections(t.ctx, world.operatorId)).toBe(0);
  });

  it('a refund however late corrects its override day at once, once', async () => {
    // A member of the recruit's point buys for 11-21 (an override day, posted with nothing) and picks up.
    t.clock.set(new Date('2026-11-20T03:00:00Z'));
    const member = await createResident(t.ctx, world.operatorId, good.pickupPointId);
    const campaign = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', priceFen: 2000 });
    const order = await paidOrder(t, world, member.id, [[campaign.lineIds[0] as string, 3]]);
    const row = await t.ctx.db.selectFrom('orders').select('leader_id').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(row.leader_id).toBe(good.leaderId);
    await pickUp(t, world, order.id);
    const posted = async () =>
      (
        await t.ctx.db
          .selectFrom('recruit_override_corrections')
          .select(['day', 'seq', 'base_fen', 'amount_fen'])
          .orderBy('day')
          .orderBy('seq')
          .execute()
      ).filter((c) => c.day === '2026-11-21');
    expect(await posted()).toEqual([]);
    // Weeks past the sweep's window, one unit is refunded: the day's override is 10% of what is left.
    t.clock.set(new Date('2027-02-01T02:00:00Z'));
    await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }]);
    expect(await posted()).toEqual([{ day: '2026-11-21', seq: 1, base_fen: 4000, amount_fen: 400 }]);
    await t.ctx.events.drain();
    expect(await sweepOverrideCorrections(t.ctx, world.operatorId)).toBe(0);
    // The rest refunded: the override goes back to nothing.
    await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 2 }]);
    expect((await posted()).map((c) => c.amount_fen)).toEqual([400, -400]);
    const statement = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    expect(statement.lines.filter((l) => l.memo?.includes('(2026-11-21)')).map((l) => l.amountFen)).toEqual(
      expect.arrayContaining([400, -400]),
    );
    expect((await reconcile(t.ctx.db, world.operatorId, '2027-01-31')).ok).toBe(true);
  });
});
