import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateLeg, type LatLng } from '../src/modules/logistics/distance.ts';
import { amapDistance } from '../src/modules/logistics/distance.amap.ts';
import { wgs84ToGcj02 } from '../src/modules/logistics/distance.gcj02.ts';
import { AppError } from '../src/platform/errors.ts';
import { type AmapDouble, amapPointKey, startAmapDouble } from './doubles/amap-double.ts';
import { gridMetres } from './doubles/osrm-double.ts';

let amap: AmapDouble;
beforeAll(async () => {
  amap = await startAmapDouble();
});
afterAll(() => amap.close());
beforeEach(() => {
  amap.requests = [];
  amap.received = [];
  amap.islands.clear();
  amap.delayMs = 0;
});

const depot = { lat: 28.19, lng: 112.96 };
const around = (n: number): LatLng[] =>
  Array.from({ length: n }, (_, i) => ({
    lat: depot.lat + 0.003 * Math.cos(i * 1.7) * (1 + (i % 7)),
    lng: depot.lng + 0.004 * Math.sin(i * 1.3) * (1 + (i % 5)),
  }));
/** What the double measures: the grid between the GCJ-02 points as sent (six decimals), to the metre. */
const sentKey = (p: LatLng) => amapPointKey(wgs84ToGcj02(p));
const fromKey = (k: string) => {
  const [lng, lat] = k.split(',').map(Number) as [number, number];
  return { lat, lng };
};
const amapMetres = (a: LatLng, b: LatLng) => Math.round(gridMetres(fromKey(sentKey(a)), fromKey(sentKey(b))));
const amapSeconds = (a: LatLng, b: LatLng) => Math.round(gridMetres(fromKey(sentKey(a)), fromKey(sentKey(b))) / 10);

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the AMap provider against the AMap double', () => {
  it('sends GCJ-02 coordinates, one destination per request, and fills the matrix from the results', async () => {
    const points = [depot, ...around(4)];
    const n = points.length;
    const m = await amapDistance({ key: amap.key, baseUrl: amap.url }).matrix(points);
    // one request per destination, the other points as origins
    expect(amap.received).toHaveLength(n);
    for (const r of amap.received) {
      expect(r.type).toBe('1');
      expect(r.origins).toHaveLength(n - 1);
      expect([...r.origins, r.destination].sort()).toEqual(points.map(sentKey).sort());
    }
    // GCJ-02, not the stored WGS-84
    expect(amap.received.flatMap((r) => r.origins)).not.toContain(amapPointKey(depot));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(m.distanceM[i * n + j]).toBe(i === j ? 0 : amapMetres(points[i]!, points[j]!));
        expect(m.durationS[i * n + j]).toBe(i === j ? 0 : amapSeconds(points[i]!, points[j]!));
      }
    }
    const url = new URL(amap.requests[0]!, amap.url);
    expect(url.pathname).toBe('/v3/distance');
    expect(url.searchParams.get('key')).toBe(amap.key);
    expect(url.searchParams.get('output')).toBe('json');
  });

  it('sends at most 100 origins a request', async () => {
    const points = around(130);
    const m = await amapDistance({ key: amap.key, baseUrl: amap.url, concurrency: 8 }).matrix(points);
    // 130 destinations × ⌈129 / 100⌉ = 260 requests
    expect(amap.received).toHaveLength(260);
    for (const r of amap.received) expect(r.origins.length).toBeLessThanOrEqual(100);
    const n = points.length;
    for (const [i, j] of [
      [0, 129],
      [129, 0],
      [57, 101],
      [101, 57],
    ] as const) {
      expect(m.distanceM[i * n + j]).toBe(amapMetres(points[i]!, points[j]!));
    }
  });

  it('a pair AMap finds no road for takes the estimate, and the log says so', async () => {
    const points = [depot, ...around(3)];
    amap.islands.add(sentKey(points[1]!));
    const warnings: unknown[] = [];
    const m = await amapDistance({
      key: amap.key,
      baseUrl: amap.url,
      log: { warn: (details) => warnings.push(details) },
    }).matrix(points);
    const n = points.length;
    expect(m.distanceM[1 * n + 2]).toBeCloseTo(estimateLeg(points[1]!, points[2]!).distanceM, 6);
    expect(m.distanceM[2 * n + 1]).toBeCloseTo(estimateLeg(points[2]!, points[1]!).distanceM, 6);
    expect(m.distanceM[2 * n + 3]).toBe(amapMetres(points[2]!, points[3]!));
    expect(warnings).toEqual([expect.objectContaining({ provider: 'amap', cells: 2 * (n - 1) })]);
  });

  it('a wrong key is a clear error that does not repeat the key', async () => {
    const err = await failure(amapDistance({ key: 'wrongkey0000', baseUrl: amap.url }).matrix(around(3)));
    expect(err.code).toBe('MAP_PROVIDER_FAILED');
    expect(err.message).toBe('AMap: refused the request: INVALID_USER_KEY (the AMap key is wrong or expired)');
    expect(err.details).toEqual({ provider: 'amap', amapInfo: 'INVALID_USER_KEY', amapInfocode: '10001' });
    expect(JSON.stringify(err.details) + err.message).not.toContain('wrongkey0000');
  });

  it('a slow or absent service is a clear error', async () => {
    amap.delayMs = 400;
    const slow = await failure(amapDistance({ key: amap.key, baseUrl: amap.url, timeoutMs: 80 }).matrix(around(2)));
    expect(slow.message).toBe('AMap: no answer within 80 ms');
    const gone = await startAmapDouble();
    await gone.close();
    const down = await failure(amapDistance({ key: amap.key, baseUrl: gone.url }).matrix(around(2)));
    expect(down.message).toMatch(/^AMap: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('has no road geometry (straight lines are drawn)', async () => {
    expect(await amapDistance({ key: amap.key, baseUrl: amap.url }).route([depot, around(1)[0]!])).toBeNull();
    expect(amap.requests).toEqual([]);
  });
});
