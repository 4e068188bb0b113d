import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Principal } from '../modules/identity/index.ts';
import { createLottery, draw } from '../modules/lottery/index.ts';
import { createPromotion } from '../modules/promotions/index.ts';
import { DAY } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

const NAME = '幸运大转盘';
const TEMPLATE = '抽奖券 满20减3';

/**
 * The day's lottery: a wheel (10 points a draw, a free draw each sign-in day, 3 draws a day) with
 * 20 满20减3 coupons, 10 points and 谢谢参与, made once per database. Some of the residents who
 * signed in on `day` draw once with their free draw, through the same call as the shop's button; a
 * resumed run skips those who drew already. Answers how many drew now.
 */
export async function demoLottery(
  ctx: AppContext,
  operatorId: string,
  day: string,
  as: (id: string) => Principal,
  wants: () => boolean,
): Promise<number> {
  const now = ctx.clock.now();
  const existing = await sql<{ id: string }>`select id from lotteries where operator_id = ${operatorId} and name = ${NAME}`.execute(ctx.db);
  let lotteryId = existing.rows[0]?.id;
  if (!lotteryId) {
    const admin = await sql<{ id: string }>`
      select id from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(ctx.db);
    const staffId = admin.rows[0]?.id ?? 'demo';
    const window = { startsAt: new Date(now.getTime() - DAY).toISOString(), endsAt: new Date(now.getTime() + 30 * DAY).toISOString() };
    const template = await createPromotion(ctx, operatorId, staffId, {
      ...window,
      name: TEMPLATE,
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 300,
      thresholdFen: 2000,
      scope: { kind: 'operator', ids: [] },
      newcomerOnly: false,
      stackable: true,
      perResidentLimit: null,
      couponValidDays: 7,
      fundedBy: 'operator',
      claimable: false,
    });
    lotteryId = (
      await createLottery(
        ctx,
        { kind: 'staff', id: staffId, operatorId, sessionId: 'demo', roles: ['admin'] },
        {
          ...window,
          name: NAME,
          pointsPerDraw: 10,
          signInDraws: 1,
          dailyLimit: 3,
          prizes: [
            { kind: 'coupon', title: '满20减3券', couponTemplateId: template.id, weightBp: 2_000, stock: 20 },
            { kind: 'points', title: '10积分', points: 10, weightBp: 3_000, stock: null },
            { kind: 'none', title: '谢谢参与', weightBp: 5_000, stock: null },
          ],
        },
      )
    ).id;
  }
  const signedIn = await sql<{ resident_id: string }>`
    select s.resident_id from points_sign_ins s
    where s.operator_id = ${operatorId} and s.day = ${day}
      and not exists (select 1 from lottery_draws d where d.lottery_id = ${lotteryId} and d.resident_id = s.resident_id and d.local_day = ${day})
    order by s.resident_id`.execute(ctx.db);
  let drew = 0;
  for (const r of signedIn.rows) {
    if (!wants()) continue;
    try {
      await draw(ctx, as(r.resident_id), lotteryId);
      drew++;
    } catch (err) {
      // Points switched off, or the lottery paused by staff: the shop would say so.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return drew;
}
