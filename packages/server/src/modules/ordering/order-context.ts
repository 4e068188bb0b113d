import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../identity/index.ts';
import { checkOrderable, mergeLines, type OrderableLine, type RequestedLine } from './ordering.rules.ts';

export interface LineDetails {
  skuId: string;
  title: string;
  groupPriceFen: number;
}

type CachedLine = Omit<OrderableLine, 'leaderAllowed'> & LineDetails & { leaders: string[] };
type CachedPoint = { id: string; leaderId: string; status: string };

/**
 * What an order needs to know before it writes, kept for a moment: an open campaign's line
 * (price, limit, window, leader list) and which pickup point a resident orders to. A busy
 * campaign is bought from many times a second, and these change rarely; the writes re-check what
 * matters for money and stock (campaign open, before cutoff, stock, limits) inside the database.
 * So a stale entry can only delay, by at most CONTEXT_TTL_MS, a change of leader list, a closed
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

/** Forgets where a resident orders to (they chose another pickup point). */
export function forgetResidentPoint(operatorId: string, residentId: string): void {
  pointCache.delete(`${operatorId}:r:${residentId}`);
}

/** The pickup point the order goes to (the one named, else the resident's) and the requested lines. */
export async function loadOrderContext(
  ctx: AppContext,
  resident: Principal,
  requestedPointId: string | undefined,
  lineIds: string[],
): Promise<{ point: { id: string; leaderId: string }; lines: Map<string, OrderableLine & LineDetails> }> {
  const now = performance.now();
  const pointKey = requestedPointId ? `${resident.operatorId}:p:${requestedPointId}` : `${resident.operatorId}:r:${resident.id}`;
  let point = pointCache.get(pointKey);
  if (!point || point.until <= now) {
    // A suspended leader's points are closed for new orders: they can no longer take deliveries in.
    const row = await sql<CachedPoint>`
      select pp.id, pp.leader_id as "leaderId", case when l.status = 'active' then pp.status else 'closed' end as status
      from pickup_points pp join leaders l on l.id = pp.leader_id
      where pp.operator_id = ${resident.operatorId}
        and pp.id = coalesce(${requestedPointId ?? null}::text, (select r.pickup_point_id from residents r where r.id = ${resident.id}))
    `.execute(ctx.db);
    const found = row.rows[0];
    if (!found) {
      if (requestedPointId) throw new AppError('NOT_FOUND', 'pickup point not found');
      throw new AppError('VALIDATION_FAILED', 'choose a pickup point first (PUT /api/v1/shop/me/pickup-point) or name one in the order');
    }
    remember(pointCache, pointKey, { point: found });
    point = { point: found, until: now + CONTEXT_TTL_MS };
  }
  if (point.point.status !== 'open') throw new AppError('PICKUP_POINT_CLOSED', 'this pickup point is closed');

  const missing = lineIds.filter((id) => {
    const hit = lineCache.get(`${resident.operatorId}:${id}`);
    return !hit || hit.until <= now;
  });
  const fresh = new Map<string, CachedLine>();
  if (missing.length > 0) {
    const rows = await sql<CachedLine & { id: string }>`
      select cl.id, cl.campaign_id as "campaignId", cl.sku_id as "skuId", cl.group_price_fen as "groupPriceFen",
             cl.per_resident_limit as "perResidentLimit", c.status as "campaignStatus", c.opens_at as "opensAt",
             c.cutoff_at as "cutoffAt", c.pickup_date as "pickupDate", c.leader_scope as "leaderScope",
             p.name || ' ' || s.spec as title,
             coalesce((select array_agg(cld.leader_id) from campaign_leaders cld where cld.campaign_id = c.id), '{}') as leaders
      from campaign_lines cl
      join campaigns c on c.id = cl.campaign_id
      join skus s on s.id = cl.sku_id
      join products p on p.id = s.product_id
      where cl.id = any(${missing}::text[]) and cl.operator_id = ${resident.operatorId}
    `.execute(ctx.db);
    for (const line of rows.rows) {
      // Only open campaigns are kept: their prices, lines and limits can no longer change.
      if (line.campaignStatus === 'open') remember(lineCache, `${resident.operatorId}:${line.id}`, { line });
      else fresh.set(line.id, line);
    }
  }
  const lines = new Map<string, OrderableLine & LineDetails>();
  for (const id of lineIds) {
    const found = fresh.get(id) ?? lineCache.get(`${resident.operatorId}:${id}`)?.line;
    if (!found) continue;
    const { leaders, ...line } = found;
    lines.set(id, { ...line, leaderAllowed: line.leaderScope === 'all' || leaders.includes(point.point.leaderId) });
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
