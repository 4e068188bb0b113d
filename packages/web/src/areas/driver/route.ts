import type { logistics } from '@linli/contracts';
import type { z } from 'zod';

export type Route = z.infer<typeof logistics.Route>;
export type RouteStop = z.infer<typeof logistics.RouteStop>;
export type StopStatus = RouteStop['status'];
export type RouteStatus = Route['status'];
export type TemperatureClass = RouteStop['temperatureClasses'][number];

/** A stop is done once the leader confirmed it or it failed (as the server completes a route). */
export const stopDone = (s: StopStatus): boolean => s === 'confirmed' || s === 'failed';

export interface Progress {
  total: number;
  /** confirmed or failed */
  done: number;
  confirmed: number;
  failed: number;
  /** handed over, the leader has not confirmed yet */
  awaiting: number;
  /** the first stop in driving order the driver still has to serve (pending or arrived) */
  next: RouteStop | null;
  /** 0..100 */
  percent: number;
}

/** How far the route has got: n of m stops done, the ones waiting for the leader, and the next stop. */
export function routeProgress(route: Pick<Route, 'stops'>): Progress {
  const stops = [...route.stops].sort((a, b) => a.seq - b.seq);
  const count = (s: StopStatus) => stops.filter((x) => x.status === s).length;
  const confirmed = count('confirmed');
  const failed = count('failed');
  const done = confirmed + failed;
  const total = stops.length;
  return {
    total,
    done,
    confirmed,
    failed,
    awaiting: count('handed_over'),
    next: stops.find((s) => s.status === 'pending' || s.status === 'arrived') ?? null,
    percent: total === 0 ? 0 : Math.round((done / total) * 100),
  };
}

/** The driver may leave the warehouse with a published route, or one being loaded. */
export const canDepart = (route: Pick<Route, 'status'>): boolean => route.status === 'published' || route.status === 'loading';

export type StopAction = 'arrive' | 'hand-over' | 'fail';

/** What the driver may do at a stop now (the server's stop lifecycle, and only once the route is under way). */
export function stopActions(route: Pick<Route, 'status'>, stop: Pick<RouteStop, 'status'>): StopAction[] {
  if (route.status !== 'in_transit') return [];
  if (stop.status === 'pending') return ['arrive', 'fail'];
  if (stop.status === 'arrived') return ['hand-over', 'fail'];
  return [];
}

/**
 * Opens the point in a map app: Amap's marker URI as the server builds it (`mapUrl`, in GCJ-02, the
 * datum AMap reads: raw GPS coordinates land a few hundred metres off in China), and a geo: fallback
 * for other apps (WGS-84, as geo: URIs are).
 */
export function mapLinks(stop: Pick<RouteStop, 'lat' | 'lng' | 'pickupPointName' | 'mapUrl'>): { amap: string; geo: string } {
  return {
    amap: stop.mapUrl,
    geo: `geo:${stop.lat},${stop.lng}?q=${stop.lat},${stop.lng}(${encodeURIComponent(stop.pickupPointName)})`,
  };
}

/** tel: link of a phone number (digits and a leading + only). */
export const telLink = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** Units to hand over at a stop and how many different SKUs. */
export function bundleTotals(lines: RouteStop['lines']): { skus: number; units: number } {
  return { skus: lines.length, units: lines.reduce((s, l) => s + l.quantity, 0) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 07:35 in the phone's time zone. */
export function clockTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 380 kg (or 0.8 kg under 1 kg). */
export function kg(grams: number): string {
  const v = grams / 1000;
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} kg`;
}

/** Litres, rounded. */
export const litres = (ml: number): string => `${Math.round(ml / 1000)} L`;

const coldness: Record<TemperatureClass, number> = { ambient: 0, chilled: 1, frozen: 2 };

/** The temperature classes of the goods on a route (its stops' together), ambient to frozen: what to load. */
export function routeGoods(route: Pick<Route, 'stops'>): TemperatureClass[] {
  const classes = new Set(route.stops.flatMap((s) => s.temperatureClasses));
  return [...classes].sort((a, b) => coldness[a] - coldness[b]);
}

/** The day's trips in the order the driver makes them: by departure, then trip number. */
export function inDepartureOrder<R extends Pick<Route, 'departureAt' | 'tripNo'>>(routes: readonly R[]): R[] {
  return [...routes].sort((a, b) => Date.parse(a.departureAt) - Date.parse(b.departureAt) || a.tripNo - b.tripNo);
}

export { breakSlot, lastArrival } from '../../common/route-times.ts';
