import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueCommission, blameCharge, clawbackTarget, commissionRate } from '../src/modules/ledger/ledger.rules.ts';
import {
  assertWithdrawalTransition,
  withdrawalFee,
  withdrawalRefusal,
  withdrawalTransitions,
} from '../src/modules/settlement/settlement.rules.ts';
import type { WithdrawalStatus } from '../src/platform/db/schema.ledger.ts';

describe('commission rules', () => {
  const rules = [
    { scope: 'product' as const, subject: 'prd_a', rateBp: 1500 },
    { scope: 'category' as const, subject: 'cat_fruit', rateBp: 1200 },
    { scope: 'level' as const, subject: '3', rateBp: 1100 },
  ];
  it.each([
    ['a product rule wins', { productId: 'prd_a', categoryId: 'cat_fruit', leaderLevel: 3 }, 1500],
    ['then the category', { productId: 'prd_b', categoryId: 'cat_fruit', leaderLevel: 3 }, 1200],
    ['then the leader level', { productId: 'prd_b', categoryId: 'cat_veg', leaderLevel: 3 }, 1100],
    ['else the default', { productId: 'prd_b', categoryId: 'cat_veg', leaderLevel: 1 }, 1000],
  ])('%s', (_, line, rate) => {
    expect(commissionRate(rules, line, 1000)).toBe(rate);
  });

  it.each([
    [
      [
        { amountFen: 2000, rateBp: 1000 },
        { amountFen: 1100, rateBp: 1000 },
      ],
      [200, 110],
    ],
    [
      [
        { amountFen: 333, rateBp: 1000 },
        { amountFen: 333, rateBp: 1000 },
        { amountFen: 334, rateBp: 1000 },
      ],
      [33, 33, 34],
    ],
    [[{ amountFen: 5, rateBp: 1000 }], [0]],
  ])('accrues %j as %j', (lines, shares) => {
    expect(accrueCommission(lines)).toEqual(shares);
  });

  it('splits the order’s commission so the lines add up to the rounded-down total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amountFen: fc.integer({ min: 1, max: 1_000_000 }), rateBp: fc.integer({ min: 0, max: 3000 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (lines) => {
          const shares = accrueCommission(lines);
          const exact = lines.reduce((s, l) => s + l.amountFen * l.rateBp, 0) / 10_000;
          expect(shares.reduce((a, b) => a + b, 0)).toBe(Math.floor(exact));
          for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it.each([
    [100, 1000, 0, 0],
    [100, 1000, 1, 0],
    [100, 1000, 500, 50],
    [100, 1000, 999, 99],
    [100, 1000, 1000, 100],
    [0, 1000, 1000, 0],
  ])('claws back %i accrued on %i paid, %i refunded: %i', (accrued, base, refunded, target) => {
    expect(clawbackTarget(accrued, base, refunded)).toBe(target);
  });

  it.each([
    ['supplier', 'supplier_payable'],
    ['driver', 'logistics_cost'],
    ['leader', 'commission_available'],
    ['warehouse', 'operator'],
    ['operator', 'operator'],
    ['none', 'operator'],
    [null, 'operator'],
  ] as const)('charges blame %s to %s', (blame, to) => {
    expect(blameCharge(blame)).toBe(to);
  });

  it.each(['supplier', 'warehouse', 'driver', 'leader', 'operator', 'none', null] as const)(
    'keeps a shortage refund (blame %s) as the operator’s cost: the supplier is not paid for missing units, never charged for them',
    (blame) => {
      expect(blameCharge(blame, 'shortage')).toBe('operator');
    },
  );
});

describe('withdrawal lifecycle', () => {
  const all: WithdrawalStatus[] = ['requested', 'approved', 'paid', 'failed', 'rejected'];
  const allowed = new Set(['requested>approved', 'requested>rejected', 'approved>paid', 'approved>failed']);
  for (const from of all) {
    for (const to of all) {
      const ok = allowed.has(`${from}>${to}`);
      it(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
        expect(withdrawalTransitions[from].includes(to)).toBe(ok);
        if (ok) expect(() => assertWithdrawalTransition(from, to)).not.toThrow();
        else expect(() => assertWithdrawalTransition(from, to)).toThrow(/a withdrawal cannot go from/);
      });
    }
  }

  const base = { amountFen: 5000, availableFen: 10_000, withdrawnTodayFen: 0, minFen: 1000, dailyLimitFen: 20_000, feeBp: 60 };
  it.each([
    ['within every rule', {}, null],
    ['below the minimum', { amountFen: 999 }, 'VALIDATION_FAILED'],
    ['more than available', { amountFen: 10_001 }, 'INSUFFICIENT_BALANCE'],
    ['a negative balance', { availableFen: -50 }, 'INSUFFICIENT_BALANCE'],
    ['over the day’s limit', { withdrawnTodayFen: 16_000 }, 'LIMIT_EXCEEDED'],
    ['a fee taking all', { feeBp: 10_000 }, 'VALIDATION_FAILED'],
  ])('%s', (_, change, code) => {
    expect(withdrawalRefusal({ ...base, ...change })?.code ?? null).toBe(code);
  });

  it('rounds the fee down to a fen', () => {
    expect(withdrawalFee(5000, 60)).toBe(30);
    expect(withdrawalFee(1234, 60)).toBe(7);
    expect(withdrawalFee(1234, 0)).toBe(0);
  });
});
