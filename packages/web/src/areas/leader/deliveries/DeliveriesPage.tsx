import { useQuery } from '@tanstack/react-query';
import { PullToRefresh } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../common/format.ts';
import { DayChooser } from '../../../mobile/DayChooser.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type Delivery } from '../api.ts';
import { Page } from '../Page.tsx';
import { DeliveryCard } from './DeliveryCard.tsx';

/** The deliveries to my pickup points on a chosen day (today first, tomorrow's ahead of time), each to count in. */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const [date, setDate] = useState(businessToday);
  const deliveries = useQuery({
    queryKey: ['leader', 'deliveries', date],
    queryFn: async () => (await api.get<{ items: Delivery[] }>('leader/deliveries', { date })).items,
    refetchInterval: 60_000,
  });
  return (
    <Page title={t('deliveries.title')} back>
      <DayChooser value={date} onChange={setDate} data-testid="deliveries-day" />
      <PullToRefresh onRefresh={async () => void (await deliveries.refetch())}>
        <QueryState query={deliveries} isEmpty={(items) => items.length === 0} emptyText={t('deliveries.none')}>
          {(items) => (
            <>
              {items.map((d) => (
                <DeliveryCard key={d.stopId} delivery={d} />
              ))}
            </>
          )}
        </QueryState>
      </PullToRefresh>
    </Page>
  );
}
