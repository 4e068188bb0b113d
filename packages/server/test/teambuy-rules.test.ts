import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atExpiry,
  canTransition,
  checkDealTerms,
  extraPayerGoes,
  openingRefusal,
  shareLink,
  slotFor,
  stepTeam,
  type TeamModel,
  type TeamStep,
  teamExpiresAt,
  teamTransitions,
} from '../src/modules/teambuy/teambuy.rules.ts';
import type { TeamState } from '../src/platform/db/schema.teambuy.ts';
import { AppError } from '../src/platform/errors.ts';

const at = (min: number) => new Date(Date.UTC(2026, 10, 20, 2, min));
const team = (state: TeamState, memberCount: number, size = 3, expiresMin = 60) => ({
  state,
  size,
  memberCount,
  expiresAt: at(expiresMin),
});

describe('the team state table', () => {
  it.each<[TeamState, TeamState, boolean]>([
    ['open', 'formed', true],
    ['open', 'failed', true],
    ['open', 'open', false],
    ['formed', 'failed', false],
    ['formed', 'open', false],
    ['failed', 'formed', false],
    ['failed', 'open', false],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('formed and failed are final', () => {
    expect(teamTransitions.formed).toEqual([]);
    expect(teamTransitions.failed).toEqual([]);
  });
});

describe('expiry time', () => {
  it.each([
    [30, at(200), at(30)],
    [30, at(10), at(10)],
    [60, at(60), at(60)],
  ])('opened at 0 with %i minutes and cutoff %s: expires at %s', (limit, cutoff, expected) => {
    expect(teamExpiresAt(at(0), limit, cutoff)).toEqual(expected);
  });
});

describe('a paid order asking for a slot', () => {
  it.each([
    ['an open team with room', team('open', 1), at(10), false, { join: true, forms: false }],
    ['the last slot forms the team', team('open', 2), at(10), false, { join: true, forms: true }],
    ['a full team (size reached, not yet marked)', team('open', 3), at(10), false, { join: false, reason: 'full' }],
    ['a formed team', team('formed', 3), at(10), false, { join: false, reason: 'formed' }],
    ['a failed team', team('failed', 1), at(10), false, { join: false, reason: 'failed' }],
    ['paid at the expiry', team('open', 1), at(60), false, { join: false, reason: 'expired' }],
    ['a member already', team('open', 1), at(10), true, { join: false, reason: 'already_member' }],
  ] as const)('%s', (_name, t, now, member, expected) => {
    expect(slotFor(t, now, member)).toEqual(expected);
  });
});

describe('at expiry', () => {
  it.each([
    ['not yet due', team('open', 1), at(59), false, { action: 'none' }],
    ['short, no fill', team('open', 2), at(60), false, { action: 'fail' }],
    ['short, the operator fills', team('open', 2), at(60), true, { action: 'fill', slots: 1 }],
    ['empty, fill allowed: fails (nobody paid)', team('open', 0), at(60), true, { action: 'fail' }],
    ['formed already', team('formed', 3), at(90), true, { action: 'none' }],
    ['failed already', team('failed', 1), at(90), false, { action: 'none' }],
  ] as const)('%s', (_name, t, now, fill, expected) => {
    expect(atExpiry(t, now, fill)).toEqual(expected);
  });
});

describe('an extra payer', () => {
  const base = { policy: 'new_team', dealStatus: 'active', now: at(10), cutoffAt: at(100), mayOpen: true } as const;
  it.each([
    ['new_team, deal active, before cutoff', base, 'new_team'],
    ['refund policy', { ...base, policy: 'refund' }, 'refund'],
    ['deal paused', { ...base, dealStatus: 'paused' }, 'refund'],
    ['past the cutoff', { ...base, now: at(100) }, 'refund'],
    ['may not open (newcomers only)', { ...base, mayOpen: false }, 'refund'],
  ] as const)('%s → %s', (_name, s, expected) => {
    expect(extraPayerGoes(s)).toBe(expected);
  });
});

describe('opening and terms', () => {
  it.each([
    [{ status: 'active', openerNewcomerOnly: false }, true, null],
    [{ status: 'active', openerNewcomerOnly: true }, false, null],
    [{ status: 'active', openerNewcomerOnly: true }, true, 'newcomers_only'],
    [{ status: 'paused', openerNewcomerOnly: false }, false, 'deal_closed'],
    [{ status: 'ended', openerNewcomerOnly: false }, false, 'deal_closed'],
  ] as const)('%o, paid before %s → %s', (deal, paidBefore, expected) => {
    expect(openingRefusal(deal, paidBefore)).toBe(expected);
  });

  it.each([
    [{ teamSize: 1, timeLimitMinutes: 60, teamPriceFen: 500 }, 'teamSize'],
    [{ teamSize: 51, timeLimitMinutes: 60, teamPriceFen: 500 }, 'teamSize'],
    [{ teamSize: 3, timeLimitMinutes: 4, teamPriceFen: 500 }, 'timeLimitMinutes'],
    [{ teamSize: 3, timeLimitMinutes: 60, teamPriceFen: 1000 }, 'teamPriceFen'],
    [{ teamSize: 3, timeLimitMinutes: 60, teamPriceFen: 0 }, 'teamPriceFen'],
  ])('%o is refused on %s', (terms, field) => {
    try {
      checkDealTerms(terms, { groupPriceFen: 1000 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.field).toBe(field);
    }
  });

  it('share links carry the team or the deal, and the leader for attribution', () => {
    expect(shareLink({ id: 'tdl_1' }, 'ldr_1')).toBe('/shop/team-deals/tdl_1?leader=ldr_1');
    expect(shareLink({ id: 'tdl_1' }, null, 'tem_1')).toBe('/shop/teams/tem_1');
  });
});

describe('the team model under any sequence of joins, member refunds and expiries', () => {
  const step: fc.Arbitrary<(t0: number) => TeamStep> = fc.oneof(
    fc.integer({ min: 0, max: 90 }).map((m) => () => ({ kind: 'join', at: at(m) }) as TeamStep),
    fc.constant(() => ({ kind: 'refund_member' }) as TeamStep),
    fc.record({ m: fc.integer({ min: 0, max: 120 }), fill: fc.boolean() }).map(
      ({ m, fill }) =>
        () =>
          ({ kind: 'expire', at: at(m), mayFill: fill }) as TeamStep,
    ),
  );

  it('moves only along the table, never exceeds its size, forms exactly at its size, and a refund changes no state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.array(step, { maxLength: 30 }), (size, steps) => {
        let m: TeamModel = { state: 'open', size, memberCount: 1, expiresAt: at(60), filled: 0, refunded: 0 };
        for (const make of steps) {
          const s = make(0);
          const { model, joined } = stepTeam(m, s);
          if (model.state !== m.state) expect(canTransition(m.state, model.state)).toBe(true);
          expect(model.memberCount).toBeLessThanOrEqual(size);
          expect(model.state === 'formed').toBe(model.memberCount === size);
          if (s.kind === 'refund_member') expect(model.state).toBe(m.state);
          if (joined) expect(m.state).toBe('open');
          if (s.kind === 'join' && s.at >= m.expiresAt) expect(joined).toBe(false);
          if (model.state === 'failed') expect(model.memberCount).toBeLessThan(size);
          m = model;
        }
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});
