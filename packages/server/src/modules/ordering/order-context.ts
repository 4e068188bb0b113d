import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { orderableLines, type OrderableCampaignLine } from '../campaign/index.ts';
import { describeSkus } from '../catalog/index.ts';
import { type Principal, residentPickupPointId, residentsPickupPointIds } from '../identity/index.ts';
import { residentPickupPoint, residentsPickupPoints } from '../leader/index.ts';
import { checkOrderable, mergeLines, type OrderableLine, type RequestedLine } from './ordering.rules.ts';

export interface LineDetails {
  skuId: string;
  title: string;
  groupPriceFen: number;
  /** Its product's category (promotions may be scoped by it). */
  categoryId: string | null;
}

type CachedLine = OrderableCampaignLine & LineDetails;
type CachedPoint = { id: string; leaderId: string; takesOrders: boolean };

/**
 * What an order needs to know before it writes, kept for a moment: an open campaign's line
 * (price, limit, window, leader list from campaign; its title from catalog) and which pickup
 * point a resident orders to (from leader, the resident's choice from identity). A busy
 * campaign is bought from many times a second, and these change rarely; the writes re-check what
 * matters for money and stock (campaign open, before cutoff, stock, limits) inside the database.
 * So a stale entry can only delay, by at most CONTEXT_TTL_MS, a change of leader list or of a
 * help-sell campaign's resellers, a closed
 * pickup point or suspended leader (on another API process; this one forgets at once), or (on
 * another API process) a resident's switch of pickup point.
 */
const CONTEXT_TTL_MS = 2_000;
const CONTEXT_MAX = 50_000;
const lineCache = new Map<string, { line: CachedLine; until: number }>();
const pointCache = new Map<string, { point: CachedPoint; until: number }>();

function remember<T>(cache: Map<string, { until: number } & T>, key: string, entry: T): void {
  if (cache.size >= CONTEXT_MAX) cache.clear();
  cache.set(key, { ...entry, until: performance.now() + CONTEXT_TTL_MS } as { until: number } & T);
}

/** Forgets every pickup point read here (a leader was suspended or reinstated); other processes see it within CONTEXT_TTL_MS. */
export function forgetPickupPoints(): void {
  pointCache.clear();
}

/** Forgets every campaign line read here (a leader opted in or out of reselling a help-sell campaign); other processes see it within CONTEXT_TTL_MS. */
export function forgetCampaignLines(): void {
  lineCache.clear();
}

/** The point cache's key for where a resident orders to (a named point's is `operator:p:point`). */
const residentPointKey = (operatorId: string, residentId: string) => `${operatorId}:r:${residentId}`;

/** Forgets where a resident orders to (they chose another pickup point). */
export function forgetResidentPoint(operatorId: string, residentId: string): void {
  pointCache.delete(residentPointKey(operatorId, residentId));
}

/**
 * Reads, in one statement, where each of these residents orders to that is not kept already: a
 * crowd's checkouts (a flash sale's winners, placed together) then find their points here.
 */
export async function rememberResidentPoints(ctx: AppContext, operatorId: string, residentIds: readonly string[]): Promise<void> {
  const now = performance.now();
  const missing = residentIds.filter((id) => {
    const hit = pointCache.get(residentPointKey(operatorId, id));
    return !hit || hit.until <= now;
  });
  if (missing.length === 0) return;
  const points = await residentsPickupPoints(ctx.db, operatorId, residentsPickupPointIds(missing));
  for (const [residentId, p] of points) {
    remember(pointCache, residentPointKey(operatorId, residentId), {
      point: { id: p.id, leaderId: p.leaderId, takesOrders: p.takesOrders },
    });
  }
}

/** The pickup point the order goes to (the one named, else the resident's) and the requested lines. */
export async function loadOrderContext(
  ctx: AppContext,
  resident: Principal,
  requestedPointId: string | undefined,
  lineIds: string[],
): Promise<{ point: { id: string; leaderId: string }; lines: Map<string, OrderableLine & LineDetails> }> {
  const now = performance.now();
  const pointKey = requestedPointId ? `${resident.operatorId}:p:${requestedPointId}` : residentPointKey(resident.operatorId, resident.id);
  let point = pointCache.get(pointKey);
  if (!point || point.until <= now) {
    // The point named, else the resident's, in one statement.
    const found = await residentPickupPoint(ctx.db, resident.operatorId, requestedPointId ?? residentPickupPointId(resident.id));
    if (!found) {
      if (requestedPointId) throw new AppError('NOT_FOUND', 'pickup point not found');
      throw new AppError('VALIDATION_FAILED', 'choose a pickup point first (PUT /api/v1/shop/me/pickup-point) or name one in the order');
    }
    const entry = { id: found.id, leaderId: found.leaderId, takesOrders: found.takesOrders };
    remember(pointCache, pointKey, { point: entry });
    point = { point: entry, until: now + CONTEXT_TTL_MS };
  }
  if (!point.point.takesOrders) throw new AppError('PICKUP_POINT_CLOSED', 'this pickup point is closed');

  const missing = lineIds.filter((id) => {
    const hit = lineCache.get(`${resident.operatorId}:${id}`);
    return !hit || hit.until <= now;
  });
  const fresh = new Map<string, CachedLine>();
  if (missing.length > 0) {
    const rows = await orderableLines(ctx.db, resident.operatorId, missing);
    const skus = await describeSkus(
      ctx.db,
      resident.operatorId,
      rows.map((l) => l.skuId),
    );
    for (const row of rows) {
      const sku = skus.get(row.skuId);
      if (!sku) continue;
      const line = { ...row, title: `${sku.productName} ${sku.spec}`, categoryId: sku.categoryId };
      // Only open campaigns are kept: their prices, lines and limits can no longer change.
      if (line.campaignStatus === 'open') remember(lineCache, `${resident.operatorId}:${line.id}`, { line });
      else fresh.set(line.id, line);
    }
  }
  const lines = new Map<string, OrderableLine & LineDetails>();
  for (const id of lineIds) {
    const found = fresh.get(id) ?? lineCache.get(`${resident.operatorId}:${id}`)?.line;
    if (!found) continue;
    const { leaders, helpSellers, ...line } = found;
    lines.set(id, {
      ...line,
      leaderAllowed: line.leaderScope === 'all' || leaders.includes(point.point.leaderId),
      resoldHere: helpSellers === null || helpSellers.includes(point.point.leaderId),
    });
  }
  return { point: { id: point.point.id, leaderId: point.point.leaderId }, lines };
}

/** A requested line with what the campaign says of it, checked orderable. */
export interface CheckoutLine extends OrderableLine, LineDetails {
  quantity: number;
}

/** What the later checkout steps know of an order: where it goes, its pickup date, its lines in id order. */
export interface CheckoutContext {
  point: { id: string; leaderId: string };
  pickupDate: string;
  lines: CheckoutLine[];
}

/**
 * The `context` step of checkout (context → price → reserve → pay): merges repeated lines, reads
 * the pickup point and the lines (kept for a moment, above) and checks them with the rules that
 * need no lock; the `reserve` step re-checks inside the database what stock and money depend on.
 */
export async function checkoutContext(
  ctx: AppContext,
  resident: Principal,
  input: { pickupPointId?: string | undefined; lines: readonly RequestedLine[] },
  now: Date,
): Promise<CheckoutContext> {
  const requested = mergeLines(input.lines);
  const { point, lines } = await loadOrderContext(
    ctx,
    resident,
    input.pickupPointId,
    requested.map((r) => r.campaignLineId),
  );
  const pickupDate = checkOrderable(now, requested, lines);
  // checkOrderable has thrown NOT_FOUND for any line that is not in the map.
  return {
    point,
    pickupDate,
    lines: requested.map((r) => ({ ...(lines.get(r.campaignLineId) as OrderableLine & LineDetails), quantity: r.quantity })),
  };
}
