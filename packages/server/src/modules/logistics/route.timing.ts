import type { DistanceProvider, LatLng } from './distance.ts';

/**
 * Drives a route on paper: leaving the warehouse at `departureAt`, travelling between stops in
 * order and spending `serviceS` at each, back to the warehouse. Returns the distance of the whole
 * tour and the arrival at each stop.
 */
export async function timeRoute(distances: DistanceProvider, depot: LatLng, stops: readonly LatLng[], departureAt: Date, serviceS: number) {
  if (stops.length === 0) return { distanceM: 0, arrivals: [] as Date[] };
  const all = [depot, ...stops];
  const n = all.length;
  const { distanceM, durationS } = await distances.matrix(all);
  const arrivals: Date[] = [];
  let clock = departureAt.getTime();
  let distance = 0;
  for (let i = 1; i < n; i++) {
    distance += distanceM[(i - 1) * n + i]!;
    clock += durationS[(i - 1) * n + i]! * 1000;
    arrivals.push(new Date(Math.round(clock)));
    clock += serviceS * 1000;
  }
  distance += distanceM[(n - 1) * n]!;
  return { distanceM: distance, arrivals };
}

export interface Capacity {
  weightG: number;
  volumeMl: number;
  crates: number;
}

/** What breaks a route, for programs (a stable code) and for people (English). */
export interface RouteProblem {
  code: 'weight' | 'volume' | 'crates' | 'deadline' | 'temperature' | 'retired';
  message: string;
}

/** What breaks a route's hard limits: capacity per dimension, and stops reached after the deadline. */
export function routeProblems(load: Capacity, capacity: Capacity, arrivals: readonly Date[], deadlineAt: Date): RouteProblem[] {
  const problems: RouteProblem[] = [];
  if (load.weightG > capacity.weightG)
    problems.push({ code: 'weight', message: `weight ${load.weightG} g exceeds the vehicle's ${capacity.weightG} g` });
  if (load.volumeMl > capacity.volumeMl)
    problems.push({ code: 'volume', message: `volume ${load.volumeMl} ml exceeds the vehicle's ${capacity.volumeMl} ml` });
  if (load.crates > capacity.crates)
    problems.push({ code: 'crates', message: `${load.crates} crates exceed the vehicle's ${capacity.crates}` });
  const late = arrivals.findIndex((a) => a.getTime() > deadlineAt.getTime());
  if (late >= 0)
    problems.push({ code: 'deadline', message: `stop ${late + 1} would be reached after the deadline ${deadlineAt.toISOString()}` });
  return problems;
}

/**
 * Keeps a driver's break in a route timed again after an edit: it still starts at `breakAt`, or
 * right after the service of a stop under way then; every stop after it comes its length later.
 * Returns the arrivals and when the break now starts.
 */
export function keepBreak(
  arrivals: readonly Date[],
  serviceS: number,
  rest: { at: Date; minutes: number },
): { arrivals: Date[]; breakAt: Date } {
  let start = rest.at.getTime();
  for (const a of arrivals) {
    const end = a.getTime() + serviceS * 1000;
    if (a.getTime() < start && end > start) start = end;
  }
  const shift = rest.minutes * 60_000;
  return { arrivals: arrivals.map((a) => (a.getTime() >= start ? new Date(a.getTime() + shift) : a)), breakAt: new Date(start) };
}
