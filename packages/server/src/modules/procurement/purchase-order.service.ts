import type { procurement } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { PurchaseOrderStatus } from '../../platform/db/schema.procurement.ts';
import { AppError, found } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { getPurchaseOrder, type PurchaseOrderScope } from './purchase-order.queries.ts';
import { assertTransition } from './procurement.rules.ts';
import { scheduleAllocationIfReady } from './allocation.service.ts';
import { notify } from '../../platform/notifications.ts';

/** Locks a purchase order the caller may act on (NOT_FOUND for another tenant's or supplier's). */
export async function lockPurchaseOrder(trx: Tx, scope: PurchaseOrderScope, id: string) {
  let q = trx.selectFrom('purchase_orders').selectAll().where('id', '=', id).where('operator_id', '=', scope.operatorId);
  if (scope.supplierId) q = q.where('supplier_id', '=', scope.supplierId).where('status', '!=', 'draft');
  return found(await q.forUpdate().executeTakeFirst(), 'purchase order');
}

/** A purchase order's lines, locked, in id order. */
export async function lockLines(trx: Tx, purchaseOrderId: string) {
  return trx
    .selectFrom('purchase_order_lines')
    .selectAll()
    .where('purchase_order_id', '=', purchaseOrderId)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Refuses a request naming a line twice or a line that is not on the purchase order. */
export function checkLineIds(lines: ReadonlyArray<{ lineId: string }>, known: ReadonlyArray<{ id: string }>): void {
  const ids = lines.map((l) => l.lineId);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_FAILED', 'a line is named twice');
  const missing = ids.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0) throw new AppError('VALIDATION_FAILED', 'lines not on this purchase order', { lineIds: missing });
}

async function move(trx: Tx, id: string, from: PurchaseOrderStatus, to: PurchaseOrderStatus, now: Date, extra: object = {}): Promise<void> {
  assertTransition(from, to);
  await trx
    .updateTable('purchase_orders')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .execute();
}

/** The purchaser sets the quantity to buy on lines of a draft (the suggestion stays for reference). */
export async function adjustPurchaseOrder(
  ctx: AppContext,
  operatorId: string,
  id: string,
  input: procurement.AdjustPurchaseOrder,
): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const po = await lockPurchaseOrder(trx, { operatorId }, id);
    if (po.status !== 'draft') throw new AppError('INVALID_STATE', `a ${po.status} purchase order cannot be adjusted`);
    checkLineIds(input.lines, await lockLines(trx, id));
    for (const l of input.lines) {
      await trx
        .updateTable('purchase_order_lines')
        .set({ ordered_quantity: l.orderedQuantity, adjusted: true })
        .where('id', '=', l.lineId)
        .execute();
    }
    await trx.updateTable('purchase_orders').set({ updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  });
  return getPurchaseOrder(ctx.db, { operatorId }, id);
}

/** Sends a draft to its supplier, who is notified; `purchase_order.sent`. Later demand starts a new draft. */
export async function sendPurchaseOrder(ctx: AppContext, operatorId: string, id: string): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const po = await lockPurchaseOrder(trx, { operatorId }, id);
    const now = ctx.clock.now();
    await move(trx, id, po.status, 'sent', now, { sent_at: now });
    await notify(trx, now, operatorId, [
      {
        recipientKind: 'supplier',
        recipientId: po.supplier_id,
        title: '新采购单',
        body: `您有一张 ${po.delivery_date} 送货的采购单，请确认数量。`,
      },
    ]);
    await emit(trx, ctx.clock, {
      type: 'purchase_order.sent',
      operatorId,
      aggregateId: id,
      payload: { purchaseOrderId: id, supplierId: po.supplier_id, deliveryDate: po.delivery_date },
    });
  });
  ctx.events.kick();
  return getPurchaseOrder(ctx.db, { operatorId }, id);
}

/**
 * Cancels a purchase order the supplier has not confirmed; its demand is then bought some other
 * way or goes short at allocation.
 */
export async function cancelPurchaseOrder(ctx: AppContext, operatorId: string, id: string): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const po = await lockPurchaseOrder(trx, { operatorId }, id);
    await move(trx, id, po.status, 'cancelled', ctx.clock.now());
    await scheduleAllocationIfReady(ctx, trx, operatorId, po.delivery_date);
  });
  return getPurchaseOrder(ctx.db, { operatorId }, id);
}

/**
 * The supplier confirms a sent purchase order: lines named ship the given quantity (at most what
 * was ordered), the others in full. Any line short makes it `short_confirmed`.
 */
export async function confirmPurchaseOrder(
  ctx: AppContext,
  scope: Required<PurchaseOrderScope>,
  id: string,
  input: procurement.ConfirmPurchaseOrder,
): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    await confirmLines(ctx, trx, scope, id, input, {});
  });
  return getPurchaseOrder(ctx.db, scope, id);
}

/**
 * Staff record the supplier's confirmation taken by phone when the supplier did not confirm in
 * its portal: the same quantities and the same move as the supplier's own confirmation, plus who
 * recorded it and their note (the time is `confirmedAt`).
 */
export async function confirmPurchaseOrderByPhone(
  ctx: AppContext,
  staff: { operatorId: string; staffId: string },
  id: string,
  input: procurement.ConfirmPurchaseOrderByPhone,
): Promise<procurement.PurchaseOrder> {
  const scope = { operatorId: staff.operatorId };
  await ctx.db.transaction().execute(async (trx) => {
    await confirmLines(ctx, trx, scope, id, input, { confirmed_by_staff_id: staff.staffId, confirmation_note: input.note });
  });
  return getPurchaseOrder(ctx.db, scope, id);
}

async function confirmLines(
  ctx: AppContext,
  trx: Tx,
  scope: PurchaseOrderScope,
  id: string,
  input: procurement.ConfirmPurchaseOrder,
  extra: { confirmed_by_staff_id?: string; confirmation_note?: string },
): Promise<void> {
  const po = await lockPurchaseOrder(trx, scope, id);
  const lines = await lockLines(trx, id);
  checkLineIds(input.lines, lines);
  let short = false;
  for (const line of lines) {
    const named = input.lines.find((l) => l.lineId === line.id);
    const confirmed = named?.confirmedQuantity ?? line.ordered_quantity;
    if (confirmed > line.ordered_quantity) {
      throw new AppError('VALIDATION_FAILED', 'a supplier cannot confirm more than was ordered', { lineId: line.id });
    }
    short ||= confirmed < line.ordered_quantity;
    await trx.updateTable('purchase_order_lines').set({ confirmed_quantity: confirmed }).where('id', '=', line.id).execute();
  }
  const now = ctx.clock.now();
  await move(trx, id, po.status, short ? 'short_confirmed' : 'confirmed', now, { confirmed_at: now, ...extra });
}
