import type { aftersales } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { emptyPage, fetchPage, type Page } from '../../platform/db/paging.ts';
import { AppError } from '../../platform/errors.ts';
import { pickupState } from './pickup.rules.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { PAID_STATUSES } from '../ordering/index.ts';

export type PickupOrderView = z.infer<typeof aftersales.PickupOrder>;

/** The pickup points a leader runs now: they hand out whatever is delivered there. */
export async function pickupPointsOfLeader(db: Executor, operatorId: string, leaderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pickup_points')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .execute();
  return rows.map((r) => r.id);
}

/** The leader's pickup points, or just `only` when given (NOT_FOUND unless it is theirs). */
export async function leaderPoints(db: Executor, operatorId: string, leaderId: string, only?: string): Promise<string[]> {
  const mine = await pickupPointsOfLeader(db, operatorId, leaderId);
  if (only === undefined) return mine;
  if (!mine.includes(only)) throw new AppError('NOT_FOUND', 'pickup point not found');
  return [only];
}

/** Orders with their lines and who collects them, as the leader hands them out, in the order of `orderIds`. */
export async function loadPickupOrders(db: Executor, operatorId: string, orderIds: readonly string[]): Promise<PickupOrderView[]> {
  if (orderIds.length === 0) return [];
  const ids = [...orderIds];
  const [orders, lines, verified, unpicked] = await Promise.all([
    db.selectFrom('orders').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute(),
    db.selectFrom('order_lines').selectAll().where('operator_id', '=', operatorId).where('order_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('pickup_verification_lines as l')
      .innerJoin('pickup_verifications as v', 'v.id', 'l.verification_id')
      .select(['l.order_line_id', 'v.verified_at'])
      .where('l.operator_id', '=', operatorId)
      .where('l.order_id', 'in', ids)
      .execute(),
    db.selectFrom('unpicked_orders').select('order_id').where('operator_id', '=', operatorId).where('order_id', 'in', ids).execute(),
  ]);
  const residents = await residentsSeenByLeader(
    db,
    operatorId,
    orders.map((o) => o.resident_id),
  );
  const verifiedAt = new Map(verified.map((v) => [v.order_line_id, v.verified_at]));
  const unpickedIds = new Set(unpicked.map((u) => u.order_id));
  const byId = new Map(orders.map((o) => [o.id, o]));
  return ids.flatMap((id) => {
    const o = byId.get(id);
    if (!o) return [];
    const mine = lines
      .filter((l) => l.order_id === id)
      .map((l) => {
        const at = verifiedAt.get(l.id);
        return {
          orderLineId: l.id,
          skuId: l.sku_id,
          title: l.title,
          quantity: l.quantity - l.refunded_quantity,
          pickedUp: at !== undefined,
          pickedUpAt: at?.toISOString() ?? null,
        };
      });
    return [
      {
        orderId: o.id,
        orderNo: o.order_no,
        orderStatus: o.status,
        residentId: o.resident_id,
        residentName: residents.get(o.resident_id)?.name ?? '',
        residentPhone: residents.get(o.resident_id)?.phone ?? '',
        pickupPointId: o.pickup_point_id,
        pickupDate: o.pickup_date,
        pickupCode: o.pickup_code,
        state: pickupState(mine.map((l) => ({ netQuantity: l.quantity, pickedUp: l.pickedUp }))),
        unpicked: unpickedIds.has(o.id),
        lines: mine,
      },
    ];
  });
}

export interface PickupListFilter {
  pickupPointIds: readonly string[];
  pickupDate: string;
  state?: 'unpicked' | 'partly' | 'picked' | undefined;
  page: number;
  pageSize: number;
}

/** A page of the orders to hand out at some pickup points on a date (paid onwards), by pickup code. */
export async function listPickupOrders(db: Executor, operatorId: string, f: PickupListFilter): Promise<Page<PickupOrderView>> {
  if (f.pickupPointIds.length === 0) return emptyPage(f);
  let q = db
    .selectFrom('orders as o')
    .where('o.operator_id', '=', operatorId)
    .where('o.pickup_point_id', 'in', [...f.pickupPointIds])
    .where('o.pickup_date', '=', f.pickupDate)
    .where('o.status', 'in', PAID_STATUSES);
  // The same definitions as pickupState, in SQL, so the list can be filtered and paged by state.
  const anyPicked = sql<boolean>`exists (select 1 from pickup_verification_lines p where p.order_id = o.id)`;
  const anyLeft = sql<boolean>`exists (
    select 1 from order_lines l
    where l.order_id = o.id and l.refunded_quantity < l.quantity
      and not exists (select 1 from pickup_verification_lines p where p.order_line_id = l.id))`;
  if (f.state === 'unpicked') q = q.where(sql<boolean>`not ${anyPicked}`);
  if (f.state === 'partly') q = q.where(sql<boolean>`${anyPicked} and ${anyLeft}`);
  if (f.state === 'picked') q = q.where(sql<boolean>`${anyPicked} and not ${anyLeft}`);
  const listed = await fetchPage(f, q.select('o.id').orderBy('o.pickup_code'), q);
  return {
    ...listed,
    items: await loadPickupOrders(
      db,
      operatorId,
      listed.items.map((r) => r.id),
    ),
  };
}
