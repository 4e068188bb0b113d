import { useEffect, useState } from 'react';
import { type Area, type StoredSession, onSessionChange, readSession } from './session.ts';

/** The area's current session; re-renders on login, logout and a 401. */
export function useSession(area: Area): StoredSession | null {
  const [session, setSession] = useState(() => readSession(area));
  useEffect(() => onSessionChange((a) => a === area && setSession(readSession(area))), [area]);
  return session;
}
