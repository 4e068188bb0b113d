import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allocationSteps } from '../src/modules/procurement/allocation.service.ts';
import { cutoffSteps } from '../src/modules/procurement/cutoff.pipeline.ts';
import { confirmPurchaseOrder, sendPurchaseOrder } from '../src/modules/procurement/purchase-order.service.ts';
import { completeReceiving, receivePurchaseOrder } from '../src/modules/procurement/receiving.service.ts';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, passCutoff, settle } from './procurement-helpers.ts';

/**
 * The cutoff and procurement pipeline, with each step made to fail in turn and the server
 * restarted: the outcome must equal an uninterrupted run's, with nothing done twice.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z', { persistent: true });
});
afterAll(() => t.close());

const pickupDate = '2026-11-21';

/** One day in a fresh tenant: a campaign that succeeds, one that fails, a purchase order shipped short. */
async function runDay(slug: string, crash: () => void): Promise<unknown> {
  const w = await createWorld(t.ctx, { slug, skus: 2, leaders: 2, residents: 3 });
  const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
  const ok = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt, minTotal: 1 });
  const failing = await createOpenCampaign(t.ctx, w, { pickupDate, cutoffAt, minTotal: 100 });
  const [p1, p2] = [w.leaders[0]!.pickupPointId, w.leaders[1]!.pickupPointId];
  const orders = [
    await orderAs(t, w.operatorId, w.residents[0]!.id, p1, [
      [ok.lineIds[0]!, 3],
      [failing.lineIds[0]!, 1],
    ]),
    await orderAs(t, w.operatorId, w.residents[1]!.id, p2, [
      [ok.lineIds[0]!, 2],
      [ok.lineIds[1]!, 2],
    ]),
    await orderAs(t, w.operatorId, w.residents[2]!.id, p1, [[failing.lineIds[1]!, 2]]),
  ];
  crash();
  // Both campaigns close; their cutoff steps run (one of them fails once), then the server restarts.
  await passCutoff(t, w.operatorId, failing.id, cutoffAt);
  await passCutoff(t, w.operatorId, ok.id, cutoffAt);
  t = await t.restart();
  t.clock.advance(MINUTE);
  await settle(t);

  const po = await t.ctx.db.selectFrom('purchase_orders').select('id').where('operator_id', '=', w.operatorId).executeTakeFirstOrThrow();
  const staff = w.operatorId;
  await sendPurchaseOrder(t.ctx, staff, po.id);
  const lines = await t.ctx.db
    .selectFrom('purchase_order_lines')
    .selectAll()
    .where('purchase_order_id', '=', po.id)
    .orderBy('sku_id')
    .execute();
  const skuIndex = (id: string) => w.skuIds.indexOf(id);
  const first = lines.find((l) => skuIndex(l.sku_id) === 0)!;
  await confirmPurchaseOrder(t.ctx, { operatorId: w.operatorId, supplierId: w.supplierId }, po.id, {
    lines: [{ lineId: first.id, confirmedQuantity: 3 }],
  });
  await receivePurchaseOrder(t.ctx, staff, po.id, {
    lines: lines.map((l) => ({ lineId: l.id, receivedQuantity: l === first ? 3 : l.ordered_quantity, lotCode: 'L1' })),
  });
  await completeReceiving(t.ctx, staff, po.id);
  await settle(t);
  t = await t.restart();
  t.clock.advance(10 * MINUTE);
  await settle(t);

  const orderIndex = (id: string) => orders.findIndex((o) => o.id === id);
  const db = t.ctx.db;
  const op = w.operatorId;
  return {
    cutoffs: (
      await db
        .selectFrom('campaign_cutoffs')
        .select(['campaign_id', 'outcome', 'ordered_quantity', 'stage'])
        .where('operator_id', '=', op)
        .execute()
    )
      .map((c) => `${c.campaign_id === ok.id ? 'ok' : 'failing'}:${c.outcome}:${c.ordered_quantity}:${c.stage}`)
      .sort(),
    demand: (await db.selectFrom('demand_lines').selectAll().where('operator_id', '=', op).execute())
      .map((d) => `${skuIndex(d.sku_id)}:${d.pickup_point_id === p1 ? 1 : 2}:${d.quantity}`)
      .sort(),
    purchaseOrders: (await db.selectFrom('purchase_orders').select('status').where('operator_id', '=', op).execute()).map((p) => p.status),
    poLines: lines.map((l) => `${skuIndex(l.sku_id)}:${l.demand_quantity}:${l.ordered_quantity}`),
    refunds: (await db.selectFrom('refunds').select(['order_id', 'kind', 'blame', 'amount_fen']).where('operator_id', '=', op).execute())
      .map((r) => `${r.kind}:${r.blame}:${orderIndex(r.order_id)}:${r.amount_fen}`)
      .sort(),
    notifications: (await db.selectFrom('notifications').select('title').where('operator_id', '=', op).execute())
      .map((n) => n.title)
      .sort(),
    orders: await Promise.all(
      orders.map(async (o) => (await db.selectFrom('orders').select('status').where('id', '=', o.id).executeTakeFirstOrThrow()).status),
    ),
    events: (
      await db
        .selectFrom('outbox')
        .select('event_type')
        .where('operator_id', '=', op)
        .where('event_type', 'not like', 'payment.%')
        .execute()
    )
      .map((e) => e.event_type)
      .sort(),
    stock: (await db.selectFrom('stock_lots').select(['sku_id', 'quantity_on_hand']).where('operator_id', '=', op).execute())
      .map((s) => `${skuIndex(s.sku_id)}:${s.quantity_on_hand}`)
      .sort(),
  };
}

describe('crash safety of the cutoff and procurement pipeline', () => {
  let baseline: unknown;
  it('an uninterrupted day', async () => {
    baseline = await runDay('day-0', () => {});
    expect(baseline).toMatchObject({
      cutoffs: ['failing:failed:3:done', 'ok:succeeded:7:done'],
      purchaseOrders: ['received'],
      poLines: ['0:5:5', '1:2:2'],
      orders: ['allocated', 'allocated', 'refunded'],
    });
    expect((baseline as { refunds: string[] }).refunds).toEqual([
      'campaign_failed:none:0:990',
      'campaign_failed:none:2:2180',
      'shortage:supplier:1:1980',
    ]);
  });

  const crashes: Array<[string, () => void]> = [
    ['deciding', () => vi.spyOn(cutoffSteps, 'deciding').mockRejectedValueOnce(new Error('crash while deciding'))],
    ['refunding', () => vi.spyOn(cutoffSteps, 'refunding').mockRejectedValueOnce(new Error('crash while refunding'))],
    ['aggregating', () => vi.spyOn(cutoffSteps, 'aggregating').mockRejectedValueOnce(new Error('crash while aggregating'))],
    ['procuring', () => vi.spyOn(cutoffSteps, 'procuring').mockRejectedValueOnce(new Error('crash while procuring'))],
    ['allocating', () => vi.spyOn(allocationSteps, 'allocateSku').mockRejectedValueOnce(new Error('crash while allocating'))],
  ];
  it.each(crashes)('a crash while %s, then a restart, ends the same', async (step, crash) => {
    const outcome = await runDay(`day-${step}`, crash);
    const failedOnce = await t.ctx.db.selectFrom('jobs').select('attempts').where('last_error', '=', `crash while ${step}`).execute();
    expect(failedOnce.map((j) => j.attempts)).toEqual([2]);
    expect(outcome).toEqual(baseline);
    vi.restoreAllMocks();
  });
});
