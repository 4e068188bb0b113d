import { haversineMetres } from '@linli/routing';
import { AppError } from '../../platform/errors.ts';

/** A position in WGS-84 (as stored in the database and sent by phones' GPS). */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Row-major square matrices over the points asked for: distances in metres, durations in seconds. */
export interface DistanceMatrix {
  distanceM: Float64Array;
  durationS: Float64Array;
}

/** A drivable line through points in order, for drawing a route on a map. */
export interface RouteGeometry {
  /** [lat, lng] pairs in WGS-84, from the first point to the last. */
  geometry: Array<[number, number]>;
  distanceM: number;
  durationS: number;
}

/**
 * Road distances and driving times between points; a map provider (OSRM, AMap) can replace the
 * built-in estimate. Every provider takes and answers WGS-84 coordinates.
 */
export interface DistanceProvider {
  matrix(points: readonly LatLng[]): Promise<DistanceMatrix>;
  /** The road line through the points in order, or null where the provider has none (draw straight lines). */
  route(points: readonly LatLng[]): Promise<RouteGeometry | null>;
  /** Where matrices are kept: fetches the one over these points ahead, so subsets of them are answered from memory. */
  prefetch?(points: readonly LatLng[]): Promise<void>;
}

/** Where a provider reports what it had to estimate (pino's logger fits). */
export interface DistanceLog {
  warn(details: object, message: string): void;
}

export interface EstimateOptions {
  /** Road distance over straight-line distance; default 1.3. */
  detourFactor?: number;
  /** Average driving speed; default 30 km/h. */
  speedKmh?: number;
}

export const DEFAULT_DETOUR_FACTOR = 1.3;
export const DEFAULT_SPEED_KMH = 30;

/** One leg by the estimate: straight-line distance stretched by the detour factor, at the average speed. */
export function estimateLeg(a: LatLng, b: LatLng, options: EstimateOptions = {}): { distanceM: number; durationS: number } {
  const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
  const metresPerSecond = ((options.speedKmh ?? DEFAULT_SPEED_KMH) * 1000) / 3600;
  const distanceM = haversineMetres({ lat: a.lat, lon: a.lng }, { lat: b.lat, lon: b.lng }) * detour;
  return { distanceM, durationS: distanceM / metresPerSecond };
}

/**
 * Straight-line (haversine) distance stretched by a detour factor for the road network, driven
 * at an average urban speed. Defaults: 1.3 and 30 km/h, a fair estimate for early-morning city
 * delivery without a routing server. It has no road geometry: `route` answers null.
 */
export function haversineDistance(options: EstimateOptions = {}): DistanceProvider {
  return {
    async matrix(points) {
      const n = points.length;
      const distanceM = new Float64Array(n * n);
      const durationS = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const leg = estimateLeg(points[i]!, points[j]!, options);
          distanceM[i * n + j] = leg.distanceM;
          durationS[i * n + j] = leg.durationS;
        }
      }
      return { distanceM, durationS };
    },
    async route() {
      return null;
    },
  };
}

export type MapProviderName = 'osrm' | 'amap';

/** Logs the legs a map provider found no road for (they took the straight-line estimate), with a few examples. */
export function warnUnroutable(
  log: DistanceLog | undefined,
  provider: MapProviderName,
  points: readonly LatLng[],
  unroutable: ReadonlyArray<[number, number]>,
): void {
  if (unroutable.length === 0) return;
  log?.warn(
    {
      provider,
      cells: unroutable.length,
      points: points.length,
      examples: unroutable.slice(0, 5).map(([i, j]) => ({ from: points[i], to: points[j] })),
    },
    `${provider === 'osrm' ? 'OSRM' : 'AMap'} found no road for some legs; they take the straight-line estimate`,
  );
}

/** The one error of a map provider that failed: unreachable, too slow, refusing, or answering nonsense. */
export function mapProviderFailed(provider: MapProviderName, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('MAP_PROVIDER_FAILED', `${provider === 'osrm' ? 'OSRM' : 'AMap'}: ${message}`, { provider, ...details });
}

/**
 * GETs a JSON answer from a map provider within `timeoutMs`. A network failure, a timeout or a
 * body that is not JSON is MAP_PROVIDER_FAILED; an HTTP error status with a JSON body is returned
 * (OSRM explains its refusals in a 400's body), the caller decides.
 */
export async function fetchJson(provider: MapProviderName, url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    const timedOut = err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
    if (timedOut) throw mapProviderFailed(provider, `no answer within ${timeoutMs} ms`, { timeout: true, timeoutMs });
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const raw = typeof cause?.code === 'string' ? cause.code : err instanceof Error ? err.message : String(err);
    const reason = raw.replaceAll(url, '<url>').slice(0, 200);
    // Only the host goes into the message: the path carries every coordinate, AMap's query the key.
    throw mapProviderFailed(provider, `cannot reach ${URL.canParse(url) ? new URL(url).origin : 'the configured URL'} (${reason})`, {
      reason,
    });
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const timedOut = err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw mapProviderFailed(provider, timedOut ? `no answer within ${timeoutMs} ms` : 'the answer broke off', {
      timeout: timedOut,
      httpStatus: res.status,
    });
  }
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    throw mapProviderFailed(provider, `answered HTTP ${res.status} without JSON; is the URL right?`, { httpStatus: res.status });
  }
}

/** Runs the tasks with at most `limit` at a time; the first failure rejects once the tasks in flight settle, and starts no more. */
export async function runLimited<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < tasks.length && failed === undefined) {
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (failed !== undefined) throw failed;
  return results;
}

/** Coordinates as map services take them: six decimals (about 0.1 m). */
export const fixed6 = (v: number): string => v.toFixed(6);
