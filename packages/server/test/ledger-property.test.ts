import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/ledger.reconcile.ts';
import { cancelOrder } from '../src/modules/ordering/ordering.service.ts';
import { type DevPayoutProvider, payoutProviderOf } from '../src/modules/settlement/payout.provider.ts';
import { dailyPnl, type PnlHeadline, periodPnl } from '../src/modules/settlement/pnl.ts';
import { leaderStatement } from '../src/modules/settlement/statements.ts';
import { approveWithdrawal, rejectWithdrawal, requestWithdrawal } from '../src/modules/settlement/withdrawal.service.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import type { Blame, RefundKind } from '../src/platform/db/schema.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createResident, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, emitAgain, emitEvent, paidOrder, pickUp, principal, refund } from './ledger-fixtures.ts';

let t: TestApp;
let world: World;
let campaign: { id: string; lineIds: string[] };
// Two batches: a second campaign picked up three days after the first.
const batches = ['2026-11-21', '2026-11-24'] as const;
const campaigns: Array<{ id: string; lineIds: string[] }> = [];
/** The cost of the goods received for each batch so far, on whatever day they came in. */
const received = new Map<string, number>();
const residents: string[] = [];
let financeId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 0 });
  campaign = await createOpenCampaign(t.ctx, world, {
    priceFen: 1290,
    stock: null,
    cutoffAt: new Date(t.clock.now().getTime() + 300 * DAY),
  });
  campaigns.push(campaign);
  campaigns.push(
    await createOpenCampaign(t.ctx, world, {
      priceFen: 990,
      stock: null,
      pickupDate: batches[1],
      cutoffAt: new Date(t.clock.now().getTime() + 300 * DAY),
    }),
  );
  for (const l of world.leaders) residents.push((await createResident(t.ctx, world.operatorId, l.pickupPointId)).id);
  financeId = (await createStaff(t.ctx, world.operatorId, ['finance'])).id;
});
afterAll(() => t.close());

const blames: Blame[] = ['supplier', 'warehouse', 'driver', 'leader', 'operator', 'none'];
const kinds: RefundKind[] = ['shortage', 'handover', 'aftersales', 'unpicked', 'campaign_failed'];

const action = fc.oneof(
  fc.record({
    type: fc.constant('pay' as const),
    who: fc.nat(1),
    batch: fc.nat(1),
    q0: fc.nat(3),
    q1: fc.integer({ min: 1, max: 3 }),
  }),
  // goods received for a batch, on whatever day the action runs
  fc.record({
    type: fc.constant('receive' as const),
    batch: fc.nat(1),
    qty: fc.integer({ min: 0, max: 6 }),
    costFen: fc.integer({ min: 100, max: 900 }),
  }),
  fc.record({ type: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({
    type: fc.constant('refund' as const),
    pick: fc.nat(),
    units: fc.integer({ min: 0, max: 2 }),
    discountFen: fc.integer({ min: 1, max: 700 }),
    kind: fc.constantFrom(...kinds),
    blame: fc.constantFrom(...blames),
  }),
  fc.record({ type: fc.constant('pickup' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 60 }) }),
  fc.record({
    type: fc.constant('withdraw' as const),
    who: fc.nat(1),
    amountFen: fc.integer({ min: 900, max: 3000 }),
    outcome: fc.constantFrom('pay', 'fail', 'reject', 'leave'),
  }),
  fc.record({ type: fc.constant('redeliver' as const), pick: fc.nat() }),
);

const orders: Array<{ id: string; who: number; lines: Array<{ id: string }> }> = [];

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

async function run(a: Action): Promise<void> {
  const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);
  const tolerate = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      // A refused business step is fine (nothing left to refund, not cancellable, not enough money): it must change nothing.
      if (!(err instanceof AppError)) throw err;
    }
  };
  switch (a.type) {
    case 'pay': {
      const of = campaigns[a.batch] ?? campaign;
      const lines: Array<[string, number]> = [[of.lineIds[1] as string, a.q1]];
      if (a.q0 > 0) lines.unshift([of.lineIds[0] as string, a.q0]);
      const o = await paidOrder(t, world, residents[a.who] as string, lines);
      orders.push({ id: o.id, who: a.who, lines: o.lines });
      return;
    }
    case 'receive': {
      const batch = batches[a.batch] as string;
      const id = `po_${received.size}_${Math.random().toString(36).slice(2)}`;
      await emitEvent(t, world, 'purchase_order.received', id, {
        purchaseOrderId: id,
        supplierId: world.supplierId,
        deliveryDate: batch,
        lines: [
          {
            purchaseOrderLineId: `pol_${id}`,
            skuId: world.skuIds[0] as string,
            orderedQuantity: a.qty,
            receivedQuantity: a.qty,
            rejectedQuantity: 0,
            acceptedQuantity: a.qty,
            costPriceFen: a.costFen,
            shortReason: null,
          },
        ],
      });
      received.set(batch, (received.get(batch) ?? 0) + a.qty * a.costFen);
      return;
    }
    case 'cancel': {
      const o = pick(orders, a.pick);
      if (o) await tolerate(() => cancelOrder(t.ctx, principal(world, 'resident', residents[o.who] as string), o.id, 'changed my mind'));
      await t.ctx.events.drain();
      return;
    }
    case 'refund': {
      const o = pick(orders, a.pick);
      const l = o && pick(o.lines, a.pick);
      if (o && l) {
        const amount = a.units === 0 ? { amountFen: a.discountFen } : {};
        await tolerate(() => refund(t, world, o.id, [{ orderLineId: l.id, quantity: a.units, ...amount }], a.kind, a.blame));
      }
      return;
    }
    case 'pickup': {
      const o = pick(orders, a.pick);
      if (o) await pickUp(t, world, o.id);
      return;
    }
    case 'time':
      t.clock.advance(a.hours * HOUR);
      await t.ctx.jobs.tick();
      return;
    case 'withdraw': {
      const leaderId = world.leaders[a.who]?.id as string;
      const before = await balance(t, world, { code: 'commission_available', partyId: leaderId });
      let id: string | undefined;
      try {
        id = (await requestWithdrawal(t.ctx, principal(world, 'leader', leaderId), a.amountFen)).id;
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect(['INSUFFICIENT_BALANCE', 'LIMIT_EXCEEDED', 'VALIDATION_FAILED']).toContain((err as AppError).code);
        expect(await balance(t, world, { code: 'commission_available', partyId: leaderId })).toBe(before);
        return;
      }
      // never below zero by a withdrawal
      expect(before).toBeGreaterThanOrEqual(a.amountFen);
      expect(await balance(t, world, { code: 'commission_available', partyId: leaderId })).toBeGreaterThanOrEqual(0);
      const finance = {
        kind: 'staff' as const,
        id: financeId,
        operatorId: world.operatorId,
        sessionId: 'test',
        roles: ['finance' as const],
      };
      if (a.outcome === 'fail') (payoutProviderOf(t.ctx) as DevPayoutProvider).failNext();
      if (a.outcome === 'pay' || a.outcome === 'fail') await approveWithdrawal(t.ctx, finance, id);
      if (a.outcome === 'reject') await rejectWithdrawal(t.ctx, finance, id, 'no');
      return;
    }
    case 'redeliver': {
      const rows = await t.ctx.db
        .selectFrom('outbox')
        .select(['event_type', 'aggregate_id', 'payload'])
        .where('operator_id', '=', world.operatorId)
        .where('event_type', 'in', ['payment.captured', 'order.paid', 'order.refunded', 'order.picked_up'])
        .orderBy('id')
        .execute();
      const e = pick(rows, a.pick);
      if (e) await emitAgain(t, world, e);
      return;
    }
  }
}

async function checkInvariants() {
  // the trial balance: debits = credits over every account
  const total = await sql<{
    n: number;
  }>`select coalesce(sum(balance_fen), 0)::bigint as n from ledger_accounts where operator_id = ${world.operatorId}`.execute(t.ctx.db);
  expect(Number(total.rows[0]?.n)).toBe(0);
  const days = await sql<{ day: string }>`
    select distinct (created_at at time zone 'Asia/Shanghai')::date::text as day from outbox where operator_id = ${world.operatorId}
  `.execute(t.ctx.db);
  for (const { day } of days.rows) {
    const rec = await reconcile(t.ctx.db, world.operatorId, day);
    expect(rec.ok, JSON.stringify(rec)).toBe(true);
  }
  // money at the provider = captured − refunded, never negative
  const clearing = await balance(t, world, { code: 'payment_clearing' });
  const captured = await sql<{
    n: number;
  }>`select coalesce(sum(amount_fen), 0)::bigint as n from payments where operator_id = ${world.operatorId} and status = 'succeeded'`.execute(
    t.ctx.db,
  );
  const refunded = await sql<{
    n: number;
  }>`select coalesce(sum(amount_fen), 0)::bigint as n from refunds where operator_id = ${world.operatorId}`.execute(t.ctx.db);
  expect(clearing).toBe(Number(captured.rows[0]?.n) - Number(refunded.rows[0]?.n));
  expect(clearing).toBeGreaterThanOrEqual(0);
  for (const l of world.leaders) {
    expect(await balance(t, world, { code: 'commission_pending', partyId: l.id })).toBeGreaterThanOrEqual(0);
    expect(await balance(t, world, { code: 'commission_withdrawing', partyId: l.id })).toBeGreaterThanOrEqual(0);
    const s = await leaderStatement(t.ctx.db, world.operatorId, l.id, {});
    expect(s.accruedFen - s.clawedBackFen - s.deductedFen - s.paidFen).toBe(s.pendingFen + s.availableFen + s.withdrawingFen);
  }
  await checkBatches();
}

const headlineKeys = [
  'gmvFen',
  'refundsFen',
  'netRevenueFen',
  'costOfGoodsFen',
  'commissionFen',
  'grossMarginFen',
  'logisticsFen',
  'recoveriesFen',
  'withdrawalFeesFen',
  'contributionFen',
] as const;
const pick = (p: PnlHeadline) => Object.fromEntries(headlineKeys.map((k) => [k, p[k]]));
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** A batch's margin is the same whichever day you look from; whatever is posted later for it lands on its pickup date. */
async function checkBatches() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
  const latest = [today, batches[1]].sort()[1] as string;
  const all = { from: '2026-11-01', to: shift(latest, 1) };
  for (const batch of batches) {
    const own = pick(await dailyPnl(t.ctx.db, world.operatorId, batch));
    for (const [before, after] of [
      [0, 0],
      [1, 0],
      [3, 5],
      [19, 40],
    ] as const) {
      const range = await periodPnl(t.ctx.db, world.operatorId, shift(batch, -before), shift(batch, after));
      const day = range.days.find((d) => d.date === batch);
      expect(day && pick(day), `${batch} seen from ${range.from}..${range.to}`).toEqual(own);
    }
    const whole = await periodPnl(t.ctx.db, world.operatorId, all.from, all.to);
    expect(pick(whole.days.find((d) => d.date === batch) as PnlHeadline)).toEqual(own);
    // the goods received for the batch on later days are its cost of goods
    expect(own.costOfGoodsFen, `${batch} cost of goods`).toBe(received.get(batch) ?? 0);
  }
  // Every entry of an order (its sale, commission, payment, refunds, claw-backs, release) carries the order's pickup date.
  const stray = await sql<{ n: number }>`
    select count(*)::int as n from journal_entries e
    join orders o on o.id = case when e.document_type = 'order' then e.document_id else e.meta->>'orderId' end
    where e.operator_id = ${world.operatorId} and e.batch_date is distinct from o.pickup_date
  `.execute(t.ctx.db);
  expect(stray.rows[0]?.n).toBe(0);
  // Counting by batch or by booking day only moves amounts between days: over every day, the same totals.
  const byBatch = await periodPnl(t.ctx.db, world.operatorId, all.from, all.to, 'batch');
  const booked = await periodPnl(t.ctx.db, world.operatorId, all.from, all.to, 'booked');
  expect(pick(byBatch)).toEqual(pick(booked));
}

describe('random days of money', () => {
  it('pay, cancel, refund (any kind and blame), receive goods, pick up, let time pass, withdraw, fail payouts, redeliver events: every invariant holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 10 }), async (actions) => {
        for (const a of actions) await run(a);
        await checkInvariants();
      }),
      { numRuns: 12, seed: 20261120 },
    );
  }, 240_000);
});
