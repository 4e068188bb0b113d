import { NoticeBar, PullToRefresh } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useRoute } from './hooks.ts';
import { RouteCard } from './RouteCard.tsx';
import { routeProgress } from './route.ts';
import { StopItem } from './StopItem.tsx';
import { TopBar } from './TopBar.tsx';

/** One route: its summary and Depart, the progress, and the stops in driving order. */
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
              return (
                <>
                  <RouteCard route={r} />
                  {(r.status === 'published' || r.status === 'loading') && (
                    <NoticeBar content={t('route.departFirst')} color="info" wrap className="dv-notice" />
                  )}
                  {r.status === 'completed' && <NoticeBar content={t('route.completed')} color="success" wrap className="dv-notice" />}
                  <ol className="dv-stops">
                    {stops.map((s) => (
                      <li key={s.id}>
                        <StopItem
                          stop={s}
                          isNext={r.status === 'in_transit' && progress.next?.id === s.id}
                          onOpen={() => navigate(`/routes/${r.id}/stops/${s.id}`)}
                        />
                      </li>
                    ))}
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
