import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../src/platform/sealed.ts';

const secret = 'installation-secret-a';
const other = 'installation-secret-b';

/** Flips one character of the encoded part (not the version prefix). */
function tamper(sealed: string, at: number): string {
  const i = 3 + at;
  const c = sealed[i] === 'A' ? 'B' : 'A';
  return sealed.slice(0, i) + c + sealed.slice(i + 1);
}

describe('sealed values', () => {
  it.each([['whsec_abc'], [''], ['长一点的中文 and emoji 🙂'], ['x'.repeat(5000)]])('round-trips %#', (plaintext) => {
    const sealed = seal(secret, plaintext);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain(plaintext || '\u0000');
    expect(unseal(secret, sealed)).toBe(plaintext);
  });

  it('seals the same value differently each time', () => {
    expect(seal(secret, 'same')).not.toBe(seal(secret, 'same'));
  });

  const sealed = seal(secret, 'whsec_payload');
  it.each([
    ['another secret', () => unseal(other, sealed)],
    ['a changed IV', () => unseal(secret, tamper(sealed, 0))],
    ['a changed ciphertext', () => unseal(secret, tamper(sealed, 17))],
    ['a changed tag', () => unseal(secret, tamper(sealed, sealed.length - 12))],
    ['a truncated value', () => unseal(secret, sealed.slice(0, 20))],
    ['an unknown version', () => unseal(secret, `v2.${sealed.slice(3)}`)],
    ['no version', () => unseal(secret, sealed.slice(3))],
    ['plain text', () => unseal(secret, 'whsec_payload')],
  ])('refuses %s', (_, open) => {
    expect(open).toThrow();
  });
});
