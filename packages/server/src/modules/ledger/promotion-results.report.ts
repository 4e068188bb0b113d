import type { promotions } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { firstPaidOrders, isPaid, ordersByIds } from '../ordering/index.ts';
import { promotionUsage } from '../promotions/index.ts';

type Results = z.infer<typeof promotions.PromotionResults>;

/**
 * What each promotion brought (a report: promotions' coupons and discounts, ordering's orders, the
 * ledger's entries). The cost is the ledger's: each discounted order's sale entry names its
 * promotions' parts, operator- or supplier-funded, in `meta.promotions` (its marketing and
 * supplier postings are their sum), less what promotion_cost entries took back (their parts are
 * negative; a reversal repeats an entry's parts and counts negated), so the figure on screen is
 * the one in the books. Orders are the paid ones that kept their discount; GMV is what their residents
 * paid, net of refunds; a new resident is one whose first paid order is one of them.
 */
export async function promotionResults(db: Executor, operatorId: string, promotionIds: readonly string[]): Promise<Map<string, Results>> {
  const usage = await promotionUsage(db, operatorId, promotionIds);
  // Sale entries name their promotions' parts and payers, promotion_cost entries what was taken back.
  // Only the entries of the orders that kept a discount: an order that gave its discounts back has
  // its cost taken back too (sale and return add up to nothing).
  const orderIds = [...new Set([...usage.values()].flatMap((u) => u.orderIds))];
  const costs = orderIds.length
    ? (
        await sql<{ promotion_id: string; supplier: boolean; amount: number }>`
          select p->>'promotionId' as promotion_id, (p->>'supplierId') is not null as supplier,
                 coalesce(sum(case when e.reverses_entry_id is null then 1 else -1 end * (p->>'amountFen')::bigint), 0)::bigint as amount
          from journal_entries e, jsonb_array_elements(e.meta->'promotions') p
          where e.operator_id = ${operatorId} and e.document_type = 'order' and e.document_id = any(${orderIds}::text[])
            and e.kind in ('order_sale', 'promotion_cost')
            and p->>'promotionId' = any(${[...promotionIds]}::text[])
          group by 1, 2`.execute(db)
      ).rows
    : [];
  const orders = await ordersByIds(db, operatorId, orderIds);
  const firsts = await firstPaidOrders(
    db,
    operatorId,
    [...orders.values()].map((o) => o.resident_id),
  );
  const results = new Map<string, Results>();
  for (const id of promotionIds) {
    const u = usage.get(id);
    const kept = (u?.orderIds ?? []).map((o) => orders.get(o)).filter((o) => o !== undefined && isPaid(o.status));
    const cost = (supplier: boolean) => Number(costs.find((c) => c.promotion_id === id && c.supplier === supplier)?.amount ?? 0);
    const costFen = cost(false);
    const supplierFundedFen = cost(true);
    const gmvFen = kept.reduce((sum, o) => sum + (o?.total_fen ?? 0) - (o?.refunded_fen ?? 0), 0);
    results.set(id, {
      promotionId: id,
      couponsIssued: u?.issued ?? 0,
      couponsUsed: u?.used ?? 0,
      couponsReturned: u?.returned ?? 0,
      orders: kept.length,
      newResidents: kept.filter((o) => o && firsts.get(o.resident_id) === o.id).length,
      discountFen: u?.discountFen ?? 0,
      costFen,
      supplierFundedFen,
      gmvFen,
      roi: costFen + supplierFundedFen > 0 ? Math.round((gmvFen / (costFen + supplierFundedFen)) * 100) / 100 : null,
    });
  }
  return results;
}
