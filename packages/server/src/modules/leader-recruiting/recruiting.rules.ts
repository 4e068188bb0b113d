import { addDays } from '../../platform/calendar.ts';
import type { RefusalReason } from '../../platform/db/schema.recruiting.ts';
import { formatYuan } from '../../platform/money.ts';

/** The operator's recruiting terms. */
export interface RecruitTerms {
  enabled: boolean;
  /** Paid once, when the recruit has `bonusPickups` picked-up orders. */
  bonusFen: number;
  bonusPickups: number;
  /** Of the recruit's picked-up sales, in basis points, for `overrideDays` days from approval. */
  overrideBp: number;
  overrideDays: number;
}

/**
 * Off until staff turn it on; these are the values the settings page starts from: ¥50 after the
 * recruit's 10th picked-up order, and 1% of their picked-up sales for 30 days.
 */
export const DEFAULT_TERMS: RecruitTerms = { enabled: false, bonusFen: 5000, bonusPickups: 10, overrideBp: 100, overrideDays: 30 };

/** A recruit's proposed point this close to one of the referrer's points counts as the same point. */
export const SAME_POINT_METRES = 100;

/** Great-circle distance in whole metres (haversine). */
export function haversineMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return Math.round(12742000 * Math.asin(Math.sqrt(h)));
}

export interface ReferralFacts {
  referrer: { phone: string; active: boolean; points: ReadonlyArray<{ lat: number; lng: number }> };
  recruit: {
    /** The application's phone (the new leader's login). */
    phone: string;
    /** The login phones of the applicant's resident account (the same phone, unless changed). */
    residentPhone: string | null;
    point: { lat: number; lng: number };
    /** The leader whose pickup point the applicant was bound to as a resident, if any. */
    boundToLeaderId: string | null;
  };
  referrerId: string;
}

/**
 * Why a referral earns nothing, or null when it stands. The abuse limits: the referrer's own
 * phone (the application's or the applicant's account), a point within 100 m of one of the
 * referrer's points (another phone at the same point), an applicant who was a member of the
 * referrer's point (the referrer's own household or shop), or a referrer no longer active.
 */
export function refusalOf(f: ReferralFacts): RefusalReason | null {
  if (!f.referrer.active) return 'referrer_inactive';
  if (f.recruit.phone === f.referrer.phone || f.recruit.residentPhone === f.referrer.phone) return 'same_phone';
  if (f.referrer.points.some((p) => haversineMeters(p, f.recruit.point) <= SAME_POINT_METRES)) return 'same_point';
  if (f.recruit.boundToLeaderId === f.referrerId) return 'member_of_referrer';
  return null;
}

/** The override of one day: `bp` of the day's picked-up sales, rounded down to the fen. */
export function overrideFen(baseFen: number, bp: number): number {
  if (baseFen <= 0 || bp <= 0) return 0;
  return Math.floor((baseFen * bp) / 10000);
}

/** The override's last day: `days` days from `from`, both included (the day before `from` for 0 days). */
export function overrideUntil(from: string, days: number): string {
  return addDays(from, days - 1);
}

/** What the referrer is told when the bonus is posted. */
export function bonusNotice(recruitName: string, bonusFen: number, pickups: number): { title: string; body: string } {
  return {
    title: '拉新奖励已到账',
    body: `您邀请的团长「${recruitName}」已完成 ${pickups} 单自提，拉新奖励 ¥${formatYuan(bonusFen)} 已计入可提现佣金。`,
  };
}
