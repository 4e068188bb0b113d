import type { lottery } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { localDate } from '../../platform/calendar.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page, type PageRequest } from '../../platform/db/paging.ts';
import type { LotteriesTable, LotteryDrawsTable, LotteryPrizesTable } from '../../platform/db/schema.lottery.ts';
import { AppError } from '../../platform/errors.ts';
import { residentsSignedUpSince } from '../identity/index.ts';
import { ordersByIds } from '../ordering/index.ts';
import { signInDaysBetween, storedBalance } from '../points/index.ts';
import { couponsUse } from '../promotions/index.ts';
import { auditOutcome, freeDrawsLeft, probabilityText } from './lottery.rules.ts';

type PrizeRow = Selectable<LotteryPrizesTable>;
type Prize = z.infer<typeof lottery.Prize>;
type PublicPrize = z.infer<typeof lottery.PublicPrize>;
type Draw = z.infer<typeof lottery.Draw>;
type Results = z.infer<typeof lottery.LotteryResults>;

const publicPrize = (p: PrizeRow): PublicPrize => ({
  id: p.id,
  position: p.position,
  kind: p.kind,
  title: p.title,
  points: p.points,
  weightBp: p.weight_bp,
  probability: probabilityText(p.weight_bp),
  left: p.stock === null ? null : Math.max(0, p.stock - p.drawn),
});

const toPrize = (p: PrizeRow): Prize => ({
  ...publicPrize(p),
  couponTemplateId: p.coupon_template_id,
  stock: p.stock,
  drawn: p.drawn,
});

type DrawRow = Selectable<LotteryDrawsTable>;

export const toDraw = (d: DrawRow, prize: Pick<PrizeRow, 'id' | 'position' | 'kind' | 'title'>): Draw => ({
  id: d.id,
  lotteryId: d.lottery_id,
  prize: { id: prize.id, position: prize.position, kind: prize.kind, title: prize.title },
  fellBack: d.fell_back,
  paidWith: d.paid_with,
  pointsSpent: d.points_spent,
  pointsGiven: d.points_given,
  couponId: d.coupon_id,
  randomValue: Number(d.random_value),
  oddsVersion: d.odds_version,
  at: d.at.toISOString(),
});

async function prizesOf(db: Executor, lotteryIds: readonly string[]) {
  if (lotteryIds.length === 0) return new Map<string, Array<PrizeRow>>();
  const rows = await db
    .selectFrom('lottery_prizes')
    .selectAll()
    .where('lottery_id', 'in', [...lotteryIds])
    .orderBy('position')
    .execute();
  const by = new Map<string, Array<PrizeRow>>();
  for (const r of rows) by.set(r.lottery_id, [...(by.get(r.lottery_id) ?? []), r]);
  return by;
}

const toLottery = (l: Selectable<LotteriesTable>, prizes: Prize[]) => ({
  id: l.id,
  name: l.name,
  startsAt: l.starts_at.toISOString(),
  endsAt: l.ends_at.toISOString(),
  pointsPerDraw: l.points_per_draw,
  signInDraws: l.sign_in_draws,
  dailyLimit: l.daily_limit,
  status: l.status,
  oddsVersion: l.odds_version,
  prizes,
  createdAt: l.created_at.toISOString(),
});

/** A lottery of the operator with its odds table, or undefined. */
export async function lotteryView(db: Executor, operatorId: string, id: string) {
  const l = await db.selectFrom('lotteries').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst();
  if (!l) return undefined;
  const prizes = (await prizesOf(db, [l.id])).get(l.id) ?? [];
  return { ...toLottery(l, prizes.map(toPrize)), results: await lotteryResults(db, operatorId, l.id, l.starts_at) };
}

/** The operator's lotteries, newest first, each with its odds table, stock and results. */
export async function listLotteries(db: Executor, operatorId: string) {
  const rows = await db
    .selectFrom('lotteries')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const prizes = await prizesOf(
    db,
    rows.map((r) => r.id),
  );
  const items = [];
  for (const l of rows) {
    items.push({
      ...toLottery(l, (prizes.get(l.id) ?? []).map(toPrize)),
      results: await lotteryResults(db, operatorId, l.id, l.starts_at),
    });
  }
  return { items };
}

/**
 * A lottery's profit and loss: its draws and entrants, the new residents among them (signed up
 * since it started), the points it took and gave, and what its coupons did: used, the orders that
 * used them and their discounts (the marketing cost the ledger posted with those orders' sales).
 */
export async function lotteryResults(db: Executor, operatorId: string, lotteryId: string, startsAt: Date): Promise<Results> {
  const draws = await db
    .selectFrom('lottery_draws')
    .select(['resident_id', 'points_spent', 'points_given', 'coupon_id'])
    .where('lottery_id', '=', lotteryId)
    .execute();
  const residents = [...new Set(draws.map((d) => d.resident_id))];
  const couponIds = draws.flatMap((d) => (d.coupon_id ? [d.coupon_id] : []));
  const use = await couponsUse(db, operatorId, couponIds);
  const orders = await ordersByIds(db, operatorId, use.orderIds);
  return {
    draws: draws.length,
    entrants: residents.length,
    newResidents: await residentsSignedUpSince(db, operatorId, residents, startsAt),
    pointsSpent: draws.reduce((s, d) => s + d.points_spent, 0),
    pointsGiven: draws.reduce((s, d) => s + d.points_given, 0),
    couponsIssued: couponIds.length,
    couponsUsed: use.used,
    orders: use.orderIds.length,
    costFen: use.discountFen,
    ordersFen: [...orders.values()].reduce((s, o) => s + (o.paid_at === null ? 0 : o.total_fen - o.refunded_fen), 0),
  };
}

/** The lotteries drawing now, each as the resident sees it: odds, what is left, their free draws and today's draws. */
export async function shopLotteries(db: Executor, operatorId: string, residentId: string, now: Date, timeZone: string) {
  const rows = await db
    .selectFrom('lotteries')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'active')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .orderBy('ends_at')
    .orderBy('id')
    .limit(50)
    .execute();
  const prizes = await prizesOf(
    db,
    rows.map((r) => r.id),
  );
  const today = localDate(now, timeZone);
  const balance = await storedBalance(db, operatorId, residentId);
  const items = [];
  for (const l of rows) {
    const entrant = await db
      .selectFrom('lottery_entrants')
      .select('free_used')
      .where('lottery_id', '=', l.id)
      .where('resident_id', '=', residentId)
      .executeTakeFirst();
    const signIns = l.sign_in_draws > 0 ? await signInDaysBetween(db, operatorId, residentId, localDate(l.starts_at, timeZone), today) : 0;
    const drawsToday = await db
      .selectFrom('lottery_draws')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lottery_id', '=', l.id)
      .where('resident_id', '=', residentId)
      .where('local_day', '=', today)
      .executeTakeFirstOrThrow();
    items.push({
      id: l.id,
      name: l.name,
      startsAt: l.starts_at.toISOString(),
      endsAt: l.ends_at.toISOString(),
      pointsPerDraw: l.points_per_draw,
      signInDraws: l.sign_in_draws,
      dailyLimit: l.daily_limit,
      prizes: (prizes.get(l.id) ?? []).map(publicPrize),
      freeDrawsLeft: freeDrawsLeft(signIns * l.sign_in_draws, entrant?.free_used ?? 0),
      drawsToday: Number(drawsToday.n),
      pointsBalance: l.points_per_draw > 0 ? balance : null,
    });
  }
  return { items };
}

function drawsBase(db: Executor, operatorId: string, lotteryId: string) {
  return db.selectFrom('lottery_draws as d').where('d.operator_id', '=', operatorId).where('d.lottery_id', '=', lotteryId);
}

async function drawsPage(
  base: ReturnType<typeof drawsBase>,
  paging: PageRequest,
): Promise<Page<Draw & { residentId: string; sharedByLeaderId: string | null }>> {
  const page = await fetchPage(
    paging,
    base
      .innerJoin('lottery_prizes as p', 'p.id', 'd.prize_id')
      .selectAll('d')
      .select(['p.position', 'p.kind', 'p.title'])
      .orderBy('d.at', 'desc')
      .orderBy('d.id', 'desc'),
    base,
  );
  return {
    ...page,
    items: page.items.map((d) => ({
      ...toDraw(d, { id: d.prize_id, position: d.position, kind: d.kind, title: d.title }),
      residentId: d.resident_id,
      sharedByLeaderId: d.shared_by_leader_id,
    })),
  };
}

/** A resident's draws of a lottery, newest first. */
export async function myDraws(db: Executor, operatorId: string, residentId: string, lotteryId: string, paging: PageRequest) {
  const page = await drawsPage(drawsBase(db, operatorId, lotteryId).where('d.resident_id', '=', residentId), paging);
  return { ...page, items: page.items.map(({ residentId: _r, sharedByLeaderId: _l, ...d }) => d) };
}

/** A lottery's draws for staff, newest first. */
export async function lotteryDraws(db: Executor, operatorId: string, lotteryId: string, paging: PageRequest) {
  return drawsPage(drawsBase(db, operatorId, lotteryId), paging);
}

/**
 * Recomputes a draw from what it recorded: its value walked through its lottery's odds table
 * picks the prize recorded as picked, and the prize given is that one or, recorded as a
 * fallback, the none prize.
 */
export async function auditDraw(db: Executor, operatorId: string, drawId: string): Promise<z.infer<typeof lottery.DrawAudit>> {
  const d = await db
    .selectFrom('lottery_draws')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', drawId)
    .executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND', 'draw not found');
  const prizes = (await prizesOf(db, [d.lottery_id])).get(d.lottery_id) ?? [];
  const randomValue = Number(d.random_value);
  const outcome = auditOutcome(
    prizes.map((p) => ({ id: p.id, position: p.position, kind: p.kind, weightBp: p.weight_bp, stock: p.stock })),
    { randomValue, pickedPrizeId: d.picked_prize_id, prizeId: d.prize_id, fellBack: d.fell_back },
  );
  return {
    drawId: d.id,
    randomValue,
    slot: outcome.slot,
    recomputedPrizeId: outcome.recomputed.id,
    recordedPrizeId: d.picked_prize_id,
    givenPrizeId: d.prize_id,
    consistent: outcome.consistent,
  };
}

/** The lotteries drawing now for a leader to share, each with its share path and the draws their links brought. */
export async function leaderLotteries(db: Executor, operatorId: string, leaderId: string, now: Date) {
  const rows = await db
    .selectFrom('lotteries as l')
    .select((eb) => [
      'l.id',
      'l.name',
      'l.ends_at',
      eb
        .selectFrom('lottery_draws as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.lottery_id', '=', 'l.id')
        .where('d.shared_by_leader_id', '=', leaderId)
        .as('draws'),
      eb
        .selectFrom('lottery_draws as d')
        .select((e) => e.fn.count<number>('d.resident_id').distinct().as('n'))
        .whereRef('d.lottery_id', '=', 'l.id')
        .where('d.shared_by_leader_id', '=', leaderId)
        .as('residents'),
    ])
    .where('l.operator_id', '=', operatorId)
    .where('l.status', '=', 'active')
    .where('l.starts_at', '<=', now)
    .where('l.ends_at', '>', now)
    .orderBy('l.ends_at')
    .orderBy('l.id')
    .limit(50)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      endsAt: r.ends_at.toISOString(),
      sharePath: `/shop/lottery/${r.id}?leader=${leaderId}`,
      draws: Number(r.draws ?? 0),
      residents: Number(r.residents ?? 0),
    })),
  };
}

/**
 * The operator's draws since an instant, for the day's report: how many, by how many residents,
 * the coupons and points won, the draws that fell back (their prize gone), and whether every one
 * audits.
 */
export async function lotteryTotals(db: Executor, operatorId: string, since: Date) {
  const draws = await db
    .selectFrom('lottery_draws')
    .select(['id', 'resident_id', 'coupon_id', 'points_given', 'points_spent', 'fell_back'])
    .where('operator_id', '=', operatorId)
    .where('at', '>=', since)
    .orderBy('id')
    .execute();
  let consistent = 0;
  for (const d of draws) if ((await auditDraw(db, operatorId, d.id)).consistent) consistent++;
  return {
    draws: draws.length,
    residents: new Set(draws.map((d) => d.resident_id)).size,
    coupons: draws.filter((d) => d.coupon_id !== null).length,
    pointsGiven: draws.reduce((s, d) => s + d.points_given, 0),
    pointsSpent: draws.reduce((s, d) => s + d.points_spent, 0),
    fellBack: draws.filter((d) => d.fell_back).length,
    audited: consistent,
  };
}
