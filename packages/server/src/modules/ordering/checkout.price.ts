import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../identity/index.ts';
import {
  choosePlayPrice,
  choosePromotions,
  type PlayPrice,
  type PlayPromotion,
  playPriceFrom,
  type PromotionChoice,
} from '../promotions/index.ts';
import type { CheckoutContext } from './order-context.ts';
import { type PricedOrder, type PricingStep, priceOrder } from './pricing.rules.ts';

/**
 * The `price` step of checkout (context → price → reserve → pay): the lines at their group price,
 * then the promotions the order gets (the automatic ones in force and the coupon the resident
 * chose, best combination by promotions' rules), each discount on the lines it was spread over.
 * `coupon`: null for none, an id for that coupon, undefined for the best (a quote), or an id with
 * the promotion the client says it is of (priced from that promotion without looking the coupon
 * up; checkout's statement checks it). A play's order (`play`) is priced at the play's price
 * alone: its one line, no other promotion.
 */
export async function priceCheckout(
  ctx: AppContext,
  resident: Principal,
  order: CheckoutContext,
  coupon: string | null | undefined | { id: string; promotionId: string },
  now: Date,
  without?: ReadonlySet<string>,
  play?: PlayPrice,
  /** The play's promotion, read once for many orders of the play (placePlayOrders). */
  read?: { playPromotion: PlayPromotion | undefined },
): Promise<{ priced: PricedOrder; promotions: PromotionChoice }> {
  const cart = {
    operatorId: resident.operatorId,
    residentId: resident.id,
    leaderId: order.point.leaderId,
    lines: order.lines.map((l) => ({
      campaignLineId: l.id,
      campaignId: l.campaignId,
      skuId: l.skuId,
      categoryId: l.categoryId,
      quantity: l.quantity,
      unitPriceFen: l.groupPriceFen,
    })),
    ...(coupon !== null && typeof coupon === 'object'
      ? { couponId: coupon.id, couponPromotionId: coupon.promotionId }
      : { couponId: coupon }),
    ...(without ? { without } : {}),
    isNewcomer: async () => !(await hasOrdered(ctx.db, resident.operatorId, resident.id)),
  };
  const promotions = play
    ? read
      ? playPriceFrom(read.playPromotion, cart, play, now)
      : await choosePlayPrice(ctx.db, cart, play, now)
    : await choosePromotions(ctx, cart, now);
  const priced = priceOrder(
    order.lines.map((l) => ({ campaignLineId: l.id, quantity: l.quantity, groupPriceFen: l.groupPriceFen })),
    promotions.discounts.length > 0 ? [discountStep(promotions)] : [],
  );
  return { priced, promotions };
}

/** The chosen discounts as a pricing step: each line gets its part of each, named by its promotion. */
function discountStep(choice: PromotionChoice): PricingStep {
  return (lines) =>
    lines.map((line) => ({
      ...line,
      discounts: [
        ...line.discounts,
        ...choice.discounts.flatMap((d) =>
          d.lines
            .filter((l) => l.campaignLineId === line.campaignLineId)
            .map((l) => ({ source: `promotion:${d.promotionId}`, amountFen: l.amountFen })),
        ),
      ],
    }));
}

/** Throws ORDER_TOTAL_ZERO for an order that would cost nothing: a payment is at least one fen (a 0-yuan item comes with a paid order). */
export function assertPayable(priced: PricedOrder): void {
  if (priced.totalFen <= 0) {
    throw new AppError('ORDER_TOTAL_ZERO', 'an order must cost at least 0.01 yuan: add another item to the 0-yuan one');
  }
}

/** Whether the resident has an order that was paid (and not refunded in full) or is waiting for payment: a newcomer has none. */
async function hasOrdered(db: Executor, operatorId: string, residentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('status', 'not in', ['cancelled', 'expired', 'refunded'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
