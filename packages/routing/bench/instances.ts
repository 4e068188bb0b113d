import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** One benchmark instance: where its file is and what it is compared with. */
export interface BenchInstance {
  name: string;
  set: string;
  format: 'vrp' | 'solomon';
  path: string;
  n: number;
  bks: number;
  /** TSPLIB rounding of Euclidean edges (X, A, B, P). */
  round: boolean;
  /** Fleet size when fixed: the k of the name for A, B and P, whose best-known solutions use exactly k routes. */
  vehicles?: number;
}

export const SETS = ['X', 'A', 'B', 'P', 'CMT', 'Golden', 'solomon'] as const;
const ROUNDED_SETS = new Set(['X', 'A', 'B', 'P']);
// In X the k of the name is no limit (the data README); in A, B and P it is the fleet size.
const FIXED_FLEET_SETS = new Set(['A', 'B', 'P']);

/** The shared benchmark data: LINLI_BENCH_DATA, or ../shared/bench-data next to the repository. */
export function benchDataDir(): string {
  return process.env.LINLI_BENCH_DATA ?? fileURLToPath(new URL('../../../../shared/bench-data/', import.meta.url));
}

function csv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const keys = head!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i]!, v])));
}

/** Every instance of the data directory with its best-known solution. */
export function listInstances(dir = benchDataDir()): BenchInstance[] {
  if (!existsSync(join(dir, 'cvrp', 'bks.csv'))) {
    throw new Error(`no benchmark data at ${dir} (cvrp/bks.csv): set LINLI_BENCH_DATA to the bench-data directory`);
  }
  const out: BenchInstance[] = [];
  const cvrpBks = new Map(csv(join(dir, 'cvrp', 'bks.csv')).map((r) => [r.name!, r]));
  for (const set of SETS) {
    if (set === 'solomon') continue;
    const folder = join(dir, 'cvrp', set);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.vrp'))
      .sort(byNumber)) {
      const name = file.slice(0, -4);
      const row = cvrpBks.get(name);
      if (!row) continue;
      out.push({
        name,
        set,
        format: 'vrp',
        path: join(folder, file),
        n: Number(row.n),
        bks: Number(row.bks),
        round: ROUNDED_SETS.has(set),
        vehicles: FIXED_FLEET_SETS.has(set) ? Number(/-k(\d+)$/.exec(name)?.[1]) : undefined,
      });
    }
  }
  const solomonDir = join(dir, 'vrptw', 'solomon');
  if (existsSync(solomonDir)) {
    const bks = new Map(csv(join(dir, 'vrptw', 'bks.csv')).map((r) => [r.name!, r]));
    for (const file of readdirSync(solomonDir)
      .filter((f) => f.endsWith('.txt'))
      .sort(byNumber)) {
      const name = file.slice(0, -4);
      const row = bks.get(name);
      if (!row) continue;
      out.push({
        name,
        set: 'solomon',
        format: 'solomon',
        path: join(solomonDir, file),
        n: Number(row.n),
        bks: Number(row.bks_distance_only),
        round: false,
      });
    }
  }
  return out;
}

function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
