import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCode, mayRequestCode, SMS_MAX_ATTEMPTS } from '../src/modules/identity/identity.rules.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { newId, randomDigits } from '../src/platform/ids.ts';
import { formatYuan, splitByLargestRemainder } from '../src/platform/money.ts';

describe('splitByLargestRemainder', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [1, 0, 1], [5, 0, 5]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1, [3, 2], [1, 0]],
    [0, [0, 0], [0, 0]],
  ])('splits %i by %j into %j', (total, weights, parts) => {
    expect(splitByLargestRemainder(total, weights)).toEqual(parts);
  });

  it('always adds up to the whole and stays within one fen of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = splitByLargestRemainder(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            expect(Math.abs(p - (total * (weights[i] as number)) / sum)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('formats fen as yuan', () => {
    expect(formatYuan(123456)).toBe('1234.56');
    expect(formatYuan(-5)).toBe('-0.05');
  });
});

describe('ids and codes', () => {
  it('makes prefixed ids that sort in creation order', () => {
    const ids = Array.from({ length: 2000 }, () => newId('ord'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^ord_[0-9a-z]{21}$/);
  });
  it('makes six-digit codes', () => {
    for (let i = 0; i < 200; i++) expect(randomDigits(6)).toMatch(/^\d{6}$/);
  });
});

describe('SMS code rules', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    ['no code before', [], true],
    ['one 30 s ago', [ago(30_000)], false],
    ['one 61 s ago', [ago(61_000)], true],
    ['ten in the last day', Array.from({ length: 10 }, (_, i) => ago((i + 2) * 60 * MINUTE)), false],
    [
      'ten, the oldest a day and a minute ago',
      Array.from({ length: 10 }, (_, i) => ago(i === 9 ? 24 * 60 * MINUTE + MINUTE : (i + 2) * MINUTE)),
      true,
    ],
  ])('may request a code with %s: %s', (_name, recent, ok) => {
    expect(mayRequestCode(now, recent).ok).toBe(ok);
  });

  it.each([
    ['no code', undefined, 'no_code'],
    ['the right code', { code_hash: 'h', expires_at: new Date(now.getTime() + 1), attempts: 0, consumed_at: null }, 'ok'],
    ['a used code', { code_hash: 'h', expires_at: new Date(now.getTime() + 1), attempts: 0, consumed_at: now }, 'used'],
    ['an expired code', { code_hash: 'h', expires_at: now, attempts: 0, consumed_at: null }, 'expired'],
    [
      'a code tried too often',
      { code_hash: 'h', expires_at: new Date(now.getTime() + 1), attempts: SMS_MAX_ATTEMPTS, consumed_at: null },
      'too_many_attempts',
    ],
    ['a wrong code', { code_hash: 'x', expires_at: new Date(now.getTime() + 1), attempts: 0, consumed_at: null }, 'wrong'],
  ] as const)('judges %s', (_name, stored, verdict) => {
    expect(checkCode(now, stored, 'h')).toBe(verdict);
  });
});
