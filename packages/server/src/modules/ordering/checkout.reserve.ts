import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { MINUTE } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, randomDigits } from '../../platform/ids.ts';
import type { Principal } from '../identity/index.ts';
import { lineStockAndState } from '../campaign/index.ts';
import type { CheckoutContext } from './order-context.ts';
import { getOrder, type OrderView } from './ordering.queries.ts';
import type { PricedOrder } from './pricing.rules.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import type { HoldDocument, PromotionChoice } from '../promotions/index.ts';

/** An order just placed (its payment row written with it), or the earlier order of a retried submission. */
export type PlacedOrder = OrderView & { openPaymentId?: string };

/** What a caller writes in the same transaction as the order it places (a play's own record of it). */
export type Alongside = (trx: Tx, order: PlacedOrder) => Promise<void>;

/** The named document `linli_place_order(p_order jsonb)` takes (place-order.sql); snake_case as its tables. */
export interface PlaceOrderCall {
  order_id: string;
  operator_id: string;
  resident_id: string;
  pickup_point_id: string;
  leader_id: string;
  pickup_date: string;
  total_fen: number;
  expires_at: Date;
  now: Date;
  payment_id: string;
  provider: string;
  idempotency_key: string | null;
  request_hash: string;
  /** Tried in turn until one is free at the pickup point and date. */
  pickup_codes: string[];
  /** The `order.placed` event's payload. */
  event: Record<string, unknown>;
  /** The coupon to hold and the discounts to record (promotions' linli_hold_promotions); null for none. */
  promotions: HoldDocument | null;
  lines: Array<{
    id: string;
    campaign_id: string;
    campaign_line_id: string;
    sku_id: string;
    title: string;
    unit_price_fen: number;
    quantity: number;
    amount_fen: number;
    per_resident_limit: number | null;
  }>;
}

/**
 * What each SQLSTATE linli_place_order raises means; DETAIL holds the campaign line id of a line's
 * failure, the coupon or promotion id of a promotion's (LN005–LN007, from linli_hold_promotions).
 */
export const placeOrderFailures = {
  LN001: 'key_claimed',
  LN002: 'no_pickup_code',
  LN003: 'limit_exceeded',
  LN004: 'not_reserved',
  LN005: 'coupon_unavailable',
  LN006: 'promotion_unavailable',
  LN007: 'promotion_used_up',
} as const;

export type PlaceOrderFailure = {
  kind: (typeof placeOrderFailures)[keyof typeof placeOrderFailures];
  /** The campaign line, coupon or promotion the failure names (DETAIL). */
  campaignLineId: string | undefined;
};

/** The failure linli_place_order reported, read from the error's SQLSTATE and DETAIL (both drivers give them); undefined for any other error. */
export function readPlaceOrderFailure(err: unknown): PlaceOrderFailure | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, detail } = err as { code?: unknown; detail?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(placeOrderFailures, code)) return undefined;
  return {
    kind: placeOrderFailures[code as keyof typeof placeOrderFailures],
    campaignLineId: typeof detail === 'string' && detail !== '' ? detail : undefined,
  };
}

const PICKUP_CODE_CANDIDATES = 8;

export interface Submission {
  idempotencyKey: string | undefined;
  /** The hash of the request as submitted: the same key with another body is refused. */
  requestHash: string;
  now: Date;
}

/**
 * The `reserve` step of checkout: one database call writes the order, its lines, its pending
 * payment and its event, claims the idempotency key, counts the per-resident limits and reserves
 * the stock, or writes nothing (place-order.sql). A failure it reports becomes the client's answer
 * here: the first order of a duplicate submission, LIMIT_EXCEEDED, SOLD_OUT or CAMPAIGN_CLOSED.
 */
export async function reserveOrder(
  ctx: AppContext,
  resident: Principal,
  order: CheckoutContext,
  priced: PricedOrder,
  submission: Submission,
  promotions: PromotionChoice['hold'] = () => null,
  alongside?: Alongside,
): Promise<PlacedOrder> {
  const call = placeOrderCall(ctx, resident, order, priced, submission, promotions);
  try {
    const placed = alongside
      ? await ctx.db.transaction().execute(async (trx) => {
          const written = placedOrder(call, await placeAlone(trx, call));
          await alongside(trx, written);
          return written;
        })
      : placedOrder(call, await placing(ctx).write(call));
    ctx.events.kick();
    return placed;
  } catch (err) {
    const failure = readPlaceOrderFailure(err);
    if (!failure) throw err;
    return answerFailure[failure.kind](ctx, resident, { ...failure, order, submission });
  }
}

type PlacedRow = { placed_order_no: string; placed_pickup_code: string };

/** One order written by linli_place_order, in `db`'s transaction or its own. */
async function placeAlone(db: Executor, call: PlaceOrderCall): Promise<PlacedRow> {
  return (await sql<PlacedRow>`select * from linli_place_order(${JSON.stringify(call)}::jsonb)`.execute(db)).rows[0] as PlacedRow;
}

/** Orders written together by linli_place_orders, in one statement and transaction; throws when any fails. */
async function placeTogether(db: Executor, calls: readonly PlaceOrderCall[]): Promise<PlacedRow[]> {
  const result = await sql<PlacedRow>`select * from linli_place_orders(${JSON.stringify(calls)}::jsonb)`.execute(db);
  if (result.rows.length !== calls.length) throw new Error(`linli_place_orders: ${result.rows.length} rows for ${calls.length} orders`);
  return result.rows;
}

/**
 * Checkout's writes with group commit (platform/db/group-commit.ts): one write at a time per
 * process; orders placed while it runs go together in the next linli_place_orders call, one
 * transaction and one commit. When a batch fails, each of its orders is placed alone and gets its
 * own answer. One writer at a time measured best (docs/benchmarks.md): two batches at once took
 * the same campaign lines' rows and waited for each other, and were smaller. One per database (an
 * app's pool).
 */
const placingByDb = new WeakMap<Database, GroupCommit<PlaceOrderCall, PlacedRow>>();
const CHECKOUT_WRITES_IN_FLIGHT = 1;
const CHECKOUT_BATCH = 64;

function placing(ctx: AppContext): GroupCommit<PlaceOrderCall, PlacedRow> {
  let writer = placingByDb.get(ctx.db);
  if (!writer) {
    const db = ctx.db;
    writer = new GroupCommit({
      inFlight: CHECKOUT_WRITES_IN_FLIGHT,
      maxBatch: CHECKOUT_BATCH,
      one: (call) => placeAlone(db, call),
      many: (calls) => placeTogether(db, calls),
    });
    placingByDb.set(db, writer);
  }
  return writer;
}

/** The order linli_place_order wrote from `call`, as checkout answers with it. */
function placedOrder(call: PlaceOrderCall, placed: PlacedRow): PlacedOrder {
  return {
    id: call.order_id,
    operator_id: call.operator_id,
    order_no: placed.placed_order_no,
    resident_id: call.resident_id,
    pickup_point_id: call.pickup_point_id,
    leader_id: call.leader_id,
    pickup_date: call.pickup_date,
    status: 'pending_payment',
    pickup_code: placed.placed_pickup_code,
    total_fen: call.total_fen,
    refunded_fen: 0,
    expires_at: call.expires_at,
    created_at: call.now,
    paid_at: null,
    cancelled_at: null,
    cancel_reason: null,
    lines: call.lines.map(({ per_resident_limit: _, ...l }) => ({
      ...l,
      operator_id: call.operator_id,
      order_id: call.order_id,
      refunded_quantity: 0,
      refunded_fen: 0,
    })),
    cancellableUntil: call.expires_at,
    openPaymentId: call.payment_id,
  };
}

/** One order to reserve in a batch: what reserveOrder takes for it. */
export interface OrderToReserve {
  resident: Principal;
  order: CheckoutContext;
  priced: PricedOrder;
  submission: Submission;
  promotions: PromotionChoice['hold'];
}

/**
 * The `reserve` step for many orders in one statement and one transaction: linli_place_orders
 * (place-orders.sql) writes each order as reserveOrder's linli_place_order would, set-based: one
 * statement per table for the whole batch instead of ten per order, so orders that all
 * take the same hot rows (a flash sale's line and promotion) take them once per batch instead of
 * queueing for them one commit at a time. All or nothing: when any order fails, none is written and
 * each is reserved again as any checkout's order is (reserveOrder: through the group commit,
 * whose failed batch writes each alone), so each gets its own answer. Resolves to each order's
 * answer, in order: its order, or the error its own reservation gave.
 */
export async function reserveOrders(ctx: AppContext, batch: readonly OrderToReserve[]): Promise<Array<PlacedOrder | Error>> {
  if (batch.length === 0) return [];
  const calls = batch.map((b) => placeOrderCall(ctx, b.resident, b.order, b.priced, b.submission, b.promotions));
  try {
    const rows = await placeTogether(ctx.db, calls);
    ctx.events.kick();
    return rows.map((row, i) => placedOrder(calls[i] as PlaceOrderCall, row));
  } catch (err) {
    if (!readPlaceOrderFailure(err)) throw err;
    return Promise.all(
      batch.map((b) =>
        reserveOrder(ctx, b.resident, b.order, b.priced, b.submission, b.promotions).catch((e: unknown) =>
          e instanceof Error ? e : new Error(String(e)),
        ),
      ),
    );
  }
}

function placeOrderCall(
  ctx: AppContext,
  resident: Principal,
  order: CheckoutContext,
  priced: PricedOrder,
  submission: Submission,
  promotions: PromotionChoice['hold'],
): PlaceOrderCall {
  const orderId = newId('ord');
  const price = new Map(priced.lines.map((l) => [l.campaignLineId, l]));
  const lines = order.lines.map((line) => {
    const p = price.get(line.id);
    if (!p) throw new Error(`pricing lost campaign line ${line.id}`);
    return {
      id: newId('orl'),
      campaign_id: line.campaignId,
      campaign_line_id: line.id,
      sku_id: line.skuId,
      title: line.title,
      unit_price_fen: p.unitPriceFen,
      quantity: line.quantity,
      amount_fen: p.amountFen,
      per_resident_limit: line.perResidentLimit,
    };
  });
  return {
    order_id: orderId,
    operator_id: resident.operatorId,
    resident_id: resident.id,
    pickup_point_id: order.point.id,
    leader_id: order.point.leaderId,
    pickup_date: order.pickupDate,
    total_fen: priced.totalFen,
    expires_at: new Date(submission.now.getTime() + ctx.config.paymentTimeoutMinutes * MINUTE),
    now: submission.now,
    payment_id: newId('pay'),
    provider: ctx.payments.name,
    idempotency_key: submission.idempotencyKey ?? null,
    request_hash: submission.requestHash,
    pickup_codes: Array.from({ length: PICKUP_CODE_CANDIDATES }, () => randomDigits(6)),
    event: { orderId, residentId: resident.id, pickupPointId: order.point.id, pickupDate: order.pickupDate, totalFen: priced.totalFen },
    lines,
    promotions: promotions(new Map(lines.map((l) => [l.campaign_line_id, l.id]))),
  };
}

type FailureFacts = PlaceOrderFailure & { order: CheckoutContext; submission: Submission };

/** The client's answer to each failure linli_place_order reports: an error, or the earlier order of a duplicate. */
const answerFailure: Record<PlaceOrderFailure['kind'], (ctx: AppContext, resident: Principal, f: FailureFacts) => Promise<PlacedOrder>> = {
  // A submission with the same key committed first: answer with its order.
  key_claimed: (ctx, resident, f) => earlierOrder(ctx, resident, f.submission),
  no_pickup_code: async () => {
    throw new AppError('CONFLICT', 'could not allocate a pickup code; try again');
  },
  limit_exceeded: async (_ctx, _resident, f) => {
    const limit = f.order.lines.find((l) => l.id === f.campaignLineId)?.perResidentLimit ?? null;
    throw new AppError('LIMIT_EXCEEDED', `at most ${limit} per resident`, { campaignLineId: f.campaignLineId, limit });
  },
  not_reserved: (ctx, _resident, f) => explainReservation(ctx, f.campaignLineId, f.submission.now),
  coupon_unavailable: async (_ctx, _resident, f) => {
    throw new AppError('COUPON_UNAVAILABLE', 'this coupon cannot be used now: it is used, expired or not yours', {
      couponId: f.campaignLineId,
    });
  },
  promotion_unavailable: async (_ctx, _resident, f) => {
    throw new AppError('PROMOTION_UNAVAILABLE', 'a promotion is no longer available (ended, paused or spent)', {
      promotionId: f.campaignLineId,
    });
  },
  promotion_used_up: async (_ctx, _resident, f) => {
    throw new AppError('PROMOTION_UNAVAILABLE', 'you have used this promotion as often as it allows', {
      promotionId: f.campaignLineId,
      perResident: true,
    });
  },
};

/**
 * The order an earlier submission with this key placed, if one did (a retry whose coupon that
 * order now holds is answered with it, not COUPON_UNAVAILABLE); IDEMPOTENCY_KEY_REUSED if it asked
 * for something else.
 */
export async function earlierSubmission(ctx: AppContext, resident: Principal, submission: Submission): Promise<OrderView | undefined> {
  if (!submission.idempotencyKey) return undefined;
  const claimed = await ctx.db
    .selectFrom('idempotency_keys')
    .select('order_id')
    .where('operator_id', '=', resident.operatorId)
    .where('principal_id', '=', resident.id)
    .where('key', '=', submission.idempotencyKey)
    .executeTakeFirst();
  return claimed ? earlierOrder(ctx, resident, submission) : undefined;
}

/** The order an earlier submission with this key placed; IDEMPOTENCY_KEY_REUSED if it asked for something else. */
async function earlierOrder(ctx: AppContext, resident: Principal, submission: Submission): Promise<OrderView> {
  const key = submission.idempotencyKey;
  const row = key
    ? await ctx.db
        .selectFrom('idempotency_keys')
        .select(['order_id', 'request_hash'])
        .where('operator_id', '=', resident.operatorId)
        .where('principal_id', '=', resident.id)
        .where('key', '=', key)
        .executeTakeFirst()
    : undefined;
  // Only while the first submission is still being written could the key be claimed yet unreadable.
  if (!row) throw new AppError('CONFLICT', 'a submission with this Idempotency-Key is being placed; try again');
  if (row.request_hash !== submission.requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different order', { orderId: row.order_id });
  }
  return getOrder(ctx.db, resident.operatorId, row.order_id);
}

/** Why a reservation failed: the campaign closed meanwhile, or not enough stock was left. */
async function explainReservation(ctx: AppContext, lineId: string | undefined, now: Date): Promise<never> {
  const state = lineId ? await lineStockAndState(ctx.db, lineId) : undefined;
  if (state && (state.campaignStatus !== 'open' || state.cutoffAt.getTime() <= now.getTime())) {
    throw new AppError('CAMPAIGN_CLOSED', 'the campaign is no longer open', { campaignId: state.campaignId });
  }
  const left = !state || state.stockTotal === null ? null : state.stockTotal - state.reserved;
  throw new AppError('SOLD_OUT', 'not enough stock left', { campaignLineId: lineId, stockLeft: left });
}
