import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

let lastMs = 0;
let counter = 0;

/**
 * Prefixed, time-sortable ids (`ord_01j…`): 10 characters of milliseconds, then a per-process
 * counter and randomness, so ids made in the same millisecond still sort in creation order here
 * and never collide across processes.
 */
export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms === lastMs) counter++;
  else {
    lastMs = ms;
    counter = 0;
  }
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let seq = '';
  let c = counter;
  for (let i = 0; i < 3; i++) {
    seq = ALPHABET[c % 32] + seq;
    c = Math.floor(c / 32);
  }
  const bytes = randomBytes(8);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}_${time}${seq}${rand}`;
}

/** A uniformly random string of decimal digits from the CSPRNG (SMS codes, pickup codes). */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** 32 random bytes, URL-safe: session tokens and generated secrets. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
