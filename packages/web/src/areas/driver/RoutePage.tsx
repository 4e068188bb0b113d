import { NoticeBar, PullToRefresh } from 'antd-mobile';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useRoute } from './hooks.ts';
import { RouteCard } from './RouteCard.tsx';
import { type Route, breakSlot, clockTime, routeProgress } from './route.ts';
import { StopItem } from './StopItem.tsx';
import { TopBar } from './TopBar.tsx';

/** The driver's break in the stop list, at its time: where to rest and for how long. */
function BreakItem({ rest, afterSeq }: { rest: NonNullable<Route['driverBreak']>; afterSeq: number | undefined }) {
  const { t } = useTranslation('driver');
  return (
    <li className="dv-break" data-testid="route-break">
      <strong>{t('route.break', { minutes: rest.minutes, time: clockTime(rest.at) })}</strong>
      <span className="dv-muted">
        {afterSeq === undefined ? t('route.breakAtWarehouse') : t('route.breakAfterStop', { seq: afterSeq })}
      </span>
    </li>
  );
}

/** One route: its summary and Depart, the progress, and the stops in driving order with the break between them. */
export function RoutePage() {
  const { t } = useTranslation('driver');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const route = useRoute(id);
  return (
    <div className="ll-page dv-page">
      <TopBar title={route.data ? t('route.title', { no: route.data.routeNo }) : t('today')} onBack={() => navigate('/')} />
      <PullToRefresh onRefresh={async () => void (await route.refetch())}>
        <main className="dv-content">
          <QueryState query={route}>
            {(r) => {
              const progress = routeProgress(r);
              const stops = [...r.stops].sort((a, b) => a.seq - b.seq);
              const rest = breakSlot(r)?.after ?? null;
              const breakItem = r.driverBreak && rest !== null ? <BreakItem rest={r.driverBreak} afterSeq={stops[rest - 1]?.seq} /> : null;
              return (
                <>
                  <RouteCard route={r} />
                  {(r.status === 'published' || r.status === 'loading') && (
                    <NoticeBar content={t('route.departFirst')} color="info" wrap className="dv-notice" />
                  )}
                  {r.status === 'completed' && <NoticeBar content={t('route.completed')} color="success" wrap className="dv-notice" />}
                  <ol className="dv-stops">
                    {stops.map((s, i) => (
                      <Fragment key={s.id}>
                        {i === rest && breakItem}
                        <li>
                          <StopItem
                            stop={s}
                            isNext={r.status === 'in_transit' && progress.next?.id === s.id}
                            onOpen={() => navigate(`/routes/${r.id}/stops/${s.id}`)}
                          />
                        </li>
                      </Fragment>
                    ))}
                    {rest === stops.length && breakItem}
                  </ol>
                </>
              );
            }}
          </QueryState>
        </main>
      </PullToRefresh>
    </div>
  );
}
