import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/index.ts';
import {
  closePeriod,
  computeKpis,
  createRule,
  periodOf,
  postRewards,
  saveLevels,
  updateSettings,
} from '../src/modules/leader-performance/index.ts';
import { leaderStatement } from '../src/modules/settlement/statements.ts';
import type { Tx } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/ids.ts';
import { createLeader, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * Leader performance on the real database: the KPI report over built fixtures (orders, pickups,
 * unpicked orders, handovers, after-sales cases, sign-ups written as the modules record them),
 * the period close (levels, rewards posted through the ledger, ranking, probation) and the
 * once-per-period property of rewards.
 */

let t: TestApp;
let world: World;
/** Leaders: a busy one, a quiet one, an idle one. */
let A: { id: string; pickupPointId: string };
let B: { id: string; pickupPointId: string };
let C: { id: string; pickupPointId: string };
const week = periodOf('week', '2026-11-16');
const week2 = periodOf('week', '2026-11-23');

/** Fixture rows written straight into the tables (foreign keys off: routes, stops and lines are not the point). */
async function fixtures(write: (trx: Tx) => Promise<void>) {
  await t.ctx.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await write(trx);
  });
}

let orderNo = 0;
async function order(
  trx: Tx,
  leader: { id: string; pickupPointId: string },
  residentId: string,
  pickupDate: string,
  totalFen: number,
  opts: { refundedFen?: number; paid?: boolean; status?: 'paid' | 'delivered' | 'picked_up' } = {},
) {
  const id = newId('ord');
  orderNo++;
  await trx
    .insertInto('orders')
    .values({
      id,
      operator_id: world.operatorId,
      order_no: `T${String(orderNo).padStart(8, '0')}`,
      resident_id: residentId,
      pickup_point_id: leader.pickupPointId,
      leader_id: leader.id,
      pickup_date: pickupDate,
      status: opts.paid === false ? 'expired' : (opts.status ?? 'paid'),
      pickup_code: String(100000 + orderNo),
      total_fen: totalFen,
      refunded_fen: opts.refundedFen ?? 0,
      expires_at: new Date('2026-11-30T00:00:00Z'),
      created_at: new Date(`${pickupDate}T00:00:00Z`),
      updated_at: new Date(`${pickupDate}T00:00:00Z`),
      paid_at: opts.paid === false ? null : new Date(`${pickupDate}T00:00:00Z`),
    })
    .execute();
  return id;
}

async function resident(trx: Tx, pointId: string, createdAt: string) {
  const id = newId('res');
  await trx
    .insertInto('residents')
    .values({
      id,
      operator_id: world.operatorId,
      phone: `137${String(Math.random()).slice(2, 10)}`,
      pickup_point_id: pointId,
      created_at: new Date(createdAt),
    })
    .execute();
  return id;
}

async function verify(trx: Tx, orderId: string, leader: { id: string; pickupPointId: string }, at: string) {
  await trx
    .insertInto('pickup_verifications')
    .values({
      id: newId('pv'),
      operator_id: world.operatorId,
      order_id: orderId,
      pickup_point_id: leader.pickupPointId,
      leader_id: leader.id,
      method: 'code',
      verified_at: new Date(at),
    })
    .execute();
}

async function aftersale(trx: Tx, orderId: string, residentId: string, pointId: string, status: 'approved' | 'rejected' | 'submitted') {
  await trx
    .insertInto('aftersale_cases')
    .values({
      id: newId('as'),
      operator_id: world.operatorId,
      order_id: orderId,
      order_line_id: newId('ol'),
      resident_id: residentId,
      pickup_point_id: pointId,
      type: 'damaged',
      quantity: 1,
      requested_fen: 100,
      evidence_urls: '[]',
      status,
      blame: null,
      approved_fen: null,
      decision_reason: null,
      decided_by_kind: null,
      decided_by_id: null,
      decided_at: null,
      refund_id: null,
      created_at: new Date('2026-11-19T00:00:00Z'),
      updated_at: new Date('2026-11-19T00:00:00Z'),
    })
    .execute();
}

async function handover(trx: Tx, leader: { id: string; pickupPointId: string }, at: string, lines: Array<[number, number]>) {
  const id = newId('ho');
  await trx
    .insertInto('handovers')
    .values({
      id,
      operator_id: world.operatorId,
      stop_id: newId('stp'),
      route_id: newId('rt'),
      pickup_point_id: leader.pickupPointId,
      leader_id: leader.id,
      seal_intact: true,
      confirmed_at: new Date(at),
    })
    .execute();
  for (const [expected, received] of lines) {
    await trx
      .insertInto('handover_lines')
      .values({ handover_id: id, operator_id: world.operatorId, sku_id: newId('sku'), expected, received, blame: null })
      .execute();
  }
}

async function kpisOf(period = week) {
  const rows = await t.ctx.db
    .selectFrom('leader_kpis')
    .select(['leader_id', 'kpi', 'value'])
    .where('operator_id', '=', world.operatorId)
    .where('period_kind', '=', period.kind)
    .where('period_start', '=', period.start)
    .execute();
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const name = r.leader_id === A.id ? 'A' : r.leader_id === B.id ? 'B' : r.leader_id === C.id ? 'C' : r.leader_id;
    out[name] = { ...(out[name] ?? {}), [r.kpi]: Number(r.value) };
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp('2026-11-24T02:00:00Z');
  world = await createWorld(t.ctx, { leaders: 0, residents: 0 });
  A = await createLeader(t.ctx, world.operatorId);
  B = await createLeader(t.ctx, world.operatorId);
  C = await createLeader(t.ctx, world.operatorId);
  const D = await createLeader(t.ctx, world.operatorId);
  await t.ctx.db.updateTable('leaders').set({ status: 'suspended' }).where('id', '=', D.id).execute();
  await fixtures(async (trx) => {
    // A: r1 twice, r2 and r3 once in the week (Shanghai time, UTC+8); r1, r2 signed up in it.
    const r1 = await resident(trx, A.pickupPointId, '2026-11-17T03:00:00Z');
    const r2 = await resident(trx, A.pickupPointId, '2026-11-22T15:59:00Z'); // 23:59 on Sunday, local
    const r3 = await resident(trx, A.pickupPointId, '2026-10-01T00:00:00Z');
    await resident(trx, A.pickupPointId, '2026-11-22T16:00:00Z'); // Monday 00:00 local: next week
    const o1 = await order(trx, A, r1, '2026-11-17', 1000, { status: 'picked_up' });
    const o2 = await order(trx, A, r1, '2026-11-18', 2000, { refundedFen: 500, status: 'picked_up' });
    const o3 = await order(trx, A, r2, '2026-11-18', 3000, { status: 'picked_up' });
    const o4 = await order(trx, A, r3, '2026-11-22', 4000);
    await order(trx, A, r3, '2026-11-23', 9999); // next week
    await order(trx, A, r2, '2026-11-19', 7777, { paid: false }); // never paid
    await verify(trx, o1, A, '2026-11-17T12:00:00Z'); // 20:00 on the pickup date: on time
    await verify(trx, o2, A, '2026-11-18T16:30:00Z'); // 00:30 the day after: late
    await verify(trx, o3, A, '2026-11-18T15:30:00Z'); // 23:30 on the pickup date: on time
    await verify(trx, o3, A, '2026-11-19T15:30:00Z'); // a second hand-out of the same order counts once
    const partly = await order(trx, A, r2, '2026-11-19', 500, { status: 'delivered' });
    await verify(trx, partly, A, '2026-11-19T03:00:00Z'); // a line handed out, not the whole order: not picked up yet
    await trx
      .insertInto('unpicked_orders')
      .values({
        order_id: o4,
        operator_id: world.operatorId,
        pickup_point_id: A.pickupPointId,
        leader_id: A.id,
        pickup_date: '2026-11-22',
        rule: 'return_to_warehouse',
        status: 'to_return',
        lines: '[]',
        refund_id: null,
        recorded_at: new Date('2026-11-25T00:00:00Z'),
        closed_at: null,
        closed_by: null,
      })
      .execute();
    await aftersale(trx, o1, r1, A.pickupPointId, 'approved');
    await aftersale(trx, o1, r1, A.pickupPointId, 'approved'); // the same order twice counts once
    await aftersale(trx, o3, r2, A.pickupPointId, 'rejected');
    await aftersale(trx, o2, r1, A.pickupPointId, 'submitted');
    await handover(trx, A, '2026-11-17T01:00:00Z', [
      [10, 9],
      [5, 6],
    ]);
    await handover(trx, A, '2026-11-10T01:00:00Z', [[10, 0]]); // the week before
    // B: one order, no pickup yet; one sign-up.
    const rb = await resident(trx, B.pickupPointId, '2026-11-20T00:00:00Z');
    await order(trx, B, rb, '2026-11-20', 5000);
    // Complaints (feedback): one against A in the week; one against A the week before, one
    // against a supplier on A's order and one dismissed, none of them counted.
    const complaint = async (orderId: string, residentId: string, target: 'leader' | 'supplier', at: string, dismissed = false) =>
      trx
        .insertInto('complaints')
        .values({
          id: newId('cmp'),
          operator_id: world.operatorId,
          order_id: orderId,
          order_line_id: null,
          resident_id: residentId,
          target_kind: target,
          target_id: target === 'leader' ? A.id : 'sup_x',
          leader_id: A.id,
          description: '态度不好',
          ...(dismissed
            ? { state: 'resolved' as const, resolution: '经核实不属实', outcome: 'dismissed' as const, resolved_at: new Date(at) }
            : {}),
          created_at: new Date(at),
          updated_at: new Date(at),
        })
        .execute();
    await complaint(o1, r1, 'leader', '2026-11-18T02:00:00Z');
    await complaint(o4, r3, 'leader', '2026-11-15T15:59:00Z'); // 23:59 on the Sunday before, local
    await complaint(o3, r2, 'supplier', '2026-11-19T02:00:00Z');
    // One against A in the week, resolved as dismissed (not A's fault): not counted.
    await complaint(o3, r2, 'leader', '2026-11-19T03:00:00Z', true);
    // Training: one required published course; a required draft and an optional course do not
    // count. A passed the required one in the week, B only after it.
    const course = async (required: boolean, status: 'draft' | 'published') => {
      const id = newId('trc');
      const at = new Date('2026-11-01T00:00:00Z');
      await trx
        .insertInto('training_courses')
        .values({
          id,
          operator_id: world.operatorId,
          title: '新团长必修',
          required,
          status,
          created_at: at,
          updated_at: at,
          published_at: at,
        })
        .execute();
      return id;
    };
    const mustDo = await course(true, 'published');
    const draft = await course(true, 'draft');
    const optional = await course(false, 'published');
    const passed = (leaderId: string, courseId: string, at: string) =>
      trx
        .insertInto('training_completions')
        .values({ operator_id: world.operatorId, leader_id: leaderId, course_id: courseId, score: 100, completed_at: new Date(at) })
        .execute();
    await passed(A.id, mustDo, '2026-11-20T02:00:00Z');
    await passed(A.id, draft, '2026-11-20T02:00:00Z');
    await passed(A.id, optional, '2026-11-20T02:00:00Z');
    await passed(B.id, mustDo, '2026-11-23T02:00:00Z');
    // C: nothing. D: suspended, nothing.
  });
});

afterAll(async () => {
  await t.close();
});

describe('the KPI report', () => {
  it('computes every leader’s KPIs for the week from what the modules recorded', async () => {
    const n = await t.ctx.db.transaction().execute((trx) => computeKpis(trx, world.operatorId, week, 'Asia/Shanghai'));
    expect(n).toBe(3);
    expect(await kpisOf()).toEqual({
      A: {
        gmv: 1000 + 1500 + 3000 + 4000 + 500,
        paid_orders: 5,
        active_members: 3,
        new_members: 2,
        repurchase_rate: 6666,
        pickup_on_time_rate: 6666,
        unpicked_rate: 2000,
        handover_accuracy: 9333,
        aftersales_rate: 2000,
        complaint_rate: 2000,
        training_done: 1,
      },
      B: {
        gmv: 5000,
        paid_orders: 1,
        active_members: 1,
        new_members: 1,
        repurchase_rate: 0,
        unpicked_rate: 0,
        aftersales_rate: 0,
        complaint_rate: 0,
        training_done: 0,
      },
      C: { gmv: 0, paid_orders: 0, active_members: 0, new_members: 0, training_done: 0 },
    });
  });

  it('computing again replaces the rows', async () => {
    // A stale figure (say, computed before a complaint was filed) is replaced, not added to.
    await t.ctx.db
      .updateTable('leader_kpis')
      .set({ value: 120 })
      .where('operator_id', '=', world.operatorId)
      .where('leader_id', '=', A.id)
      .where('kpi', '=', 'complaint_rate')
      .execute();
    await t.ctx.db.transaction().execute((trx) => computeKpis(trx, world.operatorId, week, 'Asia/Shanghai'));
    const k = await kpisOf();
    expect(k.A?.gmv).toBe(10000);
    expect(k.A?.complaint_rate).toBe(2000);
  });
});

describe('the period close', () => {
  it('ranks, moves levels one step, posts rules through the ledger once, and closes once', async () => {
    const now = t.clock.now();
    await t.ctx.db.transaction().execute(async (trx) => {
      await saveLevels(trx, now, world.operatorId, [
        { level: 1, name: '见习', thresholds: {}, commissionRateBp: 800 },
        { level: 2, name: '银牌', thresholds: { gmv: 5000, paid_orders: 1 }, commissionRateBp: 1000 },
        { level: 3, name: '金牌', thresholds: { gmv: 9000 }, commissionRateBp: 1200 },
      ]);
      await createRule(trx, now, world.operatorId, {
        name: 'GMV 九十元奖',
        kpi: 'gmv',
        comparator: 'gte',
        threshold: 9000,
        amountFen: 1000,
        kind: 'bonus',
      });
      await createRule(trx, now, world.operatorId, {
        name: '售后率罚',
        kpi: 'aftersales_rate',
        comparator: 'gte',
        threshold: 2000,
        amountFen: 300,
        kind: 'penalty',
      });
      await updateSettings(trx, now, world.operatorId, { tailMode: 'count', tailValue: 1, probationAfter: 2 });
    });
    // The level tier is the ledger's commission rule for that level.
    const rules = await t.ctx.db
      .selectFrom('commission_rules')
      .select(['subject', 'rate_bp'])
      .where('operator_id', '=', world.operatorId)
      .where('scope', '=', 'level')
      .orderBy('subject')
      .execute();
    expect(rules.map((r) => [r.subject, r.rate_bp])).toEqual([
      ['1', 800],
      ['2', 1000],
      ['3', 1200],
    ]);

    const first = await t.ctx.db.transaction().execute((trx) => closePeriod(trx, now, world.operatorId, week));
    expect(first).toMatchObject({
      closed: true,
      leaders: 3,
      promoted: 2,
      demoted: 0,
      bonuses: 1,
      penalties: 1,
      rewardFen: 700,
      probations: 0,
    });
    const again = await t.ctx.db.transaction().execute((trx) => closePeriod(trx, now, world.operatorId, week));
    expect(again.closed).toBe(false);

    const levels = await t.ctx.db.selectFrom('leaders').select(['id', 'level']).where('id', 'in', [A.id, B.id, C.id]).execute();
    const levelOf = new Map(levels.map((l) => [l.id, l.level]));
    // A meets level 3 but goes one step; B meets level 2; C stays.
    expect([levelOf.get(A.id), levelOf.get(B.id), levelOf.get(C.id)]).toEqual([2, 2, 1]);

    const results = await t.ctx.db.selectFrom('leader_period_results').selectAll().where('operator_id', '=', world.operatorId).execute();
    const res = new Map(results.map((r) => [r.leader_id, r]));
    expect([res.get(A.id)?.rank, res.get(B.id)?.rank, res.get(C.id)?.rank]).toEqual([1, 2, 3]);
    expect(res.get(C.id)).toMatchObject({ in_tail: true, tail_streak: 1, ranked: 3 });

    // The bonus and penalty on A's statement, naming the rule and the week; the ledger still reconciles.
    const statement = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    const adjustments = statement.lines.filter((l) => l.kind === 'commission_adjustment');
    expect(adjustments.map((l) => [l.amountFen, l.memo])).toEqual(
      expect.arrayContaining([
        [1000, 'bonus: GMV 九十元奖 (2026-W47)'],
        [-300, 'penalty: 售后率罚 (2026-W47)'],
      ]),
    );
    expect(statement.availableFen).toBe(700);
    expect(statement.adjustedFen).toBe(700);
    expect((await reconcile(t.ctx.db, world.operatorId, '2026-11-24')).ok).toBe(true);
    const notes = await t.ctx.db.selectFrom('notifications').select(['title']).where('recipient_id', '=', A.id).execute();
    expect(notes.map((n) => n.title).sort()).toEqual(['等级提升', '绩效奖励', '绩效扣罚']);
  });

  it('puts the tail on probation after K periods in a row, with a notice', async () => {
    await fixtures(async (trx) => {
      const ra = await resident(trx, A.pickupPointId, '2026-10-01T00:00:00Z');
      const rb = await resident(trx, B.pickupPointId, '2026-10-01T00:00:00Z');
      await order(trx, A, ra, '2026-11-24', 3000);
      await order(trx, B, rb, '2026-11-25', 2000);
    });
    t.clock.set(new Date('2026-12-01T02:00:00Z'));
    const summary = await t.ctx.db.transaction().execute((trx) => closePeriod(trx, t.clock.now(), world.operatorId, week2));
    expect(summary.probations).toBe(1);
    const probations = await t.ctx.db.selectFrom('leader_probations').selectAll().where('operator_id', '=', world.operatorId).execute();
    expect(probations.map((p) => [p.leader_id, p.tail_streak, p.period_start, p.ended_at])).toEqual([[C.id, 2, week2.start, null]]);
    const notes = await t.ctx.db.selectFrom('notifications').select('title').where('recipient_id', '=', C.id).execute();
    expect(notes.map((n) => n.title)).toContain('考察期通知');
  });
});

describe('rewards are posted once per rule × leader × period', () => {
  it('whatever the retries, order and concurrency', async () => {
    const periods = [week, week2];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 5 }),
        async (runs) => {
          for (const [p, concurrent] of runs) {
            const period = periods[p] as typeof week;
            await Promise.all(
              Array.from({ length: concurrent }, () =>
                t.ctx.db.transaction().execute((trx) => postRewards(trx, t.clock.now(), world.operatorId, period)),
              ),
            );
          }
          const { rows } = await sql<{ n: number; keys: number }>`
          select count(*)::int as n, count(distinct idempotency_key)::int as keys
          from journal_entries where operator_id = ${world.operatorId} and kind = 'commission_adjustment'`.execute(t.ctx.db);
          const results = await t.ctx.db
            .selectFrom('leader_rule_results')
            .select(['rule_id', 'entry_id'])
            .where('operator_id', '=', world.operatorId)
            .execute();
          // Each result has its one entry and no entry is without its result.
          expect(rows[0]?.n).toBe(results.length);
          expect(rows[0]?.keys).toBe(results.length);
          expect(results.every((r) => r.entry_id)).toBe(true);
          expect((await reconcile(t.ctx.db, world.operatorId, '2026-12-01')).ok).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
    const perLeader = await t.ctx.db
      .selectFrom('leader_rule_results')
      .select(['leader_id', 'period_start', 'kind'])
      .where('operator_id', '=', world.operatorId)
      .orderBy('period_start')
      .orderBy('kind')
      .execute();
    // Week 47: A's bonus and penalty; week 48: A's 9999 + 3000 fen earn the bonus again, no after-sales.
    expect(perLeader.map((r) => [r.leader_id === A.id ? 'A' : r.leader_id, r.period_start, r.kind])).toEqual([
      ['A', week.start, 'bonus'],
      ['A', week.start, 'penalty'],
      ['A', week2.start, 'bonus'],
    ]);
  });

  it('a penalty that takes the withdrawable balance below zero is posted in full, recorded and told', async () => {
    const now = t.clock.now();
    await t.ctx.db.transaction().execute(async (trx) => {
      await createRule(trx, now, world.operatorId, {
        name: '零单罚',
        kpi: 'paid_orders',
        comparator: 'lte',
        threshold: 0,
        amountFen: 200,
        kind: 'penalty',
      });
      await postRewards(trx, now, world.operatorId, week);
    });
    const row = await t.ctx.db.selectFrom('leader_rule_results').selectAll().where('leader_id', '=', C.id).executeTakeFirstOrThrow();
    expect([row.kind, row.amount_fen, row.available_after_fen]).toEqual(['penalty', 200, -200]);
    const statement = await leaderStatement(t.ctx.db, world.operatorId, C.id, {});
    expect(statement.availableFen).toBe(-200);
    const note = await t.ctx.db
      .selectFrom('notifications')
      .select('body')
      .where('recipient_id', '=', C.id)
      .where('title', '=', '绩效扣罚')
      .executeTakeFirstOrThrow();
    expect(note.body).toContain('¥-2.00');
    expect((await reconcile(t.ctx.db, world.operatorId, '2026-12-01')).ok).toBe(true);
  });
});
