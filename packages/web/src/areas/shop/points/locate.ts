import { api } from '../api.ts';
import type { PickupPoint, Profile } from '../types.ts';

export interface Spot {
  lat: number;
  lng: number;
}

/** Where the nearest-first list is measured from: the phone, my current point, or the city's centre. */
export type Origin = 'located' | 'fromPoint' | 'fromCity';

/** The demo city's centre (Changsha), asked first when nothing better is known. */
export const FALLBACK_CENTRE: Spot = { lat: 28.2282, lng: 112.9388 };

/** The browser's position, or a rejection when denied, unavailable or too slow. */
export function locate(timeoutMs = 8000): Promise<Spot> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('no geolocation'));
    // The browser's own timeout starts only once the user has answered the permission prompt.
    const timer = setTimeout(() => reject(new Error('no answer')), timeoutMs + 4000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude });
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
      { timeout: timeoutMs, maximumAge: 300_000, enableHighAccuracy: false },
    );
  });
}

/** The mean position of some points: the centre of the city they serve. */
export function centreOf(points: readonly Spot[]): Spot | null {
  if (points.length === 0) return null;
  return {
    lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
    lng: points.reduce((s, p) => s + p.lng, 0) / points.length,
  };
}

/** Great-circle distance in metres. */
export function metresBetween(a: Spot, b: Spot): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 12_742_000 * Math.asin(Math.sqrt(h));
}

export const nearby = async (at: Spot, limit: number) =>
  (await api.get<{ items: PickupPoint[] }>('shop/pickup-points/nearby', { lat: at.lat.toFixed(6), lng: at.lng.toFixed(6), limit })).items;

/**
 * Open pickup points nearest first: from the phone's position; when it is denied or unavailable,
 * from my current point; with none, from the centre of the city the first answer shows.
 */
export async function pointsNearMe(profile: Profile, limit = 20): Promise<{ origin: Origin; items: PickupPoint[] }> {
  try {
    return { origin: 'located', items: await nearby(await locate(), limit) };
  } catch (err) {
    if ((err as { name?: string }).name === 'ApiError') throw err;
  }
  if (profile.pickupPoint) return { origin: 'fromPoint', items: await nearby(profile.pickupPoint, limit) };
  const first = await nearby(FALLBACK_CENTRE, 50);
  const centre = centreOf(first);
  // The operator's city is elsewhere: measure again from its centre.
  if (centre && metresBetween(centre, FALLBACK_CENTRE) > 20_000) return { origin: 'fromCity', items: await nearby(centre, limit) };
  return { origin: 'fromCity', items: first.slice(0, limit) };
}
