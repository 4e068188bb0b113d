import type { AppContext } from '../context.ts';
import { adminFlashSales, attemptFlashSale, createFlashSale } from '../modules/flashsale/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import { MINUTE } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { formatYuan } from '../platform/money.ts';

const TITLE = '整点秒杀';
const UNITS = 30;

export interface DemoFlashSale {
  attempts: number;
  won: number;
  paid: number;
  answers: Record<string, number>;
}

/**
 * The day's flash sale: at `at` (the top of an hour in the ordering window) a half-hour session
 * sells 30 units of the cheapest line open to every leader at half its group price, one per
 * resident; `crowd` residents tap at once, through the same call as the shop's button. Most
 * winners pay; the rest let their payment window close, and their units go back to the session.
 * Made once per database (a resumed day finds it and does nothing).
 */
export async function demoFlashSale(
  ctx: AppContext,
  operatorId: string,
  at: Date,
  line: { id: string; groupPriceFen: number } | undefined,
  crowd: Principal[],
  staff: Principal,
  pay: (resident: Principal, orderId: string) => Promise<void>,
  willPay: () => boolean,
): Promise<DemoFlashSale | null> {
  const existing = await ctx.db
    .selectFrom('flash_sales')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('title', '=', TITLE)
    .executeTakeFirst();
  if (existing || !line || line.groupPriceFen < 2) return null;
  const sale = await createFlashSale(ctx, staff, {
    campaignLineId: line.id,
    title: TITLE,
    priceFen: Math.floor(line.groupPriceFen / 2),
    quantity: UNITS,
    perResidentLimit: 1,
    startsAt: at,
    endsAt: new Date(at.getTime() + 30 * MINUTE),
  });
  const answers: Record<string, number> = {};
  const outcomes = await Promise.all(
    crowd.map(async (resident, i) => {
      try {
        const order = await attemptFlashSale(ctx, resident, sale.id, `demo-${i}-${sale.id}`);
        answers.won = (answers.won ?? 0) + 1;
        return { resident, order };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        answers[err.code] = (answers[err.code] ?? 0) + 1;
        return null;
      }
    }),
  );
  let paid = 0;
  for (const w of outcomes) {
    if (!w || !willPay()) continue;
    await pay(w.resident, w.order.id);
    paid++;
  }
  return { attempts: crowd.length, won: outcomes.filter(Boolean).length, paid, answers };
}

/** The report's flash sales: each session's units, orders, cost and new residents, and what its reconciliation found. */
export async function flashSaleLines(ctx: AppContext, operatorId: string): Promise<string[]> {
  const { items } = await adminFlashSales(ctx, operatorId);
  if (items.length === 0) return ['  flash sales   none'];
  return items.map((s) => {
    const r = s.reconciliation;
    const check = r
      ? r.gate === 'database'
        ? `the orders decide (no gate of its own: ${r.ordersLeft} left)`
        : r.repaired
          ? `gate repaired from the orders (it had ${r.gateLeft ?? 'nothing'}, the orders ${r.ordersLeft} left)`
          : r.gateLeft === r.ordersLeft && r.residentsDiffering === 0
            ? `gate and orders agree (${r.ordersLeft} left)`
            : `gate differed while selling (it had ${r.gateLeft}, the orders ${r.ordersLeft} left)`
      : 'not reconciled yet (30 minutes after the end)';
    return `  flash sale    ${s.title}: ${s.quantity} units at ¥${formatYuan(s.priceFen)} (group price ¥${formatYuan(s.listPriceFen)}), ${s.orders} orders hold a unit (${s.paidOrders} paid), ${s.left} left now, ${s.newResidents} new residents, cost ¥${formatYuan(s.costFen)}; ${s.gate} gate, ${check}`;
  });
}
