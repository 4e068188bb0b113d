import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PromotionsTable } from '../../platform/db/schema.promotions.ts';
import type { Selectable } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import { currentSegment } from '../crm/index.ts';
import { offerKind, offerTrigger } from './promotions.plays.ts';
import {
  type AppliedDiscount,
  bestDiscounts,
  type Cart,
  type Offer,
  offeredTo,
  type PricingChoice,
  type PromotionTerms,
} from './promotions.rules.ts';

type PromotionRow = Selectable<PromotionsTable>;

/**
 * Checkout's side of promotions: the offers a cart may get, the choice among them, and the part
 * of checkout's one statement that holds the coupon and counts the uses (`linli_hold_promotions`).
 *
 * The operator's automatic promotions in force are kept for a moment, like checkout's campaign
 * lines (ordering/order-context.ts): one checkout after another reads none of them, and a
 * promotion paused or edited reaches another API process within PROMOTIONS_TTL_MS. What money
 * depends on (a budget, a total or per-resident limit, the coupon) is re-checked in the database.
 */
const PROMOTIONS_TTL_MS = 2_000;
const inForce = new Map<string, { rows: PromotionRow[]; until: number }>();

/** Forgets an operator's promotions read here (one was created, edited, paused or ended). */
export function forgetPromotions(operatorId: string): void {
  inForce.delete(operatorId);
}

async function automaticInForce(db: Executor, operatorId: string, now: Date): Promise<PromotionRow[]> {
  const hit = inForce.get(operatorId);
  const t = performance.now();
  if (hit && hit.until > t) return hit.rows.filter((p) => p.starts_at <= now && p.ends_at > now);
  const rows = await db
    .selectFrom('promotions')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('trigger', '=', 'automatic')
    .where('status', '=', 'active')
    .where('ends_at', '>', now)
    .execute();
  if (inForce.size > 10_000) inForce.clear();
  inForce.set(operatorId, { rows, until: t + PROMOTIONS_TTL_MS });
  return rows.filter((p) => p.starts_at <= now && p.ends_at > now);
}

/** A promotion's row as the pricing rules read it. */
export function termsOf(p: PromotionRow): PromotionTerms {
  return {
    id: p.id,
    name: p.name,
    trigger: offerTrigger(p.trigger),
    discountKind: offerKind(p.discount_kind),
    amountOffFen: p.amount_off_fen,
    percentOff: p.percent_off,
    maxOffFen: p.max_off_fen,
    thresholdFen: p.threshold_fen,
    scope: { kind: p.scope_kind, ids: p.scope_ids },
    newcomerOnly: p.newcomer_only,
    stackable: p.stackable,
    budgetLeftFen: p.budget_fen === null ? null : p.budget_fen - p.spent_fen,
  };
}

/** A coupon of the resident's usable now, with its promotion. */
interface UsableCoupon {
  couponId: string;
  row: PromotionRow;
}

/**
 * The coupon named, with its promotion, when it is the resident's to use now (else none). Found
 * by its id alone and checked here: a plan made without values (the server plans each statement
 * once) could otherwise walk every coupon the resident holds.
 */
async function namedCoupon(db: Executor, operatorId: string, residentId: string, now: Date, couponId: string): Promise<UsableCoupon[]> {
  const found = await db
    .selectFrom('coupons as c')
    .innerJoin('promotions as p', 'p.id', 'c.promotion_id')
    .selectAll('p')
    .select([
      'c.resident_id as coupon_resident_id',
      'c.status as coupon_status',
      'c.valid_from as coupon_from',
      'c.valid_until as coupon_until',
    ])
    .where('c.id', '=', couponId)
    .executeTakeFirst();
  if (!found) return [];
  const { coupon_resident_id: owner, coupon_status: status, coupon_from: from, coupon_until: until, ...row } = found;
  const usable = row.operator_id === operatorId && owner === residentId && status === 'available' && from <= now && until > now;
  return usable ? [{ couponId, row }] : [];
}

/**
 * Coupon promotions read by id for orders that name their coupon's promotion (couponPromotionId),
 * kept PROMOTIONS_TTL_MS like the automatic ones: such an order is priced with no statement before
 * checkout's own, which holds the coupon only if it is the resident's, available, valid now and of
 * this promotion (hold-promotions.sql).
 */
const couponPromotions = new Map<string, { row: PromotionRow | undefined; until: number }>();

async function couponPromotion(db: Executor, promotionId: string): Promise<PromotionRow | undefined> {
  const hit = couponPromotions.get(promotionId);
  const t = performance.now();
  if (hit && hit.until > t) return hit.row;
  const row = await db
    .selectFrom('promotions')
    .selectAll()
    .where('id', '=', promotionId)
    .where('trigger', '=', 'coupon')
    .executeTakeFirst();
  if (couponPromotions.size > 10_000) couponPromotions.clear();
  couponPromotions.set(promotionId, { row, until: t + PROMOTIONS_TTL_MS });
  return row;
}

/**
 * The coupon named, taken as the client says it is of `promotionId` (a coupon promotion of the
 * operator's): undefined when that promotion is not one, so the caller looks the coupon up.
 * Whether the coupon is the resident's, available, valid now and of that promotion is left to
 * checkout's statement (LN005).
 */
async function couponAsNamed(db: Executor, operatorId: string, couponId: string, promotionId: string): Promise<UsableCoupon[] | undefined> {
  const row = await couponPromotion(db, promotionId);
  return row && row.operator_id === operatorId ? [{ couponId, row }] : undefined;
}

/** The resident's coupons usable now, soonest to expire first, each with its promotion (a quote). */
async function residentCoupons(db: Executor, operatorId: string, residentId: string, now: Date): Promise<UsableCoupon[]> {
  const rows = await db
    .selectFrom('coupons as c')
    .innerJoin('promotions as p', 'p.id', 'c.promotion_id')
    .selectAll('p')
    .select('c.id as coupon_id')
    .where('c.operator_id', '=', operatorId)
    .where('c.resident_id', '=', residentId)
    .where('c.status', '=', 'available')
    .where('c.valid_from', '<=', now)
    .where('c.valid_until', '>', now)
    .orderBy('c.valid_until')
    .orderBy('c.id')
    .execute();
  return rows.map(({ coupon_id, ...row }) => ({ couponId: coupon_id, row }));
}

/** What checkout asks: the cart without its newcomer flag, which is asked for only when an offer depends on it. */
export interface CartToPrice {
  operatorId: string;
  residentId: string;
  leaderId: string;
  lines: Cart['lines'];
  /** undefined: the best coupon (a quote); null: none; an id: that coupon. */
  couponId: string | null | undefined;
  /** The named coupon's promotion as the client was shown it: the coupon is then not looked up (checkout's statement checks it). */
  couponPromotionId?: string | undefined;
  /** Promotions to leave out (the database said one is no longer available). */
  without?: ReadonlySet<string>;
  isNewcomer: () => Promise<boolean>;
}

export interface PromotionChoice extends PricingChoice {
  /** The resident's usable coupons that were considered. */
  coupons: Offer[];
  /** The named coupon was taken as of the promotion the client named, not looked up: a COUPON_UNAVAILABLE from the hold may only mean the client was wrong. */
  couponUnchecked: boolean;
  automatic: Offer[];
  /** The document `linli_hold_promotions` takes under checkout's `promotions` (null when nothing applies). */
  hold: (lineIds: ReadonlyMap<string, string>) => HoldDocument | null;
}

/** Checkout's `promotions` document (hold-promotions.sql). */
export interface HoldDocument {
  coupon_id: string | null;
  /** The promotion the coupon was priced as: the hold takes the coupon only if it is of it. */
  coupon_promotion_id: string | null;
  uses: Array<{
    promotion_id: string;
    coupon_id: string | null;
    amount_fen: number;
    counted: boolean;
    per_resident_limit: number | null;
    /** Its part of each order line it was spread over. */
    lines: Array<{ order_line_id: string; amount_fen: number }>;
  }>;
}

/**
 * The promotions a cart gets: the automatic ones in force offered to the resident's member segment
 * (a promotion may leave segments out) and the resident's coupons (all for a
 * quote, only the one named for an order), the best combination among them (promotions.rules.ts).
 * COUPON_UNAVAILABLE when the coupon named is not the resident's to use now; COUPON_NOT_APPLICABLE
 * when it cannot apply to this cart (the details say why).
 */
export async function choosePromotions(ctx: AppContext, cart: CartToPrice, now: Date): Promise<PromotionChoice> {
  const inForce = (await automaticInForce(ctx.db, cart.operatorId, now)).filter((p) => !cart.without?.has(p.id));
  // A resident's segment is read only when an offer in force leaves segments out (one indexed row).
  const segment = inForce.some((p) => p.excluded_segments.length > 0)
    ? await currentSegment(ctx.db, cart.operatorId, cart.residentId)
    : null;
  const rows = inForce.filter((p) => offeredTo(p.excluded_segments, segment));
  const automaticRows = rows.filter((p) => p.trigger === 'automatic');
  const asNamed =
    typeof cart.couponId === 'string' && cart.couponPromotionId
      ? await couponAsNamed(ctx.db, cart.operatorId, cart.couponId, cart.couponPromotionId)
      : undefined;
  const coupons =
    cart.couponId === null
      ? []
      : cart.couponId === undefined
        ? await residentCoupons(ctx.db, cart.operatorId, cart.residentId, now)
        : (asNamed ?? (await namedCoupon(ctx.db, cart.operatorId, cart.residentId, now, cart.couponId)));
  if (typeof cart.couponId === 'string' && coupons.length === 0) {
    throw new AppError('COUPON_UNAVAILABLE', 'this coupon cannot be used now: it is used, expired or not yours', {
      couponId: cart.couponId,
    });
  }
  const automatic = automaticRows.map((p) => ({ terms: termsOf(p), couponId: null }));
  const couponOffers = coupons.map((c) => ({ terms: termsOf(c.row), couponId: c.couponId }));
  const needsNewcomer = [...automatic, ...couponOffers].some((o) => o.terms.newcomerOnly);
  const priced: Cart = { leaderId: cart.leaderId, lines: cart.lines, newcomer: needsNewcomer ? await cart.isNewcomer() : false };
  const choice = bestDiscounts(priced, automatic, couponOffers, cart.couponId);
  if (typeof cart.couponId === 'string' && !choice.discounts.some((d) => d.couponId === cart.couponId)) {
    const why = choice.notApplied.find((n) => n.couponId === cart.couponId)?.why;
    throw new AppError('COUPON_NOT_APPLICABLE', 'this coupon does not apply to this order', { couponId: cart.couponId, why });
  }
  const byId = new Map([...automaticRows, ...coupons.map((c) => c.row)].map((p) => [p.id, p]));
  return {
    ...choice,
    coupons: couponOffers,
    couponUnchecked: asNamed !== undefined,
    automatic,
    hold: (lineIds) =>
      holdDocument(choice.discounts, lineIds, (d) => {
        const p = byId.get(d.promotionId) as PromotionRow;
        // Counted in the statement only where something limits it: a budget, or an automatic one's total limit.
        return {
          counted: p.budget_fen !== null || (p.trigger === 'automatic' && p.total_limit !== null),
          perResidentLimit: p.trigger === 'automatic' ? p.per_resident_limit : null,
        };
      }),
  };
}

function holdDocument(
  discounts: readonly AppliedDiscount[],
  lineIds: ReadonlyMap<string, string>,
  facts: (d: AppliedDiscount) => { counted: boolean; perResidentLimit: number | null },
): HoldDocument | null {
  if (discounts.length === 0) return null;
  const coupon = discounts.find((d) => d.couponId !== null);
  return {
    coupon_id: coupon?.couponId ?? null,
    coupon_promotion_id: coupon?.promotionId ?? null,
    uses: discounts.map((d) => {
      const f = facts(d);
      return {
        promotion_id: d.promotionId,
        coupon_id: d.couponId,
        amount_fen: d.amountFen,
        counted: f.counted,
        per_resident_limit: f.perResidentLimit,
        lines: d.lines.map((l) => {
          const orderLineId = lineIds.get(l.campaignLineId);
          if (!orderLineId) throw new Error(`promotions: no order line for campaign line ${l.campaignLineId}`);
          return { order_line_id: orderLineId, amount_fen: l.amountFen };
        }),
      };
    }),
  };
}

/** What checkout's statement reports for promotions (hold-promotions.sql), by SQLSTATE. */
export const holdFailures = { LN005: 'coupon', LN006: 'promotion', LN007: 'resident_limit' } as const;
