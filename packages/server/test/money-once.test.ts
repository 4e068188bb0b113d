import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../src/app.ts';
import { expireUnpaidOrders } from '../src/modules/ordering/ordering.lifecycle.ts';
import { cancelOrder } from '../src/modules/ordering/ordering.service.ts';
import type { DevPaymentProvider } from '../src/modules/payment/payment.provider.ts';
import { applyPaymentNotification, payOrder } from '../src/modules/ordering/order-payment.ts';
import { sendPendingRefunds } from '../src/modules/payment/refund.sender.ts';
import { type PayoutProvider, usePayoutProvider } from '../src/modules/settlement/payout.provider.ts';
import { payOutApproved } from '../src/modules/settlement/withdrawal.service.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { newId } from '../src/platform/ids.ts';
import { createWorld, unpaidOrders as unpaidOrdersOf, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Money leaves exactly once: every provider call is claimed first, by one process. On PostgreSQL
// (CI's second pass) a second app on the same database plays the second server process and the
// races run on a pool of connections; on PGlite, whose database one process owns, the same sweeps
// race inside one app.
let t: TestApp;
let world: World;
let other: App | undefined;
let b: App['ctx'];

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  other = await t.twin();
  b = other?.ctx ?? t.ctx;
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

const unpaidOrders = (n: number) => unpaidOrdersOf(t.ctx, world, n);

/** Counts the calls of a provider method on both apps' providers. */
function countCalls<K extends 'refund' | 'query' | 'close'>(method: K) {
  const spies = [...new Set([t.ctx.payments, b.payments])].map((provider) => vi.spyOn(provider as DevPaymentProvider, method));
  return {
    ids: () => spies.flatMap((s) => s.mock.calls.map((c) => (typeof c[0] === 'string' ? c[0] : (c[0] as { refundId: string }).refundId))),
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

/** Settles a promise list and returns what failed with something other than an AppError. */
async function unexpectedFailures(work: Array<Promise<unknown>>): Promise<unknown[]> {
  const outcomes = await Promise.allSettled(work);
  return outcomes.flatMap((o) => (o.status === 'rejected' && !(o.reason instanceof AppError) ? [o.reason] : []));
}

describe('refunds reach the provider exactly once', () => {
  it('40 concurrent cancels, with both processes sweeping meanwhile: 40 refunds, 40 provider calls, none in the request', async () => {
    const orders = await unpaidOrders(40);
    for (const { p, order } of orders) await payOrder(t.ctx, p, order.id, 'instant');
    const calls = countCalls('refund');
    try {
      const cancels = orders.map(({ p, order }) => cancelOrder(t.ctx, p, order.id, 'changed my mind'));
      await Promise.all(cancels);
      expect(calls.ids()).toEqual([]); // the residents' requests do not call the provider
      const sweeps = [t.ctx, b, t.ctx, b].map((ctx) => sendPendingRefunds(ctx));
      expect(await unexpectedFailures(sweeps)).toEqual([]);
      await Promise.all([sendPendingRefunds(t.ctx), sendPendingRefunds(b)]);
      const ids = calls.ids();
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      const refunds = await t.ctx.db
        .selectFrom('refunds')
        .select(['id', 'status', 'attempts'])
        .where(
          'order_id',
          'in',
          orders.map((o) => o.order.id),
        )
        .execute();
      expect(refunds).toHaveLength(40);
      expect(refunds.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
      expect(new Set(refunds.map((r) => r.id))).toEqual(new Set(ids));
    } finally {
      calls.restore();
    }
  });

  it('a provider that fails is asked again only after a wait, with the same refund id as its idempotency key', async () => {
    const [first] = await unpaidOrders(1);
    if (!first) throw new Error('no order');
    const { p, order } = first;
    await payOrder(t.ctx, p, order.id, 'instant');
    await cancelOrder(t.ctx, p, order.id, undefined);
    const refund = vi.spyOn(t.ctx.payments, 'refund').mockRejectedValueOnce(new Error('provider unreachable'));
    try {
      await sendPendingRefunds(t.ctx);
      await sendPendingRefunds(t.ctx); // too soon: not asked again
      expect(refund).toHaveBeenCalledTimes(1);
      const failed = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'provider unreachable' });
      t.clock.advance(MINUTE);
      await sendPendingRefunds(t.ctx);
      expect(refund).toHaveBeenCalledTimes(2);
      expect(refund.mock.calls[1]?.[0]).toMatchObject({ refundId: failed.id });
      const done = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
      expect(done).toMatchObject({ status: 'succeeded', attempts: 2, last_error: null });
      // The dev wallet refunds once per refund id, as a real provider does.
      const again = await t.ctx.payments.refund({
        refundId: failed.id,
        paymentId: failed.payment_id,
        amountFen: failed.amount_fen,
        paymentAmountFen: order.total_fen,
        reason: failed.reason,
      });
      expect(again.status).toBe('succeeded');
      expect((t.ctx.payments as DevPaymentProvider).refundedFen(failed.payment_id)).toBe(failed.amount_fen);
    } finally {
      refund.mockRestore();
    }
  });
});

describe('a cancel racing its own payment notification', () => {
  it('never fails (no deadlock) and keeps or returns every fen', async () => {
    const orders = await unpaidOrders(40);
    const work = orders.flatMap(({ p, order, intent }) => {
      const n = (t.ctx.payments as DevPaymentProvider).sign(intent.paymentId, 'succeeded', intent.amountFen);
      return [cancelOrder(t.ctx, p, order.id, 'race'), applyPaymentNotification(b, t.payments.verifySigned(n))];
    });
    expect(await unexpectedFailures(work)).toEqual([]);
    for (const { order, intent } of orders) {
      const o = await t.ctx.db.selectFrom('orders').select(['status', 'refunded_fen']).where('id', '=', order.id).executeTakeFirstOrThrow();
      const refunds = await t.ctx.db.selectFrom('refunds').select(['amount_fen', 'kind']).where('order_id', '=', order.id).execute();
      const refunded = refunds.reduce((s, r) => s + r.amount_fen, 0);
      // Either the cancel came first (the late payment is refunded) or the payment did (the paid
      // order is cancelled and refunded, or the cancel was refused and the order stays paid).
      if (o.status === 'paid') expect(refunded).toBe(0);
      else {
        expect(['cancelled', 'refunded']).toContain(o.status);
        expect(refunded).toBe(intent.amountFen);
      }
    }
  });
});

describe('sweeps in two processes at once', () => {
  it('ask the provider about an expired order’s payment and close it once', async () => {
    const orders = await unpaidOrders(30);
    t.clock.advance(16 * MINUTE);
    const query = countCalls('query');
    const close = countCalls('close');
    try {
      const expired = await Promise.all([
        expireUnpaidOrders(t.ctx),
        expireUnpaidOrders(b),
        expireUnpaidOrders(t.ctx),
        expireUnpaidOrders(b),
      ]);
      expect(expired.reduce((s, n) => s + n, 0)).toBe(30);
      expect(query.ids().sort()).toEqual(orders.map((o) => o.intent.paymentId).sort());
      expect(close.ids().sort()).toEqual(orders.map((o) => o.intent.paymentId).sort());
    } finally {
      query.restore();
      close.restore();
    }
  });

  it('send an approved withdrawal’s payout once', async () => {
    const now = t.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = newId('wdr');
      ids.push(id);
      await t.ctx.db
        .insertInto('withdrawals')
        .values({
          id,
          operator_id: world.operatorId,
          leader_id: world.leaders[0]?.id as string,
          amount_fen: 1000,
          fee_fen: 0,
          status: 'approved',
          payout_provider: null,
          payout_ref: null,
          failure_reason: null,
          requested_at: now,
          decided_at: now,
          decided_by: null,
          finished_at: null,
          updated_at: now,
        })
        .execute();
    }
    const asked: string[] = [];
    // Still processing: the payouts stay approved, so a sweep that did not claim would send them again.
    const slow: PayoutProvider = {
      name: 'slow',
      async payout(p) {
        asked.push(p.withdrawalId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { status: 'pending', providerRef: `slow_${p.withdrawalId}` };
      },
    };
    usePayoutProvider(t.ctx, slow);
    usePayoutProvider(b, slow);
    await Promise.all([payOutApproved(t.ctx), payOutApproved(b), payOutApproved(t.ctx), payOutApproved(b)]);
    expect(asked.sort()).toEqual([...ids].sort());
  });
});
