import type { Tx } from '../../platform/db/database.ts';
import type { AccountCode } from './ledger.chart.ts';
import { claim, type Posting, postEntry, reverseEntry } from './journal.ts';

/**
 * The cost of an order's promotions (POSTINGS.md). It is part of the order's sale entry: each
 * discounted line is sold at its price before discounts, and its discounts are paid by marketing
 * (the operator) or by the funding supplier (what linli owes it goes down), one posting per line
 * and payer; `meta.promotions` names each promotion's part and payer (the admin's cost per
 * promotion is read from it). When the order's discounts are given back (`promotion.returned`:
 * its full refund), a `promotion_cost` entry takes exactly those postings back.
 */

/** An order's discount on one of its lines, with who funds it (promotions' `discountLinesOfOrders`). */
export interface LineDiscount {
  order_line_id: string;
  promotion_id: string;
  amount_fen: number;
  funded_by: string;
  supplier_id: string | null;
}

export interface PromotionParts {
  /** The payers' debits, one per line and payer. */
  postings: Posting[];
  /** Each line's discounts in all (its sale is that much above what was paid for it). */
  discountOfLine: Map<string, number>;
  /** Each promotion's part and payer, for the entry's meta. */
  promotions: Array<{ promotionId: string; supplierId: string | null; amountFen: number }>;
}

/** What an order's discounts add to its sale entry (nothing for an order without any). */
export function promotionParts(discounts: readonly LineDiscount[], skuOfLine: ReadonlyMap<string, string>): PromotionParts {
  const payerOf = (d: LineDiscount) => (d.funded_by === 'supplier' && d.supplier_id ? d.supplier_id : null);
  const perLine = new Map<string, { lineId: string; supplierId: string | null; fen: number }>();
  const perPromotion = new Map<string, { promotionId: string; supplierId: string | null; amountFen: number }>();
  const discountOfLine = new Map<string, number>();
  for (const d of discounts) {
    const supplierId = payerOf(d);
    const k = `${d.order_line_id}/${supplierId ?? ''}`;
    perLine.set(k, { lineId: d.order_line_id, supplierId, fen: (perLine.get(k)?.fen ?? 0) + d.amount_fen });
    const p = perPromotion.get(d.promotion_id) ?? { promotionId: d.promotion_id, supplierId, amountFen: 0 };
    perPromotion.set(d.promotion_id, { ...p, amountFen: p.amountFen + d.amount_fen });
    discountOfLine.set(d.order_line_id, (discountOfLine.get(d.order_line_id) ?? 0) + d.amount_fen);
  }
  return {
    postings: [...perLine.values()].map((l) => {
      const skuId = skuOfLine.get(l.lineId) ?? null;
      return l.supplierId
        ? { account: { code: 'supplier_payable', partyId: l.supplierId }, amountFen: l.fen, skuId }
        : { account: { code: 'marketing_expense' }, amountFen: l.fen, skuId };
    }),
    discountOfLine,
    promotions: [...perPromotion.values()],
  };
}

const PAYERS: readonly AccountCode[] = ['marketing_expense', 'supplier_payable'];

/**
 * promotion.returned: the order's promotion cost taken back, once. What its sale entry posted to
 * marketing or a supplier is credited back, against sales by SKU, and `meta.promotions` repeats
 * the sale's parts negated. An order paid before the cost was part of the sale has its own
 * promotion_cost entry (key `order:<id>:promotions`), which is reversed instead.
 */
export async function returnPromotionCost(trx: Tx, now: Date, operatorId: string, orderId: string): Promise<void> {
  if (!(await claim(trx, operatorId, `promotion-returned:${orderId}`, now))) return;
  const entries = await trx
    .selectFrom('journal_entries')
    .select(['id', 'idempotency_key', 'meta', 'batch_date', 'document_type', 'document_id'])
    .where('operator_id', '=', operatorId)
    .where('idempotency_key', 'in', [`order:${orderId}:sale`, `order:${orderId}:promotions`])
    .execute();
  const earlier = entries.find((e) => e.idempotency_key === `order:${orderId}:promotions`);
  if (earlier) {
    await reverseEntry(trx, now, operatorId, earlier.id, "the order's discounts were given back");
    return;
  }
  const sale = entries.find((e) => e.idempotency_key === `order:${orderId}:sale`);
  const parts = (sale?.meta as { promotions?: PromotionParts['promotions'] } | undefined)?.promotions ?? [];
  if (!sale || parts.length === 0) return;
  const paid = await trx
    .selectFrom('journal_postings as p')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['a.code', 'a.party_id', 'p.amount_fen', 'p.sku_id'])
    .where('p.entry_id', '=', sale.id)
    .where('a.code', 'in', [...PAYERS])
    .orderBy('p.id')
    .execute();
  await postEntry(trx, now, {
    operatorId,
    key: `order:${orderId}:promotions-returned`,
    kind: 'promotion_cost',
    document: { type: sale.document_type, id: sale.document_id },
    memo: "the order's discounts were given back",
    meta: { promotions: parts.map((p) => ({ ...p, amountFen: -p.amountFen })) },
    occurredAt: now,
    batchDate: sale.batch_date,
    postings: paid.flatMap((p): Posting[] => [
      {
        account:
          p.code === 'supplier_payable' ? { code: 'supplier_payable', partyId: p.party_id as string } : { code: 'marketing_expense' },
        amountFen: -p.amount_fen,
        skuId: p.sku_id,
      },
      { account: { code: 'sales' }, amountFen: p.amount_fen, skuId: p.sku_id },
    ]),
  });
}
