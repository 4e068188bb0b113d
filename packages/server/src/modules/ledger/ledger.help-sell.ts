import type { Insertable } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { HelpSellPublisherKind, HelpSellSharesTable } from '../../platform/db/schema.help-sell.ts';
import { shareFen } from '../campaign/index.ts';
import { orderLeaderAndBatch } from '../ordering/index.ts';
import { type NewEntry, type Posting, postEntry } from './journal.ts';
import { clawbackTarget } from './ledger.rules.ts';

/**
 * The help-sell (帮卖) postings of orders (POSTINGS.md), beside the order postings that call them:
 * the publisher's share of a paid order's help-sell lines, its claw-back by a refund, its release
 * with the order's commission.
 */

/** Where a help-sell publisher's share is held: a leader's pending commission, a supplier's payable. */
const publisherAccount = (kind: HelpSellPublisherKind, status: 'pending' | 'available') =>
  kind === 'supplier'
    ? ('supplier_payable' as const)
    : status === 'pending'
      ? ('commission_pending' as const)
      : ('commission_available' as const);

/**
 * The help-sell part of a paid order (POSTINGS.md): for each line of a help-sell campaign, the
 * publisher's share (its basis points of what the resident paid for the line, rounded down to the
 * fen) as a row of `help_sell_shares`, and one `help_sell_share` entry moving the shares from
 * commission expense (per line/SKU) to each publisher: a leader's commission_pending (released with
 * the order's commission), a supplier's payable (owed at once). The seller's commission on those
 * lines, at the seller's share, is in the order's commission accrual (`helpSellFen` in its meta).
 */
export function helpSellOfOrder(
  operatorId: string,
  orderId: string,
  sellerId: string,
  at: Date,
  lines: ReadonlyArray<{
    id: string;
    sku_id: string;
    amount_fen: number;
    hs_campaign_id: string | null;
    publisher_kind: HelpSellPublisherKind | null;
    publisher_id: string | null;
    seller_bp: number | null;
    publisher_bp: number | null;
  }>,
  sellerShares: readonly number[],
): { rows: Array<Insertable<HelpSellSharesTable>>; entry: NewEntry | null; sellerFen: number; campaignIds: string[] } {
  const rows: Array<Insertable<HelpSellSharesTable>> = [];
  let sellerFen = 0;
  for (const [k, l] of lines.entries()) {
    if (!l.hs_campaign_id || !l.publisher_kind || !l.publisher_id || l.seller_bp === null || l.publisher_bp === null) continue;
    const kind = l.publisher_kind;
    sellerFen += sellerShares[k] ?? 0;
    rows.push({
      order_line_id: l.id,
      operator_id: operatorId,
      order_id: orderId,
      campaign_id: l.hs_campaign_id,
      seller_leader_id: sellerId,
      seller_bp: l.seller_bp,
      publisher_kind: kind,
      publisher_id: l.publisher_id,
      publisher_bp: l.publisher_bp,
      sku_id: l.sku_id,
      base_fen: l.amount_fen,
      accrued_fen: shareFen(l.amount_fen, l.publisher_bp),
      // A supplier's share is owed at once; a leader's waits for pickup like commission.
      status: kind === 'supplier' ? 'available' : 'pending',
      accrued_at: at,
      released_at: kind === 'supplier' ? at : null,
    });
  }
  if (rows.length === 0) return { rows, entry: null, sellerFen: 0, campaignIds: [] };
  const credits = new Map<string, Posting>();
  for (const r of rows) {
    const account = { code: publisherAccount(r.publisher_kind, 'pending'), partyId: r.publisher_id };
    const key = `${account.code}/${r.publisher_id}`;
    const c = credits.get(key) ?? { account, amountFen: 0 };
    c.amountFen -= Number(r.accrued_fen);
    credits.set(key, c);
  }
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id))];
  return {
    rows,
    sellerFen,
    campaignIds,
    entry: {
      operatorId,
      key: `order:${orderId}:help-sell`,
      kind: 'help_sell_share',
      document: { type: 'order', id: orderId },
      memo: 'help-sell: publisher share',
      meta: {
        orderId,
        sellerLeaderId: sellerId,
        campaignIds,
        shares: rows.map((r) => ({
          orderLineId: r.order_line_id,
          campaignId: r.campaign_id,
          publisherKind: r.publisher_kind,
          publisherId: r.publisher_id,
          publisherBp: r.publisher_bp,
          amountFen: r.accrued_fen,
        })),
      },
      occurredAt: at,
      postings: [
        ...rows.map((r) => ({ account: { code: 'commission_expense' as const }, amountFen: Number(r.accrued_fen), skuId: r.sku_id })),
        ...credits.values(),
      ],
    },
  };
}

/**
 * Claws back the publishers' help-sell shares of the refunded lines in the same proportion as the
 * commission (`clawbackTarget`): from a leader's pending share, or available once released; from a
 * supplier's payable. Nothing is read or posted for a refund of no help-sell line but one query.
 */
export async function clawBackHelpSell(
  trx: Tx,
  now: Date,
  at: Date,
  operatorId: string,
  r: { orderId: string; refundId: string; lines: ReadonlyArray<{ orderLineId: string; amountFen: number }> },
  document: { type: string; id: string },
  batchDate: string | null,
) {
  if (r.lines.length === 0) return;
  const rows = await trx
    .selectFrom('help_sell_shares')
    .selectAll()
    .where(
      'order_line_id',
      'in',
      r.lines.map((l) => l.orderLineId),
    )
    .forUpdate()
    .execute();
  if (rows.length === 0) return;
  const postings: Posting[] = [];
  for (const line of r.lines) {
    const hs = rows.find((x) => x.order_line_id === line.orderLineId);
    if (!hs) continue;
    const accrued = Number(hs.accrued_fen);
    const refunded = Number(hs.refunded_fen) + line.amountFen;
    const delta = clawbackTarget(accrued, Number(hs.base_fen), refunded) - Number(hs.clawed_back_fen);
    await trx
      .updateTable('help_sell_shares')
      .set({ refunded_fen: refunded, clawed_back_fen: Number(hs.clawed_back_fen) + delta })
      .where('order_line_id', '=', hs.order_line_id)
      .execute();
    postings.push({ account: { code: publisherAccount(hs.publisher_kind, hs.status), partyId: hs.publisher_id }, amountFen: delta });
    postings.push({ account: { code: 'commission_expense' }, amountFen: -delta, skuId: hs.sku_id });
  }
  await postEntry(trx, now, {
    operatorId,
    key: `refund:${r.refundId}:help-sell-clawback`,
    kind: 'help_sell_clawback',
    document,
    memo: 'help-sell: publisher share clawed back',
    meta: { orderId: r.orderId, campaignIds: [...new Set(rows.map((x) => x.campaign_id))] },
    occurredAt: at,
    batchDate,
    postings,
  });
}

/** With the order's commission, the publishing leaders' help-sell shares become available (net of claw-backs); a second run finds nothing pending. */
export async function releaseHelpSellShares(trx: Tx, now: Date, operatorId: string, orderId: string): Promise<number> {
  const released = await trx
    .updateTable('help_sell_shares')
    .set({ status: 'available', released_at: now })
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .returning(['publisher_id', 'accrued_fen', 'clawed_back_fen'])
    .execute();
  if (released.length === 0) return 0;
  const byLeader = new Map<string, number>();
  for (const r of released)
    byLeader.set(r.publisher_id, (byLeader.get(r.publisher_id) ?? 0) + Number(r.accrued_fen) - Number(r.clawed_back_fen));
  await postEntry(trx, now, {
    operatorId,
    key: `order:${orderId}:help-sell-release`,
    kind: 'commission_release',
    document: { type: 'order', id: orderId },
    memo: 'help-sell: publisher share released',
    meta: { orderId, leaderIds: [...byLeader.keys()], helpSell: true },
    occurredAt: now,
    batchDate: (await orderLeaderAndBatch(trx, orderId))?.pickupDate ?? null,
    postings: [...byLeader].flatMap(([leaderId, fen]) => [
      { account: { code: 'commission_pending' as const, partyId: leaderId }, amountFen: fen },
      { account: { code: 'commission_available' as const, partyId: leaderId }, amountFen: -fen },
    ]),
  });
  return [...byLeader.values()].reduce((a, b) => a + b, 0);
}
