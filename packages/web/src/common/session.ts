import type { auth } from '@linli/contracts';
import type { z } from 'zod';

export type Area = 'shop' | 'leader' | 'driver' | 'supplier' | 'admin';
export type Principal = z.infer<typeof auth.Principal>;
export interface StoredSession {
  token: string;
  expiresAt: string;
  principal: Principal;
}

/** Which identity each area logs in as. */
export const areaKind: Record<Area, Principal['kind']> = {
  shop: 'resident',
  leader: 'leader',
  driver: 'driver',
  supplier: 'supplier',
  admin: 'staff',
};

const key = (area: Area) => `linli.session.${area}`;
const listeners = new Set<(area: Area) => void>();

/** The stored session of an area, or null when absent or expired. */
export function readSession(area: Area): StoredSession | null {
  try {
    const raw = localStorage.getItem(key(area));
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (!s.token || Date.parse(s.expiresAt) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function writeSession(area: Area, session: StoredSession): void {
  localStorage.setItem(key(area), JSON.stringify(session));
  for (const l of listeners) l(area);
}

export function clearSession(area: Area): void {
  localStorage.removeItem(key(area));
  for (const l of listeners) l(area);
}

/** Calls back whenever an area's session is written or cleared (login, logout, a 401). */
export function onSessionChange(listener: (area: Area) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
