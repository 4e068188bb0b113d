import { Button, ProgressBar, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { distance } from '../../common/format.ts';
import { useRouteStep } from './hooks.ts';
import { type Route, canDepart, clockTime, kg, lastArrival, routeGoods, routeProgress } from './route.ts';
import { TemperatureTags } from './TemperatureTags.tsx';

const statusColor: Record<Route['status'], string> = {
  draft: 'default',
  published: 'warning',
  loading: 'warning',
  in_transit: 'primary',
  completed: 'success',
  cancelled: 'default',
};

/**
 * A route's summary: which trip of the vehicle it is, stops, distance, planned times and break, the vehicle
 * type and the load against it, what to load (temperature classes, insulated boxes) and where (which
 * compartment takes which goods), progress, and Depart.
 */
export function RouteCard({ route, onOpen }: { route: Route; onOpen?: () => void }) {
  const { t } = useTranslation('driver');
  const step = useRouteStep(route.id);
  const progress = routeProgress(route);
  const started = route.status === 'in_transit' || route.status === 'completed';
  const goods = routeGoods(route);
  const { stowage } = route;
  // Where to load matters once there are cold goods (or goods without a place); ambient goods alone go anywhere.
  const showStowage = stowage.placements.some((p) => p.goods !== 'ambient') || stowage.unplaced.length > 0;
  return (
    <section className="dv-card" data-testid="route-card" data-route-id={route.id}>
      <div className="dv-row">
        <h2 className="dv-route-title">
          {route.vehicleNo !== null && (
            <span className="dv-trip" data-testid="route-trip">
              {t('route.trip', { no: route.tripNo })}
            </span>
          )}
          {t('route.title', { no: route.routeNo })}
        </h2>
        <Tag color={statusColor[route.status]} className="dv-tag" data-testid="route-status">
          {t(`routeStatus.${route.status}`)}
        </Tag>
      </div>
      <dl className="dv-facts">
        <div>
          <dt>{t('route.departure')}</dt>
          <dd>{clockTime(route.departureAt)}</dd>
        </div>
        <div>
          <dt>{t('route.finish')}</dt>
          <dd>{clockTime(lastArrival(route))}</dd>
        </div>
        <div>
          <dt>{t('route.stopsLabel')}</dt>
          <dd>{route.stops.length}</dd>
        </div>
        <div>
          <dt>{t('route.distance')}</dt>
          <dd>{distance(route.distanceM)}</dd>
        </div>
        {route.driverBreak && (
          <div className="dv-facts-wide">
            <dt>{t('route.breakLabel')}</dt>
            <dd data-testid="route-break-fact">
              {t('route.breakFact', { time: clockTime(route.driverBreak.at), minutes: route.driverBreak.minutes })}
            </dd>
          </div>
        )}
        <div className="dv-facts-wide">
          <dt>{t('route.vehicle')}</dt>
          <dd data-testid="route-vehicle">{route.vehicleTypeName}</dd>
        </div>
        <div className="dv-facts-wide">
          <dt>{t('route.load')}</dt>
          <dd>
            {t('route.crates', { count: route.load.crates })} · {kg(route.load.weightG)}
            <span className="dv-muted">
              {' '}
              / {t('route.capacity', { crates: route.capacity.crates, weight: kg(route.capacity.weightG) })}
            </span>
          </dd>
        </div>
        {(goods.length > 0 || route.insulatedBoxes > 0) && (
          <div className="dv-facts-wide">
            <dt>{t('route.goods')}</dt>
            <dd className="dv-goods" data-testid="route-goods">
              <TemperatureTags classes={goods} />
              {route.insulatedBoxes > 0 && (
                <span className="dv-boxes" data-testid="route-boxes">
                  {t('route.boxes', { count: route.insulatedBoxes })}
                </span>
              )}
            </dd>
          </div>
        )}
        {showStowage && (
          <div className="dv-facts-wide">
            <dt>{t('route.stowage')}</dt>
            <dd>
              <ul className="dv-stowage" data-testid="route-stowage">
                {stowage.placements.map((p) => (
                  <li key={`${p.goods}-${p.place}`} data-testid="stowage-part">
                    {t('route.placement', {
                      goods: t(`temperature.${p.goods}`),
                      volume: Math.ceil(p.volumeMl / 1000),
                      place: t(`route.place.${p.place}`),
                    })}
                  </li>
                ))}
                {stowage.unplaced.map((u) => (
                  <li key={`unplaced-${u.goods}-${u.problem}`} className="dv-warn" data-testid="stowage-part">
                    {t('route.unplaced', { goods: t(`temperature.${u.goods}`), volume: Math.ceil(u.volumeMl / 1000) })}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      {started && (
        <div className="dv-progress" data-testid="route-progress">
          <div className="dv-row">
            <strong>{t('route.progress', { done: progress.done, total: progress.total })}</strong>
            {progress.awaiting > 0 && <span className="dv-warn">{t('route.awaiting', { count: progress.awaiting })}</span>}
          </div>
          <ProgressBar percent={progress.percent} style={{ '--track-width': '10px' }} />
          {progress.failed > 0 && <span className="dv-muted">{t('route.failed', { count: progress.failed })}</span>}
        </div>
      )}
      <div className="dv-actions">
        {canDepart(route) && (
          <Button
            block
            color="primary"
            size="large"
            className="dv-big"
            loading={step.isPending}
            onClick={() =>
              step.mutate({ action: 'depart' }, { onSuccess: () => Toast.show({ icon: 'success', content: t('route.departed') }) })
            }
            data-testid="depart"
          >
            {t('route.depart')}
          </Button>
        )}
        {onOpen && (
          <Button block size="large" className="dv-big" onClick={onOpen} data-testid="route-open">
            {t('route.open')}
          </Button>
        )}
      </div>
    </section>
  );
}
