import { describe, expect, it } from 'vitest';
import {
  haversineMeters,
  overrideFen,
  overrideUntil,
  type ReferralFacts,
  refusalOf,
} from '../src/modules/leader-recruiting/recruiting.rules.ts';

/** The abuse limits of a referral as a table: what each case looks like, and the reason it is refused (or null). */
const referrerPoint = { lat: 28.2, lng: 112.97 };
const far = { lat: 28.25, lng: 113.0 };
/** About 55 m north of the referrer's point. */
const near = { lat: 28.2005, lng: 112.97 };
/** About 150 m north. */
const beyond = { lat: 28.20135, lng: 112.97 };

function facts(over: {
  active?: boolean;
  phone?: string;
  residentPhone?: string | null;
  point?: typeof far;
  bound?: string | null;
}): ReferralFacts {
  return {
    referrerId: 'ldr_a',
    referrer: { phone: '13900000001', active: over.active ?? true, points: [referrerPoint, { lat: 28.3, lng: 113.1 }] },
    recruit: {
      phone: over.phone ?? '13900000002',
      residentPhone: over.residentPhone === undefined ? '13900000002' : over.residentPhone,
      point: over.point ?? far,
      boundToLeaderId: over.bound ?? null,
    },
  };
}

describe('referral abuse limits', () => {
  it.each([
    ['a stranger far away', facts({}), null],
    ["the referrer's own phone on the application", facts({ phone: '13900000001' }), 'same_phone'],
    ["the applicant's account is the referrer's phone", facts({ residentPhone: '13900000001' }), 'same_phone'],
    ['another phone at the same point (55 m)', facts({ point: near }), 'same_point'],
    ["another phone at the referrer's second point", facts({ point: { lat: 28.3, lng: 113.1 } }), 'same_point'],
    ['a point 150 m away stands', facts({ point: beyond }), null],
    ["a member of the referrer's point", facts({ bound: 'ldr_a' }), 'member_of_referrer'],
    ["a member of another leader's point stands", facts({ bound: 'ldr_b' }), null],
    ['the referrer suspended since', facts({ active: false }), 'referrer_inactive'],
    ['an applicant with no resident phone', facts({ residentPhone: null }), null],
  ] as const)('%s → %s', (_name, f, reason) => {
    expect(refusalOf(f)).toBe(reason);
  });

  it('distances are the great-circle metres the limit reads', () => {
    expect(haversineMeters(referrerPoint, near)).toBeLessThanOrEqual(100);
    expect(haversineMeters(referrerPoint, beyond)).toBeGreaterThan(100);
  });
});

describe('override', () => {
  it.each([
    [10000, 100, 100],
    [9999, 100, 99],
    [0, 100, 0],
    [-500, 100, 0],
    [12345, 0, 0],
    [12345, 1000, 1234],
  ])('%i fen at %i bp → %i fen', (base, bp, out) => {
    expect(overrideFen(base, bp)).toBe(out);
  });

  it.each([
    ['2026-11-20', 30, '2026-12-19'],
    ['2026-11-20', 1, '2026-11-20'],
    ['2026-11-20', 0, '2026-11-19'],
  ])('from %s for %i days → until %s', (from, days, until) => {
    expect(overrideUntil(from, days)).toBe(until);
  });
});
