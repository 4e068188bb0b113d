import type * as logistics from '@linli/contracts/logistics';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { colorFor } from '../../../common/map/geometry.ts';
import { type MapLine, type MapPoint, MapView } from '../../../common/map/MapView.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import { type Route, type Warehouse, clock } from './shared.ts';

type MapSettings = z.infer<typeof logistics.MapSettings>;
type RouteGeometry = z.infer<typeof logistics.RouteGeometry>;
type Path = [number, number][];

export const routeColor = (r: Pick<Route, 'routeNo'>) => colorFor(r.routeNo - 1);

/**
 * The road lines of the shown routes (by route id) when the operator's map provider is OSRM:
 * the map settings tell the provider (dispatchers and admins may read them; for anyone else, or
 * when they cannot be read, there are none), then each route's geometry is asked once per stop
 * order. A route whose line is loading, failed or came back straight is not in `roads`.
 */
export function useRoadLines(routes: readonly Route[]): { osrm: boolean; roads: ReadonlyMap<string, Path> } {
  const mayRead = useCan()('dispatch.mapSettings');
  const settings = useQuery({
    queryKey: ['admin', 'map-settings'],
    enabled: mayRead,
    queryFn: () => api.get<MapSettings>('admin/map-settings'),
  });
  const osrm = mayRead && settings.data?.provider === 'osrm';
  const shown = routes.filter((r) => r.status !== 'cancelled' && r.stops.length > 0);
  const lines = useQueries({
    queries: shown.map((r) => ({
      // A new stop order (or another server) is another line; the same one is kept for a while.
      queryKey: ['admin', 'route-geometry', r.id, r.stops.map((s) => s.id).join(','), settings.data?.osrmUrl ?? null],
      enabled: osrm,
      staleTime: 10 * 60_000,
      queryFn: () => api.get<RouteGeometry>(`admin/routes/${encodeURIComponent(r.id)}/geometry`),
    })),
  });
  const roads = new Map<string, Path>();
  if (osrm) {
    for (const [i, q] of lines.entries()) {
      if (q.data?.source === 'road' && q.data.points.length >= 2) roads.set(shown[i]!.id, q.data.points);
    }
  }
  return { osrm, roads };
}

/**
 * The map's points and lines: the warehouse as a square, each route's stops as circles in the
 * route's colour numbered by their order, and the route as a line from the warehouse through its
 * stops and back: along the roads where `roads` has the route's line, else straight. With a
 * route selected, the others are drawn faded. Cancelled routes are left out.
 */
export function routeMapData(
  routes: readonly Route[],
  warehouse: Pick<Warehouse, 'id' | 'name' | 'lat' | 'lng'> | undefined,
  selectedRouteId: string | null,
  labels: { route: (no: number) => string; warehouse: string; mark: string },
  roads: ReadonlyMap<string, Path> = new Map(),
): { points: MapPoint[]; lines: MapLine[] } {
  const points: MapPoint[] = [];
  const lines: MapLine[] = [];
  // The selected route last, so it is drawn above the others.
  const ordered = [...routes].sort((a, b) => Number(a.id === selectedRouteId) - Number(b.id === selectedRouteId));
  for (const r of ordered) {
    if (r.status === 'cancelled') continue;
    const color = routeColor(r);
    const faded = selectedRouteId !== null && selectedRouteId !== r.id;
    for (const s of r.stops) {
      points.push({
        id: s.id,
        lat: s.lat,
        lng: s.lng,
        color,
        label: String(s.seq),
        faded,
        tooltip: `${labels.route(r.routeNo)} · ${s.seq}\n${s.pickupPointName}\n${clock(s.plannedArrivalAt)}`,
      });
    }
    const depot: [number, number][] = warehouse ? [[warehouse.lat, warehouse.lng]] : [];
    lines.push({
      id: r.id,
      color,
      faded,
      weight: selectedRouteId === r.id ? 5 : 3,
      path: roads.get(r.id) ?? [...depot, ...r.stops.map((s): [number, number] => [s.lat, s.lng]), ...depot],
      tooltip: labels.route(r.routeNo),
    });
  }
  if (warehouse) {
    points.push({
      id: `warehouse:${warehouse.id}`,
      lat: warehouse.lat,
      lng: warehouse.lng,
      square: true,
      color: '#262626',
      label: labels.mark,
      tooltip: `${labels.warehouse}\n${warehouse.name}`,
    });
  }
  return { points, lines };
}

/** The routes of the day on the map; clicking a stop or a line selects its route. */
export function RoutesMap({
  routes,
  warehouse,
  selectedRouteId,
  selectedStopId,
  onSelect,
  fitKey,
}: {
  routes: readonly Route[];
  warehouse: Warehouse | undefined;
  selectedRouteId: string | null;
  selectedStopId: string | null;
  onSelect: (routeId: string, stopId?: string) => void;
  fitKey: string;
}) {
  const { t } = useTranslation('dispatch');
  const { roads } = useRoadLines(routes);
  const { points, lines } = routeMapData(
    routes,
    warehouse,
    selectedRouteId,
    {
      route: (no) => t('route.name', { no }),
      warehouse: t('map.warehouse'),
      mark: t('map.mark'),
    },
    roads,
  );
  const routeOfStop = (stopId: string) => routes.find((r) => r.stops.some((s) => s.id === stopId));
  const road = roads.size > 0;
  return (
    <div>
      <MapView
        points={points}
        lines={lines}
        height={620}
        fitKey={fitKey}
        selectedId={selectedStopId}
        onPointClick={(id) => {
          const r = routeOfStop(id);
          if (r) onSelect(r.id, id);
        }}
        onLineClick={(id) => onSelect(id)}
        empty={t('map.empty')}
        data-testid="route-map"
      />
      {lines.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="route-map-lines" data-source={road ? 'road' : 'straight'}>
          {road ? t('map.roadLines') : t('map.straightLines')}
        </Typography.Text>
      )}
    </div>
  );
}
