import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { buyBargain, createOffer, cutBargain, startBargain } from '../modules/bargain/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import { DAY } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

const HELPERS = 5;

/**
 * The day's bargain: a line of the day's campaigns offered for 砍价 (to 30% of its price with
 * five helpers), made once per database. The first resident starts one, the next five each cut it
 * once (on their own devices) to the floor, and the starter buys it at the floor through the same
 * calls as the shop's buttons, paying as the day's orders are paid. A resumed run finds the
 * bargain and does only what is left. Answers what happened, or null when nothing could be done.
 */
export async function demoBargain(
  ctx: AppContext,
  operatorId: string,
  line: { id: string; groupPriceFen: number },
  residentIds: readonly string[],
  as: (id: string) => Principal,
  pay: (resident: Principal, orderId: string) => Promise<void>,
): Promise<{ cuts: number; cutFen: number; priceFen: number; orderId: string | null } | null> {
  const [starterId, ...rest] = residentIds;
  const helperIds = rest.slice(0, HELPERS);
  if (!starterId || helperIds.length < HELPERS) return null;
  const now = ctx.clock.now();
  const existing = await sql<{ id: string }>`
    select id from bargain_offers where operator_id = ${operatorId} and campaign_line_id = ${line.id}`.execute(ctx.db);
  let offerId = existing.rows[0]?.id;
  if (!offerId) {
    const admin = await sql<{ id: string }>`
      select id from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(ctx.db);
    const staff: Principal = { kind: 'staff', id: admin.rows[0]?.id ?? 'demo', operatorId, sessionId: 'demo', roles: ['admin'] };
    const floorFen = Math.max(1, Math.floor(line.groupPriceFen * 0.3));
    if (line.groupPriceFen - floorFen < HELPERS) return null;
    offerId = (
      await createOffer(ctx, staff, {
        campaignLineId: line.id,
        title: '好友砍价',
        floorFen,
        helpersNeeded: HELPERS,
        durationMinutes: 120,
        newcomerOnly: false,
        dailyCutLimit: 3,
        totalLimit: 50,
        startsAt: new Date(now.getTime() - DAY).toISOString(),
        endsAt: new Date(now.getTime() + 7 * DAY).toISOString(),
      })
    ).id;
  }
  try {
    const bargainId = await startBargain(ctx, as(starterId), offerId);
    for (const [i, helperId] of helperIds.entries()) {
      try {
        await cutBargain(ctx, as(helperId), bargainId, `demo-device-${i}-${helperId}`);
      } catch (err) {
        // Helped already (a resumed run), or the bargain is at its floor.
        if (!(err instanceof AppError && err.code === 'BARGAIN_CUT_REFUSED')) throw err;
      }
    }
    const before = await sql<{ order_id: string | null }>`select order_id from bargains where id = ${bargainId}`.execute(ctx.db);
    let orderId = before.rows[0]?.order_id ?? null;
    if (!orderId) {
      const placed = await buyBargain(ctx, as(starterId), bargainId);
      orderId = placed.order.id;
      await pay(as(starterId), orderId);
    }
    const cuts = await sql<{ n: number; fen: number }>`
      select count(*)::int as n, coalesce(sum(amount_fen), 0)::int as fen from bargain_cuts where bargain_id = ${bargainId}`.execute(
      ctx.db,
    );
    const b = await sql<{ current_price_fen: number }>`select current_price_fen from bargains where id = ${bargainId}`.execute(ctx.db);
    return { cuts: cuts.rows[0]?.n ?? 0, cutFen: cuts.rows[0]?.fen ?? 0, priceFen: b.rows[0]?.current_price_fen ?? 0, orderId };
  } catch (err) {
    // Sold out or the starter at the line's limit: the shop would say so.
    if (!(err instanceof AppError)) throw err;
    return null;
  }
}
