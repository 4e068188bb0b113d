import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { type Route, routeErrorText } from './shared.ts';

/** New order of a route's stops after moving one up (-1) or down (+1); null when it cannot move. */
export function reordered(stopIds: readonly string[], stopId: string, by: -1 | 1): string[] | null {
  const i = stopIds.indexOf(stopId);
  const j = i + by;
  if (i < 0 || j < 0 || j >= stopIds.length) return null;
  const next = [...stopIds];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** Changes to the day's routes; each refreshes the routes (and sorting sheets) and reports failures in words. */
export function useRouteActions() {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
    void client.invalidateQueries({ queryKey: ['admin', 'sorting'] });
  };
  const options = (ok: string) => ({
    onSuccess: () => {
      refresh();
      message.success(ok);
    },
    onError: (err: unknown) => message.error(routeErrorText(t, err)),
  });
  const lock = useMutation({
    mutationFn: (v: { id: string; locked: boolean }) => api.patch<Route>(`admin/routes/${v.id}`, { locked: v.locked }),
    ...options(t('common:saved')),
  });
  const reorder = useMutation({
    mutationFn: (v: { id: string; stopIds: string[] }) => api.put<Route>(`admin/routes/${v.id}/stop-order`, { stopIds: v.stopIds }),
    ...options(t('route.reordered')),
  });
  const move = useMutation({
    mutationFn: (v: { fromId: string; stopId: string; toRouteId: string }) =>
      api.post<{ items: Route[] }>(`admin/routes/${v.fromId}/stops/${v.stopId}/move`, { toRouteId: v.toRouteId }),
    ...options(t('route.moved')),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post<Route>(`admin/routes/${id}/cancel`),
    ...options(t('route.cancelled')),
  });
  const loading = useMutation({
    mutationFn: (id: string) => api.post<Route>(`admin/routes/${id}/loading`),
    ...options(t('common:saved')),
  });
  const busy = lock.isPending || reorder.isPending || move.isPending || cancel.isPending || loading.isPending;
  return { lock, reorder, move, cancel, loading, busy, refresh };
}
