import { addDays } from '../../platform/calendar.ts';
import type { StreakBonus } from '../../platform/db/schema.points.ts';

/**
 * The pure rules of points: what an amount earns, what a refund takes back, the sign-in streak and
 * its points, and which lots a debit consumes. The service reads and writes; these decide.
 */

/** The operator's points rules. */
export interface PointsSettings {
  enabled: boolean;
  /** Points per whole yuan the resident actually paid. */
  pointsPerYuan: number;
  /** How many days a lot of points lives before what is left of it expires. */
  lotDays: number;
  /** Points for a day's sign-in. */
  signInPoints: number;
  /** Extra points on a streak's day, e.g. day 7 → 20. */
  streakBonuses: StreakBonus[];
}

/** The rules of an operator that set none. */
export const DEFAULT_SETTINGS: Readonly<PointsSettings> = Object.freeze({
  enabled: true,
  pointsPerYuan: 1,
  lotDays: 365,
  signInPoints: 5,
  streakBonuses: [{ day: 7, points: 20 }],
});

const DAY_MS = 86_400_000;

/** Points for an amount paid: per whole yuan (fen rounded down to yuan), never negative. */
export function pointsForAmount(fen: number, pointsPerYuan: number): number {
  if (fen <= 0 || pointsPerYuan <= 0) return 0;
  return Math.floor(fen / 100) * pointsPerYuan;
}

/**
 * How many of an order's `granted` points refunds have taken back in total, once `refundedFen`
 * of its `baseFen` (what it earned on) were refunded after the grant: the refunded share, rounded
 * down, so the total never exceeds what was granted and a full refund takes all of it.
 */
export function takeBackTotal(granted: number, baseFen: number, refundedFen: number): number {
  if (granted <= 0 || refundedFen <= 0) return 0;
  if (baseFen <= 0 || refundedFen >= baseFen) return granted;
  return Math.min(granted, Math.floor((granted * refundedFen) / baseFen));
}

/** The streak of a sign-in on `today`: one more than yesterday's, else it starts again at 1. */
export function nextStreak(last: { day: string; streak: number } | undefined, today: string): number {
  return last && last.day === addDays(today, -1) ? last.streak + 1 : 1;
}

/** The points of a sign-in on a streak's day: the day's points and that day's bonus, if any. */
export function signInAward(
  settings: Pick<PointsSettings, 'signInPoints' | 'streakBonuses'>,
  streak: number,
): { points: number; bonus: number } {
  const bonus = settings.streakBonuses.filter((b) => b.day === streak).reduce((s, b) => s + b.points, 0);
  return { points: settings.signInPoints, bonus };
}

/** When a lot earned at `earnedAt` expires. */
export function lotExpiry(earnedAt: Date, lotDays: number): Date {
  return new Date(earnedAt.getTime() + lotDays * DAY_MS);
}

/** A lot with points left, as a debit sees it. */
export interface OpenLot {
  id: string;
  remaining: number;
  expiresAt: Date;
  /** The entry's document that earned it (an order for points earned at pickup). */
  documentId: string | null;
}

/**
 * The order a debit takes lots in: the soonest-expiring first (then by id, so it is stable);
 * a take-back for an order first takes from the lot that order earned, if any is left.
 */
export function spendingOrder<L extends OpenLot>(lots: readonly L[], preferDocumentId?: string): L[] {
  return [...lots].sort(
    (a, b) =>
      Number(b.documentId !== null && b.documentId === preferDocumentId) -
        Number(a.documentId !== null && a.documentId === preferDocumentId) ||
      a.expiresAt.getTime() - b.expiresAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * What a debit of `amount` takes from lots already in spending order: whole lots first, the last
 * one in part. `shortfall` is what the lots could not cover (0 when they held enough).
 */
export function consumeLots(
  lots: ReadonlyArray<Pick<OpenLot, 'id' | 'remaining'>>,
  amount: number,
): { takes: Array<{ lotId: string; points: number }>; taken: number; shortfall: number } {
  const takes: Array<{ lotId: string; points: number }> = [];
  let left = Math.max(0, amount);
  for (const lot of lots) {
    if (left === 0) break;
    const points = Math.min(lot.remaining, left);
    if (points <= 0) continue;
    takes.push({ lotId: lot.id, points });
    left -= points;
  }
  return { takes, taken: Math.max(0, amount) - left, shortfall: left };
}

/** What is wrong with a list of streak bonuses: days from 1 to 366, each at most once. */
export function streakBonusIssues(bonuses: readonly StreakBonus[]): string[] {
  const issues: string[] = [];
  const seen = new Set<number>();
  for (const b of bonuses) {
    if (seen.has(b.day)) issues.push(`day ${b.day} appears twice`);
    seen.add(b.day);
  }
  return issues;
}

/** The days of a month ('YYYY-MM'), 'YYYY-MM-DD' each. */
export function daysOfMonth(month: string): string[] {
  const first = `${month}-01`;
  const days: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return days;
}
