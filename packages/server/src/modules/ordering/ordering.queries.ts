import type { shop } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { OrderLinesTable, OrderStatus, OrdersTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { campaignWindows } from '../campaign/index.ts';
import { cancellableUntil, TO_PICK_UP_STATUSES } from './ordering.rules.ts';

export type OrderRow = Omit<Selectable<OrdersTable>, 'updated_at'>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type OrderView = OrderRow & { lines: OrderLineRow[]; cancellableUntil: Date | null };

/** Adds to each of the operator's orders until when its resident may cancel it, from the state and cutoff of its campaigns. */
async function withCancellable(
  db: Executor,
  operatorId: string,
  orders: ReadonlyArray<OrderRow & { lines: OrderLineRow[] }>,
): Promise<OrderView[]> {
  const open = orders.filter((o) => o.status === 'paid');
  const campaigns = await campaignWindows(
    db,
    operatorId,
    open.flatMap((o) => o.lines.map((l) => l.campaign_id)),
  );
  return orders.map((o) => {
    const of = [...new Set(o.lines.map((l) => l.campaign_id))].flatMap((id) => campaigns.get(id) ?? []);
    return { ...o, cancellableUntil: cancellableUntil(o.status, o.expires_at, of) };
  });
}

/** One order with its lines; NOT_FOUND unless it belongs to the operator (and the extra filter, if any). */
export async function getOrder(
  db: Executor,
  operatorId: string,
  orderId: string,
  owner?: { residentId?: string; leaderId?: string },
): Promise<OrderView> {
  let q = db.selectFrom('orders').selectAll().where('id', '=', orderId).where('operator_id', '=', operatorId);
  if (owner?.residentId) q = q.where('resident_id', '=', owner.residentId);
  if (owner?.leaderId) q = q.where('leader_id', '=', owner.leaderId);
  const order = await q.executeTakeFirst();
  if (!order) throw new AppError('NOT_FOUND', 'order not found');
  const lines = await db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  const [view] = await withCancellable(db, operatorId, [{ ...order, lines }]);
  return view as OrderView;
}

export interface OrderFilter {
  operatorId: string;
  residentId?: string | undefined;
  leaderId?: string | undefined;
  pickupPointId?: string | undefined;
  pickupDate?: string | undefined;
  status?: OrderStatus | undefined;
  campaignId?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of orders, newest first, with their lines. */
export async function listOrders(db: Executor, f: OrderFilter): Promise<Page<OrderView>> {
  let q = db.selectFrom('orders').where('operator_id', '=', f.operatorId);
  if (f.residentId) q = q.where('resident_id', '=', f.residentId);
  if (f.leaderId) q = q.where('leader_id', '=', f.leaderId);
  if (f.pickupPointId) q = q.where('pickup_point_id', '=', f.pickupPointId);
  if (f.pickupDate) q = q.where('pickup_date', '=', f.pickupDate);
  if (f.status) q = q.where('status', '=', f.status);
  const campaignId = f.campaignId;
  if (campaignId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_lines as ol')
          .select('ol.id')
          .whereRef('ol.order_id', '=', 'orders.id')
          .where('ol.campaign_id', '=', campaignId),
      ),
    );
  }
  const listed = await fetchPage(f, q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), q);
  const ids = listed.items.map((o) => o.id);
  const lines = ids.length ? await db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('id').execute() : [];
  const byOrder = new Map<string, OrderLineRow[]>();
  for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
  return {
    ...listed,
    items: await withCancellable(
      db,
      f.operatorId,
      listed.items.map((o) => ({ ...o, lines: byOrder.get(o.id) ?? [] })),
    ),
  };
}

/** The order as the API shows it. */
export function toOrderDto(o: OrderView): z.infer<typeof shop.Order> {
  return {
    id: o.id,
    orderNo: o.order_no,
    status: o.status,
    residentId: o.resident_id,
    pickupPointId: o.pickup_point_id,
    leaderId: o.leader_id,
    pickupDate: o.pickup_date,
    pickupCode: o.pickup_code,
    totalFen: o.total_fen,
    refundedFen: o.refunded_fen,
    expiresAt: o.expires_at.toISOString(),
    createdAt: o.created_at.toISOString(),
    paidAt: o.paid_at?.toISOString() ?? null,
    cancelledAt: o.cancelled_at?.toISOString() ?? null,
    cancelReason: o.cancel_reason,
    cancellableUntil: o.cancellableUntil?.toISOString() ?? null,
    lines: o.lines.map((l) => ({
      id: l.id,
      campaignId: l.campaign_id,
      campaignLineId: l.campaign_line_id,
      skuId: l.sku_id,
      title: l.title,
      unitPriceFen: l.unit_price_fen,
      quantity: l.quantity,
      amountFen: l.amount_fen,
      refundedQuantity: l.refunded_quantity,
      refundedFen: l.refunded_fen,
    })),
  };
}

/** Paid orders at these pickup points that are not picked up yet: what is still to deliver and hand out there. */
export async function countOrdersToServe(db: Executor, operatorId: string, pickupPointIds: readonly string[]): Promise<number> {
  if (pickupPointIds.length === 0) return 0;
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('pickup_point_id', 'in', [...pickupPointIds])
    .where('status', 'in', TO_PICK_UP_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
