import type { Problem } from '../problem.ts';
import type { Rng } from './rng.ts';

/**
 * A giant tour built by nearest neighbour from a random first client. Starting the
 * population from such tours instead of random permutations spares the local search most
 * of its first, longest descent, which matters under short budgets on large instances;
 * random starts keep the tours different from each other.
 */
export function nearestNeighbourTour(p: Problem, rng: Rng): Int32Array {
  const n = p.nClients;
  const N = p.nNodes;
  const tour = new Int32Array(n);
  const visited = new Uint8Array(N);
  let current = p.nDepots + rng.below(n);
  for (let k = 0; k < n; k++) {
    tour[k] = current;
    visited[current] = 1;
    if (k === n - 1) break;
    let next = -1;
    // Granular neighbours first; a full scan only when all of them are visited.
    const end = p.neighStart[current + 1]!;
    let best = Infinity;
    for (let i = p.neighStart[current]!; i < end; i++) {
      const v = p.neighList[i]!;
      if (visited[v] === 0 && p.dist[current * N + v]! < best) {
        best = p.dist[current * N + v]!;
        next = v;
      }
    }
    if (next < 0) {
      for (let v = p.nDepots; v < N; v++) {
        if (visited[v] === 0 && p.dist[current * N + v]! < best) {
          best = p.dist[current * N + v]!;
          next = v;
        }
      }
    }
    current = next;
  }
  return tour;
}
