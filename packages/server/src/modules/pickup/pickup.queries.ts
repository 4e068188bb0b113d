import type { aftersales } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { emptyPage, fetchPage, type Page } from '../../platform/db/paging.ts';
import { AppError } from '../../platform/errors.ts';
import { pickupState } from './pickup.rules.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { pickupPointIdsOfLeader } from '../leader/index.ts';
import { linesOfOrders, linesWithUnitsLeft, ordersByIds, paidOrdersAt } from '../ordering/index.ts';

export type PickupOrderView = z.infer<typeof aftersales.PickupOrder>;

/** The leader's pickup points (they hand out whatever is delivered there), or just `only` when given (NOT_FOUND unless it is theirs). */
export async function leaderPoints(db: Executor, operatorId: string, leaderId: string, only?: string): Promise<string[]> {
  const mine = await pickupPointIdsOfLeader(db, operatorId, leaderId);
  if (only === undefined) return mine;
  if (!mine.includes(only)) throw new AppError('NOT_FOUND', 'pickup point not found');
  return [only];
}

/** When each of these order lines was handed out, by line (lines not handed out are left out). */
export async function pickedUpAt(db: Executor, operatorId: string, orderLineIds: readonly string[]): Promise<Map<string, Date>> {
  if (orderLineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pickup_verification_lines as l')
    .innerJoin('pickup_verifications as v', 'v.id', 'l.verification_id')
    .select(['l.order_line_id', 'v.verified_at'])
    .where('l.operator_id', '=', operatorId)
    .where('l.order_line_id', 'in', [...orderLineIds])
    .execute();
  return new Map(rows.map((r) => [r.order_line_id, r.verified_at]));
}

/** Orders with their lines and who collects them, as the leader hands them out, in the order of `orderIds`. */
export async function loadPickupOrders(db: Executor, operatorId: string, orderIds: readonly string[]): Promise<PickupOrderView[]> {
  if (orderIds.length === 0) return [];
  const ids = [...orderIds];
  const [orders, lines, verified, unpicked] = await Promise.all([
    ordersByIds(db, operatorId, ids),
    linesOfOrders(db, operatorId, ids),
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
    [...orders.values()].map((o) => o.resident_id),
  );
  const verifiedAt = new Map(verified.map((v) => [v.order_line_id, v.verified_at]));
  const unpickedIds = new Set(unpicked.map((u) => u.order_id));
  return ids.flatMap((id) => {
    const o = orders.get(id);
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
  let q = paidOrdersAt(db, operatorId, f.pickupPointIds, f.pickupDate);
  // The same definitions as pickupState, in SQL, so the list can be filtered and paged by state.
  const anyPicked = sql<boolean>`exists (select 1 from pickup_verification_lines p where p.order_id = o.id)`;
  const anyLeft = sql<boolean>`exists (
    select 1 from (${linesWithUnitsLeft(db)}) l
    where l.order_id = o.id and not exists (select 1 from pickup_verification_lines p where p.order_line_id = l.id))`;
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
