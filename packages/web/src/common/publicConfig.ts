import { useQuery } from '@tanstack/react-query';
import { apiUrl } from './api.ts';

/** What the server tells every page before login (GET /api/v1/public/config). */
export interface PublicConfig {
  operator: string | null;
  mapTileUrl: string | null;
  devSms: boolean;
  /** WeChat login (网页授权) is offered: the shop inside WeChat logs in with it. */
  wechatLogin?: boolean;
}

export function usePublicConfig() {
  return useQuery({
    queryKey: ['public-config'],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<PublicConfig> => {
      const res = await fetch(apiUrl('public/config'));
      if (!res.ok) return { operator: null, mapTileUrl: null, devSms: false };
      return (await res.json()) as PublicConfig;
    },
  });
}
