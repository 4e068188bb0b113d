import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { DeliveredEvent } from '../../platform/events.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { claim, postEntry } from './journal.ts';
import { reconcileYesterday } from './ledger.daily.ts';
import { getPolicy } from './ledger.policy.ts';
import { postOrderPaid, postOrderRefunded, postPaymentCaptured, releaseCommission } from './ledger.postings.ts';

export const RELEASE_JOB = 'ledger.commission-release';

const Fen = z.number().int();
const payloads = {
  captured: z.object({ paymentId: z.string(), orderId: z.string(), amountFen: Fen }),
  paid: z.object({ orderId: z.string(), amountFen: Fen }),
  refunded: z.object({
    orderId: z.string(),
    refundId: z.string(),
    amountFen: Fen,
    kind: z.string(),
    blame: z.enum(['supplier', 'warehouse', 'driver', 'leader', 'operator', 'none']).nullable(),
    carrierId: z.string().nullable().optional(),
    lines: z.array(z.object({ orderLineId: z.string(), quantity: z.number().int(), amountFen: Fen })),
  }),
  pickedUp: z.object({ orderId: z.string(), at: z.string().datetime({ offset: true }) }),
  received: z.object({
    purchaseOrderId: z.string(),
    supplierId: z.string(),
    deliveryDate: z.string(),
    lines: z.array(z.object({ skuId: z.string(), acceptedQuantity: z.number().int().min(0), costPriceFen: Fen.min(0) })),
  }),
  routeCompleted: z.object({
    routeId: z.string(),
    deliveryDate: z.string(),
    driverId: z.string().nullable().optional(),
    carrierId: z.string().nullable(),
    stopsDelivered: z.number().int(),
    distanceMeters: z.number().nullable(),
    costFen: Fen.min(0),
    rateCard: z.record(z.string(), z.unknown()).optional(),
  }),
};

/**
 * The ledger listens to the business: each event is posted in its delivery transaction (so the
 * posting commits exactly when the delivery does) and is keyed, so a redelivery posts nothing.
 */
export function setupLedger(ctx: AppContext): void {
  const on = (type: string, post: (trx: Tx, e: DeliveredEvent, now: Date) => Promise<void>) =>
    ctx.events.subscribe(type, (trx, e) => post(trx, e, ctx.clock.now()));

  on('payment.captured', (trx, e, now) => postPaymentCaptured(trx, now, e.createdAt, e.operatorId, payloads.captured.parse(e.payload)));
  on('order.paid', (trx, e, now) => postOrderPaid(trx, now, e.createdAt, e.operatorId, payloads.paid.parse(e.payload)));
  on('order.refunded', (trx, e, now) => postOrderRefunded(trx, now, e.createdAt, e.operatorId, payloads.refunded.parse(e.payload)));
  on('order.picked_up', async (trx, e, now) => {
    const p = payloads.pickedUp.parse(e.payload);
    if (!(await claim(trx, e.operatorId, `order:${p.orderId}:picked_up`, now))) return;
    const policy = await getPolicy(trx, e.operatorId);
    await scheduleJob(trx, ctx.clock, {
      kind: RELEASE_JOB,
      runAt: new Date(new Date(p.at).getTime() + policy.releaseAfterHours * 3_600_000),
      operatorId: e.operatorId,
      payload: { orderId: p.orderId },
      dedupeKey: `commission-release:${p.orderId}`,
    });
  });
  on('purchase_order.received', (trx, e, now) =>
    postGoodsReceived(trx, now, e.createdAt, e.operatorId, payloads.received.parse(e.payload)),
  );
  on('route.completed', (trx, e, now) => postRouteCost(trx, now, e.createdAt, e.operatorId, payloads.routeCompleted.parse(e.payload)));

  ctx.jobs.addSweep({ name: 'ledger-reconciliation', run: () => reconcileYesterday(ctx) });
  ctx.jobs.register(RELEASE_JOB, async (trx, payload, job) => {
    if (!job.operatorId) throw new Error('a commission release needs its operator');
    await releaseCommission(trx, ctx.clock.now(), job.operatorId, String(payload.orderId));
  });
}

/** purchase_order.received: the supplier is owed accepted quantity × cost price per line; that is the cost of the goods. */
async function postGoodsReceived(trx: Tx, now: Date, at: Date, operatorId: string, p: z.infer<typeof payloads.received>) {
  const lines = p.lines.map((l) => ({ skuId: l.skuId, amountFen: l.acceptedQuantity * l.costPriceFen }));
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  await postEntry(trx, now, {
    operatorId,
    key: `purchase_order:${p.purchaseOrderId}:received`,
    kind: 'goods_received',
    document: { type: 'purchase_order', id: p.purchaseOrderId },
    meta: { supplierId: p.supplierId, deliveryDate: p.deliveryDate, lines: p.lines },
    occurredAt: at,
    // Delivered on the pickup date itself (procurement's deliveryDateFor): the goods' batch.
    batchDate: p.deliveryDate,
    postings: [
      ...lines.map((l) => ({ account: { code: 'cost_of_goods' as const }, amountFen: l.amountFen, skuId: l.skuId })),
      { account: { code: 'supplier_payable', partyId: p.supplierId }, amountFen: -total },
    ],
  });
}

/** route.completed: a carrier is owed its rate card applied to the stops delivered; an own-fleet route costs its vehicle's running cost. */
async function postRouteCost(trx: Tx, now: Date, at: Date, operatorId: string, p: z.infer<typeof payloads.routeCompleted>) {
  await postEntry(trx, now, {
    operatorId,
    key: `route:${p.routeId}:completed`,
    kind: 'route_cost',
    document: { type: 'route', id: p.routeId },
    meta: {
      deliveryDate: p.deliveryDate,
      carrierId: p.carrierId,
      driverId: p.driverId ?? null,
      stopsDelivered: p.stopsDelivered,
      distanceMeters: p.distanceMeters,
      rateCard: p.rateCard ?? {},
    },
    occurredAt: at,
    batchDate: p.deliveryDate,
    postings: [
      { account: { code: 'logistics_cost' }, amountFen: p.costFen },
      p.carrierId
        ? { account: { code: 'carrier_payable', partyId: p.carrierId }, amountFen: -p.costFen }
        : { account: { code: 'own_fleet_payable' }, amountFen: -p.costFen },
    ],
  });
}
