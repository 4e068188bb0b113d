import type { flashsale } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { found } from '../../platform/errors.ts';
import { firstPaidOrders, isPaid, ordersByIds } from '../ordering/index.ts';
import { promotionUsage } from '../promotions/index.ts';
import type { GateCounts } from './flashsale.gate.ts';
import { type FlashSaleRow, gateOf, ordersCounts, stateOf } from './flashsale.service.ts';

/** Sessions a resident sees: those not ended more than an hour ago, soonest first. */
const SHOWN_AFTER_END_MS = 3600_000;

/** What residents see of a session, its units left as the gate (`held`, read by the caller; or, without one, the orders) says. */
async function toFlashSale(
  ctx: AppContext,
  s: FlashSaleRow,
  now: Date,
  held: GateCounts | null,
): Promise<z.infer<typeof flashsale.FlashSale>> {
  const left = held?.left ?? (await ordersCounts(ctx.db, s)).left;
  return {
    id: s.id,
    campaignId: s.campaign_id,
    campaignLineId: s.campaign_line_id,
    title: s.title,
    priceFen: s.price_fen,
    listPriceFen: s.list_price_fen,
    quantity: s.quantity,
    left: Math.max(0, left),
    perResidentLimit: s.per_resident_limit,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    state: stateOf(s, now),
  };
}

/** The operator's sessions not cancelled that ended after `after`, soonest first, each as residents see it. */
async function sessionsShown(ctx: AppContext, operatorId: string, now: Date, after: Date) {
  const rows = await ctx.db
    .selectFrom('flash_sales')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', after)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(20)
    .execute();
  const gate = gateOf(ctx);
  return Promise.all(rows.map(async (r) => toFlashSale(ctx, r, now, await gate.read(r.id))));
}

/** The operator's sessions for the shop: on now, upcoming, and those just ended, soonest first. */
export async function shopFlashSales(ctx: AppContext, operatorId: string): Promise<z.infer<typeof flashsale.FlashSaleList>> {
  const now = ctx.clock.now();
  return { items: await sessionsShown(ctx, operatorId, now, new Date(now.getTime() - SHOWN_AFTER_END_MS)), serverTime: now.toISOString() };
}

/** The sessions a leader may share into the group (on now or upcoming), each with the shop's link. */
export async function leaderFlashSales(ctx: AppContext, operatorId: string): Promise<z.infer<typeof flashsale.LeaderFlashSaleList>> {
  const now = ctx.clock.now();
  const items = await sessionsShown(ctx, operatorId, now, now);
  return { items: items.map((s) => ({ ...s, sharePath: '/shop/flash-sales' })) };
}

/** The operator's sessions for staff, newest first, each live (gate and orders) with what it sold. */
export async function adminFlashSales(ctx: AppContext, operatorId: string): Promise<z.infer<typeof flashsale.AdminFlashSaleList>> {
  const rows = await ctx.db
    .selectFrom('flash_sales')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return { items: await adminViews(ctx, operatorId, rows) };
}

export async function adminFlashSale(ctx: AppContext, operatorId: string, id: string) {
  const row = found(
    await ctx.db.selectFrom('flash_sales').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'flash sale',
  );
  return (await adminViews(ctx, operatorId, [row]))[0] as z.infer<typeof flashsale.AdminFlashSale>;
}

async function adminViews(ctx: AppContext, operatorId: string, rows: FlashSaleRow[]) {
  const now = ctx.clock.now();
  const usage = await promotionUsage(
    ctx.db,
    operatorId,
    rows.map((r) => r.promotion_id),
  );
  const orderIds = [...usage.values()].flatMap((u) => u.orderIds);
  const orders = await ordersByIds(ctx.db, operatorId, orderIds);
  const firsts = await firstPaidOrders(
    ctx.db,
    operatorId,
    [...orders.values()].map((o) => o.resident_id),
  );
  const firstIds = new Set(firsts.values());
  const gate = gateOf(ctx);
  return Promise.all(
    rows.map(async (r) => {
      const u = usage.get(r.promotion_id);
      const mine = (u?.orderIds ?? []).flatMap((id) => orders.get(id) ?? []);
      const held = await gate.read(r.id);
      return {
        ...(await toFlashSale(ctx, r, now, held)),
        status: r.status,
        promotionId: r.promotion_id,
        gate: gate.kind,
        gateLeft: held?.left ?? null,
        orders: u?.orders ?? 0,
        paidOrders: mine.filter((o) => isPaid(o.status)).length,
        costFen: u?.discountFen ?? 0,
        newResidents: mine.filter((o) => firstIds.has(o.id)).length,
        reconciledAt: r.reconciled_at?.toISOString() ?? null,
        reconciliation: r.reconciliation,
      };
    }),
  );
}

/** Sessions ended long enough ago to reconcile and not reconciled yet (the sweep), oldest first. */
export async function sessionsToReconcile(db: Executor, before: Date): Promise<FlashSaleRow[]> {
  return (
    db
      .selectFrom('flash_sales')
      .selectAll()
      // Literal: the partial index flash_sales_to_reconcile serves only a plan that knows the condition.
      .where('reconciled_at', 'is', null)
      .where('ends_at', '<=', before)
      .orderBy('ends_at')
      .limit(20)
      .execute()
  );
}
