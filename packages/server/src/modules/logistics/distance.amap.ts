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
import { wgs84ToGcj02 } from './distance.gcj02.ts';

/** AMap's web service host (高德开放平台 Web 服务). */
export const AMAP_DEFAULT_URL = 'https://restapi.amap.com';
/** Origins the distance service takes in one request. */
export const AMAP_MAX_ORIGINS = 100;

export interface AmapOptions {
  /** A Web-service key of the operator's AMap account. */
  key: string;
  /** Default https://restapi.amap.com; tests point it at a local double. */
  baseUrl?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Requests in flight at once (AMap limits queries per second per key); default 3. */
  concurrency?: number;
  /** For a pair AMap finds no road for: the estimate used instead. */
  fallback?: EstimateOptions;
  log?: DistanceLog;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const lngLat = (p: LatLng) => {
  const g = wgs84ToGcj02(p);
  return `${fixed6(g.lng)},${fixed6(g.lat)}`;
};

/** What AMap's `info` codes mean for the operator (the rest are passed on as they are). */
const EXPLAINED: Record<string, string> = {
  INVALID_USER_KEY: 'the AMap key is wrong or expired',
  USERKEY_PLAT_NOMATCH: 'the AMap key is not a Web-service key',
  SERVICE_NOT_AVAILABLE: 'the AMap key may not use the distance service',
  DAILY_QUERY_OVER_LIMIT: "the AMap key's daily quota is used up",
  ACCESS_TOO_FREQUENT: 'too many AMap requests a minute',
  INVALID_USER_IP: "this server's IP is not on the AMap key's whitelist",
};

/**
 * A distance provider on AMap's distance measurement service (`/v3/distance`, driving: `type=1`):
 * one destination and up to 100 origins per request, so an n-point matrix takes n × ⌈(n−1)/100⌉
 * requests. Coordinates are sent in GCJ-02 (converted from the stored WGS-84). A pair AMap cannot
 * route (a result with an error `code`) takes the estimate; a refused key, a timeout or an
 * unreachable host is MAP_PROVIDER_FAILED. No road geometry: `route` answers null.
 */
export function amapDistance(options: AmapOptions): DistanceProvider {
  const base = (options.baseUrl ?? AMAP_DEFAULT_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 3;

  async function column(coords: readonly string[], origins: number[], dest: number) {
    const url =
      `${base}/v3/distance?origins=${origins.map((i) => coords[i]).join('|')}&destination=${coords[dest]}` +
      `&type=1&output=json&key=${encodeURIComponent(options.key)}`;
    const { status, body } = await fetchJson('amap', url, timeoutMs);
    if (!isRecord(body) || status !== 200) throw mapProviderFailed('amap', `answered HTTP ${status}`, { httpStatus: status });
    if (body.status !== '1') {
      const info = typeof body.info === 'string' ? body.info.slice(0, 100) : 'UNKNOWN';
      const infocode = typeof body.infocode === 'string' ? body.infocode.slice(0, 20) : undefined;
      throw mapProviderFailed('amap', `refused the request: ${info}${EXPLAINED[info] ? ` (${EXPLAINED[info]})` : ''}`, {
        amapInfo: info,
        ...(infocode ? { amapInfocode: infocode } : {}),
      });
    }
    if (!Array.isArray(body.results)) throw mapProviderFailed('amap', 'answered without "results"');
    // origin_id counts the request's origins from 1.
    const byOrigin = new Map<number, { distanceM: number; durationS: number } | null>();
    for (const r of body.results) {
      if (!isRecord(r)) continue;
      const at = Number(r.origin_id) - 1;
      const distanceM = Number(r.distance);
      const durationS = Number(r.duration);
      const failed = r.code !== undefined && r.code !== '0' && r.code !== 0;
      const usable = !failed && r.distance !== undefined && Number.isFinite(distanceM) && Number.isFinite(durationS) && distanceM >= 0;
      if (Number.isInteger(at) && at >= 0 && at < origins.length) byOrigin.set(origins[at]!, usable ? { distanceM, durationS } : null);
    }
    return { dest, byOrigin };
  }

  return {
    async matrix(points) {
      const n = points.length;
      const distanceM = new Float64Array(n * n);
      const durationS = new Float64Array(n * n);
      if (n < 2) return { distanceM, durationS };
      const coords = points.map(lngLat);
      const tasks: Array<() => ReturnType<typeof column>> = [];
      for (let j = 0; j < n; j++) {
        const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== j);
        for (let s = 0; s < others.length; s += AMAP_MAX_ORIGINS) {
          const origins = others.slice(s, s + AMAP_MAX_ORIGINS);
          tasks.push(() => column(coords, origins, j));
        }
      }
      const columns = await runLimited(tasks, concurrency);
      const found = new Map<number, { distanceM: number; durationS: number } | null>();
      for (const c of columns) for (const [i, cell] of c.byOrigin) found.set(i * n + c.dest, cell);
      const unroutable: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const cell = found.get(i * n + j);
          const leg = cell ?? estimateLeg(points[i]!, points[j]!, options.fallback);
          if (!cell) unroutable.push([i, j]);
          distanceM[i * n + j] = leg.distanceM;
          durationS[i * n + j] = leg.durationS;
        }
      }
      warnUnroutable(options.log, 'amap', points, unroutable);
      return { distanceM, durationS };
    },
    async route() {
      return null;
    },
  };
}

/**
 * A navigation link for the driver's phone: AMap's marker URI, which opens the AMap app where
 * installed (`callnative=1`) and its web page otherwise. AMap reads `position` as GCJ-02
 * (`coordinate=gaode`, its default), so the stored WGS-84 point is converted first; a raw WGS-84
 * position lands a few hundred metres off in China.
 */
export function amapNavigationLink(point: LatLng, name?: string): string {
  const g = wgs84ToGcj02(point);
  const label = name ? `&name=${encodeURIComponent(name)}` : '';
  return `https://uri.amap.com/marker?position=${fixed6(g.lng)},${fixed6(g.lat)}${label}&coordinate=gaode&callnative=1&src=linli`;
}
