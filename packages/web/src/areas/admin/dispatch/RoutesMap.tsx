import { useTranslation } from 'react-i18next';
import { colorFor } from '../../../common/map/geometry.ts';
import { type MapLine, type MapPoint, MapView } from '../../../common/map/MapView.tsx';
import { type Route, type Warehouse, clock } from './shared.ts';

export const routeColor = (r: Pick<Route, 'routeNo'>) => colorFor(r.routeNo - 1);

/**
 * The map's points and lines: the warehouse as a square, each route's stops as circles in the
 * route's colour numbered by their order, and the route as a line from the warehouse through its
 * stops and back. With a route selected, the others are drawn faded. Cancelled routes are left out.
 */
export function routeMapData(
  routes: readonly Route[],
  warehouse: Pick<Warehouse, 'id' | 'name' | 'lat' | 'lng'> | undefined,
  selectedRouteId: string | null,
  labels: { route: (no: number) => string; warehouse: string; mark: string },
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
      path: [...depot, ...r.stops.map((s): [number, number] => [s.lat, s.lng]), ...depot],
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
  const { points, lines } = routeMapData(routes, warehouse, selectedRouteId, {
    route: (no) => t('route.name', { no }),
    warehouse: t('map.warehouse'),
    mark: t('map.mark'),
  });
  const routeOfStop = (stopId: string) => routes.find((r) => r.stops.some((s) => s.id === stopId));
  return (
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
  );
}
