import type { AppContext } from '../../context.ts';
import { addDays, localDate, localDateTime } from '../../platform/calendar.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { operatorTimeZones } from '../identity/index.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { queueNotices, resendPickupReminder, type NoticeRequest } from '../notices/index.ts';
import { deliveredOrdersWaiting, ordersByIds } from '../ordering/index.ts';

/** Residents with goods still waiting are reminded once a day at this time (operator's time zone). */
export const REMIND_AT = '18:00';

interface Waiting {
  id: string;
  resident_id: string;
  pickup_point_id: string;
  pickup_code: string;
}

/**
 * The notices of one kind for waiting orders: one per resident and pickup point (a resident with
 * three orders there gets one message with three codes), each order a subject of its own.
 */
async function noticesFor(
  trx: Tx,
  operatorId: string,
  orders: readonly Waiting[],
  kind: 'goods_arrived' | 'pickup_reminder',
  subjectOf: (o: Waiting) => string,
): Promise<NoticeRequest[]> {
  const points = await pickupPointsByIds(
    trx,
    operatorId,
    orders.map((o) => o.pickup_point_id),
  );
  const groups = new Map<string, Waiting[]>();
  for (const o of orders) {
    const key = `${o.resident_id}|${o.pickup_point_id}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Waiting;
    const point = points.get(first.pickup_point_id);
    return {
      residentId: first.resident_id,
      kind,
      params: { point: point?.name ?? '', code: group.map((o) => o.pickup_code).join('、'), hours: point?.openingHours ?? '' },
      subjects: group.map(subjectOf),
      orderIds: group.map((o) => o.id),
      pickupPointId: first.pickup_point_id,
      inApp: true,
    };
  });
}

/** Goods arrived: when a leader checks a delivery in, each resident with orders there is told where, the code and the hours. */
async function tellArrivals(trx: Tx, now: Date, operatorId: string, orderIds: readonly string[]): Promise<void> {
  const orders = [...(await ordersByIds(trx, operatorId, orderIds)).values()].filter(
    (o): o is typeof o & { pickup_point_id: string } => o.status === 'delivered' && o.pickup_point_id !== null,
  );
  if (orders.length === 0) return;
  await queueNotices(
    trx,
    now,
    operatorId,
    await noticesFor(trx, operatorId, orders, 'goods_arrived', (o) => `${o.id}@${o.pickup_point_id}`),
  );
}

/**
 * The daily reminder: at REMIND_AT each operator's residents whose delivered goods wait (pickup
 * date today or earlier, not yet recorded unpicked) are reminded, once per order and day — a
 * restart or a second process finds the day's subjects told already. Cheap between runs: once a
 * day per operator is done here, nothing is asked until the next day.
 */
export function reminderSweep(ctx: AppContext): () => Promise<number> {
  const done = new Map<string, string>();
  return async () => {
    const now = ctx.clock.now();
    let queued = 0;
    for (const { id: operatorId, timeZone } of await operatorTimeZones(ctx.db)) {
      const today = localDate(now, timeZone);
      if (done.get(operatorId) === today || localDateTime(now, timeZone).slice(11, 16) < REMIND_AT) continue;
      queued += await ctx.db.transaction().execute(async (trx) => {
        const waiting = await deliveredOrdersWaiting(trx, operatorId, today)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('unpicked_orders as u').select('u.order_id').whereRef('u.order_id', '=', 'o.id'))),
          )
          // Orders delivered earlier than a week ago were swept unpicked or forgotten: not reminded.
          .where('o.pickup_date', '>=', addDays(today, -7))
          .execute();
        const orders = waiting.filter((o): o is typeof o & { pickup_point_id: string } => o.pickup_point_id !== null);
        return queueNotices(trx, now, operatorId, await noticesFor(trx, operatorId, orders, 'pickup_reminder', (o) => `${o.id}@${today}`));
      });
      done.set(operatorId, today);
    }
    return queued;
  };
}

/**
 * A leader reminds a resident again from the hand-out or unpicked list: the order must be at one
 * of the leader's points and delivered, not picked up. Answers the message and when it goes out
 * (after the resident's quiet hours).
 */
export async function remindAgain(
  ctx: AppContext,
  r: { operatorId: string; leaderId: string; orderId: string },
): Promise<{ noticeId: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const order = (await ordersByIds(trx, r.operatorId, [r.orderId])).get(r.orderId);
    const point = order?.pickup_point_id
      ? (await pickupPointsByIds(trx, r.operatorId, [order.pickup_point_id])).get(order.pickup_point_id)
      : undefined;
    if (!order || !point || point.leaderId !== r.leaderId) throw new AppError('NOT_FOUND', 'order not found');
    if (order.status !== 'delivered') throw new AppError('INVALID_STATE', 'only an order delivered and not picked up can be reminded');
    const unpicked = await trx.selectFrom('unpicked_orders').select('status').where('order_id', '=', order.id).executeTakeFirst();
    if (unpicked && unpicked.status !== 'to_dispose' && unpicked.status !== 'to_return') {
      throw new AppError('INVALID_STATE', 'the goods of this order are no longer at the pickup point');
    }
    const noticeId = await resendPickupReminder(trx, ctx.clock.now(), {
      operatorId: r.operatorId,
      orderId: order.id,
      residentId: order.resident_id,
      pickupPointId: point.id,
      params: { point: point.name, code: order.pickup_code, hours: point.openingHours },
      requestedBy: r.leaderId,
    });
    ctx.jobs.kick();
    return { noticeId };
  });
}

/** Arrival notices follow deliveries (order.delivered, batch by batch); reminders run daily. */
export function setupPickupNotices(ctx: AppContext): void {
  ctx.events.subscribeBatch(['order.delivered'], async (trx, events) => {
    const byOperator = new Map<string, string[]>();
    for (const e of events) byOperator.set(e.operatorId, [...(byOperator.get(e.operatorId) ?? []), e.payload.orderId]);
    for (const [operatorId, ids] of byOperator) await tellArrivals(trx, ctx.clock.now(), operatorId, ids);
    ctx.jobs.kick();
  });
  ctx.jobs.addSweep({ name: 'pickup-reminders', run: reminderSweep(ctx) });
}
