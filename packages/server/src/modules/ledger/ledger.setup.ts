import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { DeliveredEvent, EventPayload, EventType } from '../../platform/events.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { claim, postEntry } from './journal.ts';
import { reconcileYesterday } from './ledger.daily.ts';
import { getPolicy } from './ledger.policy.ts';
import { postOrderPaid, postOrderRefunded, postPaymentCaptured, releaseCommission } from './ledger.postings.ts';

export const RELEASE_JOB = 'ledger.commission-release';

/**
 * The ledger listens to the business: each event is posted in its delivery transaction (so the
 * posting commits exactly when the delivery does) and is keyed, so a redelivery posts nothing.
 * Payloads arrive parsed by their producers' schemas (modules/events.ts): one that does not parse
 * fails its delivery, which is retried and keeps the error on its outbox row; nothing is posted.
 */
export function setupLedger(ctx: AppContext): void {
  const on = <K extends EventType>(type: K, post: (trx: Tx, e: DeliveredEvent<K>, now: Date) => Promise<void>) =>
    ctx.events.subscribe(type, (trx, e) => post(trx, e, ctx.clock.now()));

  on('payment.captured', (trx, e, now) => postPaymentCaptured(trx, now, e.createdAt, e.operatorId, e.payload));
  on('order.paid', (trx, e, now) => postOrderPaid(trx, now, e.createdAt, e.operatorId, e.payload));
  on('order.refunded', (trx, e, now) => postOrderRefunded(trx, now, e.createdAt, e.operatorId, e.payload));
  on('order.picked_up', async (trx, e, now) => {
    const p = e.payload;
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
  on('purchase_order.received', (trx, e, now) => postGoodsReceived(trx, now, e.createdAt, e.operatorId, e.payload));
  on('route.completed', (trx, e, now) => postRouteCost(trx, now, e.createdAt, e.operatorId, e.payload));

  ctx.jobs.addSweep({ name: 'ledger-reconciliation', run: () => reconcileYesterday(ctx) });
  ctx.jobs.register(RELEASE_JOB, async (trx, payload, job) => {
    if (!job.operatorId) throw new Error('a commission release needs its operator');
    await releaseCommission(trx, ctx.clock.now(), job.operatorId, String(payload.orderId));
  });
}

/** purchase_order.received: the supplier is owed accepted quantity × cost price per line; that is the cost of the goods. */
async function postGoodsReceived(trx: Tx, now: Date, at: Date, operatorId: string, p: EventPayload<'purchase_order.received'>) {
  const lines = p.lines.map((l) => ({ skuId: l.skuId, amountFen: l.acceptedQuantity * l.costPriceFen }));
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  await postEntry(trx, now, {
    operatorId,
    key: `purchase_order:${p.purchaseOrderId}:received`,
    kind: 'goods_received',
    document: { type: 'purchase_order', id: p.purchaseOrderId },
    meta: {
      supplierId: p.supplierId,
      deliveryDate: p.deliveryDate,
      lines: p.lines.map((l) => ({ skuId: l.skuId, acceptedQuantity: l.acceptedQuantity, costPriceFen: l.costPriceFen })),
    },
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
async function postRouteCost(trx: Tx, now: Date, at: Date, operatorId: string, p: EventPayload<'route.completed'>) {
  await postEntry(trx, now, {
    operatorId,
    key: `route:${p.routeId}:completed`,
    kind: 'route_cost',
    document: { type: 'route', id: p.routeId },
    meta: {
      deliveryDate: p.deliveryDate,
      carrierId: p.carrierId,
      driverId: p.driverId,
      stopsDelivered: p.stopsDelivered,
      distanceMeters: p.distanceMeters,
      rateCard: p.rateCard,
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
