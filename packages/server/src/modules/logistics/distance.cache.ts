import { createHash } from 'node:crypto';
import { type DistanceMatrix, type DistanceProvider, fixed6, type LatLng } from './distance.ts';

/** A matrix kept for a provider, a day and a set of points (each point once, sorted). */
interface Entry {
  key: string;
  group: string;
  /** Point (6 decimals) → its row and column. */
  index: Map<string, number>;
  n: number;
  distanceM: Float64Array;
  durationS: Float64Array;
  bytes: number;
}

/** Two n×n float64 tables, plus the index's keys and the map's overhead, roughly. */
const bytesOf = (n: number) => 16 * n * n + 96 * n + 256;

const pointKey = (p: LatLng) => `${fixed6(p.lat)},${fixed6(p.lng)}`;

/**
 * Matrices from a map provider, least recently used first out once they take more than
 * `maxBytes`. An entry answers any request for its points or a subset of them (a plan's later
 * runs on part of the stops, a route re-timed after an edit), so re-planning a day asks the
 * provider nothing. In-process memory only: a restart or another API process asks again.
 */
export class MatrixCache {
  readonly maxBytes: number;
  /** Map order is the LRU order: the first entry is the least recently used. */
  #entries = new Map<string, Entry>();
  /** Entries by provider and day, the only ones a subset can be served from. */
  #groups = new Map<string, Set<string>>();
  #loading = new Map<string, Promise<Entry>>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(maxBytes = 200 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#groups.clear();
    this.#bytes = 0;
    this.hits = 0;
    this.misses = 0;
  }

  #touch(entry: Entry): Entry {
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
    this.hits++;
    return entry;
  }

  /** The entry of exactly these points, or else one of the same group holding all of them. */
  #find(group: string, key: string, wanted: readonly string[]): Entry | undefined {
    const exact = this.#entries.get(key);
    if (exact) return this.#touch(exact);
    for (const k of this.#groups.get(group) ?? []) {
      const e = this.#entries.get(k);
      if (e && wanted.every((p) => e.index.has(p))) return this.#touch(e);
    }
    return undefined;
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.key);
    this.#bytes -= entry.bytes;
    const members = this.#groups.get(entry.group);
    members?.delete(entry.key);
    if (members?.size === 0) this.#groups.delete(entry.group);
  }

  #put(entry: Entry): void {
    if (entry.bytes > this.maxBytes) return;
    const old = this.#entries.get(entry.key);
    if (old) this.#remove(old);
    this.#entries.set(entry.key, entry);
    this.#bytes += entry.bytes;
    const members = this.#groups.get(entry.group) ?? new Set<string>();
    members.add(entry.key);
    this.#groups.set(entry.group, members);
    for (const oldest of this.#entries.values()) {
      if (this.#bytes <= this.maxBytes) break;
      this.#remove(oldest);
    }
  }

  /** The matrix over `points` (any order, repeats allowed), from memory or else from `load` once. */
  async matrix(group: string, points: readonly LatLng[], load: (unique: LatLng[]) => Promise<DistanceMatrix>): Promise<DistanceMatrix> {
    const keys = points.map(pointKey);
    const firstOf = new Map<string, LatLng>();
    for (const [i, k] of keys.entries()) if (!firstOf.has(k)) firstOf.set(k, points[i]!);
    const unique = [...firstOf.keys()].sort();
    if (unique.length < 2) return { distanceM: new Float64Array(points.length ** 2), durationS: new Float64Array(points.length ** 2) };
    const key = createHash('sha256')
      .update(`${group}\n${unique.join(';')}`)
      .digest('base64url');
    let entry = this.#find(group, key, unique);
    if (!entry) {
      let pending = this.#loading.get(key);
      if (!pending) {
        this.misses++;
        pending = (async () => {
          const m = await load(unique.map((k) => firstOf.get(k)!));
          const made: Entry = {
            key,
            group,
            index: new Map(unique.map((k, i) => [k, i])),
            n: unique.length,
            distanceM: m.distanceM,
            durationS: m.durationS,
            bytes: bytesOf(unique.length),
          };
          this.#put(made);
          return made;
        })();
        this.#loading.set(key, pending);
        pending.then(
          () => this.#loading.delete(key),
          () => this.#loading.delete(key),
        );
      }
      entry = await pending;
    }
    // The caller's order (and repeats) from the entry's rows.
    const n = points.length;
    const rows = keys.map((k) => entry.index.get(k)!);
    const distanceM = new Float64Array(n * n);
    const durationS = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const from = rows[i]! * entry.n;
      for (let j = 0; j < n; j++) {
        distanceM[i * n + j] = entry.distanceM[from + rows[j]!]!;
        durationS[i * n + j] = entry.durationS[from + rows[j]!]!;
      }
    }
    return { distanceM, durationS };
  }
}

/** The process's matrix cache, bounded at 200 MB (a 1,000-point matrix takes 16 MB). */
export const matrixCache = new MatrixCache();

/**
 * A provider whose matrices are kept per provider setting (`scope`: kind and URL) and delivery
 * day: the same day's plans, shortfall sizing and route edits ask the map service once.
 * Geometry is not kept.
 */
export function cachedDistance(inner: DistanceProvider, options: { scope: string; day: string; cache?: MatrixCache }): DistanceProvider {
  const cache = options.cache ?? matrixCache;
  const group = `${options.scope}\n${options.day}`;
  return {
    matrix: (points) => cache.matrix(group, points, (unique) => inner.matrix(unique)),
    route: (points) => inner.route(points),
    async prefetch(points) {
      await cache.matrix(group, points, (unique) => inner.matrix(unique));
    },
  };
}
