import { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Principal } from '../identity/index.ts';
import { redeliveries } from './redeliveries.queries.ts';
import { describeSkus } from '../catalog/index.ts';
import { pickupPointIdsOfLeader, pickupPointsByIds } from '../leader/index.ts';
import { advanceOrders, linesOfOrders, ordersToDeliver, refundOrderLines } from '../ordering/index.ts';
import { businessDate, completeRouteIfDone } from './delivery.service.ts';
import { lockRoute } from './dispatch.service.ts';
import { bundleLines, linesOfStop, titleOf } from './logistics.queries.ts';
import { assertStopTransition, bundleId, handoverBlame, shortLatestPaidFirst } from './logistics.rules.ts';

/**
 * Deliveries to the leader's pickup points on a date (default today), with what is on the way. A
 * confirmed stop shows the count-in the leader signed for (what was sent, received and missing):
 * its bundle as it stands afterwards is net of the shortage refunds and would hide what was short.
 * Lines support sends again to residents of the point come with the stop (`redeliveries`).
 */
export async function leaderDeliveries(ctx: AppContext, leader: Principal, date?: string) {
  const deliveryDate = await businessDate(ctx, leader.operatorId, date);
  const own = await pickupPointIdsOfLeader(ctx.db, leader.operatorId, leader.id);
  const stops = own.length
    ? await ctx.db
        .selectFrom('route_stops as s')
        .innerJoin('delivery_routes as r', 'r.id', 's.route_id')
        .select(['s.id', 's.route_id', 's.pickup_point_id', 's.goods_classes', 's.status'])
        .where('s.operator_id', '=', leader.operatorId)
        .where('s.pickup_point_id', 'in', own)
        .where('s.delivery_date', '=', deliveryDate)
        .where('r.status', 'in', ['published', 'loading', 'in_transit', 'completed'])
        .orderBy('s.id')
        .execute()
    : [];
  const points = await pickupPointsByIds(
    ctx.db,
    leader.operatorId,
    stops.map((s) => s.pickup_point_id),
  );
  const lines = await bundleLines(
    ctx.db,
    leader.operatorId,
    deliveryDate,
    stops.map((s) => s.pickup_point_id),
  );
  const counts = await handoverCounts(
    ctx,
    leader.operatorId,
    stops.filter((s) => s.status === 'confirmed').map((s) => s.id),
  );
  const resent = await redeliveries(ctx.db, leader.operatorId, { deliveryDate, pickupPointIds: stops.map((s) => s.pickup_point_id) });
  return {
    items: stops.map((s) => {
      const count = counts.get(s.id) ?? null;
      return {
        stopId: s.id,
        routeId: s.route_id,
        deliveryDate,
        pickupPointId: s.pickup_point_id,
        pickupPointName: points.get(s.pickup_point_id)!.name,
        status: s.status,
        bundleId: bundleId(deliveryDate, s.pickup_point_id, s.goods_classes),
        lines: count
          ? count.lines.map((l) => ({ skuId: l.skuId, title: l.title, quantity: l.expected }))
          : linesOfStop(lines, { pickupPointId: s.pickup_point_id, goodsClasses: s.goods_classes }).map((l) => ({
              skuId: l.skuId,
              title: l.title,
              quantity: l.quantity,
            })),
        handover: count && {
          handoverId: count.handoverId,
          confirmedAt: count.confirmedAt,
          sealIntact: count.sealIntact,
          ...unitsOf(count.lines),
          lines: count.lines.map((l) => ({ skuId: l.skuId, expected: l.expected, received: l.received })),
        },
        redeliveries: resent.filter((r) => r.pickupPointId === s.pickup_point_id),
      };
    }),
  };
}

/** Units sent, received and missing over the lines of a count-in. */
function unitsOf(lines: ReadonlyArray<{ expected: number; received: number }>) {
  const expectedUnits = lines.reduce((n, l) => n + l.expected, 0);
  const receivedUnits = lines.reduce((n, l) => n + l.received, 0);
  return { expectedUnits, receivedUnits, shortUnits: expectedUnits - receivedUnits };
}

/** The count-ins of confirmed stops, by stop: each line as counted, with its SKU's title. */
async function handoverCounts(ctx: AppContext, operatorId: string, stopIds: string[]) {
  const out = new Map<
    string,
    {
      handoverId: string;
      confirmedAt: string;
      sealIntact: boolean;
      lines: Array<{ skuId: string; title: string; expected: number; received: number }>;
    }
  >();
  if (stopIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('handovers as h')
    .leftJoin('handover_lines as hl', 'hl.handover_id', 'h.id')
    .select(['h.id', 'h.stop_id', 'h.confirmed_at', 'h.seal_intact', 'hl.sku_id', 'hl.expected', 'hl.received'])
    .where('h.operator_id', '=', operatorId)
    .where('h.stop_id', 'in', stopIds)
    .orderBy('hl.sku_id')
    .execute();
  const skus = await describeSkus(
    ctx.db,
    operatorId,
    rows.flatMap((r) => (r.sku_id === null ? [] : [r.sku_id])),
  );
  for (const r of rows) {
    let count = out.get(r.stop_id);
    if (!count) {
      count = { handoverId: r.id, confirmedAt: r.confirmed_at.toISOString(), sealIntact: r.seal_intact, lines: [] };
      out.set(r.stop_id, count);
    }
    if (r.sku_id !== null && r.expected !== null && r.received !== null)
      count.lines.push({ skuId: r.sku_id, title: titleOf(skus.get(r.sku_id)!), expected: r.expected, received: r.received });
  }
  return out;
}

/**
 * The leader counts the delivery in at their pickup point. Missing units are recorded with the
 * blame (seal intact: warehouse, else driver) and refunded to the affected orders, latest paid
 * first; the pickup point's orders move to delivered; the stop is confirmed and the route may
 * complete. Emits `handover.confirmed`. Another leader's stop is NOT_FOUND.
 */
export async function confirmHandover(
  ctx: AppContext,
  leader: Principal,
  stopId: string,
  request: z.input<typeof logistics.ConfirmHandover>,
) {
  const input = logistics.ConfirmHandover.parse(request);
  const operatorId = leader.operatorId;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const atStop = await trx
      .selectFrom('route_stops')
      .select(['route_id', 'pickup_point_id'])
      .where('operator_id', '=', operatorId)
      .where('id', '=', stopId)
      .executeTakeFirst();
    const point = atStop && (await pickupPointsByIds(trx, operatorId, [atStop.pickup_point_id])).get(atStop.pickup_point_id);
    // Another leader's stop is as unknown to this leader as one that does not exist.
    const mine = found(point?.leaderId === leader.id ? atStop : undefined, 'delivery');
    // Route first, then stop: the same lock order as the driver's steps.
    const route = await lockRoute(trx, operatorId, mine.route_id);
    const stop = await trx.selectFrom('route_stops').selectAll().where('id', '=', stopId).forUpdate().executeTakeFirstOrThrow();
    assertStopTransition(stop.status, 'confirmed');

    // A drop of a point split per temperature class counts in only the goods it carries.
    const expected = linesOfStop(await bundleLines(trx, operatorId, stop.delivery_date, [stop.pickup_point_id]), {
      pickupPointId: stop.pickup_point_id,
      goodsClasses: stop.goods_classes,
    });
    const received = new Map((input.lines ?? []).map((l) => [l.skuId, l.received]));
    for (const [skuId, qty] of received) {
      const line = expected.find((e) => e.skuId === skuId);
      if (!line) throw new AppError('VALIDATION_FAILED', `SKU ${skuId} is not in this bundle`, { skuId });
      if (qty > line.quantity)
        throw new AppError('VALIDATION_FAILED', `SKU ${skuId}: received more than the ${line.quantity} sent`, { skuId });
    }
    const blame = handoverBlame(input.sealIntact);
    const now = ctx.clock.now();
    const handoverId = newId('hdo');
    await trx
      .insertInto('handovers')
      .values({
        id: handoverId,
        operator_id: operatorId,
        stop_id: stopId,
        route_id: route.id,
        pickup_point_id: stop.pickup_point_id,
        leader_id: leader.id,
        seal_intact: input.sealIntact,
        confirmed_at: now,
      })
      .execute();
    const counted = expected.map((e) => {
      const got = received.get(e.skuId) ?? e.quantity;
      return { skuId: e.skuId, title: e.title, expected: e.quantity, received: got, blame: got < e.quantity ? blame : null };
    });
    if (counted.length) {
      await trx
        .insertInto('handover_lines')
        .values(
          counted.map((c) => ({
            handover_id: handoverId,
            operator_id: operatorId,
            sku_id: c.skuId,
            expected: c.expected,
            received: c.received,
            blame: c.blame,
          })),
        )
        .execute();
    }

    const orders = await ordersToDeliver(trx, operatorId, stop.delivery_date, [stop.pickup_point_id]);
    const discrepancies = counted.filter((c) => c.received < c.expected);
    const shortByOrder = new Map<string, Array<{ orderLineId: string; quantity: number }>>();
    if (discrepancies.length && orders.length) {
      const lines = await linesOfOrders(
        trx,
        operatorId,
        orders.map((o) => o.id),
      );
      const paidAt = new Map(orders.map((o) => [o.id, o.paidAt ?? now]));
      for (const d of discrepancies) {
        const candidates = lines
          .filter((l) => l.sku_id === d.skuId)
          .map((l) => ({ orderId: l.order_id, orderLineId: l.id, paidAt: paidAt.get(l.order_id)!, net: l.quantity - l.refunded_quantity }));
        for (const [orderLineId, quantity] of shortLatestPaidFirst(candidates, d.expected - d.received)) {
          const orderId = candidates.find((c) => c.orderLineId === orderLineId)!.orderId;
          shortByOrder.set(orderId, [...(shortByOrder.get(orderId) ?? []), { orderLineId, quantity }]);
        }
      }
    }
    let refundedFen = 0;
    for (const [orderId, lines] of [...shortByOrder].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const refund = await refundOrderLines(ctx, trx, {
        operatorId,
        orderId,
        lines,
        kind: 'handover',
        blame,
        reason: 'missing at delivery to the pickup point',
        sourceId: `${handoverId}:${orderId}`,
        carrierId: blame === 'driver' ? route.carrier_id : null,
        tell: { title: '配送缺货退款', body: '您的订单部分商品在配送中缺失，已原路退款', leader: true },
      });
      refundedFen += refund.amountFen;
    }
    await trx.updateTable('route_stops').set({ status: 'confirmed', confirmed_at: now }).where('id', '=', stopId).execute();
    // The point's orders are delivered once every drop of the day to it is counted in (or failed).
    const waiting = await trx
      .selectFrom('route_stops as s')
      .innerJoin('delivery_routes as r', 'r.id', 's.route_id')
      .select('s.id')
      .where('s.operator_id', '=', operatorId)
      .where('s.pickup_point_id', '=', stop.pickup_point_id)
      .where('s.delivery_date', '=', stop.delivery_date)
      .where('s.status', 'not in', ['confirmed', 'failed'])
      .where('r.status', '!=', 'cancelled')
      .executeTakeFirst();
    const orderIds = waiting ? [] : orders.map((o) => o.id);
    // Orders still `paid` (allocation not run for them) go through allocated, as the transition table requires.
    await advanceOrders(ctx, trx, operatorId, orderIds, 'allocated');
    const delivered = await advanceOrders(ctx, trx, operatorId, orderIds, 'delivered');
    await emit(trx, ctx.clock, {
      type: 'handover.confirmed',
      operatorId,
      aggregateId: handoverId,
      payload: {
        handoverId,
        routeId: route.id,
        pickupPointId: stop.pickup_point_id,
        discrepancies: discrepancies.map((d) => ({ skuId: d.skuId, expected: d.expected, received: d.received, blame: d.blame })),
      },
    });
    const routeCompleted = await completeRouteIfDone(ctx, trx, route.id);
    return {
      handoverId,
      stopId,
      routeId: route.id,
      pickupPointId: stop.pickup_point_id,
      confirmedAt: now.toISOString(),
      discrepancies: discrepancies.map((d) => ({ skuId: d.skuId, expected: d.expected, received: d.received, blame })),
      ...unitsOf(counted),
      refundedFen,
      ordersDelivered: delivered.length,
      routeCompleted,
    };
  });
  if (result.refundedFen > 0) ctx.jobs.kick();
  return result;
}
