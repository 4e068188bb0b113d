import type { procurement } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { scheduleAllocationIfReady } from './allocation.service.ts';
import { getPurchaseOrder } from './purchase-order.queries.ts';
import { checkLineIds, lockLines, lockPurchaseOrder } from './purchase-order.service.ts';
import type { Tx } from '../../platform/db/database.ts';
import { assertTransition, generatedLotCode, needsShortReason, settleReceipt, shortReasonOf } from './procurement.rules.ts';

/**
 * Takes `count` numbers from the operator's lot counter for a delivery date, in one upsert: the
 * row lock serialises two receipts at once, and a receipt that fails gives its numbers back.
 */
async function nextLotCodes(trx: Tx, operatorId: string, deliveryDate: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const row = await trx
    .insertInto('lot_sequences')
    .values({ operator_id: operatorId, day: deliveryDate, last_seq: count })
    .onConflict((oc) =>
      oc
        .columns(['operator_id', 'day'])
        .doUpdateSet((eb) => ({ last_seq: eb('lot_sequences.last_seq', '+', eb.ref('excluded.last_seq')) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Array.from({ length: count }, (_, i) => generatedLotCode(deliveryDate, row.last_seq - count + 1 + i));
}

/**
 * The warehouse records what arrived on lines of a confirmed purchase order: received units,
 * quality rejects, lot and expiry. A blank lot on a line that received units gets a lot number
 * made by the server (`generatedLotCode`). Nothing received of a line the supplier promised
 * units of needs the warehouse's reason (SHORT_REASON_REQUIRED), so a slip cannot empty a line.
 * Accepted units go into a stock lot; good units beyond what the supplier confirmed are
 * recorded as an over-delivery and kept only when accepted. A line with fewer units accepted
 * than ordered gets a reason (`shortReasonOf`: the supplier is blamed only
 * for its own short confirmation or rejected units). A line is received once; the order is
 * `receiving` until completed.
 */
export async function receivePurchaseOrder(
  ctx: AppContext,
  operatorId: string,
  id: string,
  input: procurement.ReceivePurchaseOrder,
): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const po = await lockPurchaseOrder(trx, { operatorId }, id);
    if (po.status !== 'receiving') assertTransition(po.status, 'receiving');
    const lines = await lockLines(trx, id);
    checkLineIds(input.lines, lines);
    const now = ctx.clock.now();
    const blankLot = (r: (typeof input.lines)[number]) => !r.lotCode?.trim();
    for (const r of input.lines) {
      const line = lines.find((l) => l.id === r.lineId);
      if (
        line &&
        !r.shortReason &&
        needsShortReason({ ordered: line.ordered_quantity, confirmed: line.confirmed_quantity }, r.receivedQuantity)
      ) {
        throw new AppError('SHORT_REASON_REQUIRED', 'nothing was received of this line: say why (shortReason)', { lineId: line.id });
      }
    }
    const made = await nextLotCodes(
      trx,
      operatorId,
      po.delivery_date,
      input.lines.filter((r) => blankLot(r) && r.receivedQuantity > 0).length,
    );
    for (const r of input.lines) {
      const line = lines.find((l) => l.id === r.lineId);
      if (!line) continue;
      if (line.received_quantity !== null) throw new AppError('INVALID_STATE', 'this line was already received', { lineId: line.id });
      const lotCode = blankLot(r) ? (r.receivedQuantity > 0 ? (made.shift() ?? null) : null) : (r.lotCode?.trim() ?? null);
      const rejected = r.rejectedQuantity ?? 0;
      const acceptOver = r.acceptOverDelivery ?? false;
      const expected = line.confirmed_quantity ?? line.ordered_quantity;
      const { accepted, over } = settleReceipt({ expected, received: r.receivedQuantity, rejected, acceptOverDelivery: acceptOver });
      const shortReason = shortReasonOf(
        { ordered: line.ordered_quantity, confirmed: line.confirmed_quantity, rejected, accepted },
        r.shortReason,
      );
      await trx
        .updateTable('purchase_order_lines')
        .set({
          received_quantity: r.receivedQuantity,
          rejected_quantity: rejected,
          accepted_quantity: accepted,
          over_quantity: over,
          over_accepted: over > 0 ? acceptOver : null,
          short_reason: shortReason,
          lot_code: lotCode,
          expires_on: r.expiresOn ?? null,
        })
        .where('id', '=', line.id)
        .execute();
      if (accepted > 0) {
        await trx
          .insertInto('stock_lots')
          .values({
            id: newId('lot'),
            operator_id: operatorId,
            sku_id: line.sku_id,
            lot_code: lotCode ?? '',
            expires_on: r.expiresOn ?? null,
            received_quantity: accepted,
            quantity_on_hand: accepted,
            purchase_order_line_id: line.id,
            // Stock lies where it was received: the purchase order's warehouse.
            warehouse_id: po.warehouse_id,
            received_at: now,
          })
          .execute();
      }
    }
    if (po.status !== 'receiving') {
      await trx.updateTable('purchase_orders').set({ status: 'receiving', updated_at: now }).where('id', '=', id).execute();
    }
  });
  return getPurchaseOrder(ctx.db, { operatorId }, id);
}

/**
 * Completes receiving. Every line the supplier promised units of must be recorded first
 * (LINES_NOT_RECORDED, naming them): completing never empties a line nobody looked at. A line
 * the supplier confirmed at 0 and not recorded counts as nothing received, short for the
 * supplier's own short confirmation. Emits
 * `purchase_order.received` (what the supplier is paid for: accepted units at the line's cost
 * price) and, when it was the date's last open purchase order, schedules the shortage allocation.
 */
export async function completeReceiving(ctx: AppContext, operatorId: string, id: string): Promise<procurement.PurchaseOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const po = await lockPurchaseOrder(trx, { operatorId }, id);
    // Nothing may have arrived at all: completing then goes through receiving with zero received.
    if (po.status !== 'receiving') assertTransition(po.status, 'receiving');
    assertTransition('receiving', 'received');
    const now = ctx.clock.now();
    const open = await lockLines(trx, id);
    const unrecorded = open
      .filter((l) => l.received_quantity === null && (l.confirmed_quantity ?? l.ordered_quantity) > 0)
      .map((l) => l.id);
    if (unrecorded.length > 0) {
      throw new AppError('LINES_NOT_RECORDED', 'record every line first (nothing received needs a reason)', { lineIds: unrecorded });
    }
    for (const line of open) {
      if (line.received_quantity !== null) continue;
      const shortReason = shortReasonOf({ ordered: line.ordered_quantity, confirmed: line.confirmed_quantity, rejected: 0, accepted: 0 });
      await trx
        .updateTable('purchase_order_lines')
        .set({ received_quantity: 0, rejected_quantity: 0, accepted_quantity: 0, over_quantity: 0, short_reason: shortReason })
        .where('id', '=', line.id)
        .execute();
    }
    await trx.updateTable('purchase_orders').set({ status: 'received', received_at: now, updated_at: now }).where('id', '=', id).execute();
    const lines = await lockLines(trx, id);
    await emit(trx, ctx.clock, {
      type: 'purchase_order.received',
      operatorId,
      aggregateId: id,
      payload: {
        purchaseOrderId: id,
        supplierId: po.supplier_id,
        deliveryDate: po.delivery_date,
        lines: lines.map((l) => ({
          purchaseOrderLineId: l.id,
          skuId: l.sku_id,
          orderedQuantity: l.ordered_quantity,
          receivedQuantity: l.received_quantity ?? 0,
          rejectedQuantity: l.rejected_quantity ?? 0,
          acceptedQuantity: l.accepted_quantity ?? 0,
          costPriceFen: l.cost_price_fen,
          shortReason: l.short_reason,
        })),
      },
    });
    await scheduleAllocationIfReady(ctx, trx, operatorId, po.delivery_date);
  });
  ctx.events.kick();
  return getPurchaseOrder(ctx.db, { operatorId }, id);
}
