import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { FlashSaleReconciliation, FlashSalesTable } from '../../platform/db/schema.flashsale.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { lineStockAndState, orderableLines } from '../campaign/index.ts';
import type { Principal } from '../identity/index.ts';
import { getOrder, type OrderView, ordersByIds } from '../ordering/index.ts';
import { createPlayPromotion, playOrders, setPlayPromotionStatus } from '../promotions/index.ts';
import { type FlashGate, type GateCounts, MemoryGate, DatabaseGate, RedisGate } from './flashsale.gate.ts';
import { type SessionState, sessionProblem, sessionState, stateFromOrders } from './flashsale.rules.ts';
import { WinnersWriter } from './flashsale.writer.ts';

export type FlashSaleRow = Selectable<FlashSalesTable>;

/** Where a session is at `now` (flashsale.rules.ts). */
export function stateOf(sale: FlashSaleRow, now: Date): SessionState {
  return sessionState({ startsAt: sale.starts_at, endsAt: sale.ends_at, cancelled: sale.status === 'cancelled' }, now);
}

const gates = new WeakMap<AppContext, FlashGate>();
const writers = new WeakMap<AppContext, WinnersWriter>();

/** The process's writer of winners' orders (flashsale.writer.ts). */
function writerOf(ctx: AppContext): WinnersWriter {
  let writer = writers.get(ctx);
  if (!writer) {
    writer = new WinnersWriter(ctx);
    writers.set(ctx, writer);
  }
  return writer;
}

/**
 * The installation's gate: Redis when REDIS_URL is set, in process on the embedded database, and
 * none of its own on PostgreSQL without Redis (checkout's statement decides). Made at first use;
 * closed with the server (flashsale.routes.ts).
 */
export function gateOf(ctx: AppContext): FlashGate {
  let gate = gates.get(ctx);
  if (!gate) {
    gate = ctx.redis ? new RedisGate(ctx.redis) : ctx.dbKind === 'pglite' ? new MemoryGate() : new DatabaseGate();
    gates.set(ctx, gate);
  }
  return gate;
}

export async function closeGate(ctx: AppContext): Promise<void> {
  const gate = gates.get(ctx);
  gates.delete(ctx);
  await gate?.close();
}

export interface FlashSaleToCreate {
  campaignLineId: string;
  title: string;
  priceFen: number;
  quantity: number;
  perResidentLimit: number;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Sets up a session on a line of an open or scheduled campaign: a price below the group price, a
 * quantity the line's stock has left, at most so many units per resident, within the campaign's
 * selling window. Its promotion (a play's) carries the price into checkout and re-checks the
 * total and per-resident limits there.
 */
export async function createFlashSale(ctx: AppContext, staff: Principal, input: FlashSaleToCreate): Promise<FlashSaleRow> {
  const now = ctx.clock.now();
  const [line] = await orderableLines(ctx.db, staff.operatorId, [input.campaignLineId]);
  if (!line) throw new AppError('VALIDATION_FAILED', 'no such campaign line', { field: 'campaignLineId' });
  if (line.campaignStatus !== 'open' && line.campaignStatus !== 'scheduled') {
    throw new AppError('CAMPAIGN_NOT_OPEN', 'a flash sale needs an open or scheduled campaign');
  }
  const stock = await lineStockAndState(ctx.db, input.campaignLineId);
  const problem = sessionProblem(
    input,
    {
      groupPriceFen: line.groupPriceFen,
      stockLeft: stock?.stockTotal == null ? null : stock.stockTotal - stock.reserved,
      cutoffAt: line.cutoffAt,
    },
    now,
  );
  if (problem) throw new AppError('VALIDATION_FAILED', problem.reason, { field: problem.field });
  return ctx.db.transaction().execute(async (trx) => {
    const promotionId = await createPlayPromotion(trx, now, {
      operatorId: staff.operatorId,
      name: `秒杀 · ${input.title}`,
      scope: { kind: 'campaign', ids: [line.campaignId] },
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      totalLimit: input.quantity,
      perResidentLimit: input.perResidentLimit,
      budgetFen: null,
      createdBy: staff.id,
    });
    return trx
      .insertInto('flash_sales')
      .values({
        id: newId('fls'),
        operator_id: staff.operatorId,
        campaign_id: line.campaignId,
        campaign_line_id: line.id,
        title: input.title,
        price_fen: input.priceFen,
        list_price_fen: line.groupPriceFen,
        quantity: input.quantity,
        per_resident_limit: input.perResidentLimit,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        promotion_id: promotionId,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Cancels a session that has not ended: no more attempts; orders already won stay (their resident may cancel them). */
export async function cancelFlashSale(ctx: AppContext, staff: Principal, saleId: string): Promise<FlashSaleRow> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const sale = await trx
      .updateTable('flash_sales')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', '=', saleId)
      .where('operator_id', '=', staff.operatorId)
      .where('status', '=', 'scheduled')
      .where('ends_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    if (!sale) throw new AppError('INVALID_STATE', 'only a session that has not ended can be cancelled');
    await setPlayPromotionStatus(trx, now, staff.operatorId, sale.promotion_id, 'ended');
    return sale;
  });
  terms.delete(saleId);
  return row;
}

/**
 * A session's terms, kept for a moment per process: a crowd's attempts read none of them from the
 * database, and the crowd arriving together at the start waits for one read, not one each.
 */
const TERMS_TTL_MS = 2_000;
const terms = new Map<string, { row: Promise<FlashSaleRow | undefined>; until: number }>();

function saleTerms(db: Executor, saleId: string): Promise<FlashSaleRow | undefined> {
  const t = performance.now();
  const hit = terms.get(saleId);
  if (hit && hit.until > t) return hit.row;
  const row = db.selectFrom('flash_sales').selectAll().where('id', '=', saleId).executeTakeFirst();
  if (terms.size > 10_000) terms.clear();
  terms.set(saleId, { row, until: t + TERMS_TTL_MS });
  row.catch(() => terms.delete(saleId));
  return row;
}

/** What PostgreSQL's orders hold of a session: units left and each resident's (checkout's counts of its promotion). */
export async function ordersCounts(db: Executor, sale: FlashSaleRow): Promise<GateCounts> {
  const s = stateFromOrders(sale.quantity, await playOrders(db, sale.operator_id, sale.promotion_id));
  return { left: s.left, perResident: s.perResident, orders: s.held };
}

/** The gate keeps a session until two days after its end. */
function ttlSeconds(sale: FlashSaleRow, now: Date): number {
  return (sale.ends_at.getTime() + 2 * 86_400_000 - now.getTime()) / 1000;
}

/** Loads in progress in this process, per gate and session. */
const loadsOf = new WeakMap<FlashGate, Map<string, Promise<void>>>();

/**
 * Loads a session into the gate from its orders, once per gate and process at a time: the crowd arriving
 * together at the start finds the gate empty, and waits for one read of the orders, not one each.
 */
function loadGate(ctx: AppContext, gate: FlashGate, sale: FlashSaleRow, now: Date): Promise<void> {
  const loads = loadsOf.get(gate) ?? new Map<string, Promise<void>>();
  loadsOf.set(gate, loads);
  let load = loads.get(sale.id);
  if (!load) {
    load = ordersCounts(ctx.db, sale)
      .then((counts) => gate.load(sale.id, counts, ttlSeconds(sale, now)))
      .then(() => undefined)
      .finally(() => loads.delete(sale.id));
    loads.set(sale.id, load);
  }
  return load;
}

/**
 * One attempt at one unit of a session. The gate decides; a winner's order is written (a play
 * order at the session's price, pending payment) and is the answer; a loser's answer never
 * touches the database. The same `attemptKey` again is answered with the same order. The winner
 * pays it as any order (its payment window), or its unit returns to the session.
 * FLASH_SALE_NOT_STARTED, FLASH_SALE_ENDED, FLASH_SALE_SOLD_OUT, FLASH_SALE_LIMIT_REACHED.
 */
export async function attemptFlashSale(ctx: AppContext, resident: Principal, saleId: string, attemptKey: string): Promise<OrderView> {
  const sale = await saleTerms(ctx.db, saleId);
  if (!sale || sale.operator_id !== resident.operatorId) throw new AppError('NOT_FOUND', 'flash sale not found');
  const now = ctx.clock.now();
  const state = stateOf(sale, now);
  if (state === 'upcoming') {
    throw new AppError('FLASH_SALE_NOT_STARTED', 'the session has not started', { startsAt: sale.starts_at.toISOString() });
  }
  if (state === 'ended') throw new AppError('FLASH_SALE_ENDED', 'the session is over');
  const gate = gateOf(ctx);
  let answer = await gate.attempt(sale.id, resident.id, attemptKey, sale.per_resident_limit);
  if (answer.kind === 'unloaded') {
    await loadGate(ctx, gate, sale, now);
    answer = await gate.attempt(sale.id, resident.id, attemptKey, sale.per_resident_limit);
  }
  switch (answer.kind) {
    case 'repeat':
      if (answer.orderId === '') throw new AppError('FLASH_SALE_IN_PROGRESS', 'this attempt is still being written: ask again');
      return getOrder(ctx.db, resident.operatorId, answer.orderId);
    case 'sold_out':
      throw soldOut();
    case 'limit_reached':
      throw limitReached(sale);
    case 'unloaded':
      throw new AppError('BUSY', 'the flash sale is being loaded: ask again');
    case 'won':
      break;
  }
  let placed: OrderView;
  try {
    placed = await writerOf(ctx).write(sale, resident, attemptKey);
  } catch (err) {
    await gate.giveBack(sale.id, resident.id, attemptKey, null);
    if (err instanceof AppError && err.code === 'PROMOTION_UNAVAILABLE') throw err.details?.perResident ? limitReached(sale) : soldOut();
    if (err instanceof AppError && err.code === 'SOLD_OUT') throw soldOut();
    throw err;
  }
  // The order is written and holds the unit: should the gate not take its id (Redis gone), the
  // winner still gets the order and the unit stays taken; only a repeat of the same key is then
  // told to ask again (FLASH_SALE_IN_PROGRESS), as while it is written.
  try {
    await gate.settle(sale.id, resident.id, attemptKey, placed.id);
  } catch (err) {
    ctx.log.warn({ err, saleId: sale.id, orderId: placed.id }, "flash sale: the gate did not take a winner's order id");
  }
  return placed;
}

const soldOut = () =>
  new AppError('FLASH_SALE_SOLD_OUT', 'every unit is taken: units of unpaid orders come back when their payment window closes');
const limitReached = (sale: FlashSaleRow) =>
  new AppError('FLASH_SALE_LIMIT_REACHED', `at most ${sale.per_resident_limit} per resident`, {
    perResidentLimit: sale.per_resident_limit,
  });

/**
 * The units of orders given back (cancelled, expired unpaid, refunded in full) return to their
 * sessions' gates, each order's once (the gate remembers it), so a redelivered event gives nothing twice.
 */
export async function returnUnits(
  ctx: AppContext,
  db: Executor,
  returned: ReadonlyArray<{ operatorId: string; orderId: string; promotionIds: readonly string[] }>,
) {
  const promotionIds = [...new Set(returned.flatMap((r) => r.promotionIds))];
  if (promotionIds.length === 0) return;
  const sales = await db.selectFrom('flash_sales').select(['id', 'promotion_id']).where('promotion_id', 'in', promotionIds).execute();
  if (sales.length === 0) return;
  const byPromotion = new Map(sales.map((s) => [s.promotion_id, s.id]));
  const gate = gateOf(ctx);
  for (const r of returned) {
    const saleIds = r.promotionIds.flatMap((p) => byPromotion.get(p) ?? []);
    if (saleIds.length === 0) continue;
    const order = (await ordersByIds(db, r.operatorId, [r.orderId])).get(r.orderId);
    if (!order) continue;
    for (const saleId of saleIds) await gate.giveBack(saleId, order.resident_id, null, r.orderId);
  }
}

/**
 * Checks the gate against PostgreSQL's orders and, where they differ (or the gate lost the
 * session), sets the gate to what the orders say. While the session is on, a winner's order may
 * still be on its way to the database, so the gate is then repaired only when it lost the session.
 * Records what it found on the session.
 */
export async function reconcileFlashSale(ctx: AppContext, sale: FlashSaleRow): Promise<FlashSaleReconciliation> {
  const now = ctx.clock.now();
  const gate = gateOf(ctx);
  const truth = await ordersCounts(ctx.db, sale);
  const held = await gate.read(sale.id);
  let differing = 0;
  if (held) {
    const residents = new Set([...truth.perResident.keys(), ...held.perResident.keys()]);
    for (const r of residents) if ((truth.perResident.get(r) ?? 0) !== (held.perResident.get(r) ?? 0)) differing++;
  } else {
    differing = truth.perResident.size;
  }
  const sameOrders = held !== null && held.orders.size === truth.orders.size && [...truth.orders.keys()].every((o) => held.orders.has(o));
  const agree = gate.kind === 'database' || (held !== null && held.left === truth.left && differing === 0 && sameOrders);
  const selling = stateOf(sale, now) === 'on';
  const repair = !agree && (held === null || !selling);
  if (repair) await gate.replace(sale.id, truth, ttlSeconds(sale, now));
  const result: FlashSaleReconciliation = {
    gate: gate.kind,
    gateLeft: held?.left ?? null,
    ordersLeft: truth.left,
    residentsDiffering: differing,
    repaired: repair,
  };
  await ctx.db
    .updateTable('flash_sales')
    .set({ reconciled_at: now, reconciliation: JSON.stringify(result), updated_at: now })
    .where('id', '=', sale.id)
    .execute();
  if (!agree) ctx.log.warn({ flashSaleId: sale.id, ...result }, 'flash-sale gate differed from the orders');
  return result;
}

/** Reconciles the operator's session now (the admin's button); NOT_FOUND for another's. */
export async function reconcileFlashSaleById(ctx: AppContext, operatorId: string, saleId: string): Promise<FlashSaleReconciliation> {
  const sale = await ctx.db
    .selectFrom('flash_sales')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', saleId)
    .executeTakeFirst();
  if (!sale) throw new AppError('NOT_FOUND', 'flash sale not found');
  return reconcileFlashSale(ctx, sale);
}

/** Sessions are reconciled this long after their end: every unpaid winner's payment window has closed. */
export const RECONCILE_AFTER_MS = 30 * 60_000;
