import type { logistics } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../../common/api.ts';
import { api, driverErrorText } from './api.ts';
import { type Route, type StopAction, routeProgress } from './route.ts';

type RouteList = z.infer<typeof logistics.DriverRouteList>;

/** While a handover waits for the leader, the page asks again this often. */
const AWAITING_REFRESH_MS = 15_000;

/** My routes of a business day (YYYY-MM-DD). */
export function useRoutes(date: string) {
  return useQuery({
    queryKey: ['driver-routes', date],
    queryFn: () => api.get<RouteList>('driver/routes', { date }),
    refetchInterval: (q) => (q.state.data?.items.some((r) => routeProgress(r).awaiting > 0) ? AWAITING_REFRESH_MS : false),
  });
}

/** One route, refreshed by itself while a stop waits for the leader's confirmation. */
export function useRoute(id: string) {
  return useQuery({
    queryKey: ['driver-route', id],
    queryFn: () => api.get<Route>(`driver/routes/${id}`),
    refetchInterval: (q) => (q.state.data && routeProgress(q.state.data).awaiting > 0 ? AWAITING_REFRESH_MS : false),
  });
}

/**
 * Depart, arrive, hand over and fail: each answers the whole route, which replaces the cached one.
 * A state conflict (the leader confirmed meanwhile) refetches the route and says so.
 */
export function useRouteStep(routeId: string) {
  const { t } = useTranslation('driver');
  const client = useQueryClient();
  const store = (route: Route) => {
    client.setQueryData(['driver-route', routeId], route);
    client.setQueriesData<RouteList>({ queryKey: ['driver-routes'] }, (old) =>
      old ? { items: old.items.map((r) => (r.id === route.id ? route : r)) } : old,
    );
  };
  return useMutation({
    mutationFn: (step: { action: 'depart' } | { action: StopAction; stopId: string; reason?: string }) => {
      if (step.action === 'depart') return api.post<Route>(`driver/routes/${routeId}/depart`);
      const body = step.action === 'fail' ? { reason: step.reason } : undefined;
      return api.post<Route>(`driver/routes/${routeId}/stops/${step.stopId}/${step.action}`, body);
    },
    onSuccess: store,
    onError: (err) => {
      Toast.show({ icon: 'fail', content: driverErrorText(t, err), duration: 3000 });
      if (err instanceof ApiError && (err.code === 'INVALID_STATE' || err.code === 'NOT_FOUND')) {
        void client.invalidateQueries({ queryKey: ['driver-route', routeId] });
        void client.invalidateQueries({ queryKey: ['driver-routes'] });
      }
    },
  });
}
