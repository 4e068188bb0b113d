import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AnyDeliveredEvent, DeliveredEvent, EventPayload } from '../../platform/events.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { claim, postEntries, postEntry } from './journal.ts';
import { reconcileYesterday } from './ledger.daily.ts';
import { getPolicy } from './ledger.policy.ts';
import { orderPaidEntries, paymentCapturedEntries, postOrderRefunded, releaseCommission } from './ledger.postings.ts';
import { returnPromotionCost } from './ledger.promotions.ts';

export const RELEASE_JOB = 'ledger.commission-release';

const LEDGER_EVENTS = [
  'payment.captured',
  'order.paid',
  'order.refunded',
  'order.picked_up',
  'purchase_order.received',
  'route.completed',
  'promotion.returned',
] as const;
type PaidOrderEventType = 'payment.captured' | 'order.paid';
/** The ledger's events other than a paid order's two, each posted alone. */
type OtherEventType = Exclude<(typeof LEDGER_EVENTS)[number], PaidOrderEventType>;

/**
 * The ledger listens to the business: each event is posted in its delivery transaction (so the
 * posting commits exactly when the delivery does) and is keyed, so a redelivery posts nothing.
 * Payloads arrive parsed by their producers' schemas (modules/events.ts): one that does not parse
 * fails its delivery, which is retried and keeps the error on its outbox row; nothing is posted.
 *
 * The events come a delivered batch at a time, in the order they were written. Captures and paid
 * orders (two events per paid order, the checkout's) are posted set-based, each run of them in a
 * few statements and every account's balance moved once; any other event is posted alone, in
 * its place, so a refund is posted after the sale it refunds.
 */
export function setupLedger(ctx: AppContext): void {
  ctx.events.subscribeBatch(LEDGER_EVENTS, async (trx, events) => {
    const now = ctx.clock.now();
    let run: Array<AnyDeliveredEvent<PaidOrderEventType>> = [];
    for (const e of events) {
      if (e.type === 'payment.captured' || e.type === 'order.paid') {
        run.push(e);
        continue;
      }
      await postPaidOrders(trx, now, run);
      run = [];
      await postOne(ctx, trx, now, e);
    }
    await postPaidOrders(trx, now, run);
  });

  ctx.jobs.addSweep({ name: 'ledger-reconciliation', run: () => reconcileYesterday(ctx) });
  ctx.jobs.register(RELEASE_JOB, async (trx, payload, job) => {
    if (!job.operatorId) throw new Error('a commission release needs its operator');
    await releaseCommission(trx, ctx.clock.now(), job.operatorId, String(payload.orderId));
  });
}

/** A run of payment.captured and order.paid events: their entries in one statement, in the events' order. */
async function postPaidOrders(trx: Tx, now: Date, events: Array<AnyDeliveredEvent<PaidOrderEventType>>) {
  if (events.length === 0) return;
  const asPosted = <P>(e: DeliveredEvent & { payload: P }) => ({ at: e.createdAt, operatorId: e.operatorId, payload: e.payload });
  const captured = events.flatMap((e) => (e.type === 'payment.captured' ? [asPosted(e)] : []));
  const paid = events.flatMap((e) => (e.type === 'order.paid' ? [asPosted(e)] : []));
  const capturedEntries = await paymentCapturedEntries(trx, captured);
  const paidEntries = await orderPaidEntries(trx, now, paid);
  let c = 0;
  let p = 0;
  await postEntries(
    trx,
    now,
    events.flatMap((e) => (e.type === 'payment.captured' ? (capturedEntries[c++] ?? []) : (paidEntries[p++] ?? []))),
  );
}

/** Any other event of the ledger's, alone. */
async function postOne(ctx: AppContext, trx: Tx, now: Date, e: AnyDeliveredEvent<OtherEventType>) {
  switch (e.type) {
    case 'order.refunded':
      return postOrderRefunded(trx, now, e.createdAt, e.operatorId, e.payload);
    case 'promotion.returned':
      return returnPromotionCost(trx, now, e.operatorId, e.payload.orderId);
    case 'order.picked_up': {
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
      return;
    }
    case 'purchase_order.received':
      return postGoodsReceived(trx, now, e.createdAt, e.operatorId, e.payload);
    case 'route.completed':
      return postRouteCost(trx, now, e.createdAt, e.operatorId, e.payload);
  }
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
