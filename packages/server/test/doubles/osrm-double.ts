import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for osrm-routed that speaks its HTTP API (v5: `/route/v1/{profile}/{coordinates}`
 * and `/table/v1/{profile}/{coordinates}`, `lon,lat` pairs separated by `;`), answering from a
 * tiny built-in road model instead of OpenStreetMap data: a street grid, where a trip goes north–
 * south then east–west (Manhattan distance), at 36 km/h. So its answers differ from the
 * haversine estimate in a way a test can compute (`gridMetres`).
 *
 * Like OSRM it answers `{ code: 'Ok', … }` with HTTP 200, and HTTP 400 with `{ code, message }`
 * for a request it refuses (`InvalidUrl`, `InvalidService`, `InvalidVersion`, `InvalidQuery`,
 * `InvalidOptions`, `InvalidValue`, `TooBig` beyond `maxTableSize`² table cells, `NoRoute`).
 * Points in `islands` are off the road network: table cells to and from them are null, routes
 * through them `NoRoute`. Every request's URL is recorded in `requests`.
 *
 * Start it in a test (`await startOsrmDouble()`, on an ephemeral port) or on its own for the demo:
 * `npx node packages/server/test/doubles/osrm-double.ts 5000`, then set the operator's map setting
 * to `{ provider: 'osrm', osrmUrl: 'http://127.0.0.1:5000' }`.
 */
export interface OsrmDouble {
  url: string;
  /** Path and query of every request, in order. */
  requests: string[];
  /** Points off the road network, as `islandKey(point)`. */
  islands: Set<string>;
  /** Answer every request with this refusal instead (e.g. `{ code: 'NoSegment', … }`); null to stop. */
  failWith: { status?: number; code: string; message: string } | null;
  /** Wait this long before answering (for timeouts). */
  delayMs: number;
  close(): Promise<void>;
}

export interface OsrmDoubleOptions {
  /** osrm-routed's `--max-table-size`: at most this² sources × destinations per table; default 100. */
  maxTableSize?: number;
  /** osrm-routed's `--max-viaroute-size`: coordinates per route; default 500. */
  maxRouteSize?: number;
  port?: number;
}

const SPEED_MS = 10; // 36 km/h
const METRES_PER_DEGREE = 111_320;

/** The double's road distance: metres north–south plus metres east–west (at the mean latitude). */
export function gridMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const meanLat = (((a.lat + b.lat) / 2) * Math.PI) / 180;
  return Math.abs(a.lat - b.lat) * METRES_PER_DEGREE + Math.abs(a.lng - b.lng) * METRES_PER_DEGREE * Math.cos(meanLat);
}
/** The double's driving time, seconds. */
export const gridSeconds = (a: { lat: number; lng: number }, b: { lat: number; lng: number }): number => gridMetres(a, b) / SPEED_MS;

/** How a point is written in an island set: as OSRM receives it, `lng,lat` with six decimals. */
export const islandKey = (p: { lat: number; lng: number }): string => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`;

class Refusal extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface Point {
  lat: number;
  lng: number;
  key: string;
}

const round = (v: number) => Math.round(v * 10) / 10;

function parseCoordinates(text: string): Point[] {
  if (text.startsWith('polyline(')) throw new Refusal('InvalidOptions', 'this double takes coordinates as lon,lat pairs only');
  const points = text.split(';').map((pair) => {
    const parts = pair.split(',');
    const [lng, lat] = parts.map(Number) as [number, number];
    if (parts.length !== 2 || parts.some((p) => p.trim() === '') || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      throw new Refusal('InvalidQuery', `Query string malformed close to position ${text.indexOf(pair) + pair.length}`);
    }
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) throw new Refusal('InvalidValue', 'Invalid coordinate value.');
    return { lat, lng, key: `${lng.toFixed(6)},${lat.toFixed(6)}` };
  });
  return points;
}

function parseIndexes(value: string | null, count: number, name: string): number[] {
  if (value === null || value === 'all') return Array.from({ length: count }, (_, i) => i);
  const out = value.split(';').map((v) => {
    const n = Number(v);
    if (v === '' || !Number.isInteger(n) || n < 0) throw new Refusal('InvalidQuery', `Query string malformed close to position of ${name}`);
    if (n >= count) throw new Refusal('InvalidOptions', `${name} index out of bounds`);
    return n;
  });
  return out;
}

const waypoint = (p: Point, distance = 0) => ({ hint: '', distance, name: '', location: [p.lng, p.lat] });

/** Google's encoded polyline (precision 5), OSRM's default geometry format. */
function encodePolyline(coords: Array<[number, number]>): string {
  let out = '';
  let prevLat = 0;
  let prevLng = 0;
  const put = (v: number) => {
    let n = v < 0 ? ~(v << 1) : v << 1;
    while (n >= 0x20) {
      out += String.fromCharCode((0x20 | (n & 0x1f)) + 63);
      n >>= 5;
    }
    out += String.fromCharCode(n + 63);
  };
  for (const [lng, lat] of coords) {
    const la = Math.round(lat * 1e5);
    const ln = Math.round(lng * 1e5);
    put(la - prevLat);
    put(ln - prevLng);
    prevLat = la;
    prevLng = ln;
  }
  return out;
}

function allowOnly(query: URLSearchParams, allowed: string[]): void {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) throw new Refusal('InvalidQuery', `Query string malformed close to position of ${key}`);
  }
}

function table(points: Point[], query: URLSearchParams, islands: Set<string>, maxTableSize: number) {
  allowOnly(query, ['sources', 'destinations', 'annotations', 'generate_hints', 'radiuses', 'bearings', 'hints']);
  const annotations = (query.get('annotations') ?? 'duration').split(',');
  if (annotations.some((a) => a !== 'duration' && a !== 'distance'))
    throw new Refusal('InvalidQuery', 'Query string malformed close to annotations');
  const sources = parseIndexes(query.get('sources'), points.length, 'sources');
  const destinations = parseIndexes(query.get('destinations'), points.length, 'destinations');
  if (sources.length * destinations.length > maxTableSize * maxTableSize) throw new Refusal('TooBig', 'Too many table coordinates');
  const cell = (i: number, j: number, f: (a: Point, b: Point) => number) => {
    const a = points[i]!;
    const b = points[j]!;
    if (a.key === b.key) return 0;
    if (islands.has(a.key) || islands.has(b.key)) return null;
    return round(f(a, b));
  };
  return {
    code: 'Ok',
    ...(annotations.includes('duration') ? { durations: sources.map((i) => destinations.map((j) => cell(i, j, gridSeconds))) } : {}),
    ...(annotations.includes('distance') ? { distances: sources.map((i) => destinations.map((j) => cell(i, j, gridMetres))) } : {}),
    sources: sources.map((i) => waypoint(points[i]!)),
    destinations: destinations.map((j) => waypoint(points[j]!)),
  };
}

function route(points: Point[], query: URLSearchParams, islands: Set<string>, maxRouteSize: number) {
  allowOnly(query, ['overview', 'geometries', 'steps', 'alternatives', 'annotations', 'continue_straight', 'generate_hints', 'radiuses']);
  if (points.length < 2) throw new Refusal('InvalidOptions', 'Number of coordinates needs to be at least two.');
  if (points.length > maxRouteSize) throw new Refusal('TooBig', 'Number of entries is larger than the maximum route size');
  const overview = query.get('overview') ?? 'simplified';
  const geometries = query.get('geometries') ?? 'polyline';
  if (!['simplified', 'full', 'false'].includes(overview)) throw new Refusal('InvalidQuery', 'Query string malformed close to overview');
  if (!['polyline', 'polyline6', 'geojson'].includes(geometries))
    throw new Refusal('InvalidQuery', 'Query string malformed close to geometries');
  if (points.some((p) => islands.has(p.key))) throw new Refusal('NoRoute', 'Impossible route between points');
  // Along the grid: first north–south, then east–west, to each next point.
  const line: Array<[number, number]> = [[points[0]!.lng, points[0]!.lat]];
  const legs = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.lat !== b.lat && a.lng !== b.lng) line.push([a.lng, b.lat]);
    line.push([b.lng, b.lat]);
    legs.push({
      distance: round(gridMetres(a, b)),
      duration: round(gridSeconds(a, b)),
      weight: round(gridSeconds(a, b)),
      summary: '',
      steps: [],
    });
  }
  const distance = round(legs.reduce((s, l) => s + l.distance, 0));
  const duration = round(legs.reduce((s, l) => s + l.duration, 0));
  const geometry =
    geometries === 'geojson'
      ? { type: 'LineString', coordinates: line }
      : encodePolyline(geometries === 'polyline6' ? line.map(([x, y]) => [x * 10, y * 10] as [number, number]) : line);
  return {
    code: 'Ok',
    routes: [{ ...(overview === 'false' ? {} : { geometry }), legs, distance, duration, weight: duration, weight_name: 'routability' }],
    waypoints: points.map((p) => waypoint(p)),
  };
}

export async function startOsrmDouble(options: OsrmDoubleOptions = {}): Promise<OsrmDouble> {
  const maxTableSize = options.maxTableSize ?? 100;
  const maxRouteSize = options.maxRouteSize ?? 500;
  const state = {
    requests: [] as string[],
    islands: new Set<string>(),
    failWith: null as OsrmDouble['failWith'],
    delayMs: 0,
  };
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    state.requests.push(raw);
    try {
      if (req.method !== 'GET') throw new Refusal('InvalidUrl', 'URL string malformed close to position 0: only GET');
      if (state.failWith) {
        answer(res, state.failWith.status ?? 400, { code: state.failWith.code, message: state.failWith.message });
        return;
      }
      const [path, search = ''] = raw.split('?', 2) as [string, string?];
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        throw new Refusal('InvalidUrl', 'URL string malformed close to position 0');
      }
      const match = /^\/([a-z]+)\/([^/]+)\/([^/]+)\/([^/?]+?)(\.json)?$/.exec(decoded);
      if (!match) throw new Refusal('InvalidUrl', `URL string malformed close to position ${path.length}: "${path.slice(-10)}"`);
      const [, service, version, , coordinates] = match as unknown as [string, string, string, string, string];
      if (!['route', 'table', 'nearest', 'match', 'trip', 'tile'].includes(service))
        throw new Refusal('InvalidService', 'Service not found');
      if (version !== 'v1') throw new Refusal('InvalidVersion', 'Version not found');
      const points = parseCoordinates(coordinates);
      const query = new URLSearchParams(search);
      if (service === 'table') answer(res, 200, table(points, query, state.islands, maxTableSize));
      else if (service === 'route') answer(res, 200, route(points, query, state.islands, maxRouteSize));
      else throw new Refusal('InvalidService', `this double has no ${service} service`);
    } catch (err) {
      if (err instanceof Refusal) answer(res, 400, { code: err.code, message: err.message });
      else answer(res, 500, { code: 'InternalError', message: String(err) });
    }
  };
  const server = createServer((req, res) => {
    if (state.delayMs > 0) setTimeout(() => handle(req, res), state.delayMs);
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    set requests(v) {
      state.requests = v;
    },
    islands: state.islands,
    get failWith() {
      return state.failWith;
    },
    set failWith(v) {
      state.failWith = v;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v) {
      state.delayMs = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 5000);
  const double = await startOsrmDouble({ port });
  console.log(`OSRM double (street-grid road model) on ${double.url}`);
}
