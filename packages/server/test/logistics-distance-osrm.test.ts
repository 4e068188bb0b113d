import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateLeg, haversineDistance, type LatLng } from '../src/modules/logistics/distance.ts';
import { cachedDistance, MatrixCache } from '../src/modules/logistics/distance.cache.ts';
import { osrmDistance } from '../src/modules/logistics/distance.osrm.ts';
import { AppError } from '../src/platform/errors.ts';
import { gridMetres, gridSeconds, islandKey, type OsrmDouble, startOsrmDouble } from './doubles/osrm-double.ts';

let osrm: OsrmDouble;
beforeAll(async () => {
  osrm = await startOsrmDouble();
});
afterAll(() => osrm.close());
beforeEach(() => {
  osrm.requests = [];
  osrm.islands.clear();
  osrm.failWith = null;
  osrm.delayMs = 0;
});

const depot = { lat: 28.19, lng: 112.96 };
/** Points around the depot, a few hundred metres apart. */
const around = (n: number): LatLng[] =>
  Array.from({ length: n }, (_, i) => ({
    lat: depot.lat + 0.004 * Math.cos(i * 1.7) * (1 + (i % 7)),
    lng: depot.lng + 0.005 * Math.sin(i * 1.3) * (1 + (i % 5)),
  }));

/** Each cell as the double answers it (metres and seconds rounded to 0.1, coordinates to 6 decimals). */
function expectGrid(points: readonly LatLng[], m: { distanceM: Float64Array; durationS: Float64Array }) {
  const n = points.length;
  expect(m.distanceM).toHaveLength(n * n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const same = i === j;
      worst = Math.max(
        worst,
        Math.abs(m.distanceM[i * n + j]! - (same ? 0 : gridMetres(points[i]!, points[j]!))),
        Math.abs(m.durationS[i * n + j]! - (same ? 0 : gridSeconds(points[i]!, points[j]!))),
      );
    }
  }
  expect(worst).toBeLessThan(0.5);
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the OSRM provider against the OSRM double', () => {
  it('asks the table service once for a small matrix, lon,lat order, both annotations', async () => {
    const points = [depot, ...around(5)];
    const m = await osrmDistance({ baseUrl: osrm.url }).matrix(points);
    expectGrid(points, m);
    expect(osrm.requests).toHaveLength(1);
    const url = new URL(osrm.requests[0]!, osrm.url);
    expect(url.pathname).toBe(`/table/v1/driving/${points.map((p) => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`).join(';')}`);
    expect(url.searchParams.get('annotations')).toBe('duration,distance');
    // not the estimate: the grid is longer than the straight line and slower than 30 km/h × 1.3 suggests
    const estimate = await haversineDistance().matrix(points);
    expect(m.distanceM[1]).not.toBeCloseTo(estimate.distanceM[1]!, 0);
  });

  it('splits more than 100 points into 100 × 100 blocks, each URL carrying only its block', async () => {
    const points = around(230);
    const m = await osrmDistance({ baseUrl: osrm.url }).matrix(points);
    expectGrid(points, m);
    // 3 chunks (100, 100, 30) → 9 blocks; the double refuses more than 100 × 100 cells (TooBig), as osrm-routed does
    expect(osrm.requests).toHaveLength(9);
    for (const r of osrm.requests) {
      const url = new URL(r, osrm.url);
      const coords = url.pathname.split('/').at(-1)!.split(';').length;
      const sources = url.searchParams.get('sources')?.split(';').length ?? coords;
      const destinations = url.searchParams.get('destinations')?.split(';').length ?? coords;
      expect(coords).toBeLessThanOrEqual(200);
      expect(sources * destinations).toBeLessThanOrEqual(100 * 100);
      expect(r.length).toBeLessThan(6000);
    }
  });

  it('a block size larger than the server takes is refused with its code, as a clear error', async () => {
    const err = await failure(osrmDistance({ baseUrl: osrm.url, blockSize: 150 }).matrix(around(120)));
    expect(err.code).toBe('MAP_PROVIDER_FAILED');
    expect(err.status).toBe(502);
    expect(err.message).toBe('OSRM: refused the request: TooBig (Too many table coordinates)');
    expect(err.details).toMatchObject({ provider: 'osrm', osrmCode: 'TooBig', httpStatus: 400 });
  });

  it('a leg without a road (null cell) takes the estimate for that cell only, and says so in the log', async () => {
    const points = [depot, ...around(4)];
    const island = points[2]!;
    osrm.islands.add(islandKey(island));
    const warnings: Array<{ details: any; message: string }> = [];
    const m = await osrmDistance({
      baseUrl: osrm.url,
      fallback: { detourFactor: 1.5, speedKmh: 20 },
      log: { warn: (details, message) => warnings.push({ details, message }) },
    }).matrix(points);
    const n = points.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const offRoad = i === 2 || j === 2;
        const expected = offRoad
          ? estimateLeg(points[i]!, points[j]!, { detourFactor: 1.5, speedKmh: 20 })
          : { distanceM: gridMetres(points[i]!, points[j]!), durationS: gridSeconds(points[i]!, points[j]!) };
        expect(m.distanceM[i * n + j]).toBeCloseTo(expected.distanceM, 0);
        expect(m.durationS[i * n + j]).toBeCloseTo(expected.durationS, 0);
      }
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.details).toMatchObject({ provider: 'osrm', cells: 2 * (n - 1), points: n });
  });

  it.each([
    ['InvalidQuery', 'Query string malformed close to position 42'],
    ['NoSegment', 'Could not find a matching segment for coordinate 3'],
  ])('an error code (%s) is MAP_PROVIDER_FAILED with the code and message, never a crash', async (code, message) => {
    osrm.failWith = { code, message };
    const err = await failure(osrmDistance({ baseUrl: osrm.url }).matrix(around(3)));
    expect(err.code).toBe('MAP_PROVIDER_FAILED');
    expect(err.message).toBe(`OSRM: refused the request: ${code} (${message})`);
    expect(err.details).toMatchObject({ osrmCode: code });
  });

  it('a server too slow to answer is a timeout error', async () => {
    osrm.delayMs = 500;
    const err = await failure(osrmDistance({ baseUrl: osrm.url, timeoutMs: 100 }).matrix(around(3)));
    expect(err.code).toBe('MAP_PROVIDER_FAILED');
    expect(err.message).toBe('OSRM: no answer within 100 ms');
    expect(err.details).toMatchObject({ timeout: true });
  });

  it('a server that is not there, or is not OSRM, is a clear error', async () => {
    const gone = await startOsrmDouble();
    const url = gone.url;
    await gone.close();
    const down = await failure(osrmDistance({ baseUrl: url }).matrix(around(3)));
    expect(down.code).toBe('MAP_PROVIDER_FAILED');
    expect(down.message).toMatch(/^OSRM: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);

    const html = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const wrong = await failure(osrmDistance({ baseUrl: `http://127.0.0.1:${(html.address() as AddressInfo).port}` }).matrix(around(3)));
      expect(wrong.message).toBe('OSRM: answered HTTP 404 without JSON; is the URL right?');
    } finally {
      html.close();
    }
  });

  it('a route comes back as [lat, lng] pairs along the roads; through a point off the roads, null', async () => {
    const a = { lat: 28.19, lng: 112.96 };
    const b = { lat: 28.2, lng: 112.97 };
    const c = { lat: 28.2, lng: 112.98 };
    const provider = osrmDistance({ baseUrl: osrm.url });
    const route = await provider.route([a, b, c]);
    expect(route).toEqual({
      geometry: [
        [28.19, 112.96],
        [28.2, 112.96],
        [28.2, 112.97],
        [28.2, 112.98],
      ],
      distanceM: expect.closeTo(gridMetres(a, b) + gridMetres(b, c), 0),
      durationS: expect.closeTo(gridSeconds(a, b) + gridSeconds(b, c), 0),
    });
    const url = new URL(osrm.requests[0]!, osrm.url);
    expect(url.pathname.startsWith('/route/v1/driving/')).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toEqual({ overview: 'full', geometries: 'geojson' });
    osrm.islands.add(islandKey(b));
    expect(await provider.route([a, b, c])).toBeNull();
    expect(await haversineDistance().route([a, b])).toBeNull();
  });
});

describe('the matrix cache', () => {
  it('answers the same points in any order, and any subset, from one request', async () => {
    const cache = new MatrixCache();
    const provider = cachedDistance(osrmDistance({ baseUrl: osrm.url }), { scope: 'osrm test', day: '2026-11-21', cache });
    const points = [depot, ...around(6)];
    const first = await provider.matrix(points);
    expectGrid(points, first);
    const shuffled = [points[3]!, points[0]!, points[6]!, points[1]!];
    expectGrid(shuffled, await provider.matrix(shuffled));
    // a point twice (two pickup points in one building)
    const twice = [points[2]!, points[5]!, { ...points[2]! }];
    expectGrid(twice, await provider.matrix(twice));
    expect(osrm.requests).toHaveLength(1);
    expect(cache).toMatchObject({ size: 1, misses: 1, hits: 2 });
  });

  it('keys by day and provider setting: another day or server asks again', async () => {
    const cache = new MatrixCache();
    const points = [depot, ...around(3)];
    const on = (day: string, scope = 'osrm a') => cachedDistance(osrmDistance({ baseUrl: osrm.url }), { scope, day, cache });
    await on('2026-11-21').matrix(points);
    await on('2026-11-21').matrix(points);
    expect(osrm.requests).toHaveLength(1);
    await on('2026-11-22').matrix(points);
    await on('2026-11-21', 'osrm b').matrix(points);
    expect(osrm.requests).toHaveLength(3);
  });

  it('asks once for two plans at the same time, and keeps no failure', async () => {
    const cache = new MatrixCache();
    const provider = cachedDistance(osrmDistance({ baseUrl: osrm.url }), { scope: 'osrm', day: '2026-11-21', cache });
    const points = [depot, ...around(4)];
    osrm.delayMs = 50;
    await Promise.all([provider.matrix(points), provider.matrix([...points].reverse())]);
    expect(osrm.requests).toHaveLength(1);

    const other = [depot, ...around(9)];
    osrm.failWith = { code: 'NoSegment', message: 'no segment' };
    await failure(provider.matrix(other));
    osrm.failWith = null;
    expectGrid(other, await provider.matrix(other));
  });

  it('drops the least recently used matrices beyond its byte budget', async () => {
    // 10 points: 16 × 10² + 96 × 10 + 256 = 2,816 bytes an entry; room for three
    const cache = new MatrixCache(3 * 2816 + 100);
    const provider = cachedDistance(haversineDistance(), { scope: 'estimate', day: '2026-11-21', cache });
    const sets = [0, 1, 2, 3].map((k) => around(10).map((p) => ({ lat: p.lat + k, lng: p.lng })));
    for (const s of sets.slice(0, 3)) await provider.matrix(s);
    expect(cache.size).toBe(3);
    await provider.matrix(sets[0]!); // now the most recent
    await provider.matrix(sets[3]!); // evicts sets[1], the least recently used
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    const misses = cache.misses;
    await provider.matrix(sets[0]!);
    await provider.matrix(sets[2]!);
    expect(cache.misses).toBe(misses);
    await provider.matrix(sets[1]!);
    expect(cache.misses).toBe(misses + 1);
  });
});
