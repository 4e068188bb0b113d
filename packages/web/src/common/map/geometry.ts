/** Plain geometry for maps, free of Leaflet so it can be tested and reused. */

export type LatLngTuple = [number, number];

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** A categorical palette with good contrast on a light background, one colour per route or group. */
export const palette = [
  '#1677ff',
  '#fa541c',
  '#389e0d',
  '#722ed1',
  '#eb2f96',
  '#08979c',
  '#d48806',
  '#2f54eb',
  '#7cb305',
  '#cf1322',
  '#531dab',
  '#ad6800',
] as const;

/** The palette's colour for the n-th group (0-based), cycling when there are more groups than colours. */
export function colorFor(index: number): string {
  const n = palette.length;
  return palette[((Math.trunc(index) % n) + n) % n]!;
}

/** The smallest box holding every coordinate, or null when there is none. */
export function boundsOf(coords: readonly LatLngTuple[]): Bounds | null {
  let b: Bounds | null = null;
  for (const [lat, lng] of coords) {
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    if (!b) b = { south: lat, west: lng, north: lat, east: lng };
    else {
      b.south = Math.min(b.south, lat);
      b.north = Math.max(b.north, lat);
      b.west = Math.min(b.west, lng);
      b.east = Math.max(b.east, lng);
    }
  }
  return b;
}

/** Steps between graticule lines, in degrees, coarse to fine. */
const steps = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005];

/**
 * The lat/lng grid drawn when there are no map tiles: the coarsest step giving at least `target`
 * lines across the wider side of the view, and the multiples of it inside the view.
 */
export function graticule(view: Bounds, target = 5): { step: number; lats: number[]; lngs: number[] } {
  const span = Math.max(view.north - view.south, view.east - view.west, 1e-6);
  const step = steps.find((s) => span / s >= target) ?? steps[steps.length - 1]!;
  const lines = (from: number, to: number) => {
    const out: number[] = [];
    const first = Math.ceil(from / step);
    const last = Math.floor(to / step);
    for (let i = first; i <= last && out.length < 200; i++) out.push(Number((i * step).toFixed(6)));
    return out;
  };
  return { step, lats: lines(view.south, view.north), lngs: lines(view.west, view.east) };
}

/** 28.15°N, 112.98°E: a graticule line's label with as many decimals as the step needs. */
export function degreeLabel(value: number, step: number, axis: 'lat' | 'lng'): string {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const hemisphere = axis === 'lat' ? (value >= 0 ? 'N' : 'S') : value >= 0 ? 'E' : 'W';
  return `${Math.abs(value).toFixed(decimals)}°${hemisphere}`;
}
