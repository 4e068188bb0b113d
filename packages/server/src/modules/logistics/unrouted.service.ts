import type { logistics } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { leadersByIds, pickupPointsByIds } from '../leader/index.ts';
import {
  linesOfOrders,
  ordersToDeliver,
  ordersToDeliverBetween,
  paidOrderTotalsByPoint,
  postponePickup,
  refundOrderLines,
} from '../ordering/index.ts';
import { bundleLines, bundlesOf, routedPoints } from './logistics.queries.ts';
import { temperatureClassesOf } from './logistics.rules.ts';
import { pointsOfWarehouse } from './warehouse.assignment.ts';
import { addDays } from '../../platform/calendar.ts';
import { notify } from '../../platform/notifications.ts';
import { queueNotices } from '../notices/index.ts';

/**
 * The pickup points with goods on a delivery date that no route of that date serves, with what
 * is waiting there: the dispatcher's to-do before publishing, and the dashboard's alarm after.
 * With `warehouseId`, only the points that warehouse serves.
 */
export async function unroutedPoints(
  db: Executor,
  operatorId: string,
  deliveryDate: string,
  warehouseId?: string,
): Promise<z.infer<typeof logistics.UnroutedList>> {
  const routed = await routedPoints(db, operatorId, deliveryDate);
  const served = warehouseId ? await pointsOfWarehouse(db, operatorId, warehouseId) : null;
  const bundles = [...bundlesOf(await bundleLines(db, operatorId, deliveryDate)).values()].filter(
    (b) => !routed.has(b.pickupPointId) && (!served || served.has(b.pickupPointId)),
  );
  if (bundles.length === 0) return { deliveryDate, items: [] };
  const ids = bundles.map((b) => b.pickupPointId);
  const totals = await paidOrderTotalsByPoint(db, operatorId, deliveryDate, ids);
  const points = await pickupPointsByIds(db, operatorId, ids);
  const leaders = await leadersByIds(
    db,
    operatorId,
    [...points.values()].map((p) => p.leaderId),
  );
  return {
    deliveryDate,
    items: bundles
      .map((b) => {
        const point = points.get(b.pickupPointId);
        const paid = totals.get(b.pickupPointId);
        return {
          pickupPointId: b.pickupPointId,
          pointName: point?.name ?? '',
          leaderName: (point && leaders.get(point.leaderId)?.name) ?? '',
          orders: paid?.orders ?? 0,
          units: b.lines.reduce((s, l) => s + l.quantity, 0),
          amountFen: paid?.amountFen ?? 0,
          goods: temperatureClassesOf(b.temperatureClasses),
          load: b.load,
        };
      })
      .sort((a, b) => a.pointName.localeCompare(b.pointName) || a.pickupPointId.localeCompare(b.pickupPointId)),
  };
}

/**
 * The dispatcher's decision for points no route serves on a date. `postpone` moves their orders
 * to a later pickup date (the goods wait in the warehouse and join that day's sorting and plan)
 * and tells each resident and leader; `refund` gives each order back in full as `undeliverable`,
 * borne by the operator. Refused for a point that a route of the date serves. Repeating a
 * decision finds nothing left to move.
 */
export async function decideUnrouted(
  ctx: AppContext,
  operatorId: string,
  staffId: string,
  request: z.infer<typeof logistics.DecideUnrouted>,
): Promise<z.infer<typeof logistics.UnroutedDecision>> {
  const { deliveryDate, decision } = request;
  const postponeTo = decision === 'postpone' ? (request.postponeTo ?? addDays(deliveryDate, 1)) : null;
  if (postponeTo !== null && postponeTo <= deliveryDate) {
    throw new AppError('VALIDATION_FAILED', 'a postponed pickup date must be after the delivery date', { field: 'postponeTo' });
  }
  const pointIds = [...new Set(request.pickupPointIds)];
  return ctx.db.transaction().execute(async (trx) => {
    const known = await pickupPointsByIds(trx, operatorId, pointIds);
    if (known.size !== pointIds.length) {
      const missing = pointIds.filter((id) => !known.has(id));
      throw new AppError('NOT_FOUND', 'pickup point not found', { pickupPointIds: missing });
    }
    // Planning and publishing take this lock too: a point cannot be routed while it is decided.
    await trx.selectFrom('warehouses').select('id').where('operator_id', '=', operatorId).orderBy('id').forUpdate().execute();
    const routed = await routedPoints(trx, operatorId, deliveryDate);
    const onRoute = pointIds.filter((id) => routed.has(id));
    if (onRoute.length) {
      throw new AppError('INVALID_STATE', 'these pickup points are on a route of that date; take them off the route first', {
        pickupPointIds: onRoute,
      });
    }
    const orders = await ordersToDeliver(trx, operatorId, deliveryDate, pointIds, { lock: true });
    const now = ctx.clock.now();
    let refundedFen = 0;
    if (postponeTo !== null) {
      if (orders.length) {
        await postponePickup(
          trx,
          orders.map((o) => o.id),
          postponeTo,
          now,
        );
        await trx
          .insertInto('pickup_postponements')
          .values(
            orders.map((o) => ({
              id: newId('ppn'),
              operator_id: operatorId,
              order_id: o.id,
              pickup_point_id: o.pickupPointId,
              from_date: deliveryDate,
              to_date: postponeTo,
              staff_id: staffId,
              created_at: now,
            })),
          )
          .execute();
        const tell = (o: (typeof orders)[number]) => ({
          title: '提货日期推迟',
          body: `订单 ${o.orderNo} 今日未能配送到自提点，改为 ${postponeTo} 提货，提货码不变。给您带来不便，敬请谅解。`,
        });
        const leaders = new Map<string, number>();
        for (const o of orders) leaders.set(o.leaderId, (leaders.get(o.leaderId) ?? 0) + 1);
        await notify(trx, now, operatorId, [
          ...orders.map((o) => ({ recipientKind: 'resident' as const, recipientId: o.residentId, ...tell(o) })),
          ...[...leaders].map(([leaderId, count]) => ({
            recipientKind: 'leader' as const,
            recipientId: leaderId,
            title: '配送改期',
            body: `${deliveryDate} 的 ${count} 笔订单改为 ${postponeTo} 送达，已通知团员。`,
          })),
        ]);
        const names = await pickupPointsByIds(
          trx,
          operatorId,
          orders.map((o) => o.pickupPointId),
        );
        const groups = new Map<string, typeof orders>();
        for (const o of orders)
          groups.set(`${o.residentId}|${o.pickupPointId}`, [...(groups.get(`${o.residentId}|${o.pickupPointId}`) ?? []), o]);
        if (
          await queueNotices(
            trx,
            now,
            operatorId,
            [...groups.values()].map((group) => ({
              residentId: group[0]?.residentId ?? '',
              kind: 'postponement' as const,
              params: { point: names.get(group[0]?.pickupPointId ?? '')?.name ?? '', date: postponeTo },
              subjects: group.map((o) => `${o.id}@${postponeTo}`),
              orderIds: group.map((o) => o.id),
              pickupPointId: group[0]?.pickupPointId ?? null,
              inApp: false,
            })),
          )
        ) {
          ctx.jobs.kick();
        }
      }
    } else {
      const lines = await linesOfOrders(
        trx,
        operatorId,
        orders.map((o) => o.id),
      );
      for (const o of orders) {
        // What is left of each line, refunded in full.
        const due = lines.filter((l) => l.order_id === o.id && l.amount_fen - l.refunded_fen > 0);
        if (due.length === 0) continue;
        const refund = await refundOrderLines(ctx, trx, {
          operatorId,
          orderId: o.id,
          lines: due.map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refunded_quantity })),
          kind: 'undeliverable',
          blame: 'operator',
          reason: `no delivery to the pickup point on ${deliveryDate}`,
          sourceId: `${o.id}:${deliveryDate}`,
          tell: {
            title: '订单已退款',
            body: `订单 ${o.orderNo} 未能在 ${deliveryDate} 配送到自提点，已全额退款，款项将原路退回。`,
            leader: true,
          },
        });
        if (!refund.repeated) refundedFen += refund.amountFen;
      }
    }
    return {
      decision,
      orders: orders.length,
      residentsTold: new Set(orders.map((o) => o.residentId)).size,
      refundedFen,
      postponeTo,
    };
  });
}

/**
 * Orders stranded on or past their pickup date: paid or sorted, at a point no route of that date
 * serves, and no decision taken. Per pickup date over the last 30 days up to `today`, for the
 * dashboard's alarm (a plan may still route today's; after today only a decision clears them).
 */
export async function strandedOrders(
  db: Executor,
  operatorId: string,
  today: string,
): Promise<Array<{ deliveryDate: string; points: number; orders: number }>> {
  // Ordering's orders to deliver, matched against the routes in one statement.
  const rows = await db
    .selectFrom(ordersToDeliverBetween(db, operatorId, addDays(today, -30), today).as('o'))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('route_stops as s')
            .innerJoin('delivery_routes as r', 'r.id', 's.route_id')
            .select(sql`1`.as('one'))
            .whereRef('r.operator_id', '=', 'o.operator_id')
            .whereRef('r.delivery_date', '=', 'o.pickup_date')
            .whereRef('s.pickup_point_id', '=', 'o.pickup_point_id')
            .where('r.status', '!=', 'cancelled'),
        ),
      ),
    )
    .select([
      sql<string>`o.pickup_date::text`.as('deliveryDate'),
      sql<number>`count(distinct o.pickup_point_id)::int`.as('points'),
      sql<number>`count(*)::int`.as('orders'),
    ])
    .groupBy('o.pickup_date')
    .orderBy('o.pickup_date')
    .execute();
  return rows.map((r) => ({ deliveryDate: r.deliveryDate, points: Number(r.points), orders: Number(r.orders) }));
}
