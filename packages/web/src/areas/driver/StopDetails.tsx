import { useTranslation } from 'react-i18next';
import { type RouteStop, clockTime, mapLinks, telLink } from './route.ts';
import { TemperatureTags } from './TemperatureTags.tsx';

/** Where the stop is, when to be there, how the goods are kept, the leader to call, and the links that open a map app. */
export function StopDetails({ stop }: { stop: RouteStop }) {
  const { t } = useTranslation('driver');
  const links = mapLinks(stop);
  return (
    <>
      <dl className="dv-details">
        <div>
          <dt>{t('stop.plannedArrival')}</dt>
          <dd className="dv-big-text">{clockTime(stop.plannedArrivalAt)}</dd>
        </div>
        <div>
          <dt>{t('stop.address')}</dt>
          <dd>{stop.address}</dd>
        </div>
        {stop.temperatureClasses.length > 0 && (
          <div>
            <dt>{t('stop.temperature')}</dt>
            <dd>
              <TemperatureTags classes={stop.temperatureClasses} />
            </dd>
          </div>
        )}
      </dl>
      {(stop.leaderName || stop.leaderPhone) && (
        <div className="dv-leader">
          <div className="dv-leader-who">
            <span className="dv-muted">{t('stop.leader')}</span>
            <strong data-testid="leader-name">{stop.leaderName}</strong>
            {stop.leaderPhone && <span className="dv-leader-phone">{stop.leaderPhone}</span>}
          </div>
          {stop.leaderPhone && (
            <a
              className="dv-link-button dv-call"
              href={telLink(stop.leaderPhone)}
              aria-label={t('stop.callLeader', { name: stop.leaderName })}
              data-testid="call-leader"
            >
              {t('stop.call')}
            </a>
          )}
        </div>
      )}
      <div className="dv-links">
        <a className="dv-link-button dv-link-primary" href={links.amap} target="_blank" rel="noreferrer" data-testid="map-link">
          {t('stop.openMap')}
        </a>
      </div>
      <a className="dv-link-small" href={links.geo} data-testid="map-link-geo">
        {t('stop.otherMap')}
      </a>
    </>
  );
}
