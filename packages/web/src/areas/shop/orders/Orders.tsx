import { NavBar, Tabs } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, keys } from '../api.ts';
import type { Order } from '../types.ts';
import { OrderCard } from './OrderCard.tsx';

const tabs = ['all', 'pending_payment', 'paid', 'allocated', 'delivered', 'picked_up', 'refunded', 'cancelled'] as const;

/** My orders, newest first, filtered by status on the server. */
export default function Orders() {
  const { t } = useTranslation('shop');
  const [search, setSearch] = useSearchParams();
  const tab = tabs.find((s) => s === search.get('status')) ?? 'all';
  const status = tab === 'all' ? undefined : tab;
  return (
    <div className="ll-page">
      <NavBar
        back={null}
        right={
          <Link to="/aftersales" data-testid="claims-link" style={{ fontSize: 14 }}>
            {t('orders.claims')}
          </Link>
        }
      >
        {t('orders.title')}
      </NavBar>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'all' ? {} : { status: key }, { replace: true })}
        style={{ background: '#fff', '--title-font-size': '14px' } as React.CSSProperties}
      >
        {tabs.map((s) => (
          <Tabs.Tab key={s} title={<span data-testid={`orders-tab-${s}`}>{t(`orders.tab.${s}`)}</span>} />
        ))}
      </Tabs>
      <main className="ll-content">
        <PagedList<Order>
          queryKey={[...keys.orders, 'list', tab]}
          fetchPage={(page, pageSize) => api.get<Page<Order>>('shop/orders', { status, page, pageSize })}
          pageSize={10}
          itemKey={(o) => o.id}
          emptyText={t('orders.empty')}
          render={(o) => <OrderCard order={o} />}
        />
      </main>
    </div>
  );
}
