import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Page as ApiPage } from '../../../common/api.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, type LeaderOrder, useCampaigns } from '../api.ts';
import { Chips } from '../Chips.tsx';
import { Page } from '../Page.tsx';
import { displayPhone } from '../phone.ts';
import { OrderRow } from './OrderRow.tsx';
import { statusFilters } from './status.ts';

/** Orders at my pickup points, by campaign and by member (filters kept in the URL), newest first. */
export default function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const campaigns = useCampaigns();
  const campaignId = params.get('campaignId') ?? '';
  const residentId = params.get('residentId') ?? '';
  const status = params.get('status') ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'residentId' && !value) {
      next.delete('name');
      next.delete('phone');
    }
    setParams(next, { replace: true });
  };
  const campaignOptions = [
    { label: t('orders.allCampaigns'), value: '' },
    ...(campaigns.data ?? []).map((c) => ({ label: c.title, value: c.id })),
  ];
  const fetchPage = (page: number, pageSize: number) =>
    api.get<ApiPage<LeaderOrder>>('leader/orders', { campaignId, residentId, status, page, pageSize });

  return (
    <Page title={t('orders.title')}>
      <div className="ll-card lo-filters">
        <div className="ll-row">
          <span className="lh-card-title">{t('orders.byCampaign')}</span>
          <Button size="mini" fill="none" color="primary" onClick={() => navigate('/members')} data-testid="orders-by-member">
            {t('orders.byMember')} ›
          </Button>
        </div>
        <Chips options={campaignOptions} value={campaignId} onChange={(v) => set('campaignId', v)} testid="orders-campaign" />
        <Chips
          options={[{ label: t('common:all'), value: '' }, ...statusFilters.map((s) => ({ label: t(`orderStatus.${s}`), value: s }))]}
          value={status}
          onChange={(v) => set('status', v)}
          testid="orders-status"
        />
        {residentId && (
          <Tag color="primary" fill="outline" className="lo-member" data-testid="orders-member" onClick={() => set('residentId', '')}>
            {t('orders.memberFilter', { name: params.get('name') ?? '', phone: displayPhone(params.get('phone')) })} ✕
          </Tag>
        )}
      </div>
      <PagedList
        queryKey={['leader', 'orders', campaignId, residentId, status]}
        fetchPage={fetchPage}
        itemKey={(o) => o.id}
        render={(o) => <OrderRow order={o} />}
        emptyText={t('orders.none')}
      />
    </Page>
  );
}
