import { haversineMetres } from '@linli/routing';

export interface LatLng {
  lat: number;
  lng: number;
}

/** Road distances and driving times between points; a map provider can replace the built-in estimate. */
export interface DistanceProvider {
  /** Row-major square matrices over `points`: distances in metres, durations in seconds. */
  matrix(points: readonly LatLng[]): { distanceM: Float64Array; durationS: Float64Array };
}

/**
 * Straight-line (haversine) distance stretched by a detour factor for the road network, driven
 * at an average urban speed. Defaults: 1.3 and 30 km/h, a fair estimate for early-morning city
 * delivery without a routing server.
 */
export function haversineDistance(options: { detourFactor?: number; speedKmh?: number } = {}): DistanceProvider {
  const detour = options.detourFactor ?? 1.3;
  const metresPerSecond = ((options.speedKmh ?? 30) * 1000) / 3600;
  return {
    matrix(points) {
      const n = points.length;
      const distanceM = new Float64Array(n * n);
      const durationS = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const a = points[i]!;
          const b = points[j]!;
          const d = haversineMetres({ lat: a.lat, lon: a.lng }, { lat: b.lat, lon: b.lng }) * detour;
          distanceM[i * n + j] = d;
          durationS[i * n + j] = d / metresPerSecond;
        }
      }
      return { distanceM, durationS };
    },
  };
}

/** Length in metres of the tour depot → points in order → depot. */
export function tourDistance(distances: DistanceProvider, depot: LatLng, points: readonly LatLng[]): number {
  if (points.length === 0) return 0;
  const all = [depot, ...points];
  const { distanceM } = distances.matrix(all);
  const n = all.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += distanceM[i * n + ((i + 1) % n)]!;
  return total;
}
