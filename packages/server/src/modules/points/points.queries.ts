import type { points } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import { addDays, localDate } from '../../platform/calendar.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type Page, type PageRequest, fetchPage } from '../../platform/db/paging.ts';
import { daysOfMonth } from './points.rules.ts';
import { pointsSettings } from './points.settings.ts';

type Entry = z.infer<typeof points.PointsEntry>;
const DAY_MS = 86_400_000;

/** Points of the resident's lots still valid at `now`, and what expires when. */
async function validLots(db: Executor, operatorId: string, residentId: string, now: Date) {
  // `remaining > 0` as a literal: the partial index points_lots_open serves only a plan that knows the bound.
  return db
    .selectFrom('points_lots')
    .select(['remaining', 'expires_at'])
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('remaining', '>', sql.lit(0))
    .where('expires_at', '>', now)
    .orderBy('expires_at')
    .execute();
}

/** The resident's last sign-in (day and streak), if any. */
async function lastSignIn(db: Executor, operatorId: string, residentId: string) {
  return db
    .selectFrom('points_sign_ins')
    .select(['day', 'streak'])
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The streak as of today: today's or yesterday's (today may still come), else 0. */
function currentStreak(last: { day: string; streak: number } | undefined, today: string): number {
  return last && (last.day === today || last.day === addDays(today, -1)) ? last.streak : 0;
}

/**
 * A resident's points as the shop shows them: what can be spent now (lots past their date the
 * sweep has not expired yet are left out), what expires on which day (the last valid day in the
 * operator's time zone), and the sign-in streak.
 */
export async function myPoints(
  db: Executor,
  operatorId: string,
  residentId: string,
  now: Date,
  timeZone: string,
): Promise<z.infer<typeof points.MyPoints>> {
  const [settings, lots, last] = await Promise.all([
    pointsSettings(db, operatorId),
    validLots(db, operatorId, residentId, now),
    lastSignIn(db, operatorId, residentId),
  ]);
  const byDate = new Map<string, number>();
  for (const lot of lots) {
    // A lot expiring at an instant is valid through the local day before that instant ends.
    const lastDay = localDate(new Date(lot.expires_at.getTime() - 1), timeZone);
    byDate.set(lastDay, (byDate.get(lastDay) ?? 0) + lot.remaining);
  }
  const soon = now.getTime() + 30 * DAY_MS;
  const today = localDate(now, timeZone);
  return {
    enabled: settings.enabled,
    balance: lots.reduce((s, l) => s + l.remaining, 0),
    expiring: [...byDate].slice(0, 5).map(([date, p]) => ({ date, points: p })),
    expiringSoonPoints: lots.filter((l) => l.expires_at.getTime() <= soon).reduce((s, l) => s + l.remaining, 0),
    signedInToday: last?.day === today,
    streak: currentStreak(last, today),
  };
}

/** A resident's points entries, newest first, paged. */
export async function pointsHistory(db: Executor, operatorId: string, residentId: string, paging: PageRequest): Promise<Page<Entry>> {
  const filtered = db.selectFrom('points_entries').where('operator_id', '=', operatorId).where('resident_id', '=', residentId);
  const page = await fetchPage(paging, filtered.selectAll().orderBy('at', 'desc').orderBy('id', 'desc'), filtered);
  return {
    ...page,
    items: page.items.map((e) => ({
      id: e.id,
      delta: e.delta,
      reason: e.reason,
      documentId: e.document_id,
      shortfall: e.shortfall,
      balanceAfter: e.balance_after,
      note: e.note,
      at: e.at.toISOString(),
    })),
  };
}

/** The resident's balance as stored (what is left of every lot not yet expired by the sweep). */
export async function storedBalance(db: Executor, operatorId: string, residentId: string): Promise<number> {
  const row = await db
    .selectFrom('points_balances')
    .select('balance')
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
  return row?.balance ?? 0;
}

/** A resident's sign-ins in a month ('YYYY-MM', the operator's current month by default), with the rules. */
export async function signInCalendar(
  db: Executor,
  operatorId: string,
  residentId: string,
  now: Date,
  timeZone: string,
  month?: string,
): Promise<z.infer<typeof points.SignInCalendar>> {
  const today = localDate(now, timeZone);
  const m = month ?? today.slice(0, 7);
  const days = daysOfMonth(m);
  const [settings, rows, last] = await Promise.all([
    pointsSettings(db, operatorId),
    db
      .selectFrom('points_sign_ins')
      .select(['day', 'streak', 'points', 'bonus'])
      .where('operator_id', '=', operatorId)
      .where('resident_id', '=', residentId)
      .where('day', '>=', days[0] ?? `${m}-01`)
      .where('day', '<=', days[days.length - 1] ?? `${m}-01`)
      .orderBy('day')
      .execute(),
    lastSignIn(db, operatorId, residentId),
  ]);
  return {
    month: m,
    today,
    days: rows,
    signedInToday: last?.day === today,
    streak: currentStreak(last, today),
    signInPoints: settings.signInPoints,
    streakBonuses: settings.streakBonuses,
  };
}

/**
 * The operator's points of a period, for the demo's report: residents who signed in, points
 * earned (pickups, sign-ins, bonuses), taken back by refunds, redemptions for coupons and the
 * points they spent, and every resident's balance together.
 */
export async function pointsTotals(
  db: Executor,
  operatorId: string,
  since: Date,
): Promise<{ signedIn: number; earned: number; takenBack: number; redemptions: number; redeemed: number; balanceTotal: number }> {
  const row = await sql<{
    signed_in: number;
    earned: number;
    taken_back: number;
    redemptions: number;
    redeemed: number;
    balance_total: number;
  }>`
    select
      (select count(distinct resident_id) from points_sign_ins where operator_id = ${operatorId} and at >= ${since})::int as signed_in,
      (select coalesce(sum(delta), 0) from points_entries where operator_id = ${operatorId} and at >= ${since}
         and reason in ('order_picked_up', 'sign_in', 'streak_bonus'))::int as earned,
      (select coalesce(-sum(delta), 0) from points_entries where operator_id = ${operatorId} and at >= ${since}
         and reason = 'order_refunded')::int as taken_back,
      (select count(*) from points_entries where operator_id = ${operatorId} and at >= ${since}
         and reason = 'redeemed')::int as redemptions,
      (select coalesce(-sum(delta), 0) from points_entries where operator_id = ${operatorId} and at >= ${since}
         and reason = 'redeemed')::int as redeemed,
      (select coalesce(sum(balance), 0) from points_balances where operator_id = ${operatorId})::int as balance_total`.execute(db);
  const r = row.rows[0];
  return {
    signedIn: Number(r?.signed_in ?? 0),
    earned: Number(r?.earned ?? 0),
    takenBack: Number(r?.taken_back ?? 0),
    redemptions: Number(r?.redemptions ?? 0),
    redeemed: Number(r?.redeemed ?? 0),
    balanceTotal: Number(r?.balance_total ?? 0),
  };
}
