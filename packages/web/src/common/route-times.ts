import type { logistics } from '@linli/contracts';
import type { z } from 'zod';

type Route = z.infer<typeof logistics.Route>;

/** The planned arrival at the route's last stop: when it should be done. */
export function lastArrival(route: Pick<Route, 'stops'>): string | null {
  let last: string | null = null;
  for (const s of route.stops) if (s.plannedArrivalAt && (!last || s.plannedArrivalAt > last)) last = s.plannedArrivalAt;
  return last;
}

/**
 * Where the driver's break falls on a route: how many stops (in driving order) come before it (0: at
 * the warehouse before leaving), and when it starts and ends (ms); null without a break. A stop
 * planned after the break's start comes after it.
 */
export function breakSlot(route: Pick<Route, 'stops' | 'driverBreak'>): { after: number; start: number; end: number } | null {
  const rest = route.driverBreak;
  if (!rest) return null;
  const start = Date.parse(rest.at);
  const stops = [...route.stops].sort((a, b) => a.seq - b.seq);
  const later = stops.findIndex((s) => s.plannedArrivalAt !== null && Date.parse(s.plannedArrivalAt) > start);
  return { after: later === -1 ? stops.length : later, start, end: start + rest.minutes * 60_000 };
}
