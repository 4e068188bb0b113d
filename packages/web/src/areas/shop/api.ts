import { useQuery } from '@tanstack/react-query';
import { createApi } from '../../common/api.ts';
import type { Campaign, Profile } from './types.ts';

/** The shop's API client (the resident's session). */
export const api = createApi('shop');

export const keys = {
  me: ['shop', 'me'] as const,
  campaigns: ['shop', 'campaigns'] as const,
  orders: ['shop', 'orders'] as const,
  order: (id: string) => ['shop', 'orders', id] as const,
  claims: ['shop', 'aftersales'] as const,
  notifications: ['shop', 'notifications'] as const,
  coupons: ['shop', 'coupons'] as const,
  claimable: (leaderId: string | null) => ['shop', 'coupons', 'claimable', leaderId] as const,
};

/** My profile with the pickup point I am bound to. */
export function useProfile() {
  return useQuery({ queryKey: keys.me, queryFn: () => api.get<Profile>('shop/me'), staleTime: 60_000 });
}

/** Today's open campaigns at my pickup point. */
export function useCampaigns(enabled = true) {
  return useQuery({
    queryKey: keys.campaigns,
    queryFn: async () => (await api.get<{ items: Campaign[] }>('shop/campaigns')).items,
    enabled,
  });
}

/** A retry-safe key for one checkout attempt (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `shop-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
