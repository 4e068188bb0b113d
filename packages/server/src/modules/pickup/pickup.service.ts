import type { aftersales } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { businessToday, type Principal } from '../identity/index.ts';
import { advanceOrders, isPaid, linesOfOrders, ordersByIds, ordersByPickupCode, type PickupCodeLookup } from '../ordering/index.ts';
import { leaderPoints, loadPickupOrders, type PickupOrderView } from './pickup.queries.ts';
import { parseQrPayload, pickupState, qrPayload } from './pickup.rules.ts';

type Ticket = z.infer<typeof aftersales.PickupTicket>;

/**
 * The resident's pickup ticket for one of their paid orders: the 6-digit code, the QR payload
 * the leader scans, and which lines are already handed out.
 */
export async function pickupTicket(db: Executor, resident: Principal, orderId: string): Promise<Ticket> {
  const order = (await ordersByIds(db, resident.operatorId, [orderId])).get(orderId);
  if (!order || order.resident_id !== resident.id) throw new AppError('NOT_FOUND', 'order not found');
  if (!isPaid(order.status)) {
    throw new AppError('INVALID_STATE', `an order that is ${order.status} has nothing to pick up`, { status: order.status });
  }
  const [view] = await loadPickupOrders(db, resident.operatorId, [order.id]);
  const { residentId: _, residentName: __, residentPhone: ___, unpicked: ____, ...rest } = view as PickupOrderView;
  return { ...rest, qrPayload: qrPayload(rest.orderId, rest.pickupCode) };
}

/**
 * Finds the order a leader is about to hand out, by the code the resident tells (unique per
 * pickup point and pickup date; default date today) or by the scanned QR payload. Only orders at
 * the leader's own pickup points; anything else is NOT_FOUND. Locks the order in a transaction.
 */
async function resolveOrder(db: Executor, leader: Principal, which: z.infer<typeof aftersales.FindPickup>, now: Date, lock: boolean) {
  if ((which.code === undefined) === (which.scan === undefined)) {
    throw new AppError('VALIDATION_FAILED', 'give either the pickup code or the scanned QR payload', { fields: ['code', 'scan'] });
  }
  const points = await leaderPoints(db, leader.operatorId, leader.id, which.pickupPointId);
  if (points.length === 0) throw new AppError('NOT_FOUND', 'order not found');
  let where: PickupCodeLookup;
  if (which.scan !== undefined) {
    const scanned = parseQrPayload(which.scan);
    where = { pickupPointIds: points, orderId: scanned.orderId, pickupCode: scanned.pickupCode };
  } else {
    const date = which.pickupDate ?? (await businessToday(db, leader.operatorId, now));
    where = { pickupPointIds: points, pickupDate: date, pickupCode: which.code as string };
  }
  const found = await ordersByPickupCode(db, leader.operatorId, where, { lock });
  if (found.length === 0) throw new AppError('NOT_FOUND', 'no order with this pickup code at my pickup points');
  if (found.length > 1) {
    throw new AppError('VALIDATION_FAILED', 'the code matches orders at several of my pickup points: give pickupPointId', {
      pickupPointIds: found.map((o) => o.pickup_point_id),
    });
  }
  return found[0] as (typeof found)[number];
}

/** Looks up an order by code or scan for the leader, without handing anything out. */
export async function findPickup(
  ctx: AppContext,
  leader: Principal,
  which: z.infer<typeof aftersales.FindPickup>,
): Promise<PickupOrderView> {
  const order = await resolveOrder(ctx.db, leader, which, ctx.clock.now(), false);
  const [view] = await loadPickupOrders(ctx.db, leader.operatorId, [order.id]);
  return view as PickupOrderView;
}

/**
 * Verifies a pickup (核销): the leader hands out the whole order or some of its lines. Only
 * delivered orders are handed out (goods reach the leader at handover); a line is verified once
 * (ALREADY_PICKED_UP). When every line with something left to hand out is verified, the order
 * moves to picked_up. Emits pickup.verified.
 */
export async function verifyPickup(
  ctx: AppContext,
  leader: Principal,
  input: z.infer<typeof aftersales.VerifyPickup>,
): Promise<z.infer<typeof aftersales.PickupVerified>> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const order = await resolveOrder(trx, leader, input, now, true);
    const unpicked = await trx.selectFrom('unpicked_orders').select('status').where('order_id', '=', order.id).executeTakeFirst();
    if (unpicked)
      throw new AppError('INVALID_STATE', 'the order was recorded unpicked after the pickup period', { unpicked: unpicked.status });
    if (order.status === 'picked_up')
      throw new AppError('ALREADY_PICKED_UP', 'the order has already been picked up', { orderId: order.id });
    if (order.status !== 'delivered') {
      throw new AppError('INVALID_STATE', `an order that is ${order.status} cannot be handed out`, { status: order.status });
    }
    const lines = await linesWithPickup(trx, leader.operatorId, order.id);
    const targets = input.orderLineIds
      ? [...new Set(input.orderLineIds)]
      : lines.filter((l) => !l.pickedUp && l.netQuantity > 0).map((l) => l.id);
    for (const id of targets) {
      const line = lines.find((l) => l.id === id);
      if (!line) throw new AppError('NOT_FOUND', `order line ${id} not found`, { orderLineId: id });
      if (line.pickedUp) throw new AppError('ALREADY_PICKED_UP', `line ${id} has already been picked up`, { orderLineId: id });
      if (line.netQuantity === 0) throw new AppError('INVALID_STATE', `line ${id} was refunded: nothing to hand out`, { orderLineId: id });
    }
    if (targets.length === 0) throw new AppError('ALREADY_PICKED_UP', 'every line has already been picked up', { orderId: order.id });
    const verificationId = newId('pkv');
    await trx
      .insertInto('pickup_verifications')
      .values({
        id: verificationId,
        operator_id: leader.operatorId,
        order_id: order.id,
        pickup_point_id: order.pickup_point_id,
        leader_id: leader.id,
        method: input.scan !== undefined ? 'scan' : 'code',
        verified_at: now,
      })
      .execute();
    await trx
      .insertInto('pickup_verification_lines')
      .values(
        targets.map((id) => ({
          verification_id: verificationId,
          operator_id: leader.operatorId,
          order_id: order.id,
          order_line_id: id,
          quantity: (lines.find((l) => l.id === id) as LinePickup).netQuantity,
        })),
      )
      .execute();
    await emit(trx, ctx.clock, {
      type: 'pickup.verified',
      operatorId: leader.operatorId,
      aggregateId: order.id,
      payload: { orderId: order.id, orderLineIds: targets, leaderId: leader.id, at: now.toISOString() },
    });
    await completePickupIfDone(ctx, trx, leader.operatorId, order.id);
    const [view] = await loadPickupOrders(trx, leader.operatorId, [order.id]);
    return { verificationId, orderLineIds: targets, order: view as PickupOrderView };
  });
  ctx.events.kick();
  return result;
}

export interface LinePickup {
  id: string;
  netQuantity: number;
  pickedUp: boolean;
}

/** The order's lines (in id order) with what is left of each to hand out, and whether it was. */
export async function linesWithPickup(db: Executor, operatorId: string, orderId: string): Promise<LinePickup[]> {
  const lines = await linesOfOrders(db, operatorId, [orderId]);
  const picked = await db
    .selectFrom('pickup_verification_lines')
    .select('order_line_id')
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .execute();
  const pickedIds = new Set(picked.map((p) => p.order_line_id));
  return lines.map((l) => ({ id: l.id, netQuantity: l.quantity - l.refunded_quantity, pickedUp: pickedIds.has(l.id) }));
}

/**
 * Moves a delivered order to picked_up once every line with something left to hand out has been
 * verified: after a verification, or after a refund took away the last line still waiting.
 */
export async function completePickupIfDone(ctx: AppContext, trx: Tx, operatorId: string, orderId: string): Promise<boolean> {
  const lines = await linesWithPickup(trx, operatorId, orderId);
  if (pickupState(lines) !== 'picked') return false;
  const moved = await advanceOrders(ctx, trx, operatorId, [orderId], 'picked_up');
  return moved.length > 0;
}
