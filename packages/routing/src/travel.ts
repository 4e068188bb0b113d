import type { Model, Position } from './model.ts';

/** Square matrices over all locations (depots first, then stops), row-major. */
export interface TravelMatrices {
  size: number;
  distance: Float64Array;
  duration: Float64Array;
}

const EARTH_RADIUS_M = 6_371_000;
const DEFAULT_DETOUR = 1.3;

/** Great-circle distance in metres. */
export function haversineMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function positions(model: Model): (Position | undefined)[] {
  return [...model.depots.map((d) => d.position), ...model.stops.map((s) => s.position)];
}

function requirePosition(p: Position | undefined, index: number): Position {
  if (p === undefined) throw new Error(`location ${index} has no position, but travel is computed from coordinates`);
  return p;
}

/**
 * Builds the distance and duration matrices the model asks for: copies a given matrix,
 * or computes one from coordinates (haversine × detour factor at an average speed, or
 * Euclidean, rounded to integers as in TSPLIB when asked).
 */
export function buildTravelMatrices(model: Model): TravelMatrices {
  const all = positions(model);
  const size = all.length;
  const distance = new Float64Array(size * size);
  const duration = new Float64Array(size * size);
  const travel = model.travel;
  if (travel.kind === 'matrix') {
    if (travel.distance.length !== size * size) {
      throw new Error(`distance matrix has ${travel.distance.length} entries, expected ${size}×${size}`);
    }
    const dur = travel.duration ?? travel.distance;
    if (dur.length !== size * size) throw new Error(`duration matrix has ${dur.length} entries, expected ${size}×${size}`);
    for (let i = 0; i < size * size; i++) {
      distance[i] = travel.distance[i]!;
      duration[i] = dur[i]!;
    }
    return { size, distance, duration };
  }
  const points = all.map(requirePosition);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const a = points[i]!;
      const b = points[j]!;
      let d: number;
      let t: number;
      if (travel.kind === 'haversine') {
        if (!('lat' in a) || !('lat' in b)) throw new Error('haversine travel needs lat/lon positions');
        d = haversineMetres(a, b) * (travel.detourFactor ?? DEFAULT_DETOUR);
        t = d / travel.speed;
      } else {
        if (!('x' in a) || !('x' in b)) throw new Error('euclidean travel needs x/y positions');
        d = Math.hypot(a.x - b.x, a.y - b.y);
        if (travel.round) d = Math.round(d);
        t = d / (travel.speed ?? 1);
      }
      distance[i * size + j] = d;
      duration[i * size + j] = t;
    }
  }
  return { size, distance, duration };
}
