import { useCallback, useSyncExternalStore } from 'react';
import { readSession } from '../../common/session.ts';
import type { CartItem } from './cart.ts';

// The cart lives in this browser, one per resident, so a shared phone keeps carts apart.
const keyOf = (residentId: string) => `linli.shop.cart.${residentId}`;
const cache = new Map<string, CartItem[]>();
const listeners = new Set<() => void>();
const EMPTY: CartItem[] = [];

function read(residentId: string): CartItem[] {
  const hit = cache.get(residentId);
  if (hit) return hit;
  let items: CartItem[] = EMPTY;
  try {
    const raw = localStorage.getItem(keyOf(residentId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) items = parsed.filter((i): i is CartItem => typeof i?.lineId === 'string' && i.quantity > 0);
  } catch {
    // a broken entry: start with an empty cart
  }
  cache.set(residentId, items);
  return items;
}

export function writeCart(residentId: string, items: CartItem[]): void {
  cache.set(residentId, items);
  if (items.length === 0) localStorage.removeItem(keyOf(residentId));
  else localStorage.setItem(keyOf(residentId), JSON.stringify(items));
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // another tab of the shop changed the cart
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith('linli.shop.cart.')) {
      cache.clear();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The logged-in resident's cart and a setter; re-renders every user of it on change. */
export function useCart(): [CartItem[], (update: (items: CartItem[]) => CartItem[]) => void] {
  const residentId = readSession('shop')?.principal.id ?? 'anonymous';
  const items = useSyncExternalStore(
    subscribe,
    () => read(residentId),
    () => EMPTY,
  );
  const update = useCallback((fn: (items: CartItem[]) => CartItem[]) => writeCart(residentId, fn(read(residentId))), [residentId]);
  return [items, update];
}
