import { type Insertable, sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { Blame } from '../../platform/db/schema.ts';
import type { CommissionLinesTable } from '../../platform/db/schema.ledger.ts';
import type { HelpSellPublisherKind, HelpSellSharesTable } from '../../platform/db/schema.help-sell.ts';
import { splitByLargestRemainder } from '../../platform/money.ts';
import { helpSellTermsOfLine } from '../campaign/index.ts';
import { skuProductOf } from '../catalog/index.ts';
import { leaderLevelOf } from '../leader/index.ts';
import { orderBatches, orderLeaderAndBatch, orderLineSkus, ordersWithLines } from '../ordering/index.ts';
import { latePaymentRefunds } from '../payment/index.ts';
import { discountLinesOfOrders } from '../promotions/index.ts';
import { type NewEntry, type Posting, claim, claimAll, postEntry } from './journal.ts';
import { promotionParts } from './ledger.promotions.ts';
import { commissionSettings } from './ledger.policy.ts';
import { accrueCommission, blameCharge, clawbackTarget, commissionRate } from './ledger.rules.ts';
import { clawBackHelpSell, helpSellOfOrder, releaseHelpSellShares } from './ledger.help-sell.ts';

/**
 * Posting rules for the money of orders (POSTINGS.md): capture, sale, commission accrual,
 * refund with claw-back and blame, commission release. Each runs in the caller's transaction
 * (an event's delivery, a job) and posts once per business cause. What it reads of orders, refunds,
 * leaders and SKUs comes from their owners: as SQL fragments composed into one statement where
 * the posting runs for every paid order, a delivered batch of orders at a time.
 */

/** A delivered event as the ledger posts it: when it happened, whose, what. */
export interface LedgerEvent<P> {
  at: Date;
  operatorId: string;
  payload: P;
}

/**
 * payment.captured, for a batch of captures: the provider holds each resident's money; a payment
 * that came too late is refunded at once. Returns the entries to post, per event.
 */
export async function paymentCapturedEntries(
  trx: Tx,
  events: ReadonlyArray<LedgerEvent<{ paymentId: string; orderId: string; amountFen: number }>>,
): Promise<NewEntry[][]> {
  if (events.length === 0) return [];
  // The orders' batches and the refunds of late payments, in one query.
  const payments = events.map((e) => e.payload);
  const { rows: found } = await sql<{
    kind: 'batch' | 'late';
    key: string;
    pickup_date: string | null;
    id: string | null;
    amount_fen: number | null;
    created_at: Date | null;
  }>`
    select 'batch' as kind, o.order_id as key, o.pickup_date, null as id, null::bigint as amount_fen, null::timestamptz as created_at
    from (${orderBatches(payments.map((p) => p.orderId))}) o
    union all
    select 'late', r.payment_id, null, r.id, r.amount_fen, r.created_at
    from (${latePaymentRefunds(payments)}) r
    order by 1, 2, 4`.execute(trx);
  const batchOf = new Map(found.filter((r) => r.kind === 'batch').map((r) => [r.key, r.pickup_date]));
  return events.map(({ at, operatorId, payload: p }) => {
    const batchDate = batchOf.get(p.orderId) ?? null;
    const entries: NewEntry[] = [
      {
        operatorId,
        key: `payment:${p.paymentId}:captured`,
        kind: 'payment_captured',
        document: { type: 'payment', id: p.paymentId },
        meta: { orderId: p.orderId },
        occurredAt: at,
        batchDate,
        postings: [
          { account: { code: 'payment_clearing' }, amountFen: p.amountFen },
          { account: { code: 'resident_prepayments' }, amountFen: -p.amountFen },
        ],
      },
    ];
    // The payment module records the refund of a late payment without an order.refunded event (no order lines).
    for (const r of found) {
      if (r.kind !== 'late' || r.key !== p.paymentId || !r.id) continue;
      const amountFen = Number(r.amount_fen);
      entries.push({
        operatorId,
        key: `refund:${r.id}`,
        kind: 'late_payment_refund',
        document: { type: 'refund', id: r.id },
        meta: { orderId: p.orderId, paymentId: p.paymentId },
        occurredAt: r.created_at ?? at,
        batchDate,
        postings: [
          { account: { code: 'resident_prepayments' }, amountFen },
          { account: { code: 'payment_clearing' }, amountFen: -amountFen },
        ],
      });
    }
    return entries;
  });
}

/**
 * order.paid, for a batch of paid orders: the sale per line (GMV) and the leader's commission per
 * line, held as pending (its commission lines written here). Each order is claimed once: a
 * redelivered one gets no entries. Returns the entries to post, per event.
 */
export async function orderPaidEntries(
  trx: Tx,
  now: Date,
  events: ReadonlyArray<LedgerEvent<{ orderId: string; amountFen: number }>>,
): Promise<NewEntry[][]> {
  const claimed = await claimAll(
    trx,
    now,
    events.map((e) => ({ operatorId: e.operatorId, key: `order:${e.payload.orderId}:paid` })),
  );
  const ids = events.filter((_, i) => claimed[i]).map((e) => e.payload.orderId);
  if (ids.length === 0) return events.map(() => []);
  // The orders, their leaders' levels and their lines with their product and category, in one query.
  const { rows: found } = await sql<{
    order_id: string;
    operator_id: string;
    leader_id: string;
    pickup_date: string;
    level: number;
    id: string | null;
    sku_id: string;
    amount_fen: number;
    product_id: string;
    category_id: string;
    hs_campaign_id: string | null;
    publisher_kind: HelpSellPublisherKind | null;
    publisher_id: string | null;
    seller_bp: number | null;
    publisher_bp: number | null;
  }>`
    select o.order_id, o.operator_id, o.leader_id, o.pickup_date, ld.level, o.line_id as id, o.sku_id, o.amount_fen,
           c.product_id, c.category_id,
           hs.campaign_id as hs_campaign_id, hs.publisher_kind, hs.publisher_id, hs.seller_bp, hs.publisher_bp
    from (${ordersWithLines(ids)}) o
    join lateral (${leaderLevelOf(sql.ref('o.leader_id'))}) ld on true
    left join lateral (${skuProductOf(sql.ref('o.sku_id'))}) c on true
    left join lateral (${helpSellTermsOfLine(sql.ref('o.campaign_line_id'))}) hs on true
    order by o.order_id, o.line_id`.execute(trx);
  const rowsOf = new Map<string, typeof found>();
  for (const r of found) rowsOf.set(r.order_id, [...(rowsOf.get(r.order_id) ?? []), r]);
  const settings = new Map<string, Awaited<ReturnType<typeof commissionSettings>>>();
  for (const operatorId of new Set(events.map((e) => e.operatorId))) settings.set(operatorId, await commissionSettings(trx, operatorId));

  // The orders' discounts per line (only orders that had any): their cost is posted with the sale.
  const discountsOf = new Map<string, Awaited<ReturnType<typeof discountLinesOfOrders>>>();
  for (const d of await discountLinesOfOrders(trx, ids)) discountsOf.set(d.order_id, [...(discountsOf.get(d.order_id) ?? []), d]);

  const commissionLines: Array<Insertable<CommissionLinesTable>> = [];
  const helpSellRows: Array<Insertable<HelpSellSharesTable>> = [];
  const entries = events.map(({ at, operatorId, payload: p }, i): NewEntry[] => {
    if (!claimed[i]) return [];
    const rows = rowsOf.get(p.orderId) ?? [];
    const order = rows[0];
    if (!order || order.operator_id !== operatorId) throw new Error(`order.paid: order ${p.orderId} not found`);
    const lines = rows.filter((l): l is typeof l & { id: string } => l.id !== null);
    const sales = splitByLargestRemainder(
      p.amountFen,
      lines.map((l) => l.amount_fen),
    );
    const { defaultBp, rules } = settings.get(operatorId) ?? { defaultBp: 0, rules: [] };
    // A help-sell line's commission is the seller's share agreed on its campaign, not the normal rate.
    const rated = lines.map((l) => ({
      ...l,
      rateBp:
        l.seller_bp ?? commissionRate(rules, { productId: l.product_id, categoryId: l.category_id, leaderLevel: order.level }, defaultBp),
    }));
    const shares = accrueCommission(rated.map((l) => ({ amountFen: l.amount_fen, rateBp: l.rateBp })));
    for (const [k, l] of rated.entries()) {
      commissionLines.push({
        order_line_id: l.id,
        operator_id: operatorId,
        order_id: p.orderId,
        leader_id: order.leader_id,
        sku_id: l.sku_id,
        rate_bp: l.rateBp,
        base_fen: l.amount_fen,
        accrued_fen: shares[k] ?? 0,
        status: 'pending',
        accrued_at: at,
      });
    }
    const total = shares.reduce((a, b) => a + b, 0);
    const helpSell = helpSellOfOrder(operatorId, p.orderId, order.leader_id, at, rated, shares);
    helpSellRows.push(...helpSell.rows);
    // Its promotions' cost is part of the sale: lines sold at their price before discounts.
    const promotions = promotionParts(discountsOf.get(p.orderId) ?? [], new Map(lines.map((l) => [l.id, l.sku_id])));
    return [
      {
        operatorId,
        key: `order:${p.orderId}:sale`,
        kind: 'order_sale',
        document: { type: 'order', id: p.orderId },
        ...(promotions.promotions.length > 0 ? { meta: { promotions: promotions.promotions } } : {}),
        occurredAt: at,
        batchDate: order.pickup_date,
        postings: [
          { account: { code: 'resident_prepayments' }, amountFen: p.amountFen },
          ...promotions.postings,
          ...lines.map((l, k) => ({
            account: { code: 'sales' as const },
            amountFen: -((sales[k] ?? 0) + (promotions.discountOfLine.get(l.id) ?? 0)),
            skuId: l.sku_id,
          })),
        ],
      },
      {
        operatorId,
        key: `order:${p.orderId}:commission`,
        kind: 'commission_accrual',
        document: { type: 'order', id: p.orderId },
        meta: {
          leaderId: order.leader_id,
          rates: rated.map((l) => ({ orderLineId: l.id, rateBp: l.rateBp })),
          ...(helpSell.rows.length > 0 ? { helpSellFen: helpSell.sellerFen, helpSellCampaignIds: helpSell.campaignIds } : {}),
        },
        occurredAt: at,
        batchDate: order.pickup_date,
        postings: [
          ...rated.map((l, k) => ({ account: { code: 'commission_expense' as const }, amountFen: shares[k] ?? 0, skuId: l.sku_id })),
          { account: { code: 'commission_pending', partyId: order.leader_id }, amountFen: -total },
        ],
      },
      ...(helpSell.entry ? [{ ...helpSell.entry, batchDate: order.pickup_date }] : []),
    ];
  });
  if (commissionLines.length > 0) await trx.insertInto('commission_lines').values(commissionLines).execute();
  if (helpSellRows.length > 0) await trx.insertInto('help_sell_shares').values(helpSellRows).execute();
  return entries;
}

export interface RefundPayload {
  orderId: string;
  refundId: string;
  amountFen: number;
  kind: string;
  blame: Blame | null;
  /** Set when a carrier's driver is to blame: the carrier's payable bears the cost. */
  carrierId?: string | null | undefined;
  lines: ReadonlyArray<{ orderLineId: string; quantity: number; amountFen: number }>;
}

/** order.refunded: money back to the resident, the commission of the refunded lines clawed back, the cost charged to the party to blame. */
export async function postOrderRefunded(trx: Tx, now: Date, at: Date, operatorId: string, r: RefundPayload) {
  if (!(await claim(trx, operatorId, `refund:${r.refundId}`, now))) return;
  const document = { type: 'refund', id: r.refundId };
  const meta = { orderId: r.orderId, kind: r.kind, blame: r.blame };
  // A refund (shortage, after-sales, days later) lands in the order's batch, not the day it is made.
  const order = await orderLeaderAndBatch(trx, r.orderId);
  if (!order) throw new Error(`order.refunded: order ${r.orderId} not found`);
  const batchDate = order.pickupDate;
  // The refunded lines' SKUs and their suppliers, in one query.
  const lines = r.lines.length
    ? (
        await sql<{ id: string; sku_id: string; supplier_id: string }>`
          select l.id, l.sku_id, c.supplier_id
          from (${orderLineSkus(r.lines.map((l) => l.orderLineId))}) l
          join lateral (${skuProductOf(sql.ref('l.sku_id'))}) c on true`.execute(trx)
      ).rows
    : [];
  const lineOf = (id: string) => lines.find((l) => l.id === id);
  const perLine = r.lines.map((l) => ({
    ...l,
    skuId: lineOf(l.orderLineId)?.sku_id ?? null,
    supplierId: lineOf(l.orderLineId)?.supplier_id,
  }));
  const unassigned = r.amountFen - perLine.reduce((s, l) => s + l.amountFen, 0);
  await postEntry(trx, now, {
    operatorId,
    key: `refund:${r.refundId}`,
    kind: 'refund',
    document,
    meta,
    occurredAt: at,
    batchDate,
    postings: [
      ...perLine.map((l) => ({ account: { code: 'resident_refunds' as const }, amountFen: l.amountFen, skuId: l.skuId })),
      { account: { code: 'resident_refunds' }, amountFen: unassigned },
      { account: { code: 'payment_clearing' }, amountFen: -r.amountFen },
    ],
  });
  await clawBack(trx, now, at, operatorId, r, document, batchDate);

  const charge = blameCharge(r.blame, r.kind);
  if (charge === 'operator') return;
  const debits: Posting[] =
    charge === 'supplier_payable'
      ? perLine
          .filter((l) => l.supplierId)
          .map((l) => ({ account: { code: 'supplier_payable', partyId: l.supplierId as string }, amountFen: l.amountFen }))
      : charge === 'commission_available'
        ? [{ account: { code: 'commission_available', partyId: order.leaderId }, amountFen: r.amountFen }]
        : r.carrierId
          ? [{ account: { code: 'carrier_payable', partyId: r.carrierId }, amountFen: r.amountFen }]
          : [{ account: { code: 'logistics_cost' }, amountFen: r.amountFen }];
  await postEntry(trx, now, {
    operatorId,
    key: `refund:${r.refundId}:blame`,
    kind: 'blame_charge',
    document,
    meta: { ...meta, leaderId: charge === 'commission_available' ? order.leaderId : undefined },
    occurredAt: at,
    batchDate,
    postings: [...debits, { account: { code: 'aftersales_recoveries' }, amountFen: -debits.reduce((s, d) => s + d.amountFen, 0) }],
  });
}

/** Claws back the share of each refunded line's commission; released commission comes out of `available`, which may go negative. */
async function clawBack(
  trx: Tx,
  now: Date,
  at: Date,
  operatorId: string,
  r: RefundPayload,
  document: { type: string; id: string },
  batchDate: string | null,
) {
  const postings: Posting[] = [];
  let leaderId: string | undefined;
  for (const line of r.lines) {
    const cl = await trx
      .selectFrom('commission_lines')
      .selectAll()
      .where('order_line_id', '=', line.orderLineId)
      .forUpdate()
      .executeTakeFirst();
    if (!cl) continue;
    const refunded = cl.refunded_fen + line.amountFen;
    const delta = clawbackTarget(cl.accrued_fen, cl.base_fen, refunded) - cl.clawed_back_fen;
    await trx
      .updateTable('commission_lines')
      .set({ refunded_fen: refunded, clawed_back_fen: cl.clawed_back_fen + delta })
      .where('order_line_id', '=', cl.order_line_id)
      .execute();
    leaderId = cl.leader_id;
    const from = cl.status === 'pending' ? 'commission_pending' : 'commission_available';
    postings.push({ account: { code: from, partyId: cl.leader_id }, amountFen: delta });
    postings.push({ account: { code: 'commission_expense' }, amountFen: -delta, skuId: cl.sku_id });
  }
  await postEntry(trx, now, {
    operatorId,
    key: `refund:${r.refundId}:clawback`,
    kind: 'commission_clawback',
    document,
    meta: { orderId: r.orderId, leaderId },
    occurredAt: at,
    batchDate,
    postings,
  });
  await clawBackHelpSell(trx, now, at, operatorId, r, document, batchDate);
}

/** Makes an order's pending commission available (net of claw-backs so far); a second run finds nothing pending. */
export async function releaseCommission(trx: Tx, now: Date, operatorId: string, orderId: string): Promise<number> {
  const released = await trx
    .updateTable('commission_lines')
    .set({ status: 'available', released_at: now })
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .returning(['leader_id', 'accrued_fen', 'clawed_back_fen'])
    .execute();
  const leaderId = released[0]?.leader_id;
  const amount = released.reduce((s, l) => s + l.accrued_fen - l.clawed_back_fen, 0);
  const shares = await releaseHelpSellShares(trx, now, operatorId, orderId);
  if (!leaderId) return shares;
  await postEntry(trx, now, {
    operatorId,
    key: `order:${orderId}:release`,
    kind: 'commission_release',
    document: { type: 'order', id: orderId },
    meta: { leaderId },
    occurredAt: now,
    batchDate: (await orderLeaderAndBatch(trx, orderId))?.pickupDate ?? null,
    postings: [
      { account: { code: 'commission_pending', partyId: leaderId }, amountFen: amount },
      { account: { code: 'commission_available', partyId: leaderId }, amountFen: -amount },
    ],
  });
  return amount + shares;
}
