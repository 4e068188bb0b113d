import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Principal } from '../modules/identity/index.ts';
import { quoteOrder } from '../modules/ordering/index.ts';
import { createPromotion, issueCoupon } from '../modules/promotions/index.ts';
import { DAY } from '../platform/clock.ts';

/**
 * The day's promotions: 满39减5 for everyone, ¥3 off a newcomer's first order, a 满20减5 newcomer
 * coupon every resident who signs up gets at once (the day's invitees; checkout applies it when the
 * basket reaches it), and a 满20减3 coupon (500 of them) that leaders share into their groups,
 * claimed by `claimers` residents before the day's ordering starts (each from their own leader's
 * link). Made once per database: a resumed day finds them. Returns who holds a shared coupon.
 */
export async function demoPromotions(ctx: AppContext, operatorId: string, at: Date, claimers: number): Promise<Map<string, string>> {
  const existing = await sql<{
    id: string;
  }>`select id from promotions where operator_id = ${operatorId} and name = '团长分享券 满20减3'`.execute(ctx.db);
  let templateId = existing.rows[0]?.id;
  if (!templateId) {
    const admin = await sql<{
      id: string;
    }>`select id from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(ctx.db);
    const by = admin.rows[0]?.id ?? 'demo';
    const window = { startsAt: new Date(at.getTime() - DAY).toISOString(), endsAt: new Date(at.getTime() + 30 * DAY).toISOString() };
    const common = {
      scope: { kind: 'operator' as const, ids: [] },
      newcomerOnly: false,
      stackable: true,
      fundedBy: 'operator' as const,
      claimable: false,
    };
    await createPromotion(ctx, operatorId, by, {
      ...common,
      ...window,
      name: '满39减5',
      trigger: 'automatic',
      discountKind: 'amount',
      amountOffFen: 500,
      thresholdFen: 3900,
      budgetFen: 500_000,
    });
    await createPromotion(ctx, operatorId, by, {
      ...common,
      ...window,
      name: '新人首单立减3元',
      trigger: 'automatic',
      discountKind: 'amount',
      amountOffFen: 300,
      thresholdFen: 0,
      newcomerOnly: true,
      perResidentLimit: 1,
    });
    await createPromotion(ctx, operatorId, by, {
      ...common,
      ...window,
      name: '新人券 满20减5',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 500,
      thresholdFen: 2000,
      perResidentLimit: 1,
      couponValidDays: 7,
      issueOnSignUp: true,
    });
    const template = await createPromotion(ctx, operatorId, by, {
      ...common,
      ...window,
      name: '团长分享券 满20减3',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 300,
      thresholdFen: 2000,
      totalLimit: 500,
      perResidentLimit: 1,
      couponValidDays: 3,
      claimable: true,
    });
    templateId = template.id;
    const residents = await sql<{ id: string; leader_id: string }>`
      select r.id, pp.leader_id from residents r join pickup_points pp on pp.id = r.pickup_point_id
      where r.operator_id = ${operatorId} order by r.id limit ${claimers}`.execute(ctx.db);
    for (const r of residents.rows) {
      await ctx.db.transaction().execute((trx) =>
        issueCoupon(trx, at, {
          operatorId,
          templateId: templateId as string,
          residentId: r.id,
          source: 'claim',
          sharedByLeaderId: r.leader_id,
        }),
      );
    }
  }
  const held = await sql<{ resident_id: string; id: string }>`
    select resident_id, id from coupons where promotion_id = ${templateId} order by id`.execute(ctx.db);
  return new Map(held.rows.map((c) => [c.resident_id, c.id]));
}

/** The coupon the confirm screen would apply to this basket (the best, or none), as a resident taps "pay". */
export async function usableCoupon(ctx: AppContext, resident: Principal, basket: Map<string, number>): Promise<string | null> {
  const quote = await quoteOrder(ctx, resident, { lines: [...basket].map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })) });
  return quote.promotions.discounts.find((d) => d.couponId !== null)?.couponId ?? null;
}
