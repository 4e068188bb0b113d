import { Button, PullToRefresh } from 'antd-mobile';
import { StateBlock } from '../../mobile/StateBlock.tsx';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { businessToday } from '../../common/format.ts';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useTodayRoutes } from './hooks.ts';
import { RouteCard } from './RouteCard.tsx';
import { TopBar } from './TopBar.tsx';

/** Today's routes of the driver, each with its summary and Depart. */
export function RoutesPage() {
  const { t } = useTranslation('driver');
  const navigate = useNavigate();
  const routes = useTodayRoutes();
  return (
    <div className="ll-page dv-page">
      <TopBar title={t('today')} />
      <PullToRefresh onRefresh={async () => void (await routes.refetch())}>
        <main className="dv-content">
          <p className="dv-date">{t('todayDate', { date: businessToday() })}</p>
          <QueryState query={routes}>
            {(data) =>
              data.items.length === 0 ? (
                <StateBlock status="empty" title={t('noRoutes')} description={t('noRoutesHint')} data-testid="empty">
                  <Button size="large" onClick={() => void routes.refetch()} loading={routes.isFetching}>
                    {t('common:refresh')}
                  </Button>
                </StateBlock>
              ) : (
                data.items.map((r) => <RouteCard key={r.id} route={r} onOpen={() => navigate(`/routes/${r.id}`)} />)
              )
            }
          </QueryState>
        </main>
      </PullToRefresh>
    </div>
  );
}
