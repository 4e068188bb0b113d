import type { Rng } from './rng.ts';

/**
 * Ordered crossover (OX) on giant tours: a random cyclic slice of the first parent keeps
 * its positions; the remaining clients follow in the second parent's order.
 */
export function crossover(first: Int32Array, second: Int32Array, rng: Rng): Int32Array {
  const n = first.length;
  const child = new Int32Array(n);
  if (n < 2) {
    child.set(first);
    return child;
  }
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, first[i]!);
  const taken = new Uint8Array(largest + 1);
  const start = rng.below(n);
  let end = rng.below(n);
  while (end === start) end = rng.below(n);
  let j = start;
  for (; j % n !== (end + 1) % n; j++) {
    child[j % n] = first[j % n]!;
    taken[first[j % n]!] = 1;
  }
  for (let i = 1; i <= n; i++) {
    const c = second[(end + i) % n]!;
    if (taken[c] === 1) continue;
    child[j % n] = c;
    j++;
  }
  return child;
}
