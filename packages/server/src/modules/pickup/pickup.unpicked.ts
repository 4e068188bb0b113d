import type { aftersales } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { emptyPage, fetchPage, type Page } from '../../platform/db/paging.ts';
import type { UnpickedOrdersTable, UnpickedStatus } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { getSettings } from './pickup.settings.ts';
import { deliveredOrdersBefore, linesOfOrders, lockDeliveredOrder, ordersByIds, refundOrderLines } from '../ordering/index.ts';
import { completePickupIfDone, linesWithPickup } from './pickup.service.ts';
import { assertUnpickedTransition, unpickedBefore, unpickedStart } from './pickup.rules.ts';
import { localDate } from '../../platform/calendar.ts';
import { operatorTimeZones, residentsSeenByLeader } from '../identity/index.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { notify } from '../../platform/notifications.ts';
import { setupPickupNotices } from './pickup.notices.ts';

const BATCH = 200;

type UnpickedView = z.infer<typeof aftersales.UnpickedOrder>;

type UnpickedRow = Selectable<UnpickedOrdersTable>;

/**
 * Unpicked records as the leader and the warehouse read them: whose order it was (name, masked
 * phone) and what each line not handed out is, so a list needs no request per order.
 */
async function toViews(db: Executor, operatorId: string, rows: readonly UnpickedRow[]): Promise<UnpickedView[]> {
  if (rows.length === 0) return [];
  const orderIds = rows.map((r) => r.order_id);
  const [orders, lines] = await Promise.all([ordersByIds(db, operatorId, orderIds), linesOfOrders(db, operatorId, orderIds)]);
  const residentOf = new Map([...orders.values()].map((o) => [o.id, o.resident_id]));
  const residents = await residentsSeenByLeader(db, operatorId, [...residentOf.values()]);
  const titleOf = new Map(lines.map((l) => [l.id, l.title]));
  return rows.map((r) => {
    const resident = residents.get(residentOf.get(r.order_id) ?? '');
    return {
      orderId: r.order_id,
      pickupPointId: r.pickup_point_id,
      leaderId: r.leader_id,
      pickupDate: r.pickup_date,
      rule: r.rule,
      status: r.status,
      residentName: resident?.name ?? '',
      residentPhone: resident?.phone ?? '',
      lines: r.lines.map((l) => ({ orderLineId: l.orderLineId, title: titleOf.get(l.orderLineId) ?? '', quantity: l.quantity })),
      refundId: r.refund_id,
      recordedAt: r.recorded_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
    };
  });
}

/**
 * The unpicked sweep: delivered orders whose pickup period is over (per operator: pickup date
 * plus the grace days, in its time zone) are recorded unpicked, once, with the lines not handed
 * out. The operator's rule decides what happens to the goods: back to the warehouse with the next
 * delivery, or disposed of by the leader. They are refunded only when the operator says so (the
 * goods were delivered; not fetching them is the resident's choice). Emits order.unpicked.
 */
export async function recordUnpickedOrders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const operators = await operatorTimeZones(ctx.db);
  let recorded = 0;
  for (const op of operators) {
    const settings = await getSettings(ctx.db, op.id);
    const before = unpickedBefore(localDate(now, op.timeZone), settings.unpickedAfterDays);
    const due = await deliveredOrdersBefore(ctx.db, op.id, before)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('unpicked_orders as u').select('u.order_id').whereRef('u.order_id', '=', 'o.id'))),
      )
      .orderBy('o.pickup_date')
      .orderBy('o.id')
      .limit(BATCH)
      .execute();
    for (const { id } of due) if (await recordUnpicked(ctx, op.id, id)) recorded++;
  }
  if (recorded > 0) ctx.events.kick();
  return recorded;
}

async function recordUnpicked(ctx: AppContext, operatorId: string, orderId: string): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockDeliveredOrder(trx, operatorId, orderId);
    // The leader the pickup point has now: they hold the goods.
    const point = order && (await pickupPointsByIds(trx, operatorId, [order.pickup_point_id])).get(order.pickup_point_id);
    if (!order || !point) return false;
    if (await trx.selectFrom('unpicked_orders').select('order_id').where('order_id', '=', orderId).executeTakeFirst()) return false;
    const left = (await linesWithPickup(trx, operatorId, orderId)).filter((l) => !l.pickedUp && l.netQuantity > 0);
    if (left.length === 0) {
      await completePickupIfDone(ctx, trx, operatorId, orderId);
      return false;
    }
    const settings = await getSettings(trx, operatorId);
    const lines = left.map((l) => ({ orderLineId: l.id, quantity: l.netQuantity }));
    const refund = settings.unpickedRefund
      ? await refundOrderLines(ctx, trx, {
          operatorId,
          orderId,
          lines,
          kind: 'unpicked',
          blame: 'none',
          reason: 'not picked up in time',
          sourceId: orderId,
          tell: { title: '未取货退款', body: `订单 ${order.order_no} 超过取货期限未取，未取商品已退款。` },
        })
      : null;
    await trx
      .insertInto('unpicked_orders')
      .values({
        order_id: orderId,
        operator_id: operatorId,
        pickup_point_id: order.pickup_point_id,
        leader_id: point.leaderId,
        pickup_date: order.pickup_date,
        rule: settings.unpickedRule,
        status: unpickedStart(settings.unpickedRule),
        lines: JSON.stringify(lines),
        refund_id: refund?.refundId ?? null,
        recorded_at: now,
        closed_at: null,
        closed_by: null,
      })
      .execute();
    if (refund) await completePickupIfDone(ctx, trx, operatorId, orderId);
    await notify(trx, now, operatorId, [
      {
        recipientKind: 'leader',
        recipientId: point.leaderId,
        title: '未取货订单',
        body:
          settings.unpickedRule === 'return_to_warehouse'
            ? `订单 ${order.order_no} 超过取货期限未取，请将商品交司机带回仓库。`
            : `订单 ${order.order_no} 超过取货期限未取，请处理商品并在系统中确认。`,
      },
    ]);
    await emit(trx, ctx.clock, {
      type: 'order.unpicked',
      operatorId,
      aggregateId: orderId,
      payload: { orderId, rule: settings.unpickedRule },
    });
    return true;
  });
}

export interface UnpickedFilter {
  pickupPointIds?: readonly string[] | undefined;
  status?: UnpickedStatus | undefined;
  pickupDate?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of unpicked orders (oldest pickup date first), for the leader's points or the whole operator. */
export async function listUnpicked(db: Executor, operatorId: string, f: UnpickedFilter): Promise<Page<UnpickedView>> {
  if (f.pickupPointIds?.length === 0) return emptyPage(f);
  let q = db.selectFrom('unpicked_orders').where('operator_id', '=', operatorId);
  if (f.pickupPointIds) q = q.where('pickup_point_id', 'in', [...f.pickupPointIds]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.pickupDate) q = q.where('pickup_date', '=', f.pickupDate);
  const listed = await fetchPage(f, q.selectAll().orderBy('pickup_date').orderBy('order_id'), q);
  return { ...listed, items: await toViews(db, operatorId, listed.items) };
}

/**
 * Closes an unpicked order: the leader confirms disposal (`disposed`), or the warehouse confirms
 * the goods came back (`returned`). `pickupPointIds` limits a leader to their own points.
 */
export async function closeUnpicked(
  ctx: AppContext,
  operatorId: string,
  orderId: string,
  to: 'returned' | 'disposed',
  by: { id: string; pickupPointIds?: readonly string[] },
): Promise<UnpickedView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('unpicked_orders')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('order_id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (by.pickupPointIds && !by.pickupPointIds.includes(row.pickup_point_id))) {
      throw new AppError('NOT_FOUND', 'unpicked order not found');
    }
    assertUnpickedTransition(row.status, to);
    const updated = await trx
      .updateTable('unpicked_orders')
      .set({ status: to, closed_at: ctx.clock.now(), closed_by: by.id })
      .where('order_id', '=', orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await toViews(trx, operatorId, [updated]);
    return view as UnpickedView;
  });
}

/** Registers the unpicked sweep: it runs at every job tick and acts on rows, so it survives restarts. */
export function setupPickup(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'unpicked-orders', run: () => recordUnpickedOrders(ctx) });
  setupPickupNotices(ctx);
}
