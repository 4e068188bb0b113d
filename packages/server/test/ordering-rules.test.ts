import { describe, expect, it } from 'vitest';
import {
  checkOrderable,
  isPaid,
  mayCancelPaid,
  mergeLines,
  type OrderableLine,
  orderTransitions,
  PAID_STATUSES,
  predecessorsOf,
  TO_DELIVER_STATUSES,
  TO_PICK_UP_STATUSES,
} from '../src/modules/ordering/ordering.rules.ts';
import type { OrderStatus } from '../src/platform/db/schema.ts';
import { AppError } from '../src/platform/errors.ts';

describe('order status sets', () => {
  /** States an order reaches from `from` along the transition table, `from` included. */
  function reachable(from: OrderStatus): OrderStatus[] {
    const seen = new Set<OrderStatus>([from]);
    for (const s of seen) for (const next of orderTransitions[s]) seen.add(next);
    return [...seen];
  }

  it('paid means paid and not refunded in full: what follows paid on the table, refunded aside', () => {
    expect([...PAID_STATUSES].sort()).toEqual(
      reachable('paid')
        .filter((s) => s !== 'refunded')
        .sort(),
    );
    expect((Object.keys(orderTransitions) as OrderStatus[]).filter(isPaid).sort()).toEqual([...PAID_STATUSES].sort());
  });

  it('to pick up and to deliver are the paid states before picked_up and before delivered', () => {
    expect([...TO_PICK_UP_STATUSES]).toEqual(PAID_STATUSES.filter((s) => s !== 'picked_up'));
    expect([...TO_DELIVER_STATUSES]).toEqual(PAID_STATUSES.filter((s) => s !== 'picked_up' && s !== 'delivered'));
  });

  it.each([
    ['paid', ['pending_payment']],
    ['allocated', ['paid']],
    ['refunded', ['paid', 'allocated', 'delivered', 'picked_up']],
    ['pending_payment', []],
  ] as Array<[OrderStatus, OrderStatus[]]>)('an order moves to %s only from %j', (to, from) => {
    expect(predecessorsOf(to)).toEqual(from);
  });
});

describe('order transitions', () => {
  const table: Array<[OrderStatus, OrderStatus[]]> = [
    ['pending_payment', ['paid', 'cancelled', 'expired']],
    ['paid', ['allocated', 'refunded']],
    ['allocated', ['delivered', 'refunded']],
    ['delivered', ['picked_up', 'refunded']],
    ['picked_up', ['refunded']],
    ['cancelled', []],
    ['expired', []],
    ['refunded', []],
  ];
  it.each(table)('%s may go to exactly %j', (from, to) => {
    expect([...orderTransitions[from]].sort()).toEqual([...to].sort());
  });
  it('has no way back to pending_payment and nothing after a terminal state', () => {
    for (const targets of Object.values(orderTransitions)) expect(targets).not.toContain('pending_payment');
  });
});

const now = new Date('2026-11-20T10:00:00Z');
const line = (over: Partial<OrderableLine> = {}): OrderableLine => ({
  id: 'cml_1',
  campaignId: 'cmp_1',
  campaignStatus: 'open',
  opensAt: new Date('2026-11-20T00:00:00Z'),
  cutoffAt: new Date('2026-11-20T15:00:00Z'),
  pickupDate: '2026-11-21',
  leaderScope: 'all',
  leaderAllowed: true,
  resoldHere: true,
  perResidentLimit: null,
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
}

describe('checkOrderable', () => {
  const cases: Array<[string, Partial<OrderableLine>, number, string | undefined]> = [
    ['an open line', {}, 1, undefined],
    ['a draft campaign', { campaignStatus: 'draft' }, 1, 'CAMPAIGN_NOT_OPEN'],
    ['a scheduled campaign', { campaignStatus: 'scheduled' }, 1, 'CAMPAIGN_NOT_OPEN'],
    ['a campaign not yet open by time', { opensAt: new Date('2026-11-20T11:00:00Z') }, 1, 'CAMPAIGN_NOT_OPEN'],
    ['a closed campaign', { campaignStatus: 'closed' }, 1, 'CAMPAIGN_CLOSED'],
    ['an open campaign past its cutoff', { cutoffAt: now }, 1, 'CAMPAIGN_CLOSED'],
    ['a cancelled campaign', { campaignStatus: 'cancelled' }, 1, 'CAMPAIGN_NOT_OPEN'],
    ['a leader not on the list', { leaderScope: 'list', leaderAllowed: false }, 1, 'CAMPAIGN_NOT_FOR_LEADER'],
    ['a help-sell campaign this leader does not resell', { resoldHere: false }, 1, 'HELP_SELL_NOT_RESOLD'],
    ['more than the limit in one order', { perResidentLimit: 2 }, 3, 'LIMIT_EXCEEDED'],
    ['exactly the limit', { perResidentLimit: 2 }, 2, undefined],
  ];
  it.each(cases)('%s', (_name, over, quantity, code) => {
    expect(codeOf(() => checkOrderable(now, [{ campaignLineId: 'cml_1', quantity }], new Map([['cml_1', line(over)]])))).toBe(code);
  });

  it('refuses an unknown line and lines of two pickup dates', () => {
    expect(codeOf(() => checkOrderable(now, [{ campaignLineId: 'nope', quantity: 1 }], new Map()))).toBe('NOT_FOUND');
    const lines = new Map([
      ['a', line({ id: 'a' })],
      ['b', line({ id: 'b', pickupDate: '2026-11-22' })],
    ]);
    expect(
      codeOf(() =>
        checkOrderable(
          now,
          [
            { campaignLineId: 'a', quantity: 1 },
            { campaignLineId: 'b', quantity: 1 },
          ],
          lines,
        ),
      ),
    ).toBe('PICKUP_DATE_MISMATCH');
  });
});

describe('mergeLines', () => {
  it('adds up repeated lines and sorts by id so locks are always taken in one order', () => {
    expect(
      mergeLines([
        { campaignLineId: 'b', quantity: 1 },
        { campaignLineId: 'a', quantity: 2 },
        { campaignLineId: 'b', quantity: 3 },
      ]),
    ).toEqual([
      { campaignLineId: 'a', quantity: 2 },
      { campaignLineId: 'b', quantity: 4 },
    ]);
  });
});

describe('mayCancelPaid', () => {
  it('allows a paid cancel only while every campaign is open and before cutoff', () => {
    const open = { status: 'open', cutoffAt: new Date('2026-11-20T15:00:00Z') };
    expect(mayCancelPaid(now, [open])).toBe(true);
    expect(mayCancelPaid(now, [open, { status: 'closed', cutoffAt: open.cutoffAt }])).toBe(false);
    expect(mayCancelPaid(now, [{ status: 'open', cutoffAt: now }])).toBe(false);
  });
});
