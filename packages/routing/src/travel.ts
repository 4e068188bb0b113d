import type { Model, Position } from './model.ts';

/**
 * A travel matrix as the solver stores it, row-major. Float32 (half the memory, twice the
 * entries per cache line) where that is exact — TSPLIB-rounded Euclidean edges below 2^24 at
 * unit speed — or where the values are estimates anyway: haversine × detour factor, and given
 * matrices (about 7 significant digits: 2 mm in 30 km, 0.2 ms in an hour). Float64 for
 * exact Euclidean distances and for given values beyond Float32's range.
 */
export type Matrix = Float32Array | Float64Array;

/** Square matrices over locations (depots first, then stops), row-major. */
export interface TravelMatrices {
  size: number;
  distance: Matrix;
  duration: Matrix;
}

const EARTH_RADIUS_M = 6_371_000;
const DEFAULT_DETOUR = 1.3;
const RAD = Math.PI / 180;
/** Integers up to this size are exact in a Float32Array. */
const FLOAT32_EXACT_INTEGERS = 2 ** 24;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Great-circle distance from latitudes and longitudes in degrees, with the cosines of the latitudes. */
function greatCircle(latA: number, lonA: number, cosA: number, latB: number, lonB: number, cosB: number): number {
  const dLat = (latB - latA) * RAD;
  const dLon = (lonB - lonA) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + cosA * cosB * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in metres. */
export function haversineMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  return greatCircle(a.lat, a.lon, Math.cos(a.lat * RAD), b.lat, b.lon, Math.cos(b.lat * RAD));
}

function positions(model: Model): (Position | undefined)[] {
  return [...model.depots.map((d) => d.position), ...model.stops.map((s) => s.position)];
}

function requirePosition(p: Position | undefined, index: number): Position {
  if (p === undefined) throw new Error(`location ${index} has no position, but travel is computed from coordinates`);
  return p;
}

/** Whether every finite value fits Float32's range (a Float32Array always does). */
function fitsFloat32(values: ArrayLike<number>): boolean {
  if (values instanceof Float32Array) return true;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (v > FLOAT32_MAX && v !== Infinity) return false;
  }
  return true;
}

/**
 * Travel between the locations of a model (depots first, then stops) as the solver stores it,
 * without building a matrix first: single entries for checks that need a few, and matrices over
 * any subset of locations. Every path gives the same value for the same pair: a given matrix
 * entry, or one computed from coordinates (haversine × detour factor at an average speed, or
 * Euclidean, rounded to integers as in TSPLIB when asked), stored as `compact` says.
 */
export class TravelSource {
  readonly size: number;
  /** Matrices are Float32Array (see `Matrix`), else Float64Array. */
  readonly compact: boolean;
  private readonly model: Model;
  /** Latitudes (haversine) or x (Euclidean), per location. */
  private readonly a: Float64Array;
  /** Longitudes (haversine) or y (Euclidean), per location. */
  private readonly b: Float64Array;
  /** Cosine of each latitude (haversine only). */
  private readonly cosA: Float64Array;

  constructor(model: Model) {
    this.model = model;
    const all = positions(model);
    const size = all.length;
    this.size = size;
    const travel = model.travel;
    this.a = new Float64Array(0);
    this.b = new Float64Array(0);
    this.cosA = new Float64Array(0);
    if (travel.kind === 'matrix') {
      if (travel.distance.length !== size * size) {
        throw new Error(`distance matrix has ${travel.distance.length} entries, expected ${size}×${size}`);
      }
      const dur = travel.duration ?? travel.distance;
      if (dur.length !== size * size) throw new Error(`duration matrix has ${dur.length} entries, expected ${size}×${size}`);
      this.compact = fitsFloat32(travel.distance) && (dur === travel.distance || fitsFloat32(dur));
      return;
    }
    const points = all.map(requirePosition);
    this.a = new Float64Array(size);
    this.b = new Float64Array(size);
    if (travel.kind === 'haversine') {
      this.cosA = new Float64Array(size);
      points.forEach((p, i) => {
        if (!('lat' in p)) throw new Error('haversine travel needs lat/lon positions');
        this.a[i] = p.lat;
        this.b[i] = p.lon;
        this.cosA[i] = Math.cos(p.lat * RAD);
      });
      this.compact = true;
      return;
    }
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    points.forEach((p, i) => {
      if (!('x' in p)) throw new Error('euclidean travel needs x/y positions');
      this.a[i] = p.x;
      this.b[i] = p.y;
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    });
    // Rounded edges at unit speed are integers no longer than the diagonal of the points' box.
    const diagonal = size === 0 ? 0 : Math.hypot(maxX - minX, maxY - minY);
    this.compact = travel.round === true && (travel.speed ?? 1) === 1 && diagonal + 1 < FLOAT32_EXACT_INTEGERS;
  }

  private store(v: number): number {
    return this.compact ? Math.fround(v) : v;
  }

  /** Distance from location `from` to location `to`, as a matrix would hold it. */
  distance(from: number, to: number): number {
    return this.entry(from, to, false);
  }

  /** Travel time from location `from` to location `to`, as a matrix would hold it. */
  duration(from: number, to: number): number {
    return this.entry(from, to, true);
  }

  private entry(from: number, to: number, time: boolean): number {
    const travel = this.model.travel;
    if (travel.kind === 'matrix') {
      const values = time ? (travel.duration ?? travel.distance) : travel.distance;
      return this.store(values[from * this.size + to]!);
    }
    if (from === to) return 0;
    let d: number;
    if (travel.kind === 'haversine') {
      d =
        greatCircle(this.a[from]!, this.b[from]!, this.cosA[from]!, this.a[to]!, this.b[to]!, this.cosA[to]!) *
        (travel.detourFactor ?? DEFAULT_DETOUR);
      return this.store(time ? d / travel.speed : d);
    }
    d = Math.hypot(this.a[from]! - this.a[to]!, this.b[from]! - this.b[to]!);
    if (travel.round) d = Math.round(d);
    return this.store(time ? d / (travel.speed ?? 1) : d);
  }

  /**
   * Distance and duration matrices over `locations` (entry i·m + j is travel from locations[i] to
   * locations[j]; all locations by default), filled directly with no intermediate matrix.
   * `share`: a given Float32Array in location order is used as it is rather than copied (the
   * caller must not change it while the matrices are in use), and a missing duration matrix is
   * the distance matrix itself. `ownDuration`: the duration matrix is a new Float64Array (of the
   * values as stored) that the caller may add to, with sums exact as in double precision.
   */
  matrices(locations?: Int32Array, options: { share?: boolean; ownDuration?: boolean } = {}): TravelMatrices {
    const size = this.size;
    const all = locations === undefined || (locations.length === size && locations.every((l, i) => l === i));
    const loc = locations ?? Int32Array.from({ length: size }, (_, i) => i);
    const m = loc.length;
    const travel = this.model.travel;
    const compact = this.compact;
    const share = options.share === true;
    const make = () => (compact ? new Float32Array(m * m) : new Float64Array(m * m));
    const makeDuration = () => (options.ownDuration ? new Float64Array(m * m) : make());
    if (travel.kind === 'matrix') {
      const copy = (values: ArrayLike<number>, out: Matrix): Matrix => {
        const round = compact && out instanceof Float64Array;
        if (all && !round) {
          out.set(values);
          return out;
        }
        for (let i = 0; i < m; i++) {
          const from = loc[i]! * size;
          const row = i * m;
          for (let j = 0; j < m; j++) {
            const v = values[from + loc[j]!]!;
            out[row + j] = round ? Math.fround(v) : v;
          }
        }
        return out;
      };
      const given = travel.distance;
      const distance = share && all && compact && given instanceof Float32Array ? given : copy(given, make());
      const givenDuration = travel.duration ?? given;
      let duration: Matrix;
      if (options.ownDuration) duration = copy(givenDuration, makeDuration());
      else if (share && givenDuration === given) duration = distance;
      else duration = share && all && compact && givenDuration instanceof Float32Array ? givenDuration : copy(givenDuration, make());
      return { size: m, distance, duration };
    }
    const distance = make();
    const duration = makeDuration();
    const { a, b } = this;
    // Both formulas are exactly symmetric in floating point (a − b = −(b − a), sin is odd,
    // products commute, hypot takes absolute values), so each pair is computed once.
    if (travel.kind === 'haversine') {
      const cos = this.cosA;
      const detour = travel.detourFactor ?? DEFAULT_DETOUR;
      const speed = travel.speed;
      for (let i = 0; i < m; i++) {
        const li = loc[i]!;
        const latA = a[li]!;
        const lonA = b[li]!;
        const cosA = cos[li]!;
        for (let j = i + 1; j < m; j++) {
          const lj = loc[j]!;
          if (lj === li) continue;
          const d = greatCircle(latA, lonA, cosA, a[lj]!, b[lj]!, cos[lj]!) * detour;
          distance[i * m + j] = distance[j * m + i] = d;
          const t = d / speed;
          duration[i * m + j] = duration[j * m + i] = compact ? Math.fround(t) : t;
        }
      }
    } else {
      const round = travel.round === true;
      const speed = travel.speed ?? 1;
      for (let i = 0; i < m; i++) {
        const li = loc[i]!;
        const xA = a[li]!;
        const yA = b[li]!;
        for (let j = i + 1; j < m; j++) {
          const lj = loc[j]!;
          if (lj === li) continue;
          let d = Math.hypot(xA - a[lj]!, yA - b[lj]!);
          if (round) d = Math.round(d);
          distance[i * m + j] = distance[j * m + i] = d;
          const t = d / speed;
          duration[i * m + j] = duration[j * m + i] = compact ? Math.fround(t) : t;
        }
      }
    }
    return { size: m, distance, duration };
  }
}

/**
 * Builds the distance and duration matrices the model asks for over all its locations: a copy
 * of a given matrix, or one computed from coordinates, stored as the solver stores it.
 */
export function buildTravelMatrices(model: Model): TravelMatrices {
  return new TravelSource(model).matrices();
}

/**
 * The model with its given matrices on shared memory, for a worker thread: structured cloning
 * then shares them instead of copying them. A typed array already on a SharedArrayBuffer is
 * passed as it is; any other matrix is copied once, into a Float32Array when it fits (as the
 * solver would store it anyway). Coordinates need nothing: the worker computes from them.
 */
export function withSharedMatrices(model: Model): Model {
  const travel = model.travel;
  if (travel.kind !== 'matrix') return model;
  const sameDuration = travel.duration === undefined || travel.duration === travel.distance;
  const compact = fitsFloat32(travel.distance) && (sameDuration || fitsFloat32(travel.duration!));
  const share = (values: ArrayLike<number>): ArrayLike<number> => {
    if (ArrayBuffer.isView(values) && values.buffer instanceof SharedArrayBuffer) return values;
    const out = compact
      ? new Float32Array(new SharedArrayBuffer(4 * values.length))
      : new Float64Array(new SharedArrayBuffer(8 * values.length));
    out.set(values);
    return out;
  };
  const distance = share(travel.distance);
  return { ...model, travel: { kind: 'matrix', distance, duration: sameDuration ? undefined : share(travel.duration!) } };
}
