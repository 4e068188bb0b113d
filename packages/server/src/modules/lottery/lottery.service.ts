import { randomInt } from 'node:crypto';
import type { lottery } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { localDate } from '../../platform/calendar.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { LotteryPrizesTable, LotteryStatus } from '../../platform/db/schema.lottery.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { operatorTimeZone, type Principal } from '../identity/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { givePoints, signInDaysBetween, spendPoints } from '../points/index.ts';
import { assertCouponTemplate, issueCoupon } from '../promotions/index.ts';
import { lotteryView, toDraw } from './lottery.queries.ts';
import { fallbackPrize, oddsProblem, payment, pickPrize, RANDOM_RANGE } from './lottery.rules.ts';

type CreateLottery = z.infer<typeof lottery.CreateLottery>;
type Draw = z.infer<typeof lottery.Draw>;

/**
 * Staff set up a lottery with its odds table (in wheel order). The weights sum to 10000 basis
 * points with exactly one unlimited none prize (VALIDATION_FAILED, `details.field`), each coupon or
 * item prize names a running coupon template of the operator (COUPON_TEMPLATE_INVALID), a points
 * prize its points. Nothing is written on a refusal.
 */
export async function createLottery(ctx: AppContext, staff: Principal, input: CreateLottery) {
  const now = ctx.clock.now();
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw new AppError('VALIDATION_FAILED', 'a lottery ends after it starts', { field: 'endsAt' });
  if (endsAt <= now) throw new AppError('VALIDATION_FAILED', 'a lottery ends in the future', { field: 'endsAt' });
  const problem = oddsProblem(input.prizes);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'prizes' });
  for (const [i, p] of input.prizes.entries()) {
    const field = `prizes.${i}`;
    const wantsTemplate = p.kind === 'coupon' || p.kind === 'item';
    if (wantsTemplate !== (p.couponTemplateId !== undefined)) {
      throw new AppError('VALIDATION_FAILED', 'a coupon or item prize names its coupon template, no other prize does', {
        field: `${field}.couponTemplateId`,
      });
    }
    if ((p.kind === 'points') !== (p.points !== undefined)) {
      throw new AppError('VALIDATION_FAILED', 'a points prize says how many points, no other prize does', { field: `${field}.points` });
    }
    if (p.couponTemplateId !== undefined) {
      await assertCouponTemplate(ctx.db, now, staff.operatorId, p.couponTemplateId, `${field}.couponTemplateId`);
    }
  }
  const id = newId('lot');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('lotteries')
      .values({
        id,
        operator_id: staff.operatorId,
        name: input.name,
        starts_at: startsAt,
        ends_at: endsAt,
        points_per_draw: input.pointsPerDraw,
        sign_in_draws: input.signInDraws,
        daily_limit: input.dailyLimit,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('lottery_prizes')
      .values(
        input.prizes.map((p, position) => ({
          id: newId('lpz'),
          operator_id: staff.operatorId,
          lottery_id: id,
          position,
          kind: p.kind,
          title: p.title,
          coupon_template_id: p.couponTemplateId ?? null,
          points: p.points ?? null,
          weight_bp: p.weightBp,
          stock: p.kind === 'none' ? null : p.stock,
        })),
      )
      .execute();
  });
  return found(await lotteryView(ctx.db, staff.operatorId, id), 'lottery');
}

/** Staff pause, resume or end a lottery; an ended one stays ended (INVALID_STATE). */
export async function setLotteryStatus(ctx: AppContext, staff: Principal, id: string, status: LotteryStatus) {
  const now = ctx.clock.now();
  const row = found(
    await ctx.db
      .selectFrom('lotteries')
      .select('status')
      .where('operator_id', '=', staff.operatorId)
      .where('id', '=', id)
      .executeTakeFirst(),
    'lottery',
  );
  if (row.status === 'ended' && status !== 'ended') {
    throw new AppError('INVALID_STATE', 'an ended lottery is not started again', { status: row.status });
  }
  await ctx.db
    .updateTable('lotteries')
    .set({ status, updated_at: now })
    .where('operator_id', '=', staff.operatorId)
    .where('id', '=', id)
    .where('status', '!=', 'ended')
    .execute();
  return found(await lotteryView(ctx.db, staff.operatorId, id), 'lottery');
}

/** Why the picked prize could not be given (its stock is spent, or points are off): the draw falls back. */
class PrizeGone extends Error {}

/**
 * A resident draws. In one transaction: the resident's entry row is locked (their draws run one
 * after the other), the daily limit checked, the draw paid — a free draw earned by sign-in first,
 * else the points (POINTS_INSUFFICIENT changes nothing) — a 32-bit value taken from the CSPRNG and
 * the prize it picks taken from stock by a conditional update (`drawn < stock`, so the stock is
 * never passed however many draw at once) and given: a coupon from promotions, or points. When the
 * stock is spent or the prize cannot be given, the draw falls to the none prize and says so. The
 * draw row keeps the value, the odds version, the prize picked and the prize given.
 */
export async function draw(ctx: AppContext, me: Principal, lotteryId: string, leaderId?: string): Promise<Draw> {
  const now = ctx.clock.now();
  const timeZone = await operatorTimeZone(ctx.db, me.operatorId);
  const today = localDate(now, timeZone);
  const sharedBy = leaderId && (await existingLeaderIds(ctx.db, me.operatorId, [leaderId])).has(leaderId) ? leaderId : null;
  return ctx.db.transaction().execute(async (trx) => {
    const lot = await trx
      .selectFrom('lotteries')
      .selectAll()
      .where('operator_id', '=', me.operatorId)
      .where('id', '=', lotteryId)
      .executeTakeFirst();
    if (!lot) throw new AppError('NOT_FOUND', 'lottery not found');
    if (lot.status !== 'active' || now < lot.starts_at || now >= lot.ends_at) {
      throw new AppError('LOTTERY_UNAVAILABLE', 'this lottery is not drawing now', { status: lot.status });
    }
    await trx
      .insertInto('lottery_entrants')
      .values({ lottery_id: lot.id, resident_id: me.id, operator_id: me.operatorId })
      .onConflict((oc) => oc.columns(['lottery_id', 'resident_id']).doNothing())
      .execute();
    const entrant = await trx
      .selectFrom('lottery_entrants')
      .select(['free_used'])
      .where('lottery_id', '=', lot.id)
      .where('resident_id', '=', me.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (lot.daily_limit !== null) {
      const n = await trx
        .selectFrom('lottery_draws')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('lottery_id', '=', lot.id)
        .where('resident_id', '=', me.id)
        .where('local_day', '=', today)
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= lot.daily_limit) {
        throw new AppError('LOTTERY_DAILY_LIMIT', `at most ${lot.daily_limit} draws a day`, { limit: lot.daily_limit });
      }
    }
    const freeEarned =
      lot.sign_in_draws > 0
        ? lot.sign_in_draws * (await signInDaysBetween(trx, me.operatorId, me.id, localDate(lot.starts_at, timeZone), today))
        : 0;
    const paidWith = payment({ pointsPerDraw: lot.points_per_draw, freeEarned, freeUsed: entrant.free_used });
    const drawId = newId('ldr');
    const posting = { operatorId: me.operatorId, residentId: me.id, documentId: drawId, note: lot.name };
    if (paidWith === 'points') {
      await spendPoints(trx, now, { ...posting, key: `lottery:${drawId}`, reason: 'lottery_draw' }, lot.points_per_draw);
    }
    const prizes = await trx.selectFrom('lottery_prizes').selectAll().where('lottery_id', '=', lot.id).orderBy('position').execute();
    const randomValue = randomInt(0, RANDOM_RANGE);
    const picked = pickPrize(
      prizes.map((p) => ({ ...p, weightBp: p.weight_bp })),
      randomValue,
    );
    let given: Selectable<LotteryPrizesTable> = picked;
    let couponId: string | null = null;
    let pointsGiven = 0;
    if (picked.kind !== 'none') {
      await sql`savepoint lottery_prize`.execute(trx);
      try {
        const taken = await takeStock(trx, picked.id);
        if (!taken) throw new PrizeGone();
        if (picked.coupon_template_id !== null) {
          couponId = (
            await issueCoupon(trx, now, {
              operatorId: me.operatorId,
              templateId: picked.coupon_template_id,
              residentId: me.id,
              source: 'lottery',
              sourceId: drawId,
              sharedByLeaderId: sharedBy,
            })
          ).couponId;
        } else if (picked.points !== null) {
          const ok = await givePoints(trx, now, { ...posting, key: `lottery_prize:${drawId}`, reason: 'lottery_prize' }, picked.points);
          if (!ok) throw new PrizeGone();
          pointsGiven = picked.points;
        }
        await sql`release savepoint lottery_prize`.execute(trx);
      } catch (err) {
        // Sold out, the coupon's own refusal (gone, the resident's limit, ended), or points off: the none prize.
        if (!(err instanceof PrizeGone || err instanceof AppError)) throw err;
        await sql`rollback to savepoint lottery_prize`.execute(trx);
        given = fallbackPrize(prizes);
        couponId = null;
        pointsGiven = 0;
      }
    }
    if (given.kind === 'none') await takeStock(trx, given.id);
    const row = {
      id: drawId,
      operator_id: me.operatorId,
      lottery_id: lot.id,
      resident_id: me.id,
      random_value: randomValue,
      odds_version: lot.odds_version,
      picked_prize_id: picked.id,
      prize_id: given.id,
      fell_back: given.id !== picked.id,
      paid_with: paidWith,
      points_spent: paidWith === 'points' ? lot.points_per_draw : 0,
      coupon_id: couponId,
      points_given: pointsGiven,
      shared_by_leader_id: sharedBy,
      local_day: today,
      at: now,
    };
    await trx.insertInto('lottery_draws').values(row).execute();
    await trx
      .updateTable('lottery_entrants')
      .set((eb) => ({
        draws: eb('draws', '+', 1),
        free_used: paidWith === 'free_draw' ? eb('free_used', '+', 1) : eb.ref('free_used'),
      }))
      .where('lottery_id', '=', lot.id)
      .where('resident_id', '=', me.id)
      .execute();
    return toDraw(row, given);
  });
}

/** One of the prize's stock, by a conditional update: false when it is spent. */
async function takeStock(trx: Tx, prizeId: string): Promise<boolean> {
  const taken = await trx
    .updateTable('lottery_prizes')
    .set((eb) => ({ drawn: eb('drawn', '+', 1) }))
    .where('id', '=', prizeId)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('drawn', '<', eb.ref('stock'))]))
    .returning('id')
    .executeTakeFirst();
  return taken !== undefined;
}
