import type { Executor, Tx } from '../../platform/db/database.ts';
import type { DiscountKind as RowDiscountKind, PromotionTrigger } from '../../platform/db/schema.promotions.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { supplierNames } from '../catalog/index.ts';
import type { CartToPrice, PromotionChoice } from './promotions.checkout.ts';
import type { AppliedDiscount, DiscountKind } from './promotions.rules.ts';

/**
 * Plays' side of promotions. A play (team buy, flash sale, bargain) sells a campaign line at its
 * own price; checkout records the difference from the group price as a discount of a promotion
 * the play owns (`trigger = 'play'`, migration 0050), so the discount is held, returned on cancel,
 * expiry and full refund, posted to marketing by the ledger and reported per promotion like any
 * other. The play decides who may buy at its price; this only prices and counts.
 */

export interface PlayPromotionInput {
  operatorId: string;
  name: string;
  /** What the play sells: its campaign, or its SKU. */
  scope: { kind: 'campaign' | 'sku'; ids: string[] };
  startsAt: Date;
  endsAt: Date;
  /** At most this many orders at once (returned ones give their use back); null for no limit. */
  totalLimit: number | null;
  /** At most this much off in all; null for no budget. */
  budgetFen: number | null;
  /** At most this many orders at once per resident (returned ones give theirs back); none when left out. */
  perResidentLimit?: number | null;
  fundedBy?: 'operator' | 'supplier';
  supplierId?: string | null;
  createdBy: string | null;
}

/** Creates a play's promotion (active in its window); its id is what checkout's play price names. */
export async function createPlayPromotion(trx: Tx, now: Date, input: PlayPromotionInput): Promise<string> {
  const fundedBy = input.fundedBy ?? 'operator';
  if (fundedBy === 'supplier' && !(await supplierNames(trx, input.operatorId, [input.supplierId ?? ''])).has(input.supplierId ?? '')) {
    throw new AppError('VALIDATION_FAILED', 'the funding supplier is not one of yours', { field: 'supplierId' });
  }
  if (input.endsAt <= input.startsAt) throw new AppError('VALIDATION_FAILED', 'a play ends after it starts', { field: 'endsAt' });
  const id = newId('prm');
  await trx
    .insertInto('promotions')
    .values({
      id,
      operator_id: input.operatorId,
      name: input.name,
      trigger: 'play',
      discount_kind: 'play_price',
      amount_off_fen: null,
      percent_off: null,
      max_off_fen: null,
      scope_kind: input.scope.kind,
      scope_ids: input.scope.ids,
      stackable: false,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      per_resident_limit: input.perResidentLimit ?? null,
      total_limit: input.totalLimit,
      budget_fen: input.budgetFen,
      funded_by: fundedBy,
      supplier_id: fundedBy === 'supplier' ? (input.supplierId ?? null) : null,
      coupon_valid_days: null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Pauses, resumes or ends a play's promotion (an ended one stays ended); NOT_FOUND for another's or a non-play. */
export async function setPlayPromotionStatus(
  trx: Tx,
  now: Date,
  operatorId: string,
  promotionId: string,
  status: 'active' | 'paused' | 'ended',
): Promise<void> {
  const updated = await trx
    .updateTable('promotions')
    .set({ status, updated_at: now })
    .where('id', '=', promotionId)
    .where('operator_id', '=', operatorId)
    .where('trigger', '=', 'play')
    .where((eb) => (status === 'ended' ? eb.val(true) : eb('status', '<>', 'ended')))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'play promotion not found or ended');
}

/** A play's price for checkout: the play's promotion and the price per unit it sells at. */
export interface PlayPrice {
  promotionId: string;
  unitPriceFen: number;
}

/**
 * The discount a play order gets: one line (the play's), sold at the play's price, the difference
 * from its group price recorded under the play's promotion; no other promotion applies.
 * PROMOTION_UNAVAILABLE when the play's promotion is not active now or does not cover the line.
 */
export async function choosePlayPrice(db: Executor, cart: CartToPrice, play: PlayPrice, now: Date): Promise<PromotionChoice> {
  return playPriceFrom(await playPromotion(db, play.promotionId), cart, play, now);
}

/** A play's promotion as choosing its price reads it (playPriceFrom); undefined for none. */
export function playPromotion(db: Executor, promotionId: string) {
  return db
    .selectFrom('promotions')
    .select([
      'id',
      'operator_id',
      'name',
      'trigger',
      'status',
      'starts_at',
      'ends_at',
      'scope_kind',
      'scope_ids',
      'budget_fen',
      'total_limit',
      'per_resident_limit',
    ])
    .where('id', '=', promotionId)
    .executeTakeFirst();
}

export type PlayPromotion = NonNullable<Awaited<ReturnType<typeof playPromotion>>>;

/** choosePlayPrice with the play's promotion read already (once for many orders of one play). */
export function playPriceFrom(p: PlayPromotion | undefined, cart: CartToPrice, play: PlayPrice, now: Date): PromotionChoice {
  const [line] = cart.lines;
  const covers =
    line !== undefined &&
    p !== undefined &&
    (p.scope_kind === 'campaign' ? p.scope_ids.includes(line.campaignId) : p.scope_ids.includes(line.skuId));
  if (
    !p ||
    p.id !== play.promotionId ||
    p.operator_id !== cart.operatorId ||
    p.trigger !== 'play' ||
    p.status !== 'active' ||
    p.starts_at > now ||
    p.ends_at <= now ||
    !covers
  ) {
    throw new AppError('PROMOTION_UNAVAILABLE', 'this offer is not available now', { promotionId: play.promotionId });
  }
  if (cart.lines.length !== 1 || !line) throw new Error('promotions: a play order has exactly one line');
  if (!Number.isSafeInteger(play.unitPriceFen) || play.unitPriceFen < 0 || play.unitPriceFen > line.unitPriceFen) {
    throw new Error(`promotions: play price ${play.unitPriceFen} for a line listed at ${line.unitPriceFen}`);
  }
  const offFen = (line.unitPriceFen - play.unitPriceFen) * line.quantity;
  const discounts: AppliedDiscount[] =
    offFen > 0
      ? [
          {
            promotionId: p.id,
            couponId: null,
            name: p.name,
            amountFen: offFen,
            lines: [{ campaignLineId: line.campaignLineId, amountFen: offFen }],
          },
        ]
      : [];
  const counted = p.budget_fen !== null || p.total_limit !== null;
  return {
    discounts,
    totalOffFen: offFen,
    notApplied: [],
    coupons: [],
    couponUnchecked: false,
    automatic: [],
    hold: (lineIds) => {
      const orderLineId = lineIds.get(line.campaignLineId);
      if (discounts.length === 0) return null;
      if (!orderLineId) throw new Error(`promotions: no order line for campaign line ${line.campaignLineId}`);
      return {
        coupon_id: null,
        coupon_promotion_id: null,
        uses: [
          {
            promotion_id: p.id,
            coupon_id: null,
            amount_fen: offFen,
            counted,
            per_resident_limit: p.per_resident_limit,
            lines: [{ order_line_id: orderLineId, amount_fen: offFen }],
          },
        ],
      };
    },
  };
}

/** A promotion's trigger where only offers (automatic, coupon) may be: a play's is a bug in the query. */
export function offerTrigger(trigger: PromotionTrigger): 'automatic' | 'coupon' {
  if (trigger === 'play') throw new Error('promotions: a play is not an offer');
  return trigger;
}

/** A promotion's discount kind where only offers may be. */
export function offerKind(kind: RowDiscountKind): DiscountKind {
  if (kind === 'play_price') throw new Error('promotions: a play price is not an offer');
  return kind;
}

/** The orders a play's promotion holds now (its discount applied, not given back), with their residents. */
export async function playOrders(
  db: Executor,
  operatorId: string,
  promotionId: string,
): Promise<Array<{ orderId: string; residentId: string }>> {
  const rows = await db
    .selectFrom('order_discounts')
    .select(['order_id', 'resident_id'])
    .where('operator_id', '=', operatorId)
    .where('promotion_id', '=', promotionId)
    .where('status', '=', 'applied')
    .execute();
  return rows.map((r) => ({ orderId: r.order_id, residentId: r.resident_id }));
}
