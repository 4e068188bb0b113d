import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gridMetres } from './osrm-double.ts';

/**
 * A stand-in for AMap's distance measurement web service (`GET /v3/distance`): `origins` (up to
 * 100 `lng,lat` pairs separated by `|`), one `destination`, `type` (0 straight line, 1 driving,
 * 3 walking), `key`, `output=json`. It answers as AMap does, always with HTTP 200: `status` '1'
 * with `info` 'OK', `infocode` '10000' and `results` of `{ origin_id, dest_id, distance, duration }`
 * (strings; ids count from 1), or `status` '0' with the error's `info` and `infocode`
 * (INVALID_USER_KEY 10001 for a wrong key, INVALID_PARAMS 20000, MISSING_REQUIRED_PARAMS 20001).
 *
 * Distances come from the same street-grid model as the OSRM double, on the coordinates as
 * received (GCJ-02, which it cannot tell from WGS-84: a test checks what was sent in `received`).
 * A pair touching a point in `islands` (as `amapPointKey`) comes back without a road: distance
 * '0' and the per-result `code` '1' (no drivable road between them).
 */
export interface AmapDouble {
  url: string;
  /** The key it accepts. */
  key: string;
  requests: string[];
  /** What each distance request asked: origins and destination as sent. */
  received: Array<{ origins: string[]; destination: string; type: string }>;
  islands: Set<string>;
  delayMs: number;
  close(): Promise<void>;
}

/** How a point is written in a request, `lng,lat` with six decimals (pass GCJ-02 coordinates). */
export const amapPointKey = (p: { lat: number; lng: number }): string => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`;

const SPEED_MS = 10;
const WALK_MS = 1.4;

function haversine(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

const failure = (info: string, infocode: string) => ({ status: '0', info, infocode });

/** A `lng,lat` pair as AMap takes it: numbers with at most six decimals. */
function parsePair(text: string): { lat: number; lng: number } | null {
  if (!/^-?\d{1,3}(\.\d{1,6})?,-?\d{1,2}(\.\d{1,6})?$/.test(text)) return null;
  const [lng, lat] = text.split(',').map(Number) as [number, number];
  return Math.abs(lng) <= 180 && Math.abs(lat) <= 90 ? { lat, lng } : null;
}

export async function startAmapDouble(options: { key?: string } = {}): Promise<AmapDouble> {
  const state = {
    key: options.key ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    requests: [] as string[],
    received: [] as AmapDouble['received'],
    islands: new Set<string>(),
    delayMs: 0,
  };
  const distance = (search: URLSearchParams) => {
    const key = search.get('key');
    if (!key || key !== state.key) return failure('INVALID_USER_KEY', '10001');
    const originsText = search.get('origins');
    const destinationText = search.get('destination');
    if (!originsText || !destinationText) return failure('MISSING_REQUIRED_PARAMS', '20001');
    const type = search.get('type') ?? '1';
    const origins = originsText.split('|');
    state.received.push({ origins, destination: destinationText, type });
    if (origins.length > 100 || !['0', '1', '3'].includes(type)) return failure('INVALID_PARAMS', '20000');
    const dest = parsePair(destinationText);
    const from = origins.map(parsePair);
    if (!dest || from.some((p) => p === null)) return failure('INVALID_PARAMS', '20000');
    const results = from.map((o, i) => {
      const ids = { origin_id: String(i + 1), dest_id: '1' };
      const blocked = state.islands.has(origins[i]!) || state.islands.has(destinationText);
      if (type !== '0' && blocked) return { ...ids, distance: '0', duration: '0', info: '未知错误', code: '1' };
      const metres = type === '0' ? haversine(o!, dest) : gridMetres(o!, dest);
      const seconds = type === '0' ? 0 : metres / (type === '3' ? WALK_MS : SPEED_MS);
      return { ...ids, distance: String(Math.round(metres)), duration: String(Math.round(seconds)) };
    });
    return { status: '1', info: 'OK', infocode: '10000', count: String(results.length), results };
  };
  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    state.requests.push(raw);
    const reply = () => {
      if (res.destroyed) return;
      const [path, search = ''] = raw.split('?', 2) as [string, string?];
      const body = path === '/v3/distance' ? distance(new URLSearchParams(search)) : failure('SERVICE_NOT_AVAILABLE', '10002');
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (state.delayMs > 0) setTimeout(reply, state.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key: state.key,
    get requests() {
      return state.requests;
    },
    set requests(v) {
      state.requests = v;
    },
    get received() {
      return state.received;
    },
    set received(v) {
      state.received = v;
    },
    islands: state.islands,
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
