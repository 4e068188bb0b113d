import { Card, Empty, Segmented, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RouteList } from './RouteList.tsx';
import { LineTag } from './StandingLines.tsx';
import { stowageParts, stowageWorthShowing } from './Stowage.tsx';
import './dispatch.css';
import { type Driver, type Route, breakSlot, clock, lastArrival, routeStatusFill, vehicleKey } from './shared.ts';

const HOUR_MS = 3_600_000;

/** One trip on the timeline: its route, from its departure to the planned arrival at its last stop (ms). */
export interface TimelineTrip {
  route: Route;
  start: number;
  end: number;
}

/** One vehicle of the day: its trips in order (a route planned as its own vehicle is a row of one trip). */
export interface TimelineRow {
  key: string;
  vehicleNo: number | null;
  trips: TimelineTrip[];
}

/**
 * The day's trips by vehicle (`vehicleNo`, else each route its own vehicle): the numbered vehicles
 * in order, then the routes planned as their own vehicle by departure; and the span the axis covers: whole hours around the earliest departure and the last
 * planned arrival. The operator's zone (Asia/Shanghai) is a whole number of hours from UTC, so
 * whole UTC hours are whole hours there too. A trip ends at its last stop: the plan has no time
 * for the drive back. The axis covers the drivers' breaks too.
 */
export function timelineRows(routes: readonly Route[]): { rows: TimelineRow[]; from: number; to: number } {
  const byVehicle = new Map<string, TimelineRow>();
  for (const route of routes) {
    const start = Date.parse(route.departureAt);
    const last = lastArrival(route);
    const trip = { route, start, end: Math.max(start, last ? Date.parse(last) : start) };
    const key = vehicleKey(route);
    const row = byVehicle.get(key) ?? { key, vehicleNo: route.vehicleNo, trips: [] };
    row.trips.push(trip);
    byVehicle.set(key, row);
  }
  const rows = [...byVehicle.values()];
  for (const row of rows) row.trips.sort((a, b) => a.route.tripNo - b.route.tripNo || a.start - b.start);
  const first = (row: TimelineRow) => Math.min(...row.trips.map((x) => x.start));
  const numbered = (row: TimelineRow) => (row.vehicleNo === null ? 1 : 0);
  rows.sort(
    (a, b) =>
      numbered(a) - numbered(b) ||
      (a.vehicleNo ?? 0) - (b.vehicleNo ?? 0) ||
      first(a) - first(b) ||
      (a.trips[0]?.route.routeNo ?? 0) - (b.trips[0]?.route.routeNo ?? 0),
  );
  const trips = rows.flatMap((r) => r.trips);
  if (trips.length === 0) return { rows, from: 0, to: HOUR_MS };
  const earliest = (x: TimelineTrip) => Math.min(x.start, breakSlot(x.route)?.start ?? x.start);
  const latest = (x: TimelineTrip) => Math.max(x.end, breakSlot(x.route)?.end ?? x.end);
  const from = Math.floor(Math.min(...trips.map(earliest)) / HOUR_MS) * HOUR_MS;
  const to = Math.max(from + HOUR_MS, Math.ceil(Math.max(...trips.map(latest)) / HOUR_MS) * HOUR_MS);
  return { rows, from, to };
}

/** The hours the axis marks, from its start to its end inclusive. */
export function hourTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  for (let at = from; at <= to; at += HOUR_MS) ticks.push(at);
  return ticks;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The day's trips per vehicle on a time axis (a Gantt chart): one row per vehicle, a bar per trip
 * from its departure to the planned arrival at its last stop, coloured by the route's status; the
 * space between two trips is the drive back and the reload; the driver's break a marked stretch
 * at its time. A bar selects its route.
 */
export function TripTimeline({
  routes,
  drivers,
  reloadMinutes,
  selectedId,
  onSelect,
}: {
  routes: readonly Route[];
  drivers: readonly Driver[];
  reloadMinutes?: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation('dispatch');
  const { rows, from, to } = timelineRows(routes);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.empty')} />;
  const pct = (ms: number) => `${((ms - from) / (to - from)) * 100}%`;
  const span = (a: number, b: number) => `${((b - a) / (to - from)) * 100}%`;
  const ticks = hourTicks(from, to);

  const label = (row: TimelineRow) => {
    const routesOf = row.trips.map((x) => x.route);
    const vehicle = row.vehicleNo === null ? t('route.name', { no: routesOf[0]?.routeNo }) : t('trip.vehicle', { no: row.vehicleNo });
    const types = [...new Set(routesOf.map((r) => r.vehicleTypeName))].join(' / ');
    const driverIds = [...new Set(routesOf.flatMap((r) => (r.driverId ? [r.driverId] : [])))];
    const names = driverIds.flatMap((id) => drivers.find((d) => d.id === id)?.name ?? []);
    // A warehouse user does not see the drivers: then the label leaves them out rather than saying none.
    const driver = driverIds.length === 0 ? t('timeline.noDriver') : names.join(t('publish.sep'));
    return [vehicle, types, driver].filter(Boolean).join(' · ');
  };

  const barText = (r: Route) =>
    [
      t('timeline.bar', { trip: r.tripNo, no: r.routeNo, stops: r.stops.length, crates: r.load.crates, cap: r.capacity.crates }),
      r.insulatedBoxes > 0 ? t('timeline.boxes', { count: r.insulatedBoxes }) : null,
    ]
      .filter(Boolean)
      .join(' · ');

  const breakText = (r: Route) => {
    const slot = breakSlot(r);
    return slot && r.driverBreak
      ? t('breaks.tip', { minutes: r.driverBreak.minutes, from: clock(iso(slot.start)), to: clock(iso(slot.end)) })
      : null;
  };

  const barTip = (trip: TimelineTrip): ReactNode => {
    const r = trip.route;
    return (
      <div data-testid="timeline-tip">
        <div>
          <strong>{t('route.name', { no: r.routeNo })}</strong> · {t('trip.label', { no: r.tripNo })} · {t(`status.${r.status}`)}
        </div>
        <div>{t('timeline.times', { from: clock(r.departureAt), to: clock(lastArrival(r)) })}</div>
        <div>
          {t('timeline.load', { stops: r.stops.length, crates: r.load.crates, cap: r.capacity.crates })} ·{' '}
          {t('timeline.boxes', { count: r.insulatedBoxes })}
        </div>
        {r.driverBreak && <div>{breakText(r)}</div>}
        {stowageWorthShowing(r.stowage) && (
          <div data-testid="timeline-stowage">
            {stowageParts(t, r.stowage)
              .map((p) => p.text)
              .join(' · ')}
          </div>
        )}
        <div style={{ opacity: 0.8, marginTop: 4 }}>{t('timeline.noReturn')}</div>
      </div>
    );
  };

  return (
    <div className="ll-tl" data-testid="trip-timeline">
      <div className="ll-tl-axis">
        {ticks.map((at) => (
          <span key={at} className="ll-tl-tick" style={{ left: pct(at) }}>
            {clock(iso(at))}
          </span>
        ))}
      </div>
      {rows.map((row) => {
        const live = row.trips.filter((x) => x.route.status !== 'cancelled');
        return (
          <div key={row.key} className="ll-tl-row" data-testid="timeline-vehicle" data-vehicle={row.key}>
            <Typography.Text className="ll-tl-label" ellipsis data-testid="timeline-vehicle-label">
              {[...new Set(row.trips.map((x) => x.route.standingLineName))].map((name) => name && <LineTag key={name} name={name} />)}
              {label(row)}
            </Typography.Text>
            <div className="ll-tl-track">
              {ticks.map((at) => (
                <span key={at} className="ll-tl-grid" style={{ left: pct(at) }} />
              ))}
              {live.slice(1).map((next, i) => {
                const prev = live[i] as TimelineTrip;
                if (next.start <= prev.end) return null;
                return (
                  <Tooltip
                    key={`gap-${next.route.id}`}
                    title={
                      <>
                        <div>{t('timeline.reload', { from: clock(iso(prev.end)), to: clock(next.route.departureAt) })}</div>
                        {reloadMinutes !== undefined && <div>{t('timeline.reloadMinutes', { count: reloadMinutes })}</div>}
                      </>
                    }
                  >
                    <span
                      className="ll-tl-gap"
                      style={{ left: pct(prev.end), width: span(prev.end, next.start) }}
                      data-testid="timeline-reload"
                    />
                  </Tooltip>
                );
              })}
              {row.trips.map((trip) => {
                const r = trip.route;
                const text = barText(r);
                return (
                  <Tooltip key={r.id} title={barTip(trip)}>
                    <button
                      type="button"
                      className={`ll-tl-bar${r.id === selectedId ? ' ll-tl-selected' : ''}${r.status === 'cancelled' ? ' ll-tl-cancelled' : ''}`}
                      style={{ left: pct(trip.start), width: span(trip.start, trip.end), background: routeStatusFill[r.status] }}
                      aria-label={text}
                      aria-pressed={r.id === selectedId}
                      onClick={() => onSelect(r.id)}
                      data-testid="timeline-trip"
                      data-route-id={r.id}
                      data-status={r.status}
                    >
                      {text}
                    </button>
                  </Tooltip>
                );
              })}
              {live.map(({ route: r }) => {
                const slot = breakSlot(r);
                if (!slot) return null;
                const text = breakText(r);
                return (
                  <Tooltip key={`break-${r.id}`} title={<span data-testid="timeline-break-tip">{text}</span>}>
                    <span
                      role="img"
                      aria-label={text ?? undefined}
                      className="ll-tl-break"
                      style={{ left: pct(slot.start), width: span(slot.start, slot.end) }}
                      data-testid="timeline-break"
                      data-route-id={r.id}
                    />
                  </Tooltip>
                );
              })}
            </div>
          </div>
        );
      })}
      <div className="ll-tl-legend">
        {(['draft', 'published', 'loading', 'in_transit', 'completed'] as const).map((s) => (
          <span key={s}>
            <i style={{ background: routeStatusFill[s] }} />
            {t(`status.${s}`)}
          </span>
        ))}
        <span>
          <i className="ll-tl-gap-swatch" />
          {t('timeline.reloadLegend')}
        </span>
        {routes.some((r) => r.driverBreak && r.status !== 'cancelled') && (
          <span>
            <i className="ll-tl-break-swatch" />
            {t('breaks.legend')}
          </span>
        )}
      </div>
    </div>
  );
}

export type RoutesView = 'list' | 'timeline';

/** The routes tab's view beside the map, kept in the URL (`?view=timeline`) with the tab's other parameters. */
export function useRoutesView(): [RoutesView, (view: RoutesView) => void] {
  const [params, setParams] = useSearchParams();
  const view: RoutesView = params.get('view') === 'timeline' ? 'timeline' : 'list';
  const setView = (next: RoutesView) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        if (next === 'list') out.delete('view');
        else out.set('view', next);
        return out;
      },
      { replace: true },
    );
  return [view, setView];
}

/** The day's routes beside the map, as the list or as trips per vehicle on the timeline. */
export function RoutesPanel({
  routes,
  drivers,
  reloadMinutes,
  selectedId,
  onSelect,
  loading,
}: {
  routes: readonly Route[];
  drivers: readonly Driver[];
  reloadMinutes?: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
  loading: boolean;
}) {
  const { t } = useTranslation('dispatch');
  const [view, setView] = useRoutesView();
  return (
    <Card
      size="small"
      styles={{ body: { padding: 0 } }}
      title={
        <Segmented<RoutesView>
          size="small"
          value={view}
          onChange={setView}
          options={[
            { value: 'list', label: <span data-testid="view-list">{t('view.list')}</span> },
            { value: 'timeline', label: <span data-testid="view-timeline">{t('view.timeline')}</span> },
          ]}
        />
      }
    >
      {view === 'timeline' ? (
        <TripTimeline routes={routes} drivers={drivers} reloadMinutes={reloadMinutes} selectedId={selectedId} onSelect={onSelect} />
      ) : (
        <RouteList routes={routes} selectedId={selectedId} onSelect={onSelect} loading={loading} />
      )}
    </Card>
  );
}
