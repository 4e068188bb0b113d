import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCommissionRule } from '../src/modules/ledger/ledger.policy.ts';
import { refundOrderLines } from '../src/modules/ordering/ordering.fulfilment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { applyPaymentNotification, payOrder } from '../src/modules/ordering/order-payment.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { type EventType, emit } from '../src/platform/events.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { allBalances, postingsOf, principal } from './ledger-fixtures.ts';

// The ledger posts captures and paid orders a delivered batch at a time (set-based). The same day
// of business, delivered event by event for one operator and in one batch for another, must post
// exactly the same entries, commission lines and balances.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface DayResult {
  orders: string[][];
  payments: string[][];
  refunds: string[][];
  commission: string[];
  balances: Record<string, number>;
}

/** A day of paid orders, a refund right after its payment, a payment that came too late and a redelivered event. */
async function day(world: World, deliver: 'each' | 'at the end'): Promise<DayResult> {
  const [lead0, lead1] = world.leaders.map((l) => l.id) as [string, string];
  await t.ctx.db.updateTable('leaders').set({ level: 2 }).where('id', '=', lead1).execute();
  await t.ctx.db
    .transaction()
    .execute((trx) => setCommissionRule(trx, t.clock.now(), world.operatorId, { scope: 'level', subject: '2', rateBp: 1500 }));
  const [r0, r1, r2, r3, r4] = world.residents.map((r) => r.id) as [string, string, string, string, string];
  for (const r of [r1, r3]) {
    await t.ctx.db
      .updateTable('residents')
      .set({ pickup_point_id: world.leaders[1]?.pickupPointId as string })
      .where('id', '=', r)
      .execute();
  }
  const campaign = await createOpenCampaign(t.ctx, world, { priceFen: 1000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  const line = (i: number) => campaign.lineIds[i] as string;
  const settle = () => (deliver === 'each' ? t.ctx.events.drain() : Promise.resolve(0));

  const orders: string[] = [];
  const paymentIds: string[] = [];
  const refundIds: string[] = [];
  const plans: Array<[string, Array<[number, number]>]> = [
    [
      r0,
      [
        [0, 2],
        [1, 1],
      ],
    ],
    [r1, [[1, 3]]],
    [r2, [[0, 1]]],
    [
      r3,
      [
        [0, 1],
        [1, 2],
      ],
    ],
  ];
  for (const [resident, lines] of plans) {
    const who = principal(world, 'resident', resident);
    const order = await placeOrder(t.ctx, who, { lines: lines.map(([i, quantity]) => ({ campaignLineId: line(i), quantity })) });
    await payOrder(t.ctx, who, order.id, 'instant');
    orders.push(order.id);
    await settle();
    if (resident === r1) {
      // Refunded before its sale is posted when delivered at the end: the claw-back must still find the commission.
      const r = await t.ctx.db.transaction().execute((trx) =>
        refundOrderLines(t.ctx, trx, {
          operatorId: world.operatorId,
          orderId: order.id,
          lines: [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }],
          kind: 'aftersales',
          blame: 'leader',
          reason: 'test',
          sourceId: `src_${order.id}`,
          carrierId: null,
        }),
      );
      refundIds.push(r.refundId);
      await settle();
    }
  }
  // A payment after its order expired: refunded at once.
  const who = principal(world, 'resident', r4);
  const late = await placeOrder(t.ctx, who, { lines: [{ campaignLineId: line(0), quantity: 1 }] });
  const intent = await payOrder(t.ctx, who, late.id, 'notify');
  t.clock.advance(16 * MINUTE);
  await t.ctx.jobs.tick();
  await applyPaymentNotification(t.ctx, t.payments.verifySigned(intent.clientPayload.devNotification as Record<string, unknown>));
  orders.push(late.id);
  await settle();
  // The first order's events written again, as a redelivery would.
  const again = await t.ctx.db
    .selectFrom('outbox')
    .select(['event_type', 'aggregate_id', 'payload'])
    .where('operator_id', '=', world.operatorId)
    .where('event_type', 'in', ['payment.captured', 'order.paid'])
    .orderBy('id')
    .limit(2)
    .execute();
  await t.ctx.db.transaction().execute(async (trx) => {
    for (const e of again) {
      await emit(trx, t.clock, {
        type: e.event_type as EventType,
        operatorId: world.operatorId,
        aggregateId: e.aggregate_id,
        payload: e.payload as never,
      });
    }
  });
  await t.ctx.events.drain();

  for (const id of orders) {
    const p = await t.ctx.db.selectFrom('payments').select('id').where('order_id', '=', id).executeTakeFirstOrThrow();
    paymentIds.push(p.id);
  }
  const lateRefund = await t.ctx.db.selectFrom('refunds').select('id').where('order_id', '=', late.id).executeTakeFirstOrThrow();
  refundIds.push(lateRefund.id);
  const party = (s: string) => s.replace(lead0, 'leader0').replace(lead1, 'leader1').replace(world.supplierId, 'supplier');
  const balances: Record<string, number> = {};
  for (const [k, v] of Object.entries(await allBalances(t, world))) balances[party(k)] = v;
  const commission = await t.ctx.db
    .selectFrom('commission_lines')
    .select(['order_id', 'leader_id', 'rate_bp', 'base_fen', 'accrued_fen', 'clawed_back_fen', 'refunded_fen', 'status'])
    .where('operator_id', '=', world.operatorId)
    .orderBy('order_line_id')
    .execute();
  return {
    orders: await Promise.all(orders.map((id) => postingsOf(t, world, 'order', id))),
    payments: await Promise.all(paymentIds.map((id) => postingsOf(t, world, 'payment', id))),
    refunds: await Promise.all(refundIds.map((id) => postingsOf(t, world, 'refund', id))),
    commission: commission.map(
      (c) =>
        `order ${orders.indexOf(c.order_id)} ${party(c.leader_id)}: ${c.rate_bp} bp of ${c.base_fen} = ${c.accrued_fen}, clawed back ${c.clawed_back_fen} of refunded ${c.refunded_fen}, ${c.status}`,
    ),
    balances,
  };
}

describe('the ledger, a delivered batch at a time', () => {
  it('posts a day delivered in one batch exactly as the same day delivered event by event', async () => {
    const each = await day(await createWorld(t.ctx, { slug: 'one-by-one', skus: 2, leaders: 2, residents: 5 }), 'each');
    const pending = await t.ctx.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
    expect(pending).toEqual([]);

    // No delivery in the background from here on (a kick delivers 100 ms after a checkout, and a slow
    // machine takes longer than that between two orders): the second day waits for its one drain.
    await t.ctx.events.stop();
    const batchWorld = await createWorld(t.ctx, { slug: 'one-batch', skus: 2, leaders: 2, residents: 5 });
    const batch = await day(batchWorld, 'at the end');
    // All of the second day's events went in one delivery batch (one drain, fewer than a batch's 200 events).
    const events = await t.ctx.db.selectFrom('outbox').select('delivered_at').where('operator_id', '=', batchWorld.operatorId).execute();
    expect(new Set(events.map((e) => e.delivered_at?.getTime())).size).toBe(1);

    expect(batch).toEqual(each);
    // What the day posts, so that both being empty could not pass.
    expect(each.orders[1]).toEqual([
      'order_sale: resident_prepayments=+3300',
      'order_sale: sales=-3300',
      'commission_accrual: commission_expense=+495',
      'commission_accrual: commission_pending/leader=-495',
    ]);
    expect(each.refunds[0]).toEqual([
      'refund: resident_refunds=+1100',
      'refund: payment_clearing=-1100',
      'commission_clawback: commission_pending/leader=+165',
      'commission_clawback: commission_expense=-165',
      'blame_charge: commission_available/leader=+1100',
      'blame_charge: aftersales_recoveries=-1100',
    ]);
    expect(each.refunds[1]).toEqual(['late_payment_refund: resident_prepayments=+1000', 'late_payment_refund: payment_clearing=-1000']);
    expect(each.orders[4]).toEqual([]);
    expect(each.commission).toHaveLength(6);
    expect(each.balances.payment_clearing).toBe(3100 + 3300 + 1000 + 3200 + (1000 - 1000) - 1100);
  });
});
