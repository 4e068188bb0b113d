import type { orders } from '@linli/contracts';
import { sql } from 'kysely';
import type { OrderStatus } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page, type PageRequest } from '../../platform/db/paging.ts';
import { maskPhone } from '../identity/index.ts';

/**
 * Report: the orders desk's search (the list support pages through and exports). It filters and
 * pages orders by their own keys and shows each with its pickup point, leader and resident, so
 * it joins ordering's orders with leader's and identity's tables in one statement (the count
 * and the page must agree); the lines' text is read for the page only.
 */

/** What the desk filters by; `residentIds` is what a phone matched (the service looks it up and logs it). */
export interface DeskFilter {
  orderNo?: string | undefined;
  pickupCode?: string | undefined;
  pickupDate?: string | undefined;
  status?: OrderStatus | undefined;
  pickupPointId?: string | undefined;
  residentIds?: readonly string[] | undefined;
}

function filtered(db: Executor, operatorId: string, f: DeskFilter) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('pickup_points as p', 'p.id', 'o.pickup_point_id')
    .innerJoin('leaders as ld', 'ld.id', 'o.leader_id')
    .innerJoin('residents as r', 'r.id', 'o.resident_id')
    .where('o.operator_id', '=', operatorId);
  if (f.orderNo) q = q.where('o.order_no', '=', f.orderNo);
  if (f.pickupCode) q = q.where('o.pickup_code', '=', f.pickupCode);
  if (f.pickupDate) q = q.where('o.pickup_date', '=', f.pickupDate);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.pickupPointId) q = q.where('o.pickup_point_id', '=', f.pickupPointId);
  if (f.residentIds) q = f.residentIds.length ? q.where('o.resident_id', 'in', [...f.residentIds]) : q.where(sql<boolean>`false`);
  return q;
}

type Filtered = ReturnType<typeof filtered>;

const columns = (q: Filtered) =>
  q.select([
    'o.id',
    'o.order_no',
    'o.status',
    'o.pickup_date',
    'o.pickup_code',
    'o.pickup_point_id',
    'p.name as point_name',
    'o.leader_id',
    'ld.name as leader_name',
    'o.resident_id',
    'r.name as resident_name',
    'r.phone as resident_phone',
    'o.total_fen',
    'o.refunded_fen',
    'o.created_at',
    'o.paid_at',
  ]);
type Row = Awaited<ReturnType<ReturnType<typeof columns>['execute']>>[number];

async function itemsText(db: Executor, orderIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orderIds.length === 0) return out;
  const lines = await db
    .selectFrom('order_lines')
    .select(['order_id', 'title', 'quantity'])
    .where('order_id', 'in', [...orderIds])
    .orderBy('id')
    .execute();
  for (const l of lines) {
    const text = `${l.title} × ${l.quantity}`;
    out.set(l.order_id, out.has(l.order_id) ? `${out.get(l.order_id)}，${text}` : text);
  }
  return out;
}

export function toDeskOrder(r: Row, items: string): orders.DeskOrder {
  return {
    id: r.id,
    orderNo: r.order_no,
    status: r.status,
    pickupDate: r.pickup_date,
    pickupCode: r.pickup_code,
    pickupPointId: r.pickup_point_id,
    pickupPointName: r.point_name,
    leaderName: r.leader_name,
    residentId: r.resident_id,
    residentName: r.resident_name,
    residentPhone: maskPhone(r.resident_phone),
    totalFen: r.total_fen,
    refundedFen: r.refunded_fen,
    items,
    createdAt: r.created_at.toISOString(),
    paidAt: r.paid_at?.toISOString() ?? null,
  };
}

/** One order as the search lists it (the desk's page of the order starts from it), or undefined for another tenant's. */
export async function deskOrderRow(db: Executor, operatorId: string, orderId: string): Promise<Row | undefined> {
  return columns(filtered(db, operatorId, {}).where('o.id', '=', orderId)).executeTakeFirst();
}

/** A page of the orders the filter finds, newest first, phones masked. */
export async function findOrders(db: Executor, operatorId: string, f: DeskFilter, paging: PageRequest): Promise<Page<orders.DeskOrder>> {
  const base = filtered(db, operatorId, f);
  const listed = await fetchPage(paging, columns(base).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc'), base);
  const items = await itemsText(
    db,
    listed.items.map((r) => r.id),
  );
  return { ...listed, items: listed.items.map((r) => toDeskOrder(r, items.get(r.id) ?? '')) };
}

/** Every order the filter finds (for the export), newest first, at most `limit`. */
export async function allOrders(db: Executor, operatorId: string, f: DeskFilter, limit: number): Promise<orders.DeskOrder[]> {
  return (await findOrders(db, operatorId, f, { page: 1, pageSize: limit })).items;
}
