import {
  type DistanceLog,
  type DistanceProvider,
  type EstimateOptions,
  estimateLeg,
  fetchJson,
  fixed6,
  type LatLng,
  mapProviderFailed,
  runLimited,
  warnUnroutable,
} from './distance.ts';

export interface OsrmOptions {
  /** Where osrm-routed (or anything speaking its HTTP API) listens, e.g. `http://127.0.0.1:5000`; a path prefix is kept. */
  baseUrl: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /**
   * Sources and destinations per table request (default 100, osrm-routed's default
   * `--max-table-size`): a larger point set is asked in blocks of at most this many by this many,
   * each URL carrying only the coordinates of its block.
   */
  blockSize?: number;
  /** Table requests in flight at once; default 4. */
  concurrency?: number;
  /** For a cell OSRM finds no road for (null): the estimate used instead. */
  fallback?: EstimateOptions;
  log?: DistanceLog;
}

const coordinates = (points: readonly LatLng[]) => points.map((p) => `${fixed6(p.lng)},${fixed6(p.lat)}`).join(';');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OSRM's refusal: `code` other than `Ok` (with its optional `message`) or an HTTP error. */
function refused(status: number, body: unknown): never {
  const code = isRecord(body) && typeof body.code === 'string' ? body.code : undefined;
  const message = isRecord(body) && typeof body.message === 'string' ? body.message.slice(0, 200) : undefined;
  throw mapProviderFailed('osrm', `refused the request: ${code ?? `HTTP ${status}`}${message ? ` (${message})` : ''}`, {
    httpStatus: status,
    ...(code ? { osrmCode: code } : {}),
  });
}

/** A rows × cols table of numbers or nulls, as OSRM answers `durations` and `distances`. */
function table(body: Record<string, unknown>, field: 'durations' | 'distances', rows: number, cols: number): Array<Array<number | null>> {
  const value = body[field];
  const ok =
    Array.isArray(value) &&
    value.length === rows &&
    value.every((row) => Array.isArray(row) && row.length === cols && row.every((c) => c === null || (typeof c === 'number' && c >= 0)));
  if (!ok) throw mapProviderFailed('osrm', `answered without a ${rows}×${cols} "${field}" table`, { field });
  return value as Array<Array<number | null>>;
}

/**
 * A distance provider on an OSRM server's HTTP API (`/table/v1` for matrices, `/route/v1` for
 * geometry). Cells OSRM cannot route (null: a point off the road network it loaded) take the
 * estimate, and the log says how many; any refusal, timeout or unreachable server is MAP_PROVIDER_FAILED.
 */
export function osrmDistance(options: OsrmOptions): DistanceProvider {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const block = Math.max(1, options.blockSize ?? 100);
  const concurrency = options.concurrency ?? 4;

  async function tableBlock(points: readonly LatLng[], from: number[], to: number[]) {
    const same = from === to;
    const coords = same ? from.map((i) => points[i]!) : [...from.map((i) => points[i]!), ...to.map((i) => points[i]!)];
    let query = 'annotations=duration,distance';
    if (!same) {
      query += `&sources=${from.map((_, k) => k).join(';')}`;
      query += `&destinations=${to.map((_, k) => from.length + k).join(';')}`;
    }
    const { status, body } = await fetchJson('osrm', `${base}/table/v1/driving/${coordinates(coords)}?${query}`, timeoutMs);
    if (!isRecord(body) || body.code !== 'Ok' || status !== 200) refused(status, body);
    return {
      from,
      to,
      durations: table(body, 'durations', from.length, to.length),
      distances: table(body, 'distances', from.length, to.length),
    };
  }

  return {
    async matrix(points) {
      const n = points.length;
      const distanceM = new Float64Array(n * n);
      const durationS = new Float64Array(n * n);
      if (n < 2) return { distanceM, durationS };
      const chunks: number[][] = [];
      for (let s = 0; s < n; s += block) chunks.push(Array.from({ length: Math.min(block, n - s) }, (_, k) => s + k));
      const tasks = chunks.flatMap((from) => chunks.map((to) => () => tableBlock(points, from, to)));
      const blocks = await runLimited(tasks, concurrency);
      const unroutable: Array<[number, number]> = [];
      for (const b of blocks) {
        for (const [r, i] of b.from.entries()) {
          for (const [c, j] of b.to.entries()) {
            if (i === j) continue;
            const d = b.distances[r]![c];
            const t = b.durations[r]![c];
            if (d === null || d === undefined || t === null || t === undefined) {
              const leg = estimateLeg(points[i]!, points[j]!, options.fallback);
              distanceM[i * n + j] = leg.distanceM;
              durationS[i * n + j] = leg.durationS;
              unroutable.push([i, j]);
            } else {
              distanceM[i * n + j] = d;
              durationS[i * n + j] = t;
            }
          }
        }
      }
      warnUnroutable(options.log, 'osrm', points, unroutable);
      return { distanceM, durationS };
    },

    async route(points) {
      if (points.length < 2) return null;
      const url = `${base}/route/v1/driving/${coordinates(points)}?overview=full&geometries=geojson`;
      const { status, body } = await fetchJson('osrm', url, timeoutMs);
      if (!isRecord(body) || body.code !== 'Ok' || status !== 200) {
        // No road between the points: the caller draws straight lines, as for the estimate.
        if (isRecord(body) && body.code === 'NoRoute') return null;
        refused(status, body);
      }
      const first = Array.isArray(body.routes) ? body.routes[0] : undefined;
      const geometry = isRecord(first) && isRecord(first.geometry) ? first.geometry.coordinates : undefined;
      const line =
        Array.isArray(geometry) &&
        geometry.every((c) => Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number');
      if (!isRecord(first) || !line || typeof first.distance !== 'number' || typeof first.duration !== 'number') {
        throw mapProviderFailed('osrm', 'answered a route without a GeoJSON line, distance and duration');
      }
      return {
        geometry: (geometry as number[][]).map((c) => [c[1]!, c[0]!] as [number, number]),
        distanceM: first.distance,
        durationS: first.duration,
      };
    },
  };
}
