import { useQuery } from '@tanstack/react-query';
import { Tabs } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Page } from '../../common/api.ts';
import { PagedList } from '../../mobile/PagedList.tsx';
import { api } from './api.ts';
import type { PurchaseOrder } from './confirmation.ts';
import { PurchaseOrderCard } from './PurchaseOrderCard.tsx';
import { TopBar } from './TopBar.tsx';

const filters = ['all', 'sent', 'confirmed', 'short_confirmed', 'receiving', 'received', 'cancelled'] as const;
type Filter = (typeof filters)[number];

const fetchOrders = (status: Filter, page: number, pageSize: number) =>
  api.get<Page<PurchaseOrder>>('supplier/purchase-orders', { page, pageSize, status: status === 'all' ? undefined : status });

/** My purchase orders, latest delivery first, filtered by state on the server (the filter lives in the URL). */
export function PurchaseOrdersPage() {
  const { t } = useTranslation('supplier');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: Filter = filters.find((f) => f === raw) ?? 'all';
  // How many wait for the supplier, for the tab's badge.
  const waiting = useQuery({ queryKey: ['supplier-pos', 'sent', 'count'], queryFn: () => fetchOrders('sent', 1, 1) });
  return (
    <div className="ll-page sp-page">
      <TopBar title={t('orders.title')} />
      <Tabs
        activeKey={status}
        onChange={(key) => setParams(key === 'all' ? {} : { status: key }, { replace: true })}
        className="sp-filter"
        data-testid="po-status-filter"
      >
        {filters.map((f) => (
          <Tabs.Tab
            key={f}
            title={
              f === 'all'
                ? t('common:all')
                : f === 'sent' && waiting.data?.total
                  ? `${t('status.sent')} ${waiting.data.total}`
                  : t(`status.${f}`)
            }
          />
        ))}
      </Tabs>
      <main className="ll-content">
        <PagedList<PurchaseOrder>
          queryKey={['supplier-pos', status]}
          fetchPage={(page, pageSize) => fetchOrders(status, page, pageSize)}
          itemKey={(po) => po.id}
          emptyText={t('orders.empty')}
          render={(po) => <PurchaseOrderCard po={po} onOpen={() => navigate(`/orders/${po.id}`)} />}
        />
      </main>
    </div>
  );
}
