import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Principal } from '../modules/identity/index.ts';
import { createOffer, redeemOffer } from '../modules/points/index.ts';
import { createPromotion } from '../modules/promotions/index.ts';
import { DAY } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

const TEMPLATE = '积分兑换 满30减5';
const COST = 30;

/**
 * The points shop of the demo: a 满30减5 coupon (one per resident, valid 7 days) for 30 points,
 * offered once per database. Residents whose pickups and sign-ins earned enough redeem it when
 * `wants` says so, through the same call as the shop's button. Answers how many redeemed now
 * (a resumed run finds those who did and refuses them at the coupon's limit).
 */
export async function demoRedemptions(
  ctx: AppContext,
  operatorId: string,
  as: (id: string) => Principal,
  wants: () => boolean,
): Promise<number> {
  const now = ctx.clock.now();
  const existing = await sql<{ id: string }>`
    select o.id from points_offers o join promotions p on p.id = o.coupon_template_id
    where o.operator_id = ${operatorId} and p.name = ${TEMPLATE}`.execute(ctx.db);
  let offerId = existing.rows[0]?.id;
  if (!offerId) {
    const admin = await sql<{ id: string }>`
      select id from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(ctx.db);
    const template = await createPromotion(ctx, operatorId, admin.rows[0]?.id ?? 'demo', {
      name: TEMPLATE,
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 500,
      thresholdFen: 3000,
      scope: { kind: 'operator', ids: [] },
      newcomerOnly: false,
      stackable: true,
      startsAt: new Date(now.getTime() - DAY).toISOString(),
      endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      perResidentLimit: 1,
      couponValidDays: 7,
      fundedBy: 'operator',
      claimable: false,
    });
    offerId = (
      await createOffer(ctx.db, now, operatorId, { couponTemplateId: template.id, title: TEMPLATE, pointsCost: COST, active: true })
    ).id;
  }
  const able = await ctx.db
    .selectFrom('points_balances')
    .select('resident_id')
    .where('operator_id', '=', operatorId)
    .where('balance', '>=', COST)
    .orderBy('resident_id')
    .execute();
  let redeemed = 0;
  for (const r of able) {
    if (!wants()) continue;
    try {
      await redeemOffer(ctx, as(r.resident_id), offerId);
      redeemed++;
    } catch (err) {
      // At the coupon's limit (a resumed run), or points expired since: the shop would say so.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return redeemed;
}
