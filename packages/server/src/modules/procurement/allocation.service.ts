import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { ShortageRule } from '../../platform/db/schema.procurement.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { campaignsOfPickupDate } from '../campaign/index.ts';
import { servingWarehouses } from '../logistics/index.ts';
import { advanceOrders, paidLinesOfPickupDate, refundOrderLines } from '../ordering/index.ts';
import { lotsAt, usableStock } from './demand.repository.ts';
import { blameOfShortReason } from './procurement.rules.ts';
import { deliveryDateFor } from './purchasing.ts';
import { procurementSettings } from './settings.ts';
import { allocateShortage, type WantingLine } from './shortage.rules.ts';

/** Job kind: allocate what came in for a pickup date to its orders. */
export const ALLOCATE_JOB = 'procurement.allocate';

/**
 * Schedules the allocation of a pickup date once everything for it is in: no campaign for the
 * date is still selling or waiting for its cutoff steps, and every purchase order for the date
 * is received or cancelled.
 */
export async function scheduleAllocationIfReady(ctx: AppContext, trx: Tx, operatorId: string, pickupDate: string): Promise<boolean> {
  const pendingCampaign = await trx
    .selectFrom(campaignsOfPickupDate(trx, operatorId, pickupDate).as('c'))
    .leftJoin('campaign_cutoffs as k', 'k.campaign_id', 'c.id')
    .select('c.id')
    .where((eb) =>
      eb.or([
        eb('c.status', 'in', ['scheduled', 'open']),
        eb.and([eb('c.status', '=', 'closed'), eb.or([eb('k.stage', 'is', null), eb('k.stage', '!=', 'done')])]),
      ]),
    )
    .executeTakeFirst();
  if (pendingCampaign) return false;
  const openOrder = await trx
    .selectFrom('purchase_orders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('delivery_date', '=', deliveryDateFor(pickupDate))
    .where('status', 'not in', ['received', 'cancelled'])
    .executeTakeFirst();
  if (openOrder) return false;
  await scheduleJob(trx, ctx.clock, {
    kind: ALLOCATE_JOB,
    runAt: ctx.clock.now(),
    operatorId,
    payload: { pickupDate },
    dedupeKey: `${ALLOCATE_JOB}:${operatorId}:${pickupDate}`,
  });
  return true;
}

/** Takes units out of a SKU's usable lots at a warehouse (`lotsAt`), soonest expiry first. */
async function consumeStock(
  trx: Tx,
  operatorId: string,
  skuId: string,
  onDate: string,
  warehouseId: string | null,
  quantity: number,
): Promise<void> {
  let left = quantity;
  const lots = await trx
    .selectFrom('stock_lots')
    .select(['id', 'quantity_on_hand'])
    .where('operator_id', '=', operatorId)
    .where('sku_id', '=', skuId)
    .where('quantity_on_hand', '>', 0)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>', onDate)]))
    .where(lotsAt(warehouseId))
    .orderBy('expires_on', (ob) => ob.asc().nullsLast())
    .orderBy('received_at')
    .forUpdate()
    .execute();
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(left, lot.quantity_on_hand);
    await trx
      .updateTable('stock_lots')
      .set({ quantity_on_hand: lot.quantity_on_hand - take })
      .where('id', '=', lot.id)
      .execute();
    left -= take;
  }
}

/**
 * Who is to blame for missing units of a SKU on a date at a warehouse, from the reasons the
 * warehouse gave on the date's received lines of its purchase orders: the side (supplier or
 * warehouse) with more units missing, the warehouse on a tie (the supplier is never blamed by
 * default); the operator when no line came in short (it bought less than was sold, or a purchase
 * order was cancelled).
 */
async function shortageBlame(
  trx: Tx,
  operatorId: string,
  skuId: string,
  deliveryDate: string,
  warehouseId: string | null,
): Promise<'supplier' | 'warehouse' | 'operator'> {
  const rows = await trx
    .selectFrom('purchase_order_lines as l')
    .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
    .select(['l.short_reason', 'l.ordered_quantity', 'l.accepted_quantity'])
    .where('po.operator_id', '=', operatorId)
    .where('po.delivery_date', '=', deliveryDate)
    .where(ordersOf(warehouseId))
    .where('po.status', '=', 'received')
    .where('l.sku_id', '=', skuId)
    .where('l.short_reason', 'is not', null)
    .execute();
  const missing = { supplier: 0, warehouse: 0 };
  for (const r of rows) {
    if (r.short_reason) missing[blameOfShortReason(r.short_reason)] += Math.max(0, r.ordered_quantity - (r.accepted_quantity ?? 0));
  }
  if (missing.supplier === 0 && missing.warehouse === 0) return 'operator';
  return missing.supplier > missing.warehouse ? 'supplier' : 'warehouse';
}

/**
 * The order lines an allocation of a pickup date serves: lines of paid orders not refunded in
 * full, in id order; of one SKU when named (the shortfall preview asks the same question).
 */
export function paidLinesToAllocate(db: Executor, operatorId: string, pickupDate: string, skuId?: string) {
  return paidLinesOfPickupDate(db, operatorId, pickupDate, skuId);
}

/**
 * The purchase orders of a warehouse: those delivered to it. With no warehouse (the operator has
 * no active one) every order counts.
 */
export function ordersOf(warehouseId: string | null) {
  return warehouseId === null ? sql<boolean>`true` : sql<boolean>`po.warehouse_id = ${warehouseId}`;
}

/**
 * Allocates a pickup date: per SKU and warehouse, the paid order lines of the pickup points the
 * warehouse serves (`servingWarehouses`) are served from its usable stock (what it received, plus
 * what it had on hand), never from another warehouse's; when less is there than was sold, the
 * operator's rule picks the lines that go without, which are refunded (blame: from the reasons
 * the warehouse gave for short lines, see `shortageBlame`; the refund is the operator's cost
 * whoever is blamed) with resident and leader told, and `shortage.allocated` is emitted. Then
 * the date's paid orders move to `allocated`. A SKU is allocated once per warehouse (its
 * allocation row), so a retried run changes nothing already done.
 */
export async function allocatePickupDate(ctx: AppContext, trx: Tx, operatorId: string, pickupDate: string): Promise<void> {
  const now = ctx.clock.now();
  const { shortageRule } = await procurementSettings(trx, operatorId);
  const rows = await paidLinesToAllocate(trx, operatorId, pickupDate);
  const serving = await servingWarehouses(trx, operatorId, [...new Set(rows.map((r) => r.pickup_point_id))]);
  const key = (skuId: string, warehouseId: string | null) => `${skuId} ${warehouseId ?? ''}`;
  const done = new Set(
    (
      await trx
        .selectFrom('shortage_allocations')
        .select(['sku_id', 'warehouse_id'])
        .where('operator_id', '=', operatorId)
        .where('pickup_date', '=', pickupDate)
        .execute()
    ).map((r) => key(r.sku_id, r.warehouse_id)),
  );
  const groups = new Map<string, { skuId: string; warehouseId: string | null; lines: Array<WantingLine & { orderId: string }> }>();
  for (const r of rows) {
    const warehouseId = serving.get(r.pickup_point_id) ?? null;
    const k = key(r.sku_id, warehouseId);
    if (done.has(k)) continue;
    const group = groups.get(k) ?? { skuId: r.sku_id, warehouseId, lines: [] };
    group.lines.push({
      orderLineId: r.id,
      orderId: r.order_id,
      pickupPointId: r.pickup_point_id,
      paidAt: r.paid_at ?? now,
      quantity: r.quantity - r.refunded_quantity,
    });
    groups.set(k, group);
  }
  const deliveryDate = deliveryDateFor(pickupDate);
  for (const [, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await allocationSteps.allocateSku(ctx, trx, {
      operatorId,
      pickupDate,
      deliveryDate,
      skuId: g.skuId,
      warehouseId: g.warehouseId,
      lines: g.lines,
      rule: shortageRule,
      now,
    });
  }
  await advanceOrders(ctx, trx, operatorId, [...new Set(rows.map((r) => r.order_id))], 'allocated');
}

interface SkuAllocation {
  operatorId: string;
  pickupDate: string;
  deliveryDate: string;
  skuId: string;
  /** The warehouse whose stock serves these lines (null: the operator has no active warehouse). */
  warehouseId: string | null;
  lines: Array<WantingLine & { orderId: string }>;
  rule: ShortageRule;
  now: Date;
}

/** One SKU's allocation; behind an object so tests can make it fail. */
export const allocationSteps = { allocateSku };

async function allocateSku(ctx: AppContext, trx: Tx, a: SkuAllocation): Promise<void> {
  const demand = a.lines.reduce((s, l) => s + l.quantity, 0);
  const available = await usableStock(trx, a.operatorId, a.skuId, a.deliveryDate, a.warehouseId);
  const shorted = allocateShortage(a.lines, available, a.rule);
  const short = shorted.reduce((s, l) => s + l.quantity, 0);
  const blame = short === 0 ? 'none' : await shortageBlame(trx, a.operatorId, a.skuId, a.deliveryDate, a.warehouseId);
  const allocationId = newId('sha');
  await trx
    .insertInto('shortage_allocations')
    .values({
      id: allocationId,
      operator_id: a.operatorId,
      pickup_date: a.pickupDate,
      sku_id: a.skuId,
      demand_quantity: demand,
      available_quantity: available,
      short_quantity: short,
      rule: a.rule,
      blame,
      warehouse_id: a.warehouseId,
      created_at: a.now,
    })
    .execute();
  await consumeStock(trx, a.operatorId, a.skuId, a.deliveryDate, a.warehouseId, demand - short);
  if (short === 0) return;
  const orderOf = new Map(a.lines.map((l) => [l.orderLineId, l.orderId]));
  await trx
    .insertInto('shortage_lines')
    .values(
      shorted.map((s) => ({
        allocation_id: allocationId,
        operator_id: a.operatorId,
        order_line_id: s.orderLineId,
        order_id: orderOf.get(s.orderLineId) ?? '',
        quantity: s.quantity,
      })),
    )
    .execute();
  const byOrder = new Map<string, typeof shorted>();
  for (const s of shorted) {
    const orderId = orderOf.get(s.orderLineId) ?? '';
    byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), s]);
  }
  for (const [orderId, lines] of byOrder) {
    await refundOrderLines(ctx, trx, {
      operatorId: a.operatorId,
      orderId,
      lines: lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
      kind: 'shortage',
      blame,
      reason: 'shortage at receiving',
      sourceId: `${allocationId}:${orderId}`,
      tell: { title: '缺货退款', body: '很抱歉，部分商品到货不足，缺货部分已原路退款。', leader: true },
    });
  }
  await emit(trx, ctx.clock, {
    type: 'shortage.allocated',
    operatorId: a.operatorId,
    aggregateId: allocationId,
    payload: { pickupDate: a.pickupDate, skuId: a.skuId, shortQuantity: short, orderLineIds: shorted.map((s) => s.orderLineId) },
  });
}
