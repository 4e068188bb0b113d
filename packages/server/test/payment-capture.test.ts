import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentNotification, payOrder } from '../src/modules/ordering/order-payment.ts';
import { markPaidStep } from '../src/modules/ordering/order-state.ts';
import { cancelOrder } from '../src/modules/ordering/ordering.service.ts';
import { capture } from '../src/modules/payment/payment.capture.ts';
import type { DevPaymentProvider } from '../src/modules/payment/payment.provider.ts';
import { createWorld, unpaidOrders as unpaidOrdersOf, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Payment notifications that arrive together are applied together, in one statement
// (payment.capture.ts): the outcome must be what applying them one after the other gives.
let t: TestApp;
let world: World;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
});
afterAll(() => t.close());

const dev = () => t.ctx.payments as DevPaymentProvider;

const unpaidOrders = (n: number) => unpaidOrdersOf(t.ctx, world, n);

async function eventsOf(type: string, ids: string[]) {
  const rows = await t.ctx.db
    .selectFrom('outbox')
    .select('aggregate_id')
    .where('event_type', '=', type)
    .where('aggregate_id', 'in', ids)
    .execute();
  return rows.map((r) => r.aggregate_id).sort();
}

describe('payment successes applied together', () => {
  it('captures each payment once; the first for an order pays it, any other is a late payment to refund', async () => {
    const [a, b, c, d, e] = await unpaidOrders(5);
    if (!a || !b || !c || !d || !e) throw new Error('five orders');
    // Order a: its first payment was closed, then the resident paid again; both successes arrive together.
    await applyPaymentNotification(t.ctx, t.payments.verifySigned(dev().sign(a.intent.paymentId, 'closed', a.intent.amountFen)));
    const a2 = await payOrder(t.ctx, a.p, a.order.id, 'notify');
    expect(a2.paymentId).not.toBe(a.intent.paymentId);
    // Order d was paid before; order e was cancelled before its payment arrived.
    await applyPaymentNotification(t.ctx, t.payments.verifySigned(dev().sign(d.intent.paymentId, 'succeeded', d.intent.amountFen)));
    await cancelOrder(t.ctx, e.p, e.order.id, 'changed my mind');

    const batch = [
      { paymentId: a.intent.paymentId, amountFen: a.intent.amountFen },
      { paymentId: b.intent.paymentId, amountFen: b.intent.amountFen },
      { paymentId: a2.paymentId, amountFen: a2.amountFen },
      { paymentId: c.intent.paymentId, amountFen: c.intent.amountFen + 1 },
      { paymentId: d.intent.paymentId, amountFen: d.intent.amountFen },
      { paymentId: e.intent.paymentId, amountFen: e.intent.amountFen },
    ];
    const outcome = await capture(
      t.ctx.db,
      t.ctx.clock,
      batch.map((x) => ({ ...x, markPaid: markPaidStep })),
    );
    expect(outcome).toEqual([
      { captured: true, paid: true, refunded: false },
      { captured: true, paid: true, refunded: false },
      { captured: true, paid: false, refunded: true },
      { captured: false, paid: false, refunded: false },
      { captured: false, paid: false, refunded: false },
      { captured: true, paid: false, refunded: true },
    ]);

    const statusOf = async (id: string) =>
      (await t.ctx.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await statusOf(a.order.id)).toBe('paid');
    expect(await statusOf(b.order.id)).toBe('paid');
    expect(await statusOf(c.order.id)).toBe('pending_payment');
    expect(await statusOf(e.order.id)).toBe('cancelled');
    const orders = [a, b, c, d, e].map((x) => x.order.id);
    expect(await eventsOf('order.paid', orders)).toEqual([a.order.id, b.order.id, d.order.id].sort());
    expect(
      await eventsOf('payment.captured', [a.intent.paymentId, a2.paymentId, b.intent.paymentId, c.intent.paymentId, e.intent.paymentId]),
    ).toEqual([a.intent.paymentId, a2.paymentId, b.intent.paymentId, e.intent.paymentId].sort());
    const refunds = await t.ctx.db
      .selectFrom('refunds')
      .select(['payment_id', 'kind', 'amount_fen'])
      .where('order_id', 'in', orders)
      .execute();
    expect(refunds.map((r) => [r.payment_id, r.kind, r.amount_fen]).sort()).toEqual(
      [
        [a2.paymentId, 'late_payment', a2.amountFen],
        [e.intent.paymentId, 'late_payment', e.intent.amountFen],
      ].sort(),
    );
  });

  it('answers each of many concurrent notifications, duplicates included, and pays each order once', async () => {
    const orders = await unpaidOrders(30);
    const notify = (x: (typeof orders)[number]) =>
      applyPaymentNotification(t.ctx, t.payments.verifySigned(dev().sign(x.intent.paymentId, 'succeeded', x.intent.amountFen)));
    const answers = await Promise.all([...orders, ...orders].map(notify));
    for (let i = 0; i < orders.length; i++) {
      expect([answers[i]?.changed, answers[i + orders.length]?.changed].filter(Boolean)).toHaveLength(1);
    }
    const ids = orders.map((o) => o.order.id);
    expect(await eventsOf('order.paid', ids)).toEqual([...ids].sort());
    const statuses = await t.ctx.db.selectFrom('orders').select('status').where('id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'paid')).toBe(true);
    const refunds = await t.ctx.db.selectFrom('refunds').select('id').where('order_id', 'in', ids).execute();
    expect(refunds).toEqual([]);
  });
});
