import { Button, PullToRefresh } from 'antd-mobile';
import { StateBlock } from '../../mobile/StateBlock.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { businessToday } from '../../common/format.ts';
import { DayChooser } from '../../mobile/DayChooser.tsx';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useRoutes } from './hooks.ts';
import { inDepartureOrder } from './route.ts';
import { RouteCard } from './RouteCard.tsx';
import { TopBar } from './TopBar.tsx';
import { WechatBindingItem } from '../../mobile/WechatBindingItem.tsx';

/**
 * The driver's routes of a chosen day (today first, tomorrow's ahead of time), each with its
 * summary and Depart; a vehicle's several trips in the order they leave, each labelled with its trip.
 */
export function RoutesPage() {
  const { t } = useTranslation('driver');
  const navigate = useNavigate();
  const today = businessToday();
  const [date, setDate] = useState(today);
  const routes = useRoutes(date);
  return (
    <div className="ll-page dv-page">
      <TopBar title={date === today ? t('today') : t('routesOf', { date })} />
      <PullToRefresh onRefresh={async () => void (await routes.refetch())}>
        <main className="dv-content">
          <DayChooser value={date} onChange={setDate} data-testid="routes-day" />
          <QueryState query={routes}>
            {(data) =>
              data.items.length === 0 ? (
                <StateBlock
                  status="empty"
                  title={date === today ? t('noRoutes') : t('noRoutesThatDay')}
                  description={t('noRoutesHint')}
                  data-testid="empty"
                >
                  <Button size="large" onClick={() => void routes.refetch()} loading={routes.isFetching}>
                    {t('common:refresh')}
                  </Button>
                </StateBlock>
              ) : (
                inDepartureOrder(data.items).map((r) => <RouteCard key={r.id} route={r} onOpen={() => navigate(`/routes/${r.id}`)} />)
              )
            }
          </QueryState>
          <WechatBindingItem area="driver" />
        </main>
      </PullToRefresh>
    </div>
  );
}
