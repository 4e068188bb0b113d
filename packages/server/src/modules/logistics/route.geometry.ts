import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { found } from '../../platform/errors.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { type DistanceProvider, fixed6, type LatLng, runLimited } from './distance.ts';
import { distanceProviderFor } from './distance.settings.ts';

type RouteGeometry = z.infer<typeof logistics.RouteGeometry>;
type Tuple = [number, number];

/**
 * Waypoints per request to the map provider. A longer trip is asked in pieces of at most this
 * many, each starting where the one before ended, so no URL grows long and none passes
 * osrm-routed's `--max-viaroute-size` (500 by default).
 */
export const MAX_WAYPOINTS = 100;
/** Pieces asked at once. */
const CONCURRENCY = 4;
/** Stops beyond this many (far more than a vehicle serves in a trip) are drawn straight, without asking the provider. */
export const MAX_ROAD_STOPS = 1000;
/** A road line longer than this is thinned evenly (first and last point kept): enough to draw, small to send. */
export const MAX_LINE_POINTS = 5000;

const same = (a: LatLng, b: LatLng) => fixed6(a.lat) === fixed6(b.lat) && fixed6(a.lng) === fixed6(b.lng);

/** At most `max` points of the line, evenly spaced along it, the first and the last kept. */
export function thin(line: readonly Tuple[], max = MAX_LINE_POINTS): Tuple[] {
  if (line.length <= max) return [...line];
  const step = (line.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => line[Math.round(i * step)]!);
}

/**
 * The road line through the waypoints in order, asked in overlapping pieces of at most
 * MAX_WAYPOINTS; null when the provider has no road geometry (the estimate, AMap) or finds no
 * road for some piece: the caller then draws straight lines. A provider failure is thrown.
 */
export async function roadLine(provider: DistanceProvider, waypoints: readonly LatLng[]): Promise<Tuple[] | null> {
  // A point split per temperature class is two stops at one place: the provider needs it once.
  const points = waypoints.filter((p, i) => i === 0 || !same(p, waypoints[i - 1]!));
  if (points.length < 2) return null;
  const pieces: LatLng[][] = [];
  for (let start = 0; start < points.length - 1; start += MAX_WAYPOINTS - 1) {
    pieces.push(points.slice(start, start + MAX_WAYPOINTS));
  }
  const lines = await runLimited(
    pieces.map((piece) => () => provider.route(piece)),
    CONCURRENCY,
  );
  if (lines.some((l) => l === null || l.geometry.length === 0)) return null;
  // Each piece starts where the previous one ended: that point once.
  const line = lines.flatMap((l, i) => (i === 0 ? l!.geometry : l!.geometry.slice(1)));
  return thin(line);
}

/**
 * How to draw a route on the map: along the roads when the operator's map provider gives a road
 * line (OSRM), else straight lines, from the warehouse through the stops in driving order and
 * back. Another operator's route is NOT_FOUND; a failing provider is its MAP_PROVIDER_FAILED.
 * Nothing is kept: each call asks the provider (one request per MAX_WAYPOINTS waypoints).
 */
export async function routeGeometry(ctx: AppContext, operatorId: string, routeId: string): Promise<RouteGeometry> {
  const route = found(
    await ctx.db
      .selectFrom('delivery_routes as r')
      .innerJoin('warehouses as w', 'w.id', 'r.warehouse_id')
      .select(['r.id', 'w.lat', 'w.lng'])
      .where('r.operator_id', '=', operatorId)
      .where('r.id', '=', routeId)
      .executeTakeFirst(),
    'route',
  );
  const stops = await ctx.db
    .selectFrom('route_stops')
    .select('pickup_point_id')
    .where('operator_id', '=', operatorId)
    .where('route_id', '=', route.id)
    .orderBy('seq')
    .orderBy('id')
    .execute();
  const points = await pickupPointsByIds(
    ctx.db,
    operatorId,
    stops.map((s) => s.pickup_point_id),
  );
  const warehouse = { lat: Number(route.lat), lng: Number(route.lng) };
  const waypoints: LatLng[] = [
    warehouse,
    ...stops.map((s) => {
      const p = points.get(s.pickup_point_id)!;
      return { lat: Number(p.lat), lng: Number(p.lng) };
    }),
    warehouse,
  ];
  if (stops.length > 0 && stops.length <= MAX_ROAD_STOPS) {
    const provider = await distanceProviderFor(ctx.db, operatorId, { log: ctx.log });
    const road = await roadLine(provider, waypoints);
    if (road) return { routeId: route.id, source: 'road', points: road };
  }
  return { routeId: route.id, source: 'straight', points: waypoints.map((p): Tuple => [p.lat, p.lng]) };
}
