import { useQuery } from '@tanstack/react-query';
import { Button, PullToRefresh } from 'antd-mobile';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type Delivery } from '../api.ts';
import { Page } from '../Page.tsx';
import { DeliveryCard } from './DeliveryCard.tsx';

/** Today's deliveries to my pickup points (or another day's), each to count in. */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const today = businessToday();
  const [date, setDate] = useState(today);
  const deliveries = useQuery({
    queryKey: ['leader', 'deliveries', date],
    queryFn: async () => (await api.get<{ items: Delivery[] }>('leader/deliveries', { date })).items,
    refetchInterval: 60_000,
  });
  const shift = (days: number) => setDate(dayjs(date).add(days, 'day').format('YYYY-MM-DD'));
  return (
    <Page title={t('deliveries.title')} back>
      <div className="ll-row ld-date">
        <Button size="small" fill="none" onClick={() => shift(-1)} data-testid="deliveries-prev">
          ‹ {t('deliveries.prev')}
        </Button>
        <strong>{date === today ? t('deliveries.today', { date: date.slice(5) }) : date}</strong>
        <Button size="small" fill="none" disabled={date >= today} onClick={() => shift(1)} data-testid="deliveries-next">
          {t('deliveries.next')} ›
        </Button>
      </div>
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
